import type { Environment } from '../models.ts';
import { emptyEnvironment } from './common.ts';

/**
 * get_environment on Junos as NAPALM's junos builds it from three tables (asked over the CLI
 * here, as text): "show chassis environment" (each item under its class, a class named on its
 * first line only), "show chassis temperature-thresholds" and "show chassis routing-engine".
 * Kept from that driver:
 * - a Temp item is compared with the thresholds of the table's LAST row (its loop over the rows
 *   rebuilds the item's entry each time, so the last row is the one that stays), and an item is
 *   only reported when the device prints thresholds at all; one without a reading is 0;
 * - fans and power supplies are OK or not; a supply's capacity and output stay -1 (NAPALM reads
 *   them from the power table where the device has one; webnet does not ask it);
 * - each routing engine's CPU is 100 minus its idle percentage; memory is the last engine's DRAM
 *   size as its digits, used as the "Total memory … used" figure or else the utilisation share.
 * A class with no items is {} where NAPALM leaves the key out.
 */
export function parseJunosEnvironment([
  environment = '',
  thresholds = '',
  engines = '',
]: string[]): Environment {
  const env: Environment = emptyEnvironment();
  const last = lastThreshold(thresholds);
  for (const item of environmentItems(environment)) {
    const ok = item.status === 'OK';
    if (item.class === 'Power') env.power[item.name] = { status: ok, capacity: -1, output: -1 };
    else if (item.class === 'Fans') env.fans[item.name] = { status: ok };
    else if (item.class === 'Temp' && last) {
      const t = item.celsius;
      env.temperature[item.name] = {
        temperature: t ?? 0,
        is_alert: t !== undefined && (t >= last.red || t >= last.yellow),
        is_critical: t !== undefined && t >= last.red,
      };
    }
  }
  for (const re of routingEngines(engines)) {
    env.cpu[re.slot] = { '%usage': 100 - re.idle };
    env.memory = {
      available_ram: re.dram,
      used_ram: re.used ?? Math.round((re.dram / 100) * re.utilisation),
    };
  }
  return env;
}

type Item = { class: string; name: string; status: string; celsius?: number };

/** The rows of "show chassis environment": class (carried down), item, status, measurement. */
function environmentItems(text: string): Item[] {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^Class\s+Item\s+Status/.test(l));
  if (header === -1) return [];
  const itemAt = lines[header]!.indexOf('Item');
  const items: Item[] = [];
  let klass = '';
  for (const line of lines.slice(header + 1)) {
    if (line.trim() === '') continue;
    const head = line.slice(0, itemAt).trim();
    if (head) klass = head;
    // Items hold single spaces ("Routing Engine 0 CPU"); columns are two or more apart.
    const m = /^(.*?\S)\s{2,}(\S+)(?:\s+(.*))?$/.exec(line.slice(itemAt));
    if (!m) continue;
    const celsius = /(-?\d+) degrees C/.exec(m[3] ?? '');
    items.push({
      class: klass,
      name: m[1]!,
      status: m[2]!,
      ...(celsius ? { celsius: Number(celsius[1]) } : {}),
    });
  }
  return items;
}

/** The last row of "show chassis temperature-thresholds": its yellow and red alarms (normal fans). */
function lastThreshold(text: string): { yellow: number; red: number } | undefined {
  let last: { yellow: number; red: number } | undefined;
  for (const line of text.split('\n')) {
    // Item, fan normal, fan high, yellow normal, yellow bad fan, red normal, red bad fan[, shutdown].
    const m = /^(\S.*?)\s{2,}(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)/.exec(line);
    if (m) last = { yellow: Number(m[4]), red: Number(m[6]) };
  }
  return last;
}

type Engine = { slot: string; idle: number; dram: number; utilisation: number; used?: number };

/** Each engine of "show chassis routing-engine": slot, first idle figure, DRAM, memory use. */
function routingEngines(text: string): Engine[] {
  // Without "Slot N:" lines (one engine) the whole answer is slot 0's.
  const bodies: [string, string[]][] = [['0', []]];
  for (const line of text.split('\n')) {
    const slot = /^\s*Slot (\d+):\s*$/.exec(line);
    if (slot) bodies.push([slot[1]!, []]);
    else bodies.at(-1)![1].push(line);
  }
  const pairs = (bodies.length > 1 ? bodies.slice(1) : bodies).map(([s, l]) => [s, l.join('\n')] as const);
  return pairs.flatMap(([slot, body]) => {
    const idle = /^\s*Idle\s+(\d+) percent/m.exec(body);
    if (!idle) return [];
    const total = /Total memory\s+(\d+) MB Max\s+(\d+) MB used/.exec(body);
    const dramText = /^\s*DRAM\s+(.+)$/m.exec(body)?.[1];
    // NAPALM keeps the digits of "3584 MB" (the size XML gives without the "installed" part).
    const dram = dramText ? Number(/^(\d+)/.exec(dramText.trim())?.[1] ?? 0) : Number(total?.[1] ?? 0);
    const utilisation = Number(/Memory utilization\s+(\d+) percent/.exec(body)?.[1] ?? 0);
    return [
      {
        slot,
        idle: Number(idle[1]),
        dram,
        utilisation,
        ...(total ? { used: Number(total[2]) } : {}),
      },
    ];
  });
}
