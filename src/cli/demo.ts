import { createApp, startHousekeeping } from '../app/app.ts';
import { DEMO_USERS, demoNetwork, demoPassword, seedDemo } from '../app/demo.ts';
import { Lab } from '../lab/server.ts';
import type { Config } from '../platform/config.ts';
import { listenUrl } from '../platform/http/listen-url.ts';

export type DemoOptions = { devices: string; address: string; password?: string };

/**
 * `webnet demo`: the simulated lab, webnet on it with its worker, and seed data (two customers,
 * one user per role) in a data directory of its own. Prints the URL and the logins.
 */
export async function demoCommand(config: Config, opts: DemoOptions): Promise<void> {
  const devices = Number(opts.devices);
  if (!Number.isInteger(devices) || devices < 4 || devices > 5000)
    throw new Error(`--devices must be a whole number from 4 to 5000, not "${opts.devices}"`);
  const password = demoPassword(config.dataDir, opts.password ?? process.env.WEBNET_DEMO_PASSWORD);
  const networks = demoNetwork(config.dataDir, { devices, firstAddress: opts.address });
  const lab = await Lab.start(networks.flatMap((n) => [...n.devices, ...n.unmanaged]));
  const app = await createApp(config, { worker: true });
  const stopHousekeeping = startHousekeeping(app, {
    jobDays: config.jobRetentionDays,
    recordingDays: config.terminal.recordingRetentionDays,
  });
  const { firstRun } = await seedDemo(app, networks, password);
  await app.http.listen({ port: config.port, host: config.host });
  const { url, note } = listenUrl(app.http.server.address());
  if (!config.publicUrl) app.links.base = url;
  const users = DEMO_USERS.map(
    (u) => `    ${u.username.padEnd(8)} ${u.role.padEnd(9)} ${u.customer ?? 'all customers'}`,
  );
  process.stdout.write(
    [
      '',
      `webnet demo: ${url}${note}`,
      `  ${lab.devices.length} simulated devices (${networks.map((n) => `${n.devices.length} ${n.customer.name}`).join(', ')}, and ${networks.reduce((k, n) => k + n.unmanaged.length, 0)} not in any inventory yet: Discovery finds them, SSH port 2222)`,
      `  data in ${config.dataDir}${firstRun ? ' (new)' : ''}`,
      `  log in with any of these users, password: ${password}`,
      ...users,
      `  API docs: ${url}/api/docs`,
      'demo ready',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    stopHousekeeping();
    await app.close();
    await lab.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
