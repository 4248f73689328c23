import { describe, expect, it } from 'vitest';
import { listenUrl } from './listen-url.ts';

describe('the banner URL', () => {
  it('names the address and port the server listens on', () => {
    expect(listenUrl({ address: '127.0.0.1', port: 41234, family: 'IPv4' })).toEqual({
      url: 'http://127.0.0.1:41234',
      note: '',
    });
    expect(listenUrl({ address: '::1', port: 8080, family: 'IPv6' }).url).toBe('http://[::1]:8080');
  });

  it('says localhost, and that every address answers, for a wildcard listener', () => {
    expect(listenUrl({ address: '0.0.0.0', port: 8080, family: 'IPv4' })).toEqual({
      url: 'http://localhost:8080',
      note: ' (listening on every address, port 8080)',
    });
    expect(listenUrl({ address: '::', port: 9000, family: 'IPv6' }).url).toBe('http://localhost:9000');
  });
});
