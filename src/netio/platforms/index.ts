import { ciscoIos } from './cisco_ios.ts';
import type { Platform } from './types.ts';

/** Every platform webnet speaks, by name. A new platform is one file here and its tests. */
export const PLATFORMS: Record<string, Platform> = Object.fromEntries([ciscoIos].map((p) => [p.name, p]));

export function platformByName(name: string): Platform | undefined {
  return Object.hasOwn(PLATFORMS, name) ? PLATFORMS[name] : undefined;
}
