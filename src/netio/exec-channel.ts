import type { Client } from 'ssh2';
import type { Channel } from './channel.ts';

/**
 * The prompt an exec channel shows between commands. A platform whose devices offer only exec
 * requests (a UPS card's management CLI, say) matches it as its one mode's prompt.
 */
export const EXEC_PROMPT = 'webnet-exec> ';
/** EXEC_PROMPT as a mode's prompt pattern. */
export const EXEC_PROMPT_PATTERN = /^webnet-exec> ?$/;

/**
 * A Channel over SSH exec requests: each line written runs as its own request, and its output
 * comes back as a shell would show it (the line echoed, the output, then EXEC_PROMPT). So the
 * prompt-driven session, its error rules and its cleaning work unchanged on devices that refuse
 * a shell. Requests run one at a time, in order, as typed lines would.
 */
export function execChannel(client: Client): Channel {
  let dataListener: ((chunk: string) => void) | null = null;
  let closeListener: ((err?: Error) => void) | null = null;
  let pending = '';
  let queue = Promise.resolve();
  let closed = false;

  const emit = (text: string) => {
    if (!closed) dataListener?.(text);
  };
  const run = (line: string) =>
    new Promise<void>((done) => {
      client.exec(line, (err, stream) => {
        if (err) {
          emit(`${line}\n${err.message}\n${EXEC_PROMPT}`);
          return done();
        }
        let out = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          out += chunk;
        });
        stream.stderr.setEncoding('utf8');
        stream.stderr.on('data', (chunk: string) => {
          out += chunk;
        });
        stream.on('close', () => {
          emit(`${line}\n${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${EXEC_PROMPT}`);
          done();
        });
      });
    });

  client.once('close', () => {
    closed = true;
    closeListener?.();
  });
  setImmediate(() => emit(EXEC_PROMPT));
  return {
    write(data: string) {
      pending += data;
      let nl = pending.indexOf('\n');
      while (nl !== -1) {
        const line = pending.slice(0, nl).replace(/\r$/, '');
        pending = pending.slice(nl + 1);
        queue = queue.then(() => (closed ? undefined : run(line)));
        nl = pending.indexOf('\n');
      }
    },
    onData(listener) {
      dataListener = listener;
    },
    onClose(listener) {
      closeListener = listener;
    },
    close() {
      if (closed) return;
      closed = true;
      client.end();
    },
  };
}
