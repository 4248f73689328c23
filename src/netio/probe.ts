import net from 'node:net';
import { classifyError, NetioError } from './errors.ts';

export type SshProbe = { banner: string; connectMs: number; bannerMs: number };

/**
 * Is the device there and speaking SSH? A TCP connect and the server's identification line
 * (RFC 4253 4.2), nothing more: no login, so it needs no credential and costs the device little.
 */
export function probeSsh(
  host: string,
  port: number,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<SshProbe> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let connectMs = 0;
    let buffered = '';
    const socket = net.connect({ host, port, noDelay: true });
    const finish = (err: Error | undefined, probe?: SshProbe) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve(probe!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new NetioError(
            'timeout',
            connectMs
              ? 'connected, but no SSH banner in time'
              : `no TCP connection within ${opts.timeoutMs} ms`,
          ),
        ),
      opts.timeoutMs,
    );
    const onAbort = () => finish(new NetioError('aborted', 'aborted'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      connectMs = performance.now() - started;
    });
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // Servers may send other lines before the identification string; it is the one starting "SSH-".
      for (const line of buffered.split(/\r?\n/).slice(0, -1)) {
        if (line.startsWith('SSH-'))
          return finish(undefined, { banner: line.trim(), connectMs, bannerMs: performance.now() - started });
      }
      if (buffered.length > 8192)
        finish(new NetioError('unsupported', 'the service on this port is not SSH'));
    });
    socket.once('error', (err) => finish(classifyError(err)));
    socket.once('close', () => finish(new NetioError('reset', 'closed before sending an SSH banner')));
  });
}
