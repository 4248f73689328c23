import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { iosBgpNeighborsDetail, iosNeighborDetail } from './bgp-detail-ios.ts';

const samples = ntcSamples('cisco_ios', 'show_ip_bgp_neighbors');
const row = { up: true, localAs: 65000, remoteAs: 65001, outQ: 0 };
/** "show ip bgp neighbors" lists every neighbour; NAPALM asks for one at a time. */
const blocks = (raw: string) =>
  raw.split(/^(?=BGP neighbor is )/m).filter((b) => b.startsWith('BGP neighbor is'));

describe("get_bgp_neighbors_detail on IOS, as NAPALM's ios reads each neighbour", () => {
  it.each(samples)(
    '$name: each neighbour agrees with the records ntc-templates reads',
    ({ raw, records }) => {
      const found = blocks(raw);
      expect(found).toHaveLength(records.length);
      found.forEach((block, i) => {
        const r = records[i]!;
        const d = iosNeighborDetail(block, row);
        expect(d.remote_address).toBe(r.neighbor);
        expect(d.router_id).toBe(r.remote_router_id);
        expect(d.connection_state).toBe(r.bgp_state);
        expect(d.routing_table).toBe(r.vrf || 'global');
        expect(d.import_policy).toBe(r.inbound_routemap);
        expect(d.export_policy).toBe(r.outbound_routemap);
        // A neighbour with no TCP connection has no local or foreign host.
        expect(d.local_address).toBe(r.localhost_ip);
        expect(d.local_port).toBe(r.localhost_port ? Number(r.localhost_port) : 0);
        expect(d.remote_port).toBe(r.remote_port ? Number(r.remote_port) : 0);
      });
    },
  );

  it('the counters of an established session, as the driver takes them', () => {
    const d = iosNeighborDetail(samples.find((s) => s.name === 'cisco_ios_show_ip_bgp_neighbors.raw')!.raw, {
      up: true,
      localAs: 1255,
      remoteAs: 1255,
      outQ: 3,
    });
    expect(d).toEqual({
      up: true,
      local_as: 1255,
      remote_as: 1255,
      router_id: '20.40.1.1',
      local_address: '20.30.255.13',
      local_address_configured: false,
      local_port: 39443,
      routing_table: 'global',
      remote_address: '20.30.255.14',
      remote_port: 179,
      multihop: false,
      multipath: false,
      remove_private_as: false,
      import_policy: '',
      export_policy: '',
      // Sent is the first column, received the second.
      input_messages: 84733,
      output_messages: 83825,
      input_updates: 94,
      output_updates: 1,
      messages_queued_out: 3,
      connection_state: 'Established',
      previous_connection_state: '',
      last_event: '',
      suppress_4byte_as: false,
      local_as_prepend: false,
      holdtime: 180,
      configured_holdtime: 0,
      keepalive: 60,
      configured_keepalive: 0,
      active_prefix_count: 113,
      received_prefix_count: 113,
      accepted_prefix_count: 113,
      // "Local Policy Denied Prefixes" inbound total.
      suppressed_prefix_count: 0,
      advertised_prefix_count: 0,
      flap_count: 0,
    });
  });

  it('asks the summary, then each family neighbour; keyed by table and remote AS; narrowed to one address', async () => {
    const summary = `For address family: IPv4 Unicast
BGP router identifier 10.255.0.1, local AS number 65000
BGP table version is 12, main routing table version 12

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.0.0.2        4        65002    1200    1201       12    0    2 1d02h           3
10.0.0.6        4        65006       0       0        1    0    0 never    Active

For address family: VPNv4 Unicast
BGP router identifier 10.255.0.1, local AS number 65000
BGP table version is 4, main routing table version 4

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.255.0.9      4        65000     300     301        4    0    0 02:01:00        1
`;
    const neighbor = (address: string, extra: string) =>
      `BGP neighbor is ${address},${extra}  remote AS 65000, internal link\n  BGP version 4, remote router ID ${address}\n  BGP state = Established, up for 02:01:00\n`;
    const answers: Record<string, string> = {
      'show ip bgp all summary': summary,
      'show ip bgp ipv4 unicast neighbors 10.0.0.2': neighbor('10.0.0.2', ''),
      'show ip bgp ipv4 unicast neighbors 10.0.0.6': neighbor('10.0.0.6', ''),
      'show ip bgp vpnv4 all neighbors 10.255.0.9': neighbor('10.255.0.9', '  vrf BLUE,'),
    };
    const asked: string[] = [];
    const ask = async (c: string) => {
      asked.push(c);
      return answers[c] ?? '% Invalid input detected';
    };
    const all = await iosBgpNeighborsDetail(ask, '');
    expect(Object.keys(all)).toEqual(['global', 'BLUE']);
    expect(all.global!['65002']![0]).toMatchObject({ up: true, local_as: 65000, messages_queued_out: 2 });
    expect(all.global!['65006']![0]).toMatchObject({ up: false, remote_address: '10.0.0.6' });
    expect(all.BLUE!['65000']![0]).toMatchObject({ remote_address: '10.255.0.9', routing_table: 'BLUE' });
    asked.length = 0;
    const one = await iosBgpNeighborsDetail(ask, '10.0.0.6');
    expect(asked).toEqual(['show ip bgp all summary', 'show ip bgp ipv4 unicast neighbors 10.0.0.6']);
    expect(Object.keys(one.global!)).toEqual(['65006']);
    expect(await iosBgpNeighborsDetail(async () => '% BGP not active', '')).toEqual({});
  });
});
