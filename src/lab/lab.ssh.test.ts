import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXEC_PROMPT_PATTERN } from '../netio/exec-channel.ts';
import {
  backup,
  configure,
  connect,
  type DeviceTarget,
  detectPlatform,
  getArpTable,
  getBgpNeighbors,
  getBgpNeighborsDetail,
  getCdpNeighborsDetail,
  getConfig,
  getEnvironment,
  getFacts,
  getInterfaces,
  getInterfacesIp,
  getLldpNeighborsDetail,
  getMacAddressTable,
  getNtpServers,
  getRouteTo,
  getSnmpInformation,
  getUsers,
  getVlans,
  NetioError,
  ping,
  platformByName,
  runCommands,
  versionNumber,
  withDevice,
} from '../netio/index.ts';
import { linux } from '../netio/platforms/linux.ts';
import type { Platform } from '../netio/platforms/types.ts';
import { eosClock } from './dialects/eos-sessions.ts';
import { junosClock } from './dialects/junos.ts';
import { learnedMacs } from './dialects/mac-tables.ts';
import type { LabDevice } from './model.ts';
import { generateKeyPair, Lab } from './server.ts';
import { generateNetwork } from './topology.ts';

/**
 * netio against the lab over real SSH: every platform backs up, reads its state and takes
 * configuration; LLDP and CDP agree across each link; faults surface as the right failure.
 */
let lab: Lab;
const target = (d: LabDevice, extra: Partial<DeviceTarget> = {}): DeviceTarget => ({
  host: d.address,
  port: d.port,
  username: d.username,
  password: d.password,
  secret: d.secret,
  platform: d.platform,
  commandTimeoutMs: 3000,
  connectTimeoutMs: 3000,
  legacyAlgorithms: d.legacyOnly,
  ...extra,
});

/** An interface's own address and the other end of its link (the lab numbers links /31 or /30). */
function linkEnds(cidr: string): { ip: string; peer: string } {
  const [ip = '', bits] = cidr.split('/');
  const parts = ip.split('.').map(Number);
  parts[3] = parts[3]! ^ (Number(bits) >= 31 ? 1 : 3);
  return { ip, peer: parts.join('.') };
}

beforeAll(async () => {
  const devices = generateNetwork({ devices: 16, ports: true, port: 0, configBytes: 20_000 });
  // The second Linux host is an old box: SHA-1 key exchange and CBC ciphers only.
  devices.filter((d) => d.platform === 'linux').at(-1)!.legacyOnly = true;
  lab = await Lab.start(devices);
});
afterAll(() => lab.stop());

const one = (platform: string) => lab.devices.find((d) => d.platform === platform)!;
const PLATFORMS = ['cisco_ios', 'cisco_nxos', 'cisco_iosxr', 'arista_eos', 'juniper_junos', 'linux'];

describe('netio against the lab', () => {
  it.each(PLATFORMS)(
    '%s: backs up the whole config, redacted, with a hash that ignores clocks',
    async (platform) => {
      const d = one(platform);
      const first = await withDevice(target(d), (s) => backup(s));
      const second = await withDevice(target(d), (s) => backup(s));
      expect(first.config.length).toBeGreaterThan(platform === 'linux' ? 100 : 15_000);
      expect(second.hash).toBe(first.hash);
      expect(first.config).toContain(d.hostname);
      // IOS devices carry real routing policy from the Batfish example network.
      if (platform === 'cisco_ios')
        expect(first.config).toMatch(/^(?:ip prefix-list|access-list|route-map) \S+/m);
      if (platform !== 'linux') {
        expect(first.unredacted).toContain('lab-snmp-secret');
        expect(first.config).not.toContain('lab-snmp-secret');
        expect(first.config).toContain('<redacted>');
      }
    },
  );

  it('speaks telnet to a device that has nothing else: login, enable, backup, and a refused login', async () => {
    const d = one('cisco_ios');
    d.transport = 'telnet';
    try {
      const [out] = await withDevice(target(d, { transport: 'telnet' }), (s) =>
        runCommands(s, ['show running-config']),
      );
      expect(out!.output).toContain(`hostname ${d.hostname}`);
      expect(out!.error).toBeUndefined();
      const refused = await withDevice(target(d, { transport: 'telnet', password: 'wrong' }), (s) =>
        runCommands(s, ['show version']),
      ).catch((e: unknown) => e);
      expect(refused).toMatchObject({ category: 'auth' });
    } finally {
      delete d.transport;
    }
  });

  it('an empty enable secret is answered with Enter; without one, the login password is tried', async () => {
    const d = one('cisco_ios');
    const secret = d.secret;
    d.secret = '';
    try {
      // "" is a secret that is empty: enable takes Enter and the privileged command runs.
      const [out] = await withDevice(target(d, { secret: '' }), (s) =>
        runCommands(s, ['show running-config']),
      );
      expect(out!.output).toContain(`hostname ${d.hostname}`);
      // None at all: the password is the enable answer, which this device refuses.
      const refused = await withDevice(target(d, { secret: undefined }), (s) =>
        runCommands(s, ['show running-config']),
      ).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(NetioError);
    } finally {
      d.secret = secret;
    }
  });

  it('an interface table with nothing in it is a parse error naming the command, not an empty success', async () => {
    const d = one('cisco_ios');
    d.faults.silentCommands = ['show interfaces'];
    try {
      const err = await withDevice(target(d), (s) => getInterfaces(s)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetioError);
      expect(err).toMatchObject({
        category: 'parse_error',
        message: expect.stringContaining('"show interfaces"'),
      });
    } finally {
      delete d.faults.silentCommands;
    }
  });

  it.each(['cisco_ios', 'cisco_nxos', 'arista_eos'])(
    '%s: VLANs as NAPALM gives them, ports by their canonical names',
    async (platform) => {
      const d = one(platform);
      const vlans = await withDevice(target(d), (s) => getVlans(s));
      const switched = d.interfaces.filter((i) => !i.ipv4 && /Ethernet/.test(i.name)).map((i) => i.name);
      expect(switched.length).toBeGreaterThan(0);
      expect(vlans['1']).toEqual({ name: 'default', interfaces: switched });
      expect(vlans['1002']).toEqual({ name: 'fddi-default', interfaces: [] });
    },
  );

  it.each([
    [
      'cisco_ios',
      'ipv4 unicast',
      (asn: string, peer: string, on: boolean) => [
        `router bgp ${asn}`,
        ` ${on ? 'no ' : ''}neighbor ${peer} shutdown`,
      ],
    ],
    [
      'cisco_nxos',
      'ipv4',
      (asn: string, peer: string, on: boolean) => [
        `router bgp ${asn}`,
        `  neighbor ${peer}`,
        `    ${on ? 'no ' : ''}shutdown`,
      ],
    ],
    [
      'arista_eos',
      'ipv4',
      (asn: string, peer: string, on: boolean) => [
        `router bgp ${asn}`,
        `   ${on ? 'no ' : ''}neighbor ${peer} shutdown`,
      ],
    ],
    [
      'cisco_iosxr',
      'ipv4',
      (asn: string, peer: string, on: boolean) => [
        `router bgp ${asn}`,
        ` neighbor ${peer}`,
        `  ${on ? 'no ' : ''}shutdown`,
      ],
    ],
  ] as const)(
    '%s: BGP neighbours as NAPALM gives them; a neighbour shut down is neither enabled nor up',
    async (platform, family, shut) => {
      const d = one(platform);
      const asn = /^router bgp (\d+)/m.exec(d.running.join('\n'))![1]!;
      const configured = [...d.running.join('\n').matchAll(/^\s+neighbor (\d+\.\d+\.\d+\.\d+)/gm)].map(
        (m) => m[1]!,
      );
      expect(configured.length).toBeGreaterThan(0);
      const bgp = await withDevice(target(d), (s) => getBgpNeighbors(s));
      expect(Object.keys(bgp)).toEqual(['global']);
      expect(bgp.global!.router_id).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(Object.keys(bgp.global!.peers).sort()).toEqual([...new Set(configured)].sort());
      const [peer, state] = Object.entries(bgp.global!.peers)[0]!;
      expect(state).toMatchObject({ local_as: Number(asn), remote_as: 65001, is_enabled: true, is_up: true });
      expect(state.uptime).toBeGreaterThan(0);
      expect(state.address_family[family]!.received_prefixes).toBeGreaterThan(0);

      await withDevice(target(d), (s) => configure(s, [...shut(asn, peer, false)], { save: false }));
      try {
        const after = await withDevice(target(d), (s) => getBgpNeighbors(s));
        // NAPALM's eos gives a down peer the time since its last change, the others -1.
        expect(after.global!.peers[peer]).toMatchObject({
          is_enabled: false,
          is_up: false,
          ...(platform === 'arista_eos' ? {} : { uptime: -1 }),
        });
      } finally {
        await withDevice(target(d), (s) => configure(s, [...shut(asn, peer, true)], { save: false }));
      }
      const restored = await withDevice(target(d), (s) => getBgpNeighbors(s));
      expect(restored.global!.peers[peer]).toMatchObject({ is_enabled: true, is_up: true });
    },
  );

  it("linux: BGP from FRR's JSON summary: each configured neighbour, up with its prefixes", async () => {
    const d = one('linux');
    const configured = [...d.running.join('\n').matchAll(/^ neighbor (\d+\.\d+\.\d+\.\d+)/gm)].map(
      (m) => m[1]!,
    );
    expect(configured.length).toBeGreaterThan(0);
    const bgp = await withDevice(target(d), (s) => getBgpNeighbors(s));
    expect(Object.keys(bgp)).toEqual(['global']);
    expect(Object.keys(bgp.global!.peers).sort()).toEqual([...configured].sort());
    const asn = Number(/^router bgp (\d+)/m.exec(d.running.join('\n'))![1]);
    for (const peer of Object.values(bgp.global!.peers)) {
      expect(peer).toMatchObject({ local_as: asn, remote_as: 65001, remote_id: '', is_enabled: true });
      if (peer.is_up) expect(peer.address_family.ipv4!.received_prefixes).toBeGreaterThan(0);
    }
    expect(Object.values(bgp.global!.peers).some((p) => p.is_up && p.uptime > 0)).toBe(true);
  });

  it.each([
    // What each driver reads beyond the common fields, and the lab's timers per dialect.
    [
      'cisco_ios',
      {
        local_port: 179,
        holdtime: 180,
        keepalive: 60,
        configured_holdtime: 0,
        previous_connection_state: '',
        last_event: '',
      },
    ],
    [
      'arista_eos',
      {
        local_port: 179,
        holdtime: 180,
        keepalive: 60,
        configured_holdtime: 180,
        previous_connection_state: 'OpenConfirm',
        last_event: 'RecvKeepAlive',
      },
    ],
    [
      'linux',
      {
        local_port: 179,
        holdtime: 180,
        keepalive: 60,
        configured_holdtime: 180,
        configured_keepalive: 60,
        previous_connection_state: '',
        last_event: '',
      },
    ],
    [
      'cisco_nxos',
      {
        local_port: 179,
        holdtime: 180,
        keepalive: 60,
        configured_holdtime: 0,
        previous_connection_state: '',
        last_event: '',
      },
    ],
    [
      'cisco_iosxr',
      {
        local_port: 179,
        holdtime: 180,
        keepalive: 60,
        configured_holdtime: 180,
        configured_keepalive: 60,
        previous_connection_state: '',
        last_event: '',
      },
    ],
    [
      'juniper_junos',
      {
        local_port: 54321,
        holdtime: 90,
        keepalive: 30,
        configured_holdtime: 90,
        configured_keepalive: 30,
        previous_connection_state: 'OpenConfirm',
        last_event: 'RecvKeepAlive',
      },
    ],
  ] as const)(
    '%s: BGP neighbours in detail as NAPALM gives them: by table and remote AS, counters, one asked alone',
    async (platform, own) => {
      const d = one(platform);
      const asn = Number(
        /^(?:router bgp|set routing-options autonomous-system) (\d+)/m.exec(d.running.join('\n'))![1],
      );
      const detail = await withDevice(target(d), (s) => getBgpNeighborsDetail(s));
      expect(Object.keys(detail)).toEqual(['global' in detail ? 'global' : 'default']);
      const table = Object.keys(detail)[0]!;
      const peers = Object.values(detail[table]!).flat();
      expect(peers.length).toBeGreaterThan(0);
      const established = peers.find((p) => p.connection_state === 'Established')!;
      expect(established).toMatchObject({
        ...own,
        up: true,
        local_as: asn,
        routing_table: table,
        router_id: established.remote_address,
        input_messages: 1200,
        output_messages: 1200,
        suppress_4byte_as: false,
        multipath: false,
        flap_count: 0,
      });
      expect(established.local_address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(established.accepted_prefix_count).toBeGreaterThan(0);
      expect(established.received_prefix_count).toBe(established.accepted_prefix_count);
      expect(detail[table]![String(established.remote_as)]).toContainEqual(established);

      const alone = await withDevice(target(d), (s) =>
        getBgpNeighborsDetail(s, { neighborAddress: established.remote_address }),
      );
      expect(Object.values(alone[table]!).flat()).toEqual([established]);
      await expect(
        withDevice(target(d), (s) => getBgpNeighborsDetail(s, { neighborAddress: '10.0.0.1; reload' })),
      ).rejects.toThrow(/neighbor_address/);
    },
  );

  it.each(['cisco_ios', 'cisco_nxos', 'arista_eos'])(
    '%s: get_config gives running and startup redacted, apart until the change is saved',
    async (platform) => {
      const d = lab.devices.filter((x) => x.platform === platform).at(-1)!;
      await withDevice(target(d), (s) =>
        configure(s, ['snmp-server contact noc@example.net'], { save: true }),
      );
      const saved = await withDevice(target(d), (s) => getConfig(s));
      // The same statements; the headers ("!Command: …", "! Last configuration change …") differ.
      const statements = (text: string) => text.split('\n').filter((l) => !/^(?:!|end$|\s*$)/.test(l));
      expect(statements(saved.startup)).toEqual(statements(saved.running));
      expect(saved.running).toContain('snmp-server contact noc@example.net');
      expect(saved.running).not.toContain('lab-snmp-secret');
      expect(saved.candidate).toBe('');

      await withDevice(target(d), (s) =>
        configure(s, ['snmp-server contact ops@example.net'], { save: false }),
      );
      const unsaved = await withDevice(target(d), (s) => getConfig(s));
      expect(unsaved.running).toContain('snmp-server contact ops@example.net');
      expect(unsaved.startup).toContain('snmp-server contact noc@example.net');
      expect(unsaved.startup).not.toContain('lab-snmp-secret');
      const startupOnly = await withDevice(target(d), (s) => getConfig(s, { retrieve: 'startup' }));
      expect(startupOnly).toEqual({ running: '', startup: unsaved.startup, candidate: '' });
    },
  );

  it("juniper_junos: get_config as NAPALM's junos gives it: the candidate database beside the running config, no startup", async () => {
    const d = one('juniper_junos');
    const config = await withDevice(target(d), (s) => getConfig(s));
    expect(config.startup).toBe('');
    // Nothing uncommitted: the candidate is the running configuration, cleaned and redacted alike.
    const body = (text: string) => text.split('\n').filter((l) => !/^## |^\s*$/.test(l));
    expect(body(config.candidate)).toEqual(body(config.running));
    expect(config.candidate).toContain(`host-name ${d.hostname};`);
    expect(config.candidate).not.toMatch(/\$6\$lab\$/);
    expect(await withDevice(target(d), (s) => getConfig(s, { retrieve: 'candidate' }))).toEqual({
      running: '',
      startup: '',
      candidate: config.candidate,
    });
  });

  it('a device that refuses a shell is read over exec requests: backup and commands, the same session rules', async () => {
    const d = one('linux');
    const overExec: Platform = {
      ...linux,
      name: 'linux_over_exec',
      channel: 'exec',
      modes: { exec: { prompt: EXEC_PROMPT_PATTERN } },
      commandMode: 'exec',
      onOpen: [],
    };
    d.faults.refuseShell = true;
    try {
      await expect(withDevice(target(d), (s) => backup(s))).rejects.toMatchObject({
        category: 'unsupported',
      });
      const result = await withDevice({ ...target(d), platform: overExec }, (s) => backup(s));
      expect(result.config).toContain(d.hostname);
      const [uname, missing] = await withDevice({ ...target(d), platform: overExec }, (s) =>
        runCommands(s, ['uname -s', 'cat /nonexistent']),
      );
      expect(uname).toMatchObject({ output: 'Linux', error: undefined });
      expect(missing!.error).toMatch(/No such file or directory/);
    } finally {
      d.faults.refuseShell = false;
    }
  });

  it('a configuration kept as a file is fetched over SCP on the same connection; a missing file is named', async () => {
    const d = one('linux');
    const fromFile: Platform = {
      ...linux,
      name: 'linux_files',
      backup: { ...linux.backup, commands: [], files: ['/etc/hostname'] },
    };
    const result = await withDevice({ ...target(d), platform: fromFile }, (s) => backup(s));
    expect(result.config.trim()).toBe(d.hostname);
    const missing: Platform = { ...fromFile, backup: { ...fromFile.backup, files: ['/etc/no-such-file'] } };
    await expect(withDevice({ ...target(d), platform: missing }, (s) => backup(s))).rejects.toMatchObject({
      category: 'command_error',
      message: expect.stringMatching(/\/etc\/no-such-file: .*No such file/),
    });
  });

  it.each([
    ['cisco_iosxr', 107],
    ['juniper_junos', 1187],
    ['linux', -1],
  ] as const)(
    "%s: the ARP table as NAPALM gives it: each routed port's neighbour, its MAC and age",
    async (platform, age) => {
      const d = one(platform);
      const arp = await withDevice(target(d), (s) => getArpTable(s));
      const routed = d.interfaces.filter((i) => i.ipv4);
      expect(routed.length).toBeGreaterThan(0);
      for (const i of routed) {
        const peer = arp.find((e) => e.ip === linkEnds(i.ipv4!).peer);
        expect(peer, i.name).toMatchObject({ age, mac: expect.stringMatching(/^02:00(?::[0-9A-F]{2}){4}$/) });
        expect(peer!.interface).toBe(platform === 'juniper_junos' ? `${i.name}.0` : i.name);
      }
    },
  );

  it('juniper_junos: BGP neighbours as NAPALM gives them, from the summary and the neighbour detail', async () => {
    const d = one('juniper_junos');
    const asn = /^set routing-options autonomous-system (\d+)/m.exec(d.running.join('\n'))![1]!;
    const configured = [
      ...d.running.join('\n').matchAll(/^set protocols bgp group \S+ neighbor (\S+) peer-as/gm),
    ].map((m) => m[1]!);
    expect(configured.length).toBeGreaterThan(0);
    const bgp = await withDevice(target(d), (s) => getBgpNeighbors(s));
    expect(Object.keys(bgp)).toEqual(['global']);
    expect(Object.keys(bgp.global!.peers).sort()).toEqual([...new Set(configured)].sort());
    expect(bgp.global!.router_id).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const up = Object.entries(bgp.global!.peers).find(([, p]) => p.is_up);
    expect(up).toBeDefined();
    const [address, peer] = up!;
    expect(peer).toMatchObject({
      local_as: Number(asn),
      remote_as: 65001,
      remote_id: address,
      is_enabled: true,
    });
    expect(peer.uptime).toBeGreaterThan(0);
    expect(peer.address_family.ipv4!.sent_prefixes).toBe(d.interfaces.filter((i) => i.ipv4).length);
  });

  it('juniper_junos: VLANs and the MAC table as NAPALM gives them, members by physical name', async () => {
    const d = one('juniper_junos');
    const switched = d.interfaces.filter((i) => !i.ipv4).map((i) => i.name);
    expect(switched.length).toBeGreaterThan(0);
    const [vlans, macs] = await withDevice(
      target(d),
      async (s) => [await getVlans(s), await getMacAddressTable(s)] as const,
    );
    expect(vlans).toEqual({ '1': { name: 'default', interfaces: switched } });
    const enabled = d.interfaces.filter((i) => !i.ipv4 && i.enabled).map((i) => `${i.name}.0`);
    expect(macs.map((m) => m.interface)).toEqual(enabled);
    for (const m of macs)
      expect(m).toMatchObject({ vlan: 1, static: false, active: true, moves: -1, last_move: -1 });
  });

  it("cisco_nxos: get_route_to as nxos_ssh gives it: a link's subnet is connected, the device's own address local", async () => {
    const d = one('cisco_nxos');
    const link = d.interfaces.find((i) => i.ipv4)!;
    const { ip, peer } = linkEnds(link.ipv4!);
    await withDevice(target(d), async (s) => {
      const toPeer = await getRouteTo(s, { destination: peer });
      expect(Object.values(toPeer).flat()).toEqual([
        expect.objectContaining({
          protocol: 'direct',
          next_hop: ip,
          outgoing_interface: link.name,
          routing_table: 'default',
          current_active: true,
          preference: 0,
        }),
      ]);
      const own = await getRouteTo(s, { destination: ip });
      expect(Object.keys(own)).toEqual([`${ip}/32`]);
      expect(own[`${ip}/32`]![0]!.protocol).toBe('local');
      expect(await getRouteTo(s, { destination: '198.51.100.7', protocol: 'direct' })).toEqual({});
      await expect(getRouteTo(s, { destination: '10.0.0.1; reload' })).rejects.toThrow(/destination/);
    });
  });

  it("cisco_ios: get_route_to as NAPALM's ios gives it: keyed by the destination, a connected route without an age", async () => {
    const d = one('cisco_ios');
    const link = d.interfaces.find((i) => i.ipv4)!;
    await withDevice(target(d), async (s) => {
      const subnet = `${link.ipv4!.split('/')[0]!.replace(/\d+$/, (o) => String(Number(o) & ~1))}/31`;
      const routes = await getRouteTo(s, { destination: subnet });
      expect(routes).toEqual({
        [subnet]: [
          expect.objectContaining({
            protocol: 'connected',
            outgoing_interface: link.name,
            next_hop: '',
            age: '',
            preference: 0,
          }),
        ],
      });
      expect(await getRouteTo(s, { destination: subnet, protocol: 'ospf' })).toEqual({ [subnet]: [] });
      expect(await getRouteTo(s, { destination: '198.51.100.0/24' })).toEqual({ '198.51.100.0/24': [] });
    });
  });

  it("arista_eos: get_route_to as NAPALM's eos gives it: each VRF asked, the subnet holding the address, connected through its port", async () => {
    const d = one('arista_eos');
    const link = d.interfaces.find((i) => i.ipv4 && i.enabled)!;
    const [ip, bits] = link.ipv4!.split('/') as [string, string];
    const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
    const num = ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
    const subnet = `${[24, 16, 8, 0].map((s) => ((num & mask) >>> s) & 255).join('.')}/${bits}`;
    await withDevice(target(d), async (s) => {
      expect(await getRouteTo(s, { destination: ip })).toEqual({
        [subnet]: [
          {
            protocol: 'connected',
            routing_table: 'default',
            outgoing_interface: link.name,
            next_hop: '',
            age: 0,
            preference: 0,
            current_active: true,
            last_active: true,
            selected_next_hop: true,
            inactive_reason: '',
            protocol_attributes: {},
          },
        ],
      });
      expect(await getRouteTo(s, { destination: ip, protocol: 'direct' })).toEqual({
        [subnet]: [expect.objectContaining({ protocol: 'connected' })],
      });
      expect(await getRouteTo(s, { destination: ip, protocol: 'bgp' })).toEqual({});
      expect(await getRouteTo(s, { destination: '198.51.100.7' })).toEqual({});
    });
  });

  it("juniper_junos: get_route_to as NAPALM's junos gives it: the subnet Direct through the unit, the own address Local", async () => {
    const d = one('juniper_junos');
    const link = d.interfaces.find((i) => i.ipv4 && i.enabled)!;
    const { ip, peer } = linkEnds(link.ipv4!);
    await withDevice(target(d), async (s) => {
      const toPeer = await getRouteTo(s, { destination: peer, protocol: 'connected' });
      expect(Object.values(toPeer).flat()).toEqual([
        {
          protocol: 'Direct',
          routing_table: 'inet.0',
          next_hop: '',
          outgoing_interface: `${link.name}.0`,
          selected_next_hop: true,
          current_active: true,
          last_active: true,
          preference: 0,
          age: 3 * 604800 + 2 * 86400 + 4 * 3600 + 5 * 60 + 6,
          inactive_reason: '',
          protocol_attributes: {},
        },
      ]);
      const own = await getRouteTo(s, { destination: ip });
      expect(Object.keys(own)).toEqual([`${ip}/32`]);
      expect(own[`${ip}/32`]).toEqual([
        expect.objectContaining({ protocol: 'Local', outgoing_interface: '' }),
      ]);
      expect(await getRouteTo(s, { destination: peer, protocol: 'bgp' })).toEqual({});
      expect(await getRouteTo(s, { destination: '198.51.100.7' })).toEqual({});
    });
  });

  it("cisco_iosxr: get_route_to as NAPALM's iosxr gives it: the RIB's connected subnet and local address, no interface", async () => {
    const d = one('cisco_iosxr');
    const link = d.interfaces.find((i) => i.ipv4 && i.enabled)!;
    const { ip, peer } = linkEnds(link.ipv4!);
    await withDevice(target(d), async (s) => {
      const toPeer = await getRouteTo(s, { destination: peer });
      expect(Object.values(toPeer).flat()).toEqual([
        {
          protocol: 'connected',
          routing_table: 'default',
          next_hop: '',
          outgoing_interface: '',
          selected_next_hop: false,
          current_active: true,
          last_active: false,
          preference: 2,
          age: 27 * 86400,
          inactive_reason: '',
          protocol_attributes: {},
        },
      ]);
      expect(await getRouteTo(s, { destination: ip, protocol: 'local' })).toEqual({
        [`${ip}/32`]: [expect.objectContaining({ protocol: 'local' })],
      });
      expect(await getRouteTo(s, { destination: ip, protocol: 'bgp' })).toEqual({});
      expect(await getRouteTo(s, { destination: '198.51.100.7' })).toEqual({});
    });
  });

  it('linux: get_route_to gives the longest route that covers the destination, the default route otherwise', async () => {
    const d = one('linux');
    const link = d.interfaces.find((i) => i.ipv4 && i.enabled)!;
    const { peer } = linkEnds(link.ipv4!);
    await withDevice(target(d), async (s) => {
      const toPeer = await getRouteTo(s, { destination: peer, protocol: 'connected' });
      expect(Object.values(toPeer).flat()).toEqual([
        expect.objectContaining({
          protocol: 'kernel',
          next_hop: '',
          outgoing_interface: link.name,
          routing_table: 'main',
        }),
      ]);
      expect(await getRouteTo(s, { destination: '198.51.100.7' })).toEqual({
        '0.0.0.0/0': [expect.objectContaining({ protocol: 'boot', next_hop: '192.0.2.1' })],
      });
    });
  });

  it("cisco_ios: the ARP table as NAPALM gives it, the device's own addresses at age 0", async () => {
    const d = one('cisco_ios');
    const arp = await withDevice(target(d), (s) => getArpTable(s));
    const routed = d.interfaces.filter((i) => i.ipv4);
    expect(routed.length).toBeGreaterThan(0);
    expect(arp).toHaveLength(routed.length * 2);
    for (const i of routed) {
      const own = arp.find((e) => e.ip === i.ipv4!.split('/')[0]);
      expect(own).toMatchObject({ interface: i.name, age: 0 });
      expect(own!.mac).toMatch(/^[0-9A-F]{2}(?::[0-9A-F]{2}){5}$/);
      expect(arp.filter((e) => e.interface === i.name && e.age > 0)).toHaveLength(1);
    }
  });

  it.each(['cisco_ios', 'cisco_nxos', 'arista_eos', 'cisco_iosxr', 'juniper_junos', 'linux'])(
    "%s: ping from the device as NAPALM gives it: a link's far end answers, an unknown address does not",
    async (platform) => {
      const d = one(platform);
      const { peer } = linkEnds(d.interfaces.find((i) => i.ipv4)!.ipv4!);
      await withDevice(target(d), async (s) => {
        const up = await ping(s, { destination: peer, count: 3 });
        expect(up).toMatchObject({ success: { probes_sent: 3, packet_loss: 0 } });
        if (!('success' in up)) throw new Error('no success');
        expect(up.success.results).toHaveLength(3);
        expect(up.success.rtt_min).toBeGreaterThan(0);
        if (platform !== 'cisco_ios' && platform !== 'cisco_iosxr')
          expect(up.success.results[0]).toEqual({ ip_address: peer, rtt: 1 });
        const down = await ping(s, { destination: '192.0.2.254' });
        // NAPALM's junos answers a ping that lost every probe with an error, the others with 5 lost.
        if (platform === 'juniper_junos') expect(down).toEqual({ error: 'Packet loss 100' });
        else expect(down).toMatchObject({ success: { probes_sent: 5, packet_loss: 5, results: [] } });
        await expect(ping(s, { destination: '10.0.0.1\nreload' })).rejects.toThrow(
          /ping destination: not an address/,
        );
      });
    },
  );

  it('cisco_nxos: the environment as NAPALM gives it: CPUs, memory, temperatures against their thresholds', async () => {
    const env = await withDevice(target(one('cisco_nxos')), (s) => getEnvironment(s));
    expect(env.cpu).toEqual({ '0': { '%usage': 8 }, '1': { '%usage': 5 } });
    expect(env.memory).toEqual({ used_ram: 8912340, available_ram: 24569856 });
    expect(env.temperature['BACK-1']).toEqual({ temperature: 44, is_alert: true, is_critical: false });
    expect(env.temperature['FRONT-1']).toEqual({ temperature: 31, is_alert: false, is_critical: false });
    expect(env.power).toEqual({ invalid: { status: true, output: -1, capacity: -1 } });
  });

  it('cisco_ios: the environment as NAPALM gives it: one-minute CPU, processor plus I/O memory, the system temperature', async () => {
    const env = await withDevice(target(one('cisco_ios')), (s) => getEnvironment(s));
    expect(env).toEqual({
      cpu: { '0': { '%usage': 3 } },
      memory: { used_ram: 303785672 + 60113792, available_ram: 1837560960 + 268435456 },
      temperature: { system: { temperature: 38, is_alert: false, is_critical: false } },
      power: { invalid: { status: true, output: -1, capacity: -1 } },
      fans: { invalid: { status: true } },
    });
  });

  it("arista_eos: the environment as NAPALM's eos gives it: fans, every sensor, power supplies, CPU and memory from top", async () => {
    const env = await withDevice(target(one('arista_eos')), (s) => getEnvironment(s));
    expect(env).toEqual({
      fans: { '1': { status: true }, '2': { status: false } },
      temperature: {
        'TempSensorP1/1': { temperature: 30, is_alert: false, is_critical: false },
        TempSensor1: { temperature: 41.5, is_alert: false, is_critical: false },
        TempSensor2: { temperature: 78, is_alert: true, is_critical: false },
      },
      power: {
        '1': { status: true, capacity: 500, output: 104.5 },
        '2': { status: false, capacity: 500, output: 0 },
      },
      cpu: { '0': { '%usage': 5.4 } },
      memory: { available_ram: 32472080, used_ram: 5697604 },
    });
  });

  it("cisco_iosxr: the environment as NAPALM's iosxr_netconf gives it: fan trays, supplies with their output, the RP's CPU and memory", async () => {
    const env = await withDevice(target(one('cisco_iosxr')), (s) => getEnvironment(s));
    expect(env).toEqual({
      fans: { FT0: { status: true }, FT1: { status: true }, FT2: { status: true } },
      power: {
        '0/PM0': { status: true, output: 286.8, capacity: 1400 },
        '0/PM1': { status: false, output: 0, capacity: 1400 },
      },
      temperature: {},
      cpu: { '0/RP0/CPU0': { '%usage': 3 } },
      memory: { available_ram: 16384 * 1_048_576, used_ram: (16384 - 10240) * 1_048_576 },
    });
  });

  it("linux: the bridge's MAC table and VLANs: learned hosts and the ports' own addresses, not their filters", async () => {
    const d = one('linux');
    const members = d.interfaces.filter((i) => i.enabled && !i.ipv4).map((i) => i.name);
    expect(members.length).toBeGreaterThan(0);
    const [macs, vlans] = await withDevice(target(d), async (s) => [
      await getMacAddressTable(s),
      await getVlans(s),
    ]);
    expect(macs).toHaveLength(members.length * 2);
    expect(macs.map((m) => m.interface)).toEqual(members.flatMap((m) => [m, m]));
    expect(macs.filter((m) => !m.static).every((m) => m.mac.startsWith('02:'))).toBe(true);
    expect(macs.every((m) => m.vlan === 1 && /^[0-9A-F]{2}(?::[0-9A-F]{2}){5}$/.test(m.mac))).toBe(true);
    expect(vlans).toEqual({ '1': { name: '', interfaces: [...members, 'br0'] } });
  });

  it('linux: the environment from top: CPU as 100 minus idle, memory in KiB', async () => {
    const env = await withDevice(target(one('linux')), (s) => getEnvironment(s));
    expect(env).toEqual({
      fans: {},
      temperature: {},
      power: {},
      cpu: { '0': { '%usage': 4.7 } },
      memory: { available_ram: Math.round(3915.2 * 1024), used_ram: Math.round(812.6 * 1024) },
    });
  });

  it("juniper_junos: the environment as NAPALM's junos gives it: fans, supplies, each sensor against the last thresholds row, both engines", async () => {
    const env = await withDevice(target(one('juniper_junos')), (s) => getEnvironment(s));
    expect(env).toEqual({
      fans: { 'Fan Tray 0 Fan 1': { status: true }, 'Fan Tray 0 Fan 2': { status: false } },
      power: {
        'PEM 0': { status: true, capacity: -1, output: -1 },
        'PEM 1': { status: false, capacity: -1, output: -1 },
      },
      temperature: {
        'PEM 0': { temperature: 31, is_alert: false, is_critical: false },
        'PEM 1': { temperature: 0, is_alert: false, is_critical: false },
        'Routing Engine 0': { temperature: 38, is_alert: false, is_critical: false },
        'Routing Engine 1': { temperature: 73, is_alert: true, is_critical: false },
      },
      cpu: { '0': { '%usage': 9 }, '1': { '%usage': 3 } },
      memory: { available_ram: 8192, used_ram: 1147 },
    });
  });

  it.each(['cisco_nxos', 'arista_eos'])(
    '%s: the ARP table as NAPALM gives it, the neighbours of its routed ports',
    async (platform) => {
      const d = one(platform);
      const arp = await withDevice(target(d), (s) => getArpTable(s));
      const routed = d.interfaces.filter((i) => i.ipv4);
      expect(routed.length).toBeGreaterThan(0);
      expect(arp.map((e) => e.interface)).toEqual(routed.map((i) => i.name));
      for (const e of arp) {
        expect(e.age).toBe(107);
        expect(e.mac).toMatch(/^02(?::[0-9A-F]{2}){5}$/);
      }
    },
  );

  it.each(['cisco_ios', 'cisco_nxos', 'arista_eos'])(
    '%s: the MAC address table as NAPALM gives it, one learned address per enabled switched port',
    async (platform) => {
      const d = one(platform);
      const table = await withDevice(target(d), (s) => getMacAddressTable(s));
      const learned = learnedMacs(d);
      expect(learned.length).toBeGreaterThan(0);
      const dynamic = table.filter((e) => !e.static);
      expect(dynamic.map((e) => e.interface)).toEqual(learned.map((l) => l.port));
      for (const e of dynamic) {
        expect(e).toMatchObject({ vlan: 1, active: true });
        expect(e.mac).toMatch(/^02(?::[0-9A-F]{2}){5}$/);
      }
      const statics = table.filter((e) => e.static);
      if (platform === 'cisco_ios')
        expect(statics.map((e) => [e.vlan, e.interface])).toEqual([
          [0, ''],
          [0, ''],
        ]);
      if (platform === 'cisco_nxos')
        expect(statics).toMatchObject([{ vlan: 0, interface: 'sup-eth1(R)', active: false }]);
      if (platform === 'arista_eos')
        expect(dynamic[0]).toMatchObject({ moves: 1, last_move: expect.any(Number) });
    },
  );

  it("cisco_iosxr: the MAC table of every node running XR, each host on its port's full name, VLAN 0", async () => {
    const d = one('cisco_iosxr');
    const learned = learnedMacs(d);
    expect(learned.length).toBeGreaterThan(0);
    const table = await withDevice(target(d), (s) => getMacAddressTable(s));
    expect(table.map((e) => e.interface)).toEqual(learned.map((l) => l.port));
    expect(table.map((e) => e.mac)).toEqual(
      learned.map((l) =>
        l.mac
          .replaceAll('.', '')
          .toUpperCase()
          .replace(/(..)(?=.)/g, '$1:'),
      ),
    );
    for (const e of table)
      expect(e).toEqual({ ...e, vlan: 0, static: false, active: true, moves: 0, last_move: 0 });
  });

  it.each(['cisco_ios', 'cisco_nxos', 'arista_eos', 'cisco_iosxr', 'juniper_junos'])(
    '%s: NTP servers, users and SNMP from the running config, secrets as markers',
    async (platform) => {
      const d = one(platform);
      const redactionKey = new Uint8Array(32).fill(7);
      await withDevice(target(d), async (s) => {
        expect(await getNtpServers(s, { redactionKey })).toEqual({ '192.0.2.123': {} });
        const users = await getUsers(s, { redactionKey });
        expect(users[d.username]).toMatchObject({ level: 15, sshkeys: [] });
        expect(users[d.username]!.password).toMatch(/^<redacted:[0-9a-f]+>$/);
        const snmp = await getSnmpInformation(s, { redactionKey });
        const communities = Object.entries(snmp.community);
        expect(communities).toEqual([
          [
            expect.stringMatching(/^<redacted:[0-9a-f]+>$/),
            { acl: platform === 'juniper_junos' || platform === 'arista_eos' ? '' : 'N/A', mode: 'ro' },
          ],
        ]);
        expect(JSON.stringify(snmp)).not.toContain('lab-snmp-secret');
        if (platform === 'cisco_ios' || platform === 'cisco_iosxr' || platform === 'juniper_junos')
          expect(snmp.location).toBe('Lab rack 1');
      });
    },
  );

  it("linux: NTP servers, users and SNMP from the host's daemon files, the community as a marker", async () => {
    const d = one('linux');
    const redactionKey = new Uint8Array(32).fill(7);
    await withDevice(target(d), async (s) => {
      expect(await getNtpServers(s, { redactionKey })).toEqual({
        '2.debian.pool.ntp.org': {},
        '192.0.2.123': {},
      });
      expect(await getUsers(s, { redactionKey })).toEqual({
        root: { level: 15, password: '', sshkeys: [] },
        [d.username]: { level: 15, password: '', sshkeys: [] },
      });
      const snmp = await getSnmpInformation(s, { redactionKey });
      expect(snmp).toEqual({
        chassis_id: '',
        location: 'Lab rack 1',
        contact: 'noc@lab.example',
        community: { [Object.keys(snmp.community)[0]!]: { acl: '10.0.0.0/8', mode: 'ro' } },
      });
      expect(Object.keys(snmp.community)[0]).toMatch(/^<redacted:[0-9a-f]+>$/);
      expect(JSON.stringify(snmp)).not.toContain('lab-snmp-secret');
    });
  });

  it.each(PLATFORMS)('%s: facts, interfaces and addresses match the device', async (platform) => {
    const d = one(platform);
    await withDevice(target(d), async (s, hostKey) => {
      expect(hostKey).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      const facts = await getFacts(s);
      expect(facts.hostname).toBe(d.hostname);
      // NAPALM's os_version: IOS gives the whole software line, the others the number.
      expect(versionNumber(facts.os_version)).toBe(d.version);
      // NAPALM's fqdn on IOS: the host name and "show hosts"' default domain.
      if (platform === 'cisco_ios' || platform === 'cisco_nxos')
        expect(facts.fqdn).toBe(`${d.hostname}.lab.example`);
      // NAPALM's iosxr: the host name as the fqdn, the interfaces sorted by name.
      if (platform === 'cisco_iosxr') {
        expect(facts.fqdn).toBe(d.hostname);
        expect(facts.interface_list).toEqual([...facts.interface_list].sort());
        expect(facts.interface_list.length).toBeGreaterThan(1);
      }
      // NAPALM's NX-OS model is the chassis line's words, "Chassis" included; its interface
      // list every port of the status table.
      if (platform === 'cisco_nxos') {
        expect(facts.model).toBe(`Nexus9000 ${d.model} Chassis`);
        expect(facts.interface_list).toEqual(d.interfaces.map((i) => i.name));
      }
      // NAPALM's junos (through PyEZ): the model upper-cased, the configured domain in the fqdn,
      // every physical interface in the device's order.
      if (platform === 'juniper_junos') {
        expect(facts.model).toBe(d.model.toUpperCase());
        expect(facts.fqdn).toBe(`${d.hostname}.lab.example`);
        expect(facts.interface_list).toEqual(d.interfaces.map((i) => i.name));
      }
      if (platform === 'cisco_ios')
        expect(facts.os_version).toMatch(
          new RegExp(`Software \\(.*\\), Version ${d.version.replace(/[()]/g, '\\$&')}, RELEASE`),
        );
      if (platform !== 'linux') expect(facts.serial_number).toBe(d.serial);
      const interfaces = await getInterfaces(s);
      // Junos lists logical units ("xe-0/0/1.0") beside the physical ports, as NAPALM does.
      expect(Object.keys(interfaces)).toEqual(expect.arrayContaining(d.interfaces.map((i) => i.name)));
      const linked = d.interfaces.find((i) => i.ipv4)!;
      expect(interfaces[linked.name]!.is_up).toBe(true);
      const ips = await getInterfacesIp(s);
      const name = platform === 'juniper_junos' ? `${linked.name}.0` : linked.name;
      const [address, length] = linked.ipv4!.split('/');
      expect(ips[name]?.ipv4?.[address!]).toEqual({ prefix_length: Number(length) });
    });
  });

  it('LLDP on each end of every link names the other end', async () => {
    const seen = new Map<string, { local: string; remote: string; port: string }[]>();
    for (const d of lab.devices) {
      const neighbors = await withDevice(target(d), (s) => getLldpNeighborsDetail(s));
      seen.set(
        d.hostname,
        Object.entries(neighbors).flatMap(([local, list]) =>
          list.map((n) => ({ local, remote: n.remote_system_name, port: n.remote_port })),
        ),
      );
    }
    let links = 0;
    for (const [host, list] of seen) {
      for (const n of list) {
        links++;
        expect(seen.get(n.remote), `${host} sees ${n.remote}`).toContainEqual({
          local: n.port,
          remote: host,
          port: n.local,
        });
      }
    }
    expect(links).toBeGreaterThan(20);
  });

  it('CDP detail gives the same neighbours as LLDP on Cisco platforms', async () => {
    const d = one('cisco_nxos');
    await withDevice(target(d), async (s) => {
      const lldp = await getLldpNeighborsDetail(s);
      const cdp = await getCdpNeighborsDetail(s);
      const pairs = (x: typeof lldp) =>
        Object.entries(x)
          .flatMap(([local, list]) => list.map((n) => `${local}>${n.remote_system_name}:${n.remote_port}`))
          .sort();
      expect(pairs(cdp)).toEqual(pairs(lldp));
    });
  });

  it.each(['cisco_ios', 'cisco_nxos', 'arista_eos', 'cisco_iosxr', 'juniper_junos'])(
    '%s: configuration changes the running config, and the next backup differs',
    async (platform) => {
      const d = one(platform);
      const before = await withDevice(target(d), (s) => backup(s));
      const iface = d.interfaces[d.interfaces.length - 1]!.name;
      const lines =
        platform === 'juniper_junos'
          ? [`set interfaces ${iface} description "changed by webnet"`]
          : [`interface ${iface}`, 'description changed by webnet'];
      const result = await withDevice(target(d), (s) => configure(s, lines));
      expect(result.results.every((r) => !r.error)).toBe(true);
      const after = await withDevice(target(d), (s) => backup(s));
      expect(after.hash).not.toBe(before.hash);
      expect(after.config).toContain('changed by webnet');
      const interfaces = await withDevice(target(d), (s) => getInterfaces(s));
      expect(interfaces[iface]!.description).toBe('changed by webnet');
    },
  );

  it('a line the device rejects is a command error, and the session is back in command mode', async () => {
    const d = one('cisco_ios');
    await withDevice(target(d), async (s) => {
      const err = await configure(s, ['interface GigabitEthernet1/0/1', 'frobnicate the widget']).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(NetioError);
      expect((err as NetioError).category).toBe('command_error');
      // How far it got, in the device's words: never partial in silence.
      expect((err as NetioError).message).toMatch(
        /^"frobnicate the widget" refused by the device: "% Invalid input[^"]*"; 1 of 2 lines applied before it; not saved$/,
      );
      expect(s.mode).toBe('privileged');
      const [show] = await runCommands(s, ['show version']);
      expect(show!.output).toContain(d.serial);
    });
  });

  it('runs commands and reports the ones the device rejects, without stopping', async () => {
    const d = one('arista_eos');
    const results = await withDevice(target(d), (s) =>
      runCommands(s, ['show version', 'show bogus', 'show hostname']),
    );
    expect(results.map((r) => Boolean(r.error))).toEqual([false, true, false]);
    expect(results[2]!.output).toContain(d.hostname);
  });

  it('answers the pager when paging cannot be turned off', async () => {
    const d = one('cisco_ios');
    const platform = { ...platformByName('cisco_ios')!, onOpen: [] };
    const paged = await withDevice(target(d, { platform }), (s) => backup(s));
    const unpaged = await withDevice(target(d), (s) => backup(s));
    expect(paged.config).toBe(unpaged.config);
  });

  it('detects each platform from its answers', async () => {
    for (const platform of PLATFORMS) {
      const d = one(platform);
      expect(await detectPlatform({ ...target(d), commandTimeoutMs: 3000 })).toBe(platform);
    }
  });

  it('a wrong enable secret is an authentication failure', async () => {
    const d = one('cisco_ios');
    const err = await connect(target(d, { secret: 'wrong' })).catch((e) => e);
    expect((err as NetioError).category).toBe('auth');
  });
});

describe('faults', () => {
  const faulty = (i: number) => lab.devices.filter((d) => d.platform === 'cisco_ios')[i]!;

  it('classifies a wrong password, a refused connection, a hang, a drop and a changed host key', async () => {
    const d = faulty(1);
    const category = async (extra: Partial<DeviceTarget> = {}) => {
      const err = await withDevice(target(d, extra), (s) => backup(s)).then(
        () => 'ok',
        (e: NetioError) => e.category,
      );
      return err;
    };
    const first = await connect(target(d));
    const pinned = first.hostKey;
    first.close();

    await lab.setFaults(d.hostname, { wrongPassword: true });
    expect(await category()).toBe('auth');
    await lab.setFaults(d.hostname, { refuseConnections: true });
    expect(await category()).toBe('refused');
    await lab.setFaults(d.hostname, { hangAfterLogin: true });
    expect(await category({ commandTimeoutMs: 400 })).toBe('timeout');
    await lab.setFaults(d.hostname, { dropAfterBytes: 2000 });
    expect(await category()).toBe('reset');
    await lab.setFaults(d.hostname, { changedHostKey: true });
    expect(await category({ hostKey: pinned })).toBe('host_key_changed');
    expect(await category({ hostKey: pinned, acceptChangedHostKey: true })).toBe('ok');
    await lab.setFaults(d.hostname, { slowOutputMs: 2 });
    expect(await category({ hostKey: pinned })).toBe('ok');
    await lab.setFaults(d.hostname, {});
    expect(await category({ hostKey: pinned })).toBe('ok');
  });

  it('an abort signal ends a session at once', async () => {
    const d = faulty(2);
    await lab.setFaults(d.hostname, { hangAfterLogin: true });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);
    const err = await connect(target(d, { signal: controller.signal, commandTimeoutMs: 10_000 })).catch(
      (e) => e,
    );
    expect((err as NetioError).category).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(5000);
    await lab.setFaults(d.hostname, {});
  });
});

describe('Junos candidate configuration', () => {
  it('commit confirmed rolls back by itself unless confirmed; rollback restores an older commit', async () => {
    junosClock.minuteMs = 300;
    const d = one('juniper_junos');
    const run = (lines: string[]) =>
      withDevice(target(d), async (s) => {
        await s.enterMode('configuration');
        const out = [];
        for (const l of lines) out.push(await s.run(l));
        await s.enterMode('operational');
        return out;
      });
    const config = () => withDevice(target(d), (s) => backup(s)).then((b) => b.config);

    await run(['set system location building lab-1', 'commit confirmed 1']);
    expect(await config()).toContain('building lab-1');
    await new Promise((r) => setTimeout(r, 600));
    expect(await config()).not.toContain('building lab-1');

    await run(['set system location building lab-2', 'commit confirmed 1', 'commit']);
    await new Promise((r) => setTimeout(r, 600));
    expect(await config()).toContain('building lab-2');

    await run(['set system location building lab-3', 'commit']);
    await run(['rollback 1', 'commit']);
    const restored = await config();
    expect(restored).toContain('building lab-2');
    expect(restored).not.toContain('building lab-3');
  });
});

describe('EOS configuration sessions', () => {
  it('commit timer reverts unless confirmed; abort discards; checkpoints restore', async () => {
    eosClock.secondMs = 20;
    const d = lab.devices.filter((x) => x.platform === 'arista_eos').at(-1)!;
    const run = (lines: string[]) =>
      withDevice(target(d), async (s) => {
        const out = [];
        for (const l of lines) out.push(await s.run(l));
        await s.enterMode('privileged');
        return out;
      });
    const config = () => withDevice(target(d), (s) => backup(s)).then((b) => b.config);

    await run(['configure checkpoint save before-lab']);
    const diff = await run([
      'configure session s1',
      'snmp-server location LOC-A',
      'show session-config diffs',
      'abort',
    ]);
    expect(diff[2]!.output).toContain('+snmp-server location LOC-A');
    expect(await config()).not.toContain('LOC-A');

    await run(['configure session s2', 'snmp-server location LOC-B', 'commit timer 00:00:10']);
    expect(await config()).toContain('LOC-B');
    await new Promise((r) => setTimeout(r, 400));
    expect(await config()).not.toContain('LOC-B');

    await run([
      'configure session s3',
      'snmp-server location LOC-C',
      'commit timer 00:00:10',
      'configure session s3 commit',
    ]);
    await new Promise((r) => setTimeout(r, 400));
    expect(await config()).toContain('LOC-C');

    await run(['configure replace checkpoint:before-lab']);
    expect(await config()).not.toContain('LOC-C');
  });
});

describe('renaming a device', () => {
  it('follows the prompt to the new host name and keeps working', async () => {
    const d = lab.devices.filter((x) => x.platform === 'cisco_ios').at(-1)!;
    const original = d.hostname;
    await withDevice(target(d), async (s) => {
      await configure(s, ['hostname renamed-by-webnet'], { save: false });
      expect(s.host).toBe('renamed-by-webnet');
      const [show] = await runCommands(s, ['show version']);
      expect(show!.output).toContain('renamed-by-webnet uptime is');
      await configure(s, [`hostname ${original}`], { save: false });
      expect(s.host).toBe(original);
    });
  });
});

describe('authentication and algorithms', () => {
  it('logs in with an SSH key when the device has it, and not with another key', async () => {
    const d = lab.devices.filter((x) => x.platform === 'arista_eos')[0]!;
    const good = generateKeyPair();
    const other = generateKeyPair();
    d.authorizedKey = good.public;
    try {
      const withKey = { ...target(d), password: undefined, privateKey: good.private };
      const facts = await withDevice(withKey, (s) => getFacts(s));
      expect(facts.serial_number).toBe(d.serial);
      const err = await connect({ ...withKey, privateKey: other.private }).catch((e) => e);
      expect((err as NetioError).category).toBe('auth');
    } finally {
      delete d.authorizedKey;
    }
  });

  it('reaches an old device only when legacy algorithms are allowed for it', async () => {
    const d = lab.devices.filter((x) => x.platform === 'linux').at(-1)!;
    const refused = await connect(target(d, { legacyAlgorithms: false })).catch((e) => e);
    expect((refused as NetioError).category).toBe('unsupported');
    expect((refused as NetioError).retriable).toBe(false);
    const facts = await withDevice(target(d), (s) => getFacts(s));
    expect(facts.hostname).toBe(d.hostname);
  });
});

describe('a lab sharing one listener per port', () => {
  it('answers each address as its own device, with a stable host key, and resets a refusing one', async () => {
    const devices = generateNetwork({
      devices: 3,
      topology: 'flat',
      platform: 'cisco_ios',
      firstAddress: '127.51.0.1',
      port: 0,
      configBytes: 2000,
    });
    const shared = await Lab.start(devices, { sharedListener: true });
    try {
      const [a, b, c] = shared.devices as [LabDevice, LabDevice, LabDevice];
      // One port for all: the address dialled picks the device.
      expect(new Set([a.port, b.port, c.port]).size).toBe(1);
      for (const d of [a, b]) {
        const { config } = await withDevice(target(d), (s) => backup(s));
        expect(config).toContain(`hostname ${d.hostname}`);
      }
      const keyOf = async (d: LabDevice) => {
        const s = await connect(target(d));
        s.close();
        return s.hostKey;
      };
      expect(await keyOf(a)).toBe(await keyOf(a));
      expect(await keyOf(a)).not.toBe(await keyOf(b));
      await shared.setFaults(c.hostname, { refuseConnections: true });
      const failed = await withDevice(target(c), (s) => backup(s)).catch((e: NetioError) => e);
      expect(failed).toBeInstanceOf(NetioError);
      expect((failed as NetioError).category).toBe('reset');
    } finally {
      await shared.stop();
    }
  });
});
