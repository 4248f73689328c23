import dns from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent, type RequestInit, fetch as undiciFetch } from 'undici';

/**
 * Addresses webnet never calls on a tenant's behalf (webhooks, Slack, NetBox, SMTP): link-local
 * (169.254.0.0/16 holds the clouds' instance metadata, with its credentials), "this host" and
 * AWS's IPv6 metadata. Private networks stay reachable: an internal NetBox or chat server is the
 * usual case.
 */
const DENIED = new BlockList();
DENIED.addSubnet('169.254.0.0', 16, 'ipv4');
DENIED.addSubnet('0.0.0.0', 8, 'ipv4');
DENIED.addSubnet('fe80::', 10, 'ipv6');
DENIED.addAddress('::', 'ipv6');
DENIED.addAddress('fd00:ec2::254', 'ipv6');

export class OutboundRefused extends Error {}

/** Why webnet will not connect to this address, or undefined when it may. */
export function refusedAddress(address: string): string | undefined {
  const family = isIP(address);
  if (!family) return undefined;
  const mapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  const fam = isIP(mapped) === 4 ? 'ipv4' : 'ipv6';
  return DENIED.check(mapped, fam)
    ? `${address} is a link-local or unspecified address (cloud instance metadata lives there); webnet does not call it`
    : undefined;
}

/** Name resolution that refuses the addresses above: checked where the connection is made. */
const guardedLookup: typeof dns.lookup = ((
  hostname: string,
  options: dns.LookupOptions,
  callback: (...a: unknown[]) => void,
) => {
  dns.lookup(hostname, options, (err, address, family) => {
    if (err) return callback(err);
    const list = Array.isArray(address) ? address.map((a) => a.address) : [address as string];
    const why = list.map(refusedAddress).find(Boolean);
    if (why) return callback(new OutboundRefused(why));
    callback(null, address, family);
  });
}) as typeof dns.lookup;

const agent = new Agent({ connect: { lookup: guardedLookup } });

/**
 * fetch for calls a tenant's settings aim (a URL a customer admin typed): refuses the addresses
 * above by literal and after resolution, at connect time, so a name that resolves elsewhere
 * later (DNS rebinding) is caught too.
 */
export async function outboundFetch(url: string, init: RequestInit = {}) {
  const why = refusedAddress(new URL(url).hostname.replace(/^\[|\]$/g, ''));
  if (why) throw new OutboundRefused(why);
  return undiciFetch(url, { ...init, dispatcher: agent });
}

/** For connections made by a library (SMTP): the host's addresses, checked before it connects. */
export async function assertOutboundHost(host: string): Promise<void> {
  const literal = refusedAddress(host);
  if (literal) throw new OutboundRefused(literal);
  if (isIP(host)) return;
  const found = await dns.promises.lookup(host, { all: true }).catch(() => []);
  const why = found.map((a) => refusedAddress(a.address)).find(Boolean);
  if (why) throw new OutboundRefused(why);
}
