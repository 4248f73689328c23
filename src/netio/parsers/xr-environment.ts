import type { Environment } from '../models.ts';
import { emptyEnvironment } from './common.ts';

/**
 * get_environment on IOS-XR with the values NAPALM's iosxr_netconf (the driver for 64-bit XR)
 * builds from the environment and system-monitoring models, read here from the CLI that prints
 * them: "show processes cpu" (the five-minute figure), "admin show environment fan" (every fan tray, "FT0", reported working, as that driver
 * does), "admin show environment power" (each supply by its location, OK or not, its output as
 * volts times amps, the chassis's usable capacity beside it) and "show memory summary" (total and
 * available memory, which also names the node the CPU figure belongs to). A router that refuses
 * the admin commands (XRv) has no fans or supplies. Temperatures are not read: {} (see the README).
 */
export function parseXrEnvironment([cpu = '', fan = '', power = '', memory = '']: string[]): Environment {
  const env: Environment = emptyEnvironment();
  for (const m of fan.matchAll(/^(\d+\/FT\d+)\s/gm)) env.fans[m[1]!.replace(/^[0/]+/, '')] = { status: true };
  const capacity = Number(/Total output power capacity[^:]*:\s*(\d+(?:\.\d+)?)W/.exec(power)?.[1] ?? 0);
  // A supply's row: location, type, input volts and amps (A/B feeds), output volts, output amps, status.
  for (const m of power.matchAll(/^\s+(\d+\/P[MT]\d+)\s.*?\s(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\S+)\s*$/gm))
    env.power[m[1]!] = {
      status: m[4] === 'OK',
      output: Math.round(Number(m[2]) * Number(m[3]) * 100) / 100,
      capacity,
    };
  const node = /^node:\s+node(\d+)_(\w+?)_(CPU\d+)/m.exec(memory);
  const fiveMinutes = /CPU utilization for one minute: \d+%; five minutes: (\d+)%/.exec(cpu);
  if (fiveMinutes)
    env.cpu[node ? `${node[1]}/${node[2]}/${node[3]}` : '0/RP0/CPU0'] = { '%usage': Number(fiveMinutes[1]) };
  const physical = /Physical Memory: (\d+)M total \((\d+)M available\)/.exec(memory);
  if (physical) {
    const total = Number(physical[1]) * 1_048_576;
    env.memory = { available_ram: total, used_ram: total - Number(physical[2]) * 1_048_576 };
  }
  return env;
}
