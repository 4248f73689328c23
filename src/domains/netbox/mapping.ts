import { z } from 'zod';
import { platformByName } from '../../netio/index.ts';
import { deviceFields, tag } from '../devices/schemas.ts';
import type { NetboxDevice } from './client.ts';
import type { CustomFieldTarget } from './table.ts';

/**
 * NetBox platform slugs people commonly use whose webnet platform has another name. A slug that
 * is a webnet platform with dashes (`cisco-ios`, `juniper-junos`) needs no entry; the customer's
 * own map comes first.
 */
const KNOWN_SLUGS: Record<string, string> = {
  ios: 'cisco_ios',
  'ios-xe': 'cisco_ios',
  'cisco-ios-xe': 'cisco_ios',
  iosxe: 'cisco_ios',
  'ios-xr': 'cisco_iosxr',
  'cisco-ios-xr': 'cisco_iosxr',
  iosxr: 'cisco_iosxr',
  nxos: 'cisco_nxos',
  'cisco-nx-os': 'cisco_nxos',
  'nx-os': 'cisco_nxos',
  eos: 'arista_eos',
  junos: 'juniper_junos',
  'juniper-junos': 'juniper_junos',
};

export const MAPPED_FIELDS = [
  'hostname',
  'mgmtIp',
  'platform',
  'vendor',
  'role',
  'site',
  'tags',
  'port',
  'transport',
  'description',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

const mapped = z.object({
  hostname: deviceFields.hostname,
  mgmtIp: deviceFields.mgmtIp,
  platform: deviceFields.platform,
  vendor: deviceFields.vendor,
  role: deviceFields.role,
  site: deviceFields.site,
  tags: deviceFields.tags,
  port: deviceFields.port,
  transport: deviceFields.transport,
  description: deviceFields.description,
});
export type MappedDevice = z.output<typeof mapped>;

export type Mapping = {
  platformMap: Record<string, string>;
  customFields: Record<string, CustomFieldTarget>;
};

/** The webnet platform of a NetBox platform slug, or '' when none is known. */
export function platformOf(slug: string | undefined, map: Record<string, string>): string {
  if (!slug) return '';
  const named = map[slug] ?? KNOWN_SLUGS[slug] ?? slug.replace(/-/g, '_');
  return platformByName(named) ? named : '';
}

/**
 * A NetBox device as the fields webnet keeps, or why it cannot be one (no name, no primary IP, a
 * value webnet's own checks refuse). Only these fields are NetBox's; a credential, telnet's
 * settings and what webnet learns stay webnet's.
 */
export function mapDevice(
  d: NetboxDevice,
  m: Mapping,
): { device: MappedDevice; owned: MappedField[] } | { skip: string } {
  if (!d.name) return { skip: 'it has no name in NetBox' };
  const ip = d.primary_ip4 ?? d.primary_ip ?? d.primary_ip6;
  if (!ip?.address) return { skip: 'it has no primary IP in NetBox' };
  const fields: Record<string, unknown> = {
    hostname: d.name,
    mgmtIp: ip.address.split('/')[0],
    role: (d.role ?? d.device_role)?.slug ?? '',
    site: d.site?.slug ?? '',
    tags: (d.tags ?? []).map((t) => t.slug).filter((t) => tag.safeParse(t).success),
  };
  // A platform or vendor NetBox does not name (or webnet does not know) stays as webnet has it:
  // webnet may have detected it.
  const platform = platformOf(d.platform?.slug, m.platformMap);
  if (platform) fields.platform = platform;
  const vendor = d.device_type?.manufacturer?.slug;
  if (vendor) fields.vendor = vendor;
  for (const [cf, target] of Object.entries(m.customFields)) {
    const value = d.custom_fields?.[cf];
    if (value === null || value === undefined || value === '') continue;
    fields[target] = target === 'port' ? Number(value) : String(value);
  }
  const parsed = mapped.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { skip: `${issue.path.join('.')}: ${issue.message}` };
  }
  // The fields NetBox said something about: only these are compared and updated.
  const owned = MAPPED_FIELDS.filter((f) => f in fields);
  return { device: parsed.data, owned };
}
