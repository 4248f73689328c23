import net from 'node:net';
import {
  connect,
  detectPlatformOn,
  GENERIC,
  getFacts,
  NetioError,
  probeSsh,
  versionNumber,
} from '../../netio/index.ts';
import type { CredentialChoice } from '../credentials/service.ts';

/** What one address answered, as far as the credentials could read it. */
export type Found = {
  address: string;
  port: number;
  transport: 'ssh' | 'telnet';
  banner: string;
  hostKey: string;
  platform: string;
  hostname: string;
  serial: string;
  model: string;
  osVersion: string;
  credentialId: string | null;
  note: string;
};

export type ProbeOptions = {
  sshPort: number;
  /** 0: telnet is not tried. */
  telnetPort: number;
  login: boolean;
  credentials: CredentialChoice[];
  /** For the TCP connect and the SSH banner of one address. */
  connectTimeoutMs: number;
  /** For each reply once logged in. */
  commandTimeoutMs: number;
  signal: AbortSignal;
};

/** Is a TCP port open? (Telnet has no banner to wait for: a login prompt may take a while.) */
function tcpOpen(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      socket.destroy();
      resolve(open);
    };
    const abort = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    signal.addEventListener('abort', abort);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * One address: SSH (its banner), else telnet; then, with the customer's credentials in order
 * (the next only after an authentication failure), the platform by detection and the facts by
 * that platform's getters. Nothing answering is null; what could not be read is in `note`.
 */
export async function probeAddress(address: string, o: ProbeOptions): Promise<Found | null> {
  let transport: 'ssh' | 'telnet';
  let port: number;
  let banner = '';
  try {
    banner = (await probeSsh(address, o.sshPort, { timeoutMs: o.connectTimeoutMs, signal: o.signal })).banner;
    transport = 'ssh';
    port = o.sshPort;
  } catch (err) {
    if (err instanceof NetioError && err.category === 'aborted') throw err;
    if (!o.telnetPort || !(await tcpOpen(address, o.telnetPort, o.connectTimeoutMs, o.signal))) return null;
    transport = 'telnet';
    port = o.telnetPort;
  }
  const found: Found = {
    address,
    port,
    transport,
    banner,
    hostKey: '',
    platform: '',
    hostname: '',
    serial: '',
    model: '',
    osVersion: '',
    credentialId: null,
    note: '',
  };
  if (!o.login) return found;
  if (o.credentials.length === 0) return { ...found, note: 'the customer has no credential to try' };
  const refused: string[] = [];
  for (const choice of o.credentials) {
    const c = choice.credential;
    const target = {
      host: address,
      port,
      transport,
      username: c.username,
      password: c.password,
      privateKey: c.privateKey,
      secret: c.enableSecret,
      signal: o.signal,
      connectTimeoutMs: Math.max(o.connectTimeoutMs, 5_000),
      commandTimeoutMs: o.commandTimeoutMs,
    };
    try {
      // Detection logs in with a generic session; the facts need the platform's own.
      const first = await connect({ ...target, platform: GENERIC });
      let platform: string;
      try {
        platform = await detectPlatformOn(first.session);
      } finally {
        first.close();
      }
      const second = await connect({ ...target, platform });
      try {
        const facts = await getFacts(second.session);
        return {
          ...found,
          hostKey: second.hostKey,
          platform,
          hostname: facts.hostname,
          serial: facts.serial_number,
          model: facts.model,
          osVersion: versionNumber(facts.os_version),
          credentialId: choice.id,
        };
      } finally {
        second.close();
      }
    } catch (err) {
      if (err instanceof NetioError && err.category === 'aborted') throw err;
      if (err instanceof NetioError && err.category === 'auth') {
        refused.push(choice.name);
        continue;
      }
      return { ...found, credentialId: choice.id, note: (err as Error).message };
    }
  }
  return { ...found, note: `authentication failed with each credential: ${refused.join(', ')}` };
}
