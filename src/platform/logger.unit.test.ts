import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('info', stream), text: () => lines.join('') };
}

describe('logger', () => {
  it('blanks secrets, tokens and auth headers wherever a handler logs them', () => {
    const { log, text } = capture();
    log.info(
      {
        req: {
          headers: {
            authorization: 'Bearer eyJsecret',
            cookie: 'webnet_session=abc',
            'x-csrf-token': 'csrf123',
          },
        },
        credential: {
          username: 'netops',
          password: 'hunter2-password',
          enableSecret: 'en-secret',
          privateKey: '-----BEGIN KEY',
        },
        password: 'top-level-password',
        session: { token: 'tok-123', refreshToken: 'ref-456' },
      },
      'something happened',
    );
    const out = text();
    for (const secret of [
      'eyJsecret',
      'webnet_session=abc',
      'csrf123',
      'hunter2-password',
      'en-secret',
      'BEGIN KEY',
      'top-level-password',
      'tok-123',
      'ref-456',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('netops');
    expect(out).toContain('[redacted]');
  });
});
