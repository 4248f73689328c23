import { aristaEos } from './arista_eos.ts';
import { arubaAoscx } from './aruba_aoscx.ts';
import { ciscoAsa } from './cisco_asa.ts';
import { ciscoIos } from './cisco_ios.ts';
import { ciscoIosxr } from './cisco_iosxr.ts';
import { ciscoNxos } from './cisco_nxos.ts';
import { fortinetFortigate } from './fortinet_fortigate.ts';
import { hpComware } from './hp_comware.ts';
import { juniperJunos } from './juniper_junos.ts';
import { linux } from './linux.ts';
import { mikrotikRouteros } from './mikrotik_routeros.ts';
import { netgateTnsr } from './netgate_tnsr.ts';
import { netgearProsafe } from './netgear_prosafe.ts';
import { opnsense } from './opnsense.ts';
import type { Platform } from './types.ts';
import { vyos } from './vyos.ts';

/** Every platform webnet speaks, by name. A new platform is one file here and its tests. */
export const PLATFORMS: Record<string, Platform> = Object.fromEntries(
  [
    ciscoIos,
    ciscoNxos,
    ciscoIosxr,
    aristaEos,
    juniperJunos,
    linux,
    ciscoAsa,
    arubaAoscx,
    vyos,
    fortinetFortigate,
    netgateTnsr,
    mikrotikRouteros,
    hpComware,
    netgearProsafe,
    opnsense,
  ].map((p) => [p.name, p]),
);

export function platformByName(name: string): Platform | undefined {
  return Object.hasOwn(PLATFORMS, name) ? PLATFORMS[name] : undefined;
}
