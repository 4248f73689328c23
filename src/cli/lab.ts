import fs from 'node:fs';
import { inventoryCsv } from '../lab/inventory.ts';
import { Lab } from '../lab/server.ts';
import { generateNetwork, TOPOLOGIES, type Topology } from '../lab/topology.ts';

export type LabOptions = {
  devices: string;
  topology: string;
  platform?: string;
  address: string;
  port: string;
  ports: boolean;
  sharedListener: boolean;
  configBytes: string;
  inventory: string;
  customer: string;
  credential: string;
  password: string;
  secret: string;
  username: string;
};

function positive(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  return n;
}

/** `webnet lab`: simulated devices until interrupted, and an inventory CSV the devices import accepts. */
export async function labCommand(opts: LabOptions): Promise<void> {
  if (!TOPOLOGIES.includes(opts.topology as Topology))
    throw new Error(`--topology must be one of ${TOPOLOGIES.join(', ')}, not "${opts.topology}"`);
  const devices = generateNetwork({
    devices: positive('devices', opts.devices),
    topology: opts.topology as Topology,
    platform: opts.platform,
    firstAddress: opts.address,
    port: positive('port', opts.port, 0),
    ports: opts.ports,
    configBytes: positive('config-bytes', opts.configBytes, 0),
    username: opts.username,
    password: opts.password,
    secret: opts.secret,
  });
  const started = performance.now();
  const lab = await Lab.start(devices, { sharedListener: opts.sharedListener });
  fs.writeFileSync(
    opts.inventory,
    inventoryCsv(lab.devices, { customer: opts.customer, credential: opts.credential }),
  );
  const first = lab.devices[0]!;
  process.stdout.write(
    `webnet lab: ${devices.length} devices up in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(first: ${first.hostname} ${first.platform} at ${first.address}:${first.port})\n` +
      `  login ${opts.username} / ${opts.password}, enable secret ${opts.secret}\n` +
      `  inventory for POST /api/v1/devices/import: ${opts.inventory} (credential "${opts.credential}", customer "${opts.customer}")\n` +
      'lab ready\n',
  );
  const stop = async () => {
    await lab.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
