import { seedConfig } from './configs.ts';
import type { LabDevice, LabInterface, LabNeighbor } from './model.ts';

/** What each platform in the lab looks like: interface names, models, versions, how it describes itself. */
const PROFILES: Record<
  string,
  {
    ifName: (n: number) => string;
    model: string;
    version: string;
    describe: (d: LabDevice) => string;
    platform: string;
    mtu: number;
    speed: number;
  }
> = {
  cisco_ios: {
    ifName: (n) => `GigabitEthernet1/0/${n}`,
    model: 'C9300-48P',
    version: '17.9.4a',
    describe: (d) =>
      `Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), Version ${d.version}, RELEASE SOFTWARE (fc3)`,
    platform: 'cisco C9300-48P',
    mtu: 1500,
    speed: 1000,
  },
  cisco_nxos: {
    ifName: (n) => `Ethernet1/${n}`,
    model: 'C93180YC-FX',
    version: '10.3(6)',
    describe: (d) => `Cisco Nexus Operating System (NX-OS) Software ${d.version}`,
    platform: 'N9K-C93180YC-FX',
    mtu: 9216,
    speed: 25000,
  },
  arista_eos: {
    ifName: (n) => `Ethernet${n}`,
    model: 'DCS-7050SX3-48YC8',
    version: '4.29.2F',
    describe: (d) => `Arista Networks EOS version ${d.version} running on an Arista Networks ${d.model}`,
    platform: 'Arista DCS-7050SX3-48YC8',
    mtu: 9214,
    speed: 25000,
  },
  juniper_junos: {
    ifName: (n) => `xe-0/0/${n}`,
    model: 'qfx5120-48y',
    version: '22.4R3-S2.11',
    describe: (d) => `Juniper Networks, Inc. ${d.model} Ethernet Switch, kernel JUNOS ${d.version}`,
    platform: 'Juniper qfx5120-48y',
    mtu: 1514,
    speed: 10000,
  },
  cisco_iosxr: {
    ifName: (n) => `HundredGigE0/0/0/${n}`,
    model: '8201-32FH',
    version: '7.9.2',
    describe: (d) => `Cisco IOS XR Software, Version ${d.version}`,
    platform: 'cisco 8201-32FH',
    mtu: 1514,
    speed: 100000,
  },
  linux: {
    ifName: (n) => `eth${n}`,
    model: 'x86_64',
    version: '6.1.0-28-amd64',
    describe: (d) => `Debian GNU/Linux 12 (bookworm) Linux ${d.version}`,
    platform: 'Linux',
    mtu: 1500,
    speed: 10000,
  },
};

export const TOPOLOGIES = ['leaf-spine', 'flat'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

export type GenerateOptions = {
  devices: number;
  topology?: Topology;
  /** One platform for every device; by default a data-centre mix. */
  platform?: string | undefined;
  /** First loopback address; each device gets the next one. All on 127.0.0.1 with their own ports when `ports` is set. */
  firstAddress?: string;
  port?: number;
  ports?: boolean;
  username?: string;
  password?: string;
  secret?: string;
  /** Approximate size of each running config, in bytes. */
  configBytes?: number;
  site?: string;
};

function addressAt(first: string, i: number): string {
  const start = first.split('.').reduce((a, o) => a * 256 + Number(o), 0) + i;
  return [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join('.');
}

const macAt = (i: number, port: number) =>
  `52:54:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}:${port.toString(16).padStart(2, '0')}`;

type Role = 'border' | 'spine' | 'leaf' | 'access';

/** How many of each role: two borders and a spine per ~20 leaves in a leaf-spine fabric, the rest access. */
function roles(n: number, topology: Topology): Role[] {
  if (topology === 'flat' || n < 4) return Array.from({ length: n }, () => 'access');
  const borders = n >= 12 ? 2 : 0;
  const spines = Math.max(2, Math.min(32, Math.round(n / 25)));
  const leaves = Math.max(1, Math.round((n - borders - spines) / 3));
  const access = n - borders - spines - leaves;
  return [
    ...Array<Role>(borders).fill('border'),
    ...Array<Role>(spines).fill('spine'),
    ...Array<Role>(leaves).fill('leaf'),
    ...Array<Role>(Math.max(0, access)).fill('access'),
  ].slice(0, n);
}

const MIX: Record<Role, string[]> = {
  border: ['cisco_iosxr'],
  spine: ['arista_eos', 'cisco_nxos'],
  leaf: ['cisco_nxos', 'arista_eos', 'juniper_junos'],
  access: ['cisco_ios', 'cisco_ios', 'cisco_ios', 'linux'],
};

/**
 * A network whose LLDP and CDP tables agree on both ends of every link: borders to spines,
 * every leaf to every spine, each access switch to one leaf.
 */
export function generateNetwork(options: GenerateOptions): LabDevice[] {
  const topology = options.topology ?? 'leaf-spine';
  const roleList = roles(options.devices, topology);
  const counters: Record<Role, number> = { border: 0, spine: 0, leaf: 0, access: 0 };
  const devices: LabDevice[] = roleList.map((role, i) => {
    const k = ++counters[role];
    const platform = options.platform ?? MIX[role][(k - 1) % MIX[role].length]!;
    const profile = PROFILES[platform];
    if (!profile) throw new Error(`the lab has no ${platform} devices`);
    return {
      hostname: `${options.site ?? 'lab'}-${role}${String(k).padStart(role === 'access' ? 4 : 2, '0')}`,
      platform,
      address: options.ports ? '127.0.0.1' : addressAt(options.firstAddress ?? '127.20.0.1', i),
      port: options.ports ? (options.port ?? 0) && (options.port ?? 0) + i : (options.port ?? 2222),
      username: options.username ?? 'admin',
      password: options.password ?? 'lab-password',
      secret: options.secret ?? 'lab-enable',
      model: profile.model,
      serial: `LAB${String(i + 1).padStart(8, '0')}`,
      version: profile.version,
      bootedAt: Date.now() - (3 * 86400 + i * 61) * 1000,
      changedAt: Date.now() - 86400_000,
      chassisMac: macAt(i, 0),
      interfaces: [],
      neighbors: [],
      running: [],
      startup: [],
      faults: {},
    };
  });
  const byRole = (r: Role) => devices.filter((_, i) => roleList[i] === r);
  const nextPort = new Map<LabDevice, number>();
  let linkNo = 0;
  const link = (a: LabDevice, b: LabDevice) => {
    const base = linkNo++ * 2;
    const net = `10.${100 + Math.floor(base / 65536)}.${Math.floor(base / 256) % 256}.${base % 256}`;
    const ends = [a, b].map((d, side) => {
      const n = (nextPort.get(d) ?? 0) + 1;
      nextPort.set(d, n);
      const profile = PROFILES[d.platform]!;
      const iface: LabInterface = {
        name: profile.ifName(n),
        description: '',
        ipv4: `${net.split('.').slice(0, 3).join('.')}.${Number(net.split('.')[3]) + side}/31`,
        mac: macAt(devices.indexOf(d), n),
        enabled: true,
        up: true,
        mtu: profile.mtu,
        speedMbit: profile.speed,
      };
      d.interfaces.push(iface);
      return { d, iface };
    });
    const [x, y] = ends as [{ d: LabDevice; iface: LabInterface }, { d: LabDevice; iface: LabInterface }];
    x.iface.description = `to ${y.d.hostname} ${y.iface.name}`;
    y.iface.description = `to ${x.d.hostname} ${x.iface.name}`;
    const neighbor = (self: typeof x, other: typeof x): LabNeighbor => ({
      localInterface: self.iface.name,
      remoteHostname: other.d.hostname,
      remoteInterface: other.iface.name,
      remoteMgmtIp: other.d.address,
      remoteChassisId: other.d.chassisMac,
      remoteDescription: PROFILES[other.d.platform]!.describe(other.d),
      remotePlatform: PROFILES[other.d.platform]!.platform,
    });
    x.d.neighbors.push(neighbor(x, y));
    y.d.neighbors.push(neighbor(y, x));
  };
  const spines = byRole('spine');
  const leaves = byRole('leaf');
  for (const b of byRole('border')) for (const s of spines) link(b, s);
  for (const l of leaves) for (const s of spines) link(l, s);
  byRole('access').forEach((a, i) => {
    if (leaves.length > 0) link(a, leaves[i % leaves.length]!);
  });
  // Unconnected ports make the interface tables look like a real switch's.
  devices.forEach((d, index) => {
    const profile = PROFILES[d.platform]!;
    const used = nextPort.get(d) ?? 0;
    for (let n = used + 1; n <= Math.max(used + 2, 8); n++)
      d.interfaces.push({
        name: profile.ifName(n),
        description: '',
        mac: macAt(index, n),
        enabled: n % 4 !== 0,
        up: false,
        mtu: profile.mtu,
        speedMbit: profile.speed,
      });
  });
  for (const d of devices) {
    d.running = seedConfig(d, options.configBytes ?? 8_000);
    d.startup = [...d.running];
  }
  return devices;
}
