import { NetioError } from './errors.ts';
import { platformByName } from './platforms/index.ts';
import type { Platform } from './platforms/types.ts';
import { Session } from './session.ts';
import { openShell, type SshTarget } from './ssh.ts';
import { openTelnet } from './telnet.ts';
import { type Transcript, tapChannel } from './transcript.ts';

export type DeviceTarget = SshTarget & {
  platform: string | Platform;
  /** SSH (default) or telnet, for devices that speak nothing else (cleartext: passwords too). */
  transport?: 'ssh' | 'telnet' | undefined;
  /** Enable secret, where the platform has one. */
  secret?: string | undefined;
  /** Longest wait for one reply of the device. */
  commandTimeoutMs?: number | undefined;
  /** Keeps the session's exchange, login included (a job's transcript). */
  transcript?: Transcript | undefined;
};

export type Connection = { session: Session; hostKey: string; close: () => void };

/** Connects over SSH (or telnet) and opens a prompt-driven session in the platform's command mode. */
export async function connect(target: DeviceTarget): Promise<Connection> {
  const platform = typeof target.platform === 'string' ? platformByName(target.platform) : target.platform;
  if (!platform) throw new NetioError('unsupported', `unknown platform ${String(target.platform)}`);
  // Telnet has no host key: "" is returned, which callers do not pin.
  const shell =
    target.transport === 'telnet'
      ? await openTelnet(target)
      : await openShell({ ...target, channel: platform.channel ?? 'shell' });
  try {
    const channel = target.transcript ? tapChannel(shell.channel, target.transcript) : shell.channel;
    const session = await Session.open(channel, {
      platform,
      download: shell.download,
      username: target.username,
      password: target.password,
      secret: target.secret,
      timeoutMs: target.commandTimeoutMs ?? 30_000,
      signal: target.signal,
    });
    return { session, hostKey: shell.hostKey, close: shell.close };
  } catch (err) {
    shell.close();
    throw err;
  }
}

/** Runs `work` on a fresh connection and always closes it. */
export async function withDevice<T>(
  target: DeviceTarget,
  work: (session: Session, hostKey: string) => Promise<T>,
): Promise<T> {
  const { session, hostKey, close } = await connect(target);
  try {
    return await work(session, hostKey);
  } finally {
    close();
  }
}
