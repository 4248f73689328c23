import type { Client } from 'ssh2';
import { NetioError } from './errors.ts';

/** What a device's file may be called: a path of plain words (it goes on the remote command line). */
const SAFE_PATH = /^\/?[\w.][\w./-]{0,254}$/;
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * Fetches one file over SCP ("scp -f", the source side of the protocol), as text. Written here
 * because ssh2 speaks SFTP but not SCP, and devices such as APC's management cards offer SCP
 * alone. The protocol: we send NUL; the device sends "C<mode> <size> <name>\n" (or a "T" times
 * line first); we send NUL; it sends the bytes and a NUL; we send NUL. A line starting with
 * byte 1 or 2 is the device's error.
 */
export function scpGet(client: Client, path: string): Promise<string> {
  if (!SAFE_PATH.test(path) || path.includes('..'))
    return Promise.reject(new NetioError('command_error', `file "${path}": not a plain path`));
  return new Promise((resolve, reject) => {
    client.exec(`scp -f ${path}`, (err, stream) => {
      if (err)
        return reject(
          new NetioError('unsupported', `SCP refused for ${path}: ${err.message}`, { cause: err }),
        );
      let buf = Buffer.alloc(0);
      let size = -1;
      let done = false;
      const finish = (error?: Error, text?: string) => {
        if (done) return;
        done = true;
        stream.end();
        if (error) reject(error);
        else resolve(text!);
      };
      const step = () => {
        while (!done) {
          if (size === -1) {
            if (buf.length === 0) return;
            const nl = buf.indexOf(10);
            if (nl === -1) return;
            const line = buf.subarray(0, nl).toString('utf8');
            buf = buf.subarray(nl + 1);
            if (line.charCodeAt(0) === 1 || line.charCodeAt(0) === 2)
              return finish(new NetioError('command_error', `SCP ${path}: ${line.slice(1).trim()}`));
            if (line.startsWith('T')) {
              stream.write('\0');
              continue;
            }
            const header = /^C[0-7]{4} (\d+) /.exec(line);
            if (!header)
              return finish(new NetioError('parse_error', `SCP ${path}: unexpected "${line.slice(0, 60)}"`));
            size = Number(header[1]);
            if (size > MAX_BYTES)
              return finish(new NetioError('parse_error', `SCP ${path}: ${size} bytes is too large`));
            stream.write('\0');
            continue;
          }
          if (buf.length < size + 1) return;
          const text = buf.subarray(0, size).toString('utf8');
          stream.write('\0');
          return finish(undefined, text);
        }
      };
      stream.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        step();
      });
      stream.stderr.on('data', (chunk: Buffer) => {
        if (size === -1)
          finish(new NetioError('command_error', `SCP ${path}: ${chunk.toString('utf8').trim()}`));
      });
      stream.on('close', () =>
        finish(new NetioError('reset', `SCP ${path}: the device closed the transfer`)),
      );
      stream.write('\0');
    });
  });
}
