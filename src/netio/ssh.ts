import { createHash } from 'node:crypto';
import net from 'node:net';
import ssh2, { type ConnectConfig } from 'ssh2';
import type { Channel } from './channel.ts';
import { classifyError, NetioError } from './errors.ts';
import { execChannel } from './exec-channel.ts';
import { scpGet } from './scp.ts';

// ssh2 is CommonJS: its classes come off the default export under Node's ESM loader.
const { Client } = ssh2;

export type SshTarget = {
  host: string;
  port?: number | undefined;
  username: string;
  password?: string | undefined;
  privateKey?: string | Buffer | undefined;
  passphrase?: string | undefined;
  /**
   * The host key fingerprint seen before ("SHA256:…"). Absent: trust on first use, and the
   * fingerprint comes back for the caller to pin. Present and different: refused, unless
   * `acceptChangedHostKey` says the change is known.
   */
  hostKey?: string | undefined;
  acceptChangedHostKey?: boolean | undefined;
  /** Old devices: SHA-1 key exchange, CBC ciphers, ssh-dss and ssh-rsa host keys. Off by default. */
  legacyAlgorithms?: boolean | undefined;
  connectTimeoutMs?: number | undefined;
  keepaliveIntervalMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /**
   * "exec": no shell; each command runs as its own exec request (see ./exec-channel.ts), for
   * devices that offer nothing else to automation.
   */
  channel?: 'shell' | 'exec' | undefined;
  /**
   * The terminal a person types in (the browser terminal): its type and size. Without it, the
   * pty automation uses: a dumb terminal so wide and tall no line wraps and nothing pages.
   */
  pty?: { term: string; cols: number; rows: number } | undefined;
};

export type SshShell = {
  channel: Channel;
  hostKey: string;
  close: () => void;
  /** Fetches a file over SCP on the same connection (see ./scp.ts). */
  download?: (path: string) => Promise<string>;
};

/** ssh2's "add these to your defaults" form; its types want all three keys. */
const also = <T>(append: T[]) => ({ append, prepend: [] as T[], remove: [] as T[] });

const LEGACY: ConnectConfig['algorithms'] = {
  kex: also([
    'diffie-hellman-group14-sha1',
    'diffie-hellman-group-exchange-sha1',
    'diffie-hellman-group1-sha1',
  ]),
  cipher: also(['aes128-cbc', 'aes256-cbc', '3des-cbc']),
  serverHostKey: also(['ssh-rsa', 'ssh-dss']),
  hmac: also(['hmac-sha1']),
};

/** OpenSSH's fingerprint form: "SHA256:" and unpadded base64 of the key blob's digest. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** A TCP connection with Nagle off (small interactive writes would otherwise wait for ACKs). */
export function dial(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    socket.setNoDelay(true);
    const fail = (err: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(err);
    };
    const onAbort = () => fail(new NetioError('aborted', 'aborted'));
    const timer = setTimeout(
      () => fail(new NetioError('timeout', `no TCP connection to ${host}:${port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (err) => fail(classifyError(err)));
    socket.once('connect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Opens an SSH connection and an interactive shell on it (pty, wide lines). */
export async function openShell(target: SshTarget): Promise<SshShell> {
  const port = target.port ?? 22;
  const timeoutMs = target.connectTimeoutMs ?? 15_000;
  const sock = await dial(target.host, port, timeoutMs, target.signal);
  const client = new Client();
  let seenKey = '';
  let keyRefused = false;

  return new Promise<SshShell>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      target.signal?.removeEventListener('abort', onAbort);
      client.end();
      sock.destroy();
      reject(
        keyRefused
          ? new NetioError('host_key_changed', `host key of ${target.host} changed to ${seenKey}`)
          : classifyError(err),
      );
    };
    const onAbort = () => fail(new NetioError('aborted', 'aborted'));
    target.signal?.addEventListener('abort', onAbort, { once: true });

    client.on('error', fail);
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => target.password ?? ''));
    });
    client.on('ready', () => {
      if (target.channel === 'exec') {
        settled = true;
        target.signal?.removeEventListener('abort', onAbort);
        const channel = execChannel(client);
        resolve({
          channel,
          hostKey: seenKey,
          close: () => channel.close(),
          download: (path) => scpGet(client, path),
        });
        return;
      }
      const pty = target.pty ?? { term: 'vt100', cols: 511, rows: 200 };
      client.shell({ term: pty.term, cols: pty.cols, rows: pty.rows }, (err, stream) => {
        // Logged in but no shell (an account for file transfer only, a device that allows
        // exec channels alone): trying again changes nothing.
        if (err)
          return fail(
            new NetioError(
              'unsupported',
              `the device accepted the login but refused a shell: ${err.message}`,
              {
                cause: err,
              },
            ),
          );
        settled = true;
        target.signal?.removeEventListener('abort', onAbort);
        stream.setEncoding('utf8');
        let closed = false;
        const channel: Channel = {
          write: (data) => {
            if (!closed) stream.write(data);
          },
          onData: (listener) => stream.on('data', listener),
          onClose: (listener) => {
            stream.once('close', () => listener());
            client.once('error', (e) => listener(classifyError(e)));
          },
          close: () => {
            if (closed) return;
            closed = true;
            stream.end();
            client.end();
          },
          resize: (cols, rows) => {
            if (!closed) stream.setWindow(rows, cols, 0, 0);
          },
        };
        resolve({
          channel,
          hostKey: seenKey,
          close: channel.close,
          download: (path) => scpGet(client, path),
        });
      });
    });

    const config: ConnectConfig = {
      sock,
      username: target.username,
      readyTimeout: timeoutMs,
      keepaliveInterval: target.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      tryKeyboard: true,
      hostVerifier: (key: Buffer) => {
        seenKey = fingerprint(key);
        if (!target.hostKey || target.hostKey === seenKey || target.acceptChangedHostKey) return true;
        keyRefused = true;
        return false;
      },
    };
    if (target.password !== undefined) config.password = target.password;
    if (target.privateKey !== undefined) config.privateKey = target.privateKey;
    // Straight to the methods we hold, without ssh2's opening "none" attempt: one round trip
    // and a rejection fewer per login, on both ends.
    config.authHandler = [
      ...(target.privateKey !== undefined ? ['publickey'] : []),
      ...(target.password !== undefined ? ['password', 'keyboard-interactive'] : []),
    ] as ConnectConfig['authHandler'];
    if (target.passphrase !== undefined) config.passphrase = target.passphrase;
    if (target.legacyAlgorithms) config.algorithms = LEGACY;
    client.connect(config);
  });
}
