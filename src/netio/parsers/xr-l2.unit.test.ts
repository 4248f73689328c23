import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { NetioError } from '../errors.ts';
import { parseXrMacLearning, xrInterface, xrMacAddressTable, xrRunningNodes } from './xr-l2.ts';

const [macs] = ntcSamples('cisco_xr', 'show_l2vpn_mac-learning_mac_all_location');
const platforms = ntcSamples('cisco_xr', 'show_platform');

describe('get_mac_address_table on IOS-XR, node by node', () => {
  it("each learned MAC in NAPALM's form on its port's full XR name", () => {
    const table = parseXrMacLearning(macs!.raw);
    expect(table).toHaveLength(macs!.records.length);
    expect(table[0]).toEqual({
      mac: '00:C1:64:02:70:74',
      interface: 'TenGigE0/0/0/24.2448',
      vlan: 0,
      static: false,
      active: true,
      moves: 0,
      last_move: 0,
    });
    expect(table.map((e) => e.interface)).toEqual(
      macs!.records.map((r) => String(r.next_hop).replace(/^Te/, 'TenGigE')),
    );
  });

  it("XR's short names are XR's full ones; a next hop that is no port is none", () => {
    expect(xrInterface('Hu0/0/0/1')).toBe('HundredGigE0/0/0/1');
    expect(xrInterface('BE100.20')).toBe('Bundle-Ether100.20');
    expect(xrInterface('Gi0/0/0/0')).toBe('GigabitEthernet0/0/0/0');
    expect(xrInterface('(10.0.0.1, 100)')).toBe('');
  });

  it.each(platforms)(
    '$name: the nodes running IOS XR are the CPU nodes in state "IOS XR RUN"',
    ({ raw, records }) => {
      expect(xrRunningNodes(raw)).toEqual(
        records.filter((r) => r.state === 'IOS XR RUN' && /CPU/.test(String(r.node))).map((r) => r.node),
      );
    },
  );

  it('asks every running node, lists a MAC two nodes hold once, skips a node that refuses', async () => {
    const twoNodes = platforms.find((p) => xrRunningNodes(p.raw).length === 2)!.raw;
    const read = (refusing: string) => {
      const asked: string[] = [];
      const table = xrMacAddressTable(async (command) => {
        asked.push(command);
        if (command === 'show platform') return twoNodes;
        if (command.endsWith(refusing)) throw new NetioError('command_error', 'invalid location');
        return macs!.raw;
      });
      return { asked, table };
    };
    const both = read('none');
    expect(await both.table).toHaveLength(macs!.records.length);
    expect(both.asked.slice(1)).toEqual([
      'show l2vpn mac-learning mac all location 0/RSP0/CPU0',
      'show l2vpn mac-learning mac all location 0/RSP1/CPU0',
    ]);
    expect(await read('0/RSP0/CPU0').table).toEqual(await both.table);
  });

  it('a lost session is not a refusing node: it stops the getter', async () => {
    await expect(
      xrMacAddressTable(async (command) => {
        if (command === 'show platform') return platforms[0]!.raw;
        throw new NetioError('reset', 'the device closed the session');
      }),
    ).rejects.toThrow(/closed the session/);
  });
});
