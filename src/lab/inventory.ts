import { stringify } from 'csv-stringify/sync';
import type { LabDevice } from './model.ts';

const VENDORS: Record<string, string> = {
  cisco_ios: 'cisco',
  cisco_nxos: 'cisco',
  cisco_iosxr: 'cisco',
  arista_eos: 'arista',
  juniper_junos: 'juniper',
  linux: 'linux',
};

/**
 * The lab's devices as a webnet device-import CSV (the same columns the devices export writes),
 * so `webnet lab` output can be imported as is. The credential is referenced by name.
 */
export function inventoryCsv(
  devices: LabDevice[],
  options: { customer: string; credential: string },
): string {
  const rows = devices.map((d) => ({
    customer: options.customer,
    hostname: d.hostname,
    mgmt_ip: d.address,
    port: d.port,
    vendor: VENDORS[d.platform] ?? '',
    platform: d.platform,
    role: /-(border|spine|leaf|access)\d/.exec(d.hostname)?.[1] ?? '',
    site: d.hostname.split('-')[0] ?? '',
    tags: 'lab',
    credential: options.credential,
    enabled: 'true',
    legacy_ssh: 'false',
    description: `${d.model} (simulated)`,
  }));
  return stringify(rows, { header: true });
}
