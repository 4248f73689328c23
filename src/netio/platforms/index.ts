import { aristaEos } from './arista_eos.ts';
import { ciscoIos } from './cisco_ios.ts';
import { ciscoIosxr } from './cisco_iosxr.ts';
import { ciscoNxos } from './cisco_nxos.ts';
import { juniperJunos } from './juniper_junos.ts';
import { linux } from './linux.ts';
import type { Platform } from './types.ts';

/** Every platform webnet speaks, by name. A new platform is one file here and its tests. */
export const PLATFORMS: Record<string, Platform> = Object.fromEntries(
  [ciscoIos, ciscoNxos, ciscoIosxr, aristaEos, juniperJunos, linux].map((p) => [p.name, p]),
);

export function platformByName(name: string): Platform | undefined {
  return Object.hasOwn(PLATFORMS, name) ? PLATFORMS[name] : undefined;
}
