import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { parseJunosMacTable, parseJunosVlans } from './junos-l2.ts';
import { napalmMac } from './names.ts';

const cases = (command: string) => ntcSamples('juniper_junos', command);

describe('Junos layer 2 on real output', () => {
  it.each(cases('show_vlans'))('$name: VLANs by tag, member ports by physical name', ({ raw, records }) => {
    const vlans = parseJunosVlans(raw);
    for (const r of records.filter((r) => /^\d+$/.test(r.tag!))) {
      expect(vlans[r.tag!]).toEqual({
        name: r.vlan_name,
        interfaces: (r.interfaces as string[]).map((i) => i.replace(/\*$/, '').replace(/\.\d+$/, '')),
      });
    }
  });

  it.each(cases('show_ethernet-switching_table'))(
    '$name: every entry on its logical interface',
    ({ raw, records }) => {
      const table = parseJunosMacTable(raw, '');
      expect(table).toHaveLength(records.length);
      records.forEach((r, i) => {
        expect(table[i]).toMatchObject({
          mac: napalmMac(r.mac_address!),
          interface: r.logical_interface,
          static: r.mac_flag!.includes('S'),
          active: true,
        });
        if (/^\d+$/.test(r.vlan_id!)) expect(table[i]!.vlan).toBe(Number(r.vlan_id));
      });
    },
  );

  it('takes a VLAN name to its tag from show vlans', () => {
    const table = parseJunosMacTable(
      '    users               00:0c:29:84:d2:f8   S             -   ge-0/0/3.0\n',
      'Routing instance        VLAN name             Tag          Interfaces\ndefault-switch          users                 20\n                                                           ge-0/0/3.0*\n',
    );
    expect(table).toEqual([
      {
        mac: '00:0C:29:84:D2:F8',
        interface: 'ge-0/0/3.0',
        vlan: 20,
        static: true,
        active: true,
        moves: -1,
        last_move: -1,
      },
    ]);
  });
});
