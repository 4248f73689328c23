import { describe, expect, it } from 'vitest';
import { assertOutboundHost, OutboundRefused, outboundFetch, refusedAddress } from './outbound.ts';

describe('outbound calls a tenant aims', () => {
  it('refuses link-local (cloud metadata) and unspecified addresses, in every spelling', () => {
    for (const a of [
      '169.254.169.254',
      '::ffff:169.254.169.254',
      'fe80::1',
      '0.0.0.0',
      '::',
      'fd00:ec2::254',
    ])
      expect(refusedAddress(a), a).toMatch(/link-local or unspecified/);
  });

  it('allows private networks and this host: an internal NetBox or chat server is the usual case', () => {
    for (const a of [
      '10.1.2.3',
      '192.168.0.10',
      '172.16.5.5',
      '127.0.0.1',
      '::1',
      '2001:db8::1',
      'netbox.example.net',
    ])
      expect(refusedAddress(a), a).toBeUndefined();
  });

  it('never connects to a refused address, whether written as an IP or resolved from a name', async () => {
    await expect(outboundFetch('http://169.254.169.254/latest/meta-data/')).rejects.toBeInstanceOf(
      OutboundRefused,
    );
    await expect(outboundFetch('http://[fe80::1]:8080/')).rejects.toBeInstanceOf(OutboundRefused);
    await expect(assertOutboundHost('169.254.169.254')).rejects.toBeInstanceOf(OutboundRefused);
    await expect(assertOutboundHost('localhost')).resolves.toBeUndefined();
  });
});
