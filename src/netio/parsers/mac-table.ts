import type { MacEntry } from '../models.ts';
import { canonicalInterface, napalmMac } from './names.ts';
import { shippedRecords } from './templates.ts';

/**
 * NAPALM's get_mac_address_table from `show mac address-table`, read with ntc-templates'
 * templates (one parser for the command: the template), then given NAPALM's values as its
 * drivers compute them: MACs as 2C:C2:60:3E:36:3B, canonical interface names, one entry per
 * port of a multi-port line, static for "static", "self" and "system" entries, whose VLAN
 * "All" (or "-") is 0 and whose CPU, router or switch port is "".
 */

const STATIC_TYPES = new Set(['static', 'self', 'system']);

type Row = Record<string, string | string[]>;
const text = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function entry(
  vlan: string,
  mac: string,
  type: string,
  port: string,
  extra: { active: boolean; moves?: number; last_move?: number },
): MacEntry {
  const isStatic = STATIC_TYPES.has(type.toLowerCase());
  let v = vlan;
  let iface = port;
  if (isStatic) {
    if (/^(?:all|-)$/i.test(v)) v = '0';
    if (/^cpu$/i.test(iface) || /router|switch/i.test(iface)) iface = '';
  }
  return {
    mac: napalmMac(mac),
    interface: iface ? canonicalInterface(iface) : '',
    vlan: Number.parseInt(v, 10),
    static: isStatic,
    active: extra.active,
    moves: extra.moves ?? -1,
    last_move: extra.last_move ?? -1,
  };
}

/** IOS (and IOS-XE): every entry active, as NAPALM's IOS driver reports it. */
export function parseIosMacTable(output: string): MacEntry[] {
  return shippedRecords('cisco_ios', 'show mac address-table', output).flatMap((r: Row) =>
    list(r.destination_port).map((port) =>
      entry(text(r.vlan_id), text(r.destination_address), text(r.type), port, { active: true }),
    ),
  );
}

/** NX-OS: active only for dynamic entries, as NAPALM's nxos_ssh driver reports it. */
export function parseNxosMacTable(output: string): MacEntry[] {
  return shippedRecords('cisco_nxos', 'show mac address-table', output).flatMap((r: Row) =>
    text(r.ports)
      .split(',')
      .filter(Boolean)
      .map((port) =>
        entry(text(r.vlan_id), text(r.mac_address), text(r.type), port, {
          active: text(r.type).toLowerCase() === 'dynamic',
        }),
      ),
  );
}

/** "0:08:16 ago", "4 days, 15:07:29 ago" → seconds. */
function agoSeconds(value: string): number | undefined {
  const m = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/**
 * EOS: NAPALM's EOS driver reads moves and the last move's time (seconds since 1970) from eAPI,
 * 0 where the entry has none (static entries); the text gives the move's age, so the time is
 * `now` less that age.
 */
export function parseEosMacTable(output: string, now = Date.now() / 1000): MacEntry[] {
  return shippedRecords('arista_eos', 'show mac address-table', output).flatMap((r: Row) => {
    const ago = agoSeconds(text(r.last_move));
    const moves = text(r.moves) ? Number(text(r.moves)) : 0;
    return list(r.destination_port).map((port) =>
      entry(text(r.vlan_id), text(r.mac_address), text(r.type), port, {
        active: true,
        moves,
        last_move: ago === undefined ? 0 : Math.round(now - ago),
      }),
    );
  });
}
