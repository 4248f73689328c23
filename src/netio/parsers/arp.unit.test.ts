import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { parseJunosArp, parseLinuxNeighbors, parseXrArp } from './arp.ts';
import { napalmMac } from './names.ts';

/** get_arp_table on real IOS-XR and Junos output (ntc-templates' samples and their records). */
const cases = ntcSamples;

describe('get_arp_table', () => {
  it.each(cases('cisco_xr', 'show_arp'))('IOS-XR $name: every entry, ages in seconds', ({ raw, records }) => {
    const table = parseXrArp(raw);
    expect(table).toEqual(
      records.map((r) => ({
        interface: r.interface,
        mac: napalmMac(r.mac_address!),
        ip: r.ip_address,
        age: r.age === '-' ? 0 : r.age!.split(':').reduce((sum, part) => sum * 60 + Number(part), 0),
      })),
    );
  });

  it.each(cases('juniper_junos', 'show_arp_no-resolve'))('Junos $name: every entry', ({ raw, records }) => {
    expect(parseJunosArp(raw)).toEqual(
      records.map((r) => ({
        interface: r.interface,
        mac: napalmMac(r.mac_address!),
        ip: r.ip_address,
        age: -1,
      })),
    );
  });

  it('Junos with expiration-time: the time to expire is the age', () => {
    expect(
      parseJunosArp(
        'MAC Address       Address         Interface     Flags    TTE\n00:05:86:71:e6:00 10.0.0.1        ge-0/0/0.0    none     1187\n',
      ),
    ).toEqual([{ interface: 'ge-0/0/0.0', mac: '00:05:86:71:E6:00', ip: '10.0.0.1', age: 1187 }]);
  });

  it('Linux: resolved neighbours only, IPv6 too', () => {
    expect(
      parseLinuxNeighbors(
        '10.0.0.1 dev eth0 lladdr 52:54:00:12:34:56 REACHABLE\n10.0.0.9 dev eth0 FAILED\nfe80::1 dev eth1 lladdr 52:54:00:ab:cd:ef router STALE\n',
      ),
    ).toEqual([
      { interface: 'eth0', mac: '52:54:00:12:34:56', ip: '10.0.0.1', age: -1 },
      { interface: 'eth1', mac: '52:54:00:AB:CD:EF', ip: 'fe80::1', age: -1 },
    ]);
  });
});
