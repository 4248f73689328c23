import { ciscoDialect } from './cisco.ts';
import { junosDialect } from './junos.ts';
import { linuxDialect } from './linux.ts';
import type { Dialect } from './types.ts';

const DIALECTS: Record<string, Dialect> = {
  cisco_ios: ciscoDialect('cisco_ios'),
  cisco_nxos: ciscoDialect('cisco_nxos'),
  cisco_iosxr: ciscoDialect('cisco_iosxr'),
  arista_eos: ciscoDialect('arista_eos'),
  juniper_junos: junosDialect,
  linux: linuxDialect,
};

export const LAB_PLATFORMS = Object.keys(DIALECTS);

export function dialectOf(platform: string): Dialect {
  const dialect = DIALECTS[platform];
  if (!dialect) throw new Error(`the lab has no ${platform} devices (it has ${LAB_PLATFORMS.join(', ')})`);
  return dialect;
}
