import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { parseXrEnvironment } from './xr-environment.ts';

const sample = (command: string) => ntcSamples('cisco_xr', command)[0]!;
const MEMORY = `
node:      node0_RP0_CPU0
------------------------------------------------------------------

Physical Memory: 32768M total (22343M available)
 Application Memory : 32768M (22343M available)
 Image: 4M (bootram: 0M)
 Reserved: 0M, IOMem: 0M, flashfsys: 0M
 Total shared window: 346M
`;

describe("get_environment on IOS-XR, with the values NAPALM's iosxr_netconf gives", () => {
  it('fan trays, supplies and CPU from ntc-templates samples; memory from the summary', () => {
    const fan = sample('admin_show_environment_fan');
    const power = sample('admin_show_environment_power');
    const cpu = sample('show_processes_cpu');
    const env = parseXrEnvironment([cpu.raw, fan.raw, power.raw, MEMORY]);
    // Every fan tray ntc-templates reads (not the supplies' own fans), named without "0/".
    const trays = fan.records.map((r) => r.module!).filter((m) => m.includes('FT'));
    expect(Object.keys(env.fans)).toEqual(trays.map((m) => m.replace('0/', '')));
    expect(Object.values(env.fans).every((f) => f.status)).toBe(true);
    expect(Object.keys(env.power)).toEqual(power.records.map((r) => r.power_module));
    for (const r of power.records) expect(env.power[r.power_module!]!.status).toBe(r.status === 'OK');
    expect(env.power['0/PM0']).toEqual({ status: false, output: 326.7, capacity: 6000 });
    expect(env.power['0/PM1']).toEqual({ status: true, output: 312.18, capacity: 6000 });
    expect(env.cpu).toEqual({ '0/RP0/CPU0': { '%usage': Number(cpu.records[0]!.cpu_5_min) } });
    expect(env.memory).toEqual({ available_ram: 32768 * 1_048_576, used_ram: (32768 - 22343) * 1_048_576 });
    expect(env.temperature).toEqual({});
  });

  it('a router without the admin environment commands gives empty tables and zero memory', () => {
    expect(parseXrEnvironment(['', '', '', ''])).toEqual({
      fans: {},
      temperature: {},
      power: {},
      cpu: {},
      memory: { available_ram: 0, used_ram: 0 },
    });
  });
});
