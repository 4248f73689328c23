import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { asNumber } from './bgp.ts';
import { nxosBgpNeighborsDetail, nxosNeighborDetail } from './bgp-detail-nxos.ts';
import { xrBgpNeighborsDetail, xrNeighborDetail } from './bgp-detail-xr.ts';

const blocks = (raw: string) =>
  raw.split(/^(?=BGP neighbor is )/m).filter((b) => b.startsWith('BGP neighbor is'));
const askFrom = (answers: Record<string, string>) => async (command: string) => {
  const answer = answers[command];
  if (answer === undefined) throw new Error(`not asked for: ${command}`);
  return answer;
};

describe('get_bgp_neighbors_detail on IOS-XR, the values NAPALM reads over XML taken from "show bgp neighbors"', () => {
  const samples = ntcSamples('cisco_xr', 'show_bgp_neighbors');

  it.each(samples)(
    '$name: each neighbour agrees with the records ntc-templates reads',
    ({ raw, records }) => {
      const found = blocks(raw);
      expect(found).toHaveLength(records.length);
      found.forEach((block, i) => {
        const r = records[i]!;
        const d = xrNeighborDetail(block);
        expect(d.remote_address).toBe(r.neighbor);
        expect(d.remote_as).toBe(Number(r.remote_as));
        expect(d.local_as).toBe(Number(r.local_as));
        expect(d.router_id).toBe(r.remote_router_id);
        // NAPALM's state is the state's name alone ("Idle", not "Idle (Neighbor is shutdown)").
        expect(d.connection_state).toBe(String(r.state).split(' ')[0]);
        expect(d.up).toBe(r.state === 'Established');
        expect(d.holdtime).toBe(Number(r.holdtime));
        expect(d.keepalive).toBe(Number(r.keepalive));
        expect(d.local_address).toBe(r.local_address);
        expect(d.local_port).toBe(r.local_port ? Number(r.local_port) : 0);
        expect(d.remote_port).toBe(r.remote_port ? Number(r.remote_port) : 0);
        // The first family's policies and counts, as the driver's first AFData entry.
        expect(d.import_policy).toBe((r.policy_incoming as string[])[0] ?? '');
        expect(d.export_policy).toBe((r.policy_outgoing as string[])[0] ?? '');
        expect(d.accepted_prefix_count).toBe(Number((r.prefixes_in as string[])[0] ?? 0));
        expect(d.active_prefix_count).toBe(Number((r.prefixes_in_best as string[])[0] ?? 0));
        expect(d.advertised_prefix_count).toBe(Number((r.prefixes_out as string[])[0] ?? 0));
        expect(d.multihop).toBe(/External BGP neighbor may be up to \d+ hops away/.test(block));
      });
    },
  );

  it('an established route reflector session, value for value', () => {
    const d = xrNeighborDetail(
      blocks(samples.find((s) => s.name === 'cisco_xr_show_bgp_neighbors.raw')!.raw)[0]!,
    );
    expect(d).toEqual({
      up: true,
      local_as: 65001,
      remote_as: 65001,
      router_id: '192.168.100.1',
      local_address: '10.0.0.1',
      routing_table: 'default',
      local_address_configured: false,
      local_port: 179,
      remote_address: '192.168.100.1',
      remote_port: 13617,
      multihop: false,
      multipath: false,
      remove_private_as: false,
      import_policy: '',
      export_policy: '',
      input_messages: 15716463,
      output_messages: 66285,
      input_updates: 0,
      output_updates: 0,
      messages_queued_out: 0,
      connection_state: 'Established',
      previous_connection_state: '',
      last_event: '',
      suppress_4byte_as: false,
      local_as_prepend: true,
      holdtime: 90,
      configured_holdtime: 180,
      keepalive: 30,
      configured_keepalive: 60,
      active_prefix_count: 794705,
      received_prefix_count: 847583,
      accepted_prefix_count: 847583,
      suppressed_prefix_count: 0,
      advertised_prefix_count: 170,
      // "Connections established 2; dropped 1".
      flap_count: 1,
    });
  });

  it('an eBGP neighbour several hops away is multihop', () => {
    const all = samples.flatMap((s) => blocks(s.raw)).map(xrNeighborDetail);
    expect(all.filter((d) => d.multihop)).toHaveLength(1);
    expect(all.filter((d) => d.multihop)[0]!.local_as).not.toBe(all.filter((d) => d.multihop)[0]!.remote_as);
  });

  it('files neighbours by table and remote AS, and one asked alone is the only one', async () => {
    const raw = samples.find((s) => s.name === 'cisco_xr_show_bgp_neighbors1.raw')!.raw;
    const ask = askFrom({ 'show bgp neighbors': raw });
    const all = await xrBgpNeighborsDetail(ask, '');
    expect(Object.keys(all)).toEqual(['default']);
    const peers = Object.values(all.default!).flat();
    expect(peers).toHaveLength(blocks(raw).length);
    for (const [as, list] of Object.entries(all.default!))
      for (const p of list) expect(String(p.remote_as)).toBe(as);
    const alone = await xrBgpNeighborsDetail(ask, '10.0.3.3');
    expect(
      Object.values(alone.default!)
        .flat()
        .map((p) => p.remote_address),
    ).toEqual(['10.0.3.3']);
  });

  it('BGP not running is no neighbour', async () => {
    expect(
      await xrBgpNeighborsDetail(
        askFrom({ 'show bgp neighbors': "% BGP instance 'default' not active\n" }),
        '',
      ),
    ).toEqual({});
  });
});

describe('get_bgp_neighbors_detail on NX-OS, in NAPALM\'s model from "show ip bgp neighbors vrf all"', () => {
  const samples = ntcSamples('cisco_nxos', 'show_ip_bgp_neighbors');
  const row = { vrf: 'default', localAs: '65000', outQ: '0' };

  it.each(samples)(
    '$name: each neighbour agrees with the records ntc-templates reads',
    ({ raw, records }) => {
      const found = blocks(raw);
      expect(found).toHaveLength(records.length);
      found.forEach((block, i) => {
        const r = records[i]!;
        const d = nxosNeighborDetail(block, row);
        expect(d.remote_address).toBe(r.neighbor);
        // An asdot AS is a number, as NAPALM's as_number makes it.
        expect(d.remote_as).toBe(asNumber(String(r.remote_asn)));
        expect(d.connection_state).toBe(
          r.bgp_state === 'Shut (Admin)' ? 'Idle' : String(r.bgp_state).split(' ')[0],
        );
        expect(d.input_messages).toBe(Number(r.total_mess_count_rcvd));
        expect(d.output_messages).toBe(Number(r.total_mess_count_sent));
        expect(d.input_updates).toBe(Number(r.updates_count_rcvd));
        expect(d.output_updates).toBe(Number(r.updates_count_sent));
        expect(d.flap_count).toBe(Number(r.conn_dropped));
        expect(d.import_policy).toBe(r.inbound_routemap);
        expect(d.export_policy).toBe(r.outbound_routemap);
        expect(d.local_address).toBe(r.localhost_ip);
        expect(d.local_port).toBe(r.localhost_port ? Number(r.localhost_port) : 0);
        expect(d.remote_port).toBe(r.remote_port ? Number(r.remote_port) : 0);
        // ntc-templates keeps the last family's counts; NAPALM's drivers (and webnet) the first's.
        if ((block.match(/For address family:/g) ?? []).length === 1) {
          expect(d.accepted_prefix_count).toBe(r.accepted_paths ? Number(r.accepted_paths) : 0);
          expect(d.advertised_prefix_count).toBe(r.sent_paths ? Number(r.sent_paths) : 0);
        }
        expect(d.routing_table).toBe('global');
      });
    },
  );

  it('an eBGP session with route maps, value for value', () => {
    const raw = samples.find((s) => s.name === 'cisco_nxos_show_ip_bgp_neighbors_with_policy_names.raw')!.raw;
    expect(nxosNeighborDetail(raw, { vrf: 'default', localAs: '64513', outQ: '2' })).toMatchObject({
      up: true,
      local_as: 64513,
      remote_as: 64514,
      router_id: '10.10.255.1',
      local_address: '10.20.0.1',
      local_port: 61055,
      remote_address: '10.20.0.2',
      remote_port: 179,
      routing_table: 'global',
      import_policy: 'RM-GTT-IN',
      export_policy: 'RM-GTT-OUT',
      input_messages: 653464,
      output_messages: 653851,
      input_updates: 58,
      output_updates: 576,
      messages_queued_out: 2,
      last_event: 'bfd session down',
      suppress_4byte_as: false,
      holdtime: 15,
      keepalive: 5,
      accepted_prefix_count: 38,
      received_prefix_count: 38,
      advertised_prefix_count: 59,
      flap_count: 12,
    });
  });

  it('each neighbour in its VRF with the local AS of that VRF; no summary is no BGP', async () => {
    const raw = samples.find((s) => s.name === 'cisco_nxos_show_ip_bgp_neighbors_with_policy_names.raw')!.raw;
    const summary = `BGP summary information for VRF CUST-A, address family IPv4 Unicast
BGP router identifier 10.20.0.1, local AS number 64513
BGP table version is 9374, IPv4 Unicast config peers 1, capable peers 1

Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.20.0.2       4 64514  653464  653851     9374    0    0    2d00h 38
`;
    const detail = await nxosBgpNeighborsDetail(
      askFrom({ 'show bgp all summary vrf all': summary, 'show ip bgp neighbors vrf all': raw }),
      '',
    );
    expect(Object.keys(detail)).toEqual(['CUST-A']);
    expect(detail['CUST-A']!['64514']![0]).toMatchObject({ local_as: 64513, routing_table: 'CUST-A' });
    expect(
      await nxosBgpNeighborsDetail(
        askFrom({ 'show bgp all summary vrf all': "% Invalid command at '^' marker.\n" }),
        '',
      ),
    ).toEqual({});
  });
});
