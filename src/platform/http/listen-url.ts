import type { AddressInfo } from 'node:net';

/**
 * The URL to print for where a server really listens (its actual port, when 0 asked for any),
 * with a note when it listens on every address, so the banner never names an address that
 * does not answer.
 */
export function listenUrl(address: AddressInfo | string | null): { url: string; note: string } {
  if (!address || typeof address === 'string') return { url: String(address), note: '' };
  const { address: host, port, family } = address;
  if (host === '0.0.0.0' || host === '::') {
    return { url: `http://localhost:${port}`, note: ` (listening on every address, port ${port})` };
  }
  return { url: family === 'IPv6' ? `http://[${host}]:${port}` : `http://${host}:${port}`, note: '' };
}
