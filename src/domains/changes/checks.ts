import { getInterfaces, getLldpNeighbors, NetioError, ping, redact } from '../../netio/index.ts';
import type { Session } from '../../netio/session.ts';
import type { ChangeCheck } from './table.ts';

/** What a check saw on the device, before or after the change. */
export type CheckState = { check: ChangeCheck; seen: string[]; text?: string };

export type CheckResult = { check: string; ok: boolean; detail: string };

const describe = (c: ChangeCheck) =>
  c.kind === 'command_matches'
    ? `"${c.command}" matches /${c.pattern}/`
    : c.kind === 'ping'
      ? `ping ${c.destination}${c.vrf ? ` (vrf ${c.vrf})` : ''}`
      : c.kind.replace('_', ' ');

/** Reads each check's state; run before the change and again after it. */
export async function readChecks(
  session: Session,
  checks: ChangeCheck[],
  key: Uint8Array,
): Promise<CheckState[]> {
  const out: CheckState[] = [];
  for (const check of checks) {
    if (check.kind === 'interfaces_up') {
      const ifs = await getInterfaces(session);
      const up = Object.entries(ifs)
        .filter(([name, i]) => i.is_up && (!check.interfaces || check.interfaces.includes(name)))
        .map(([name]) => name);
      out.push({ check, seen: up });
    } else if (check.kind === 'lldp_neighbors') {
      const lldp = await getLldpNeighbors(session);
      out.push({
        check,
        seen: Object.entries(lldp).flatMap(([local, ns]) =>
          ns.map((n) => `${local} → ${n.hostname} ${n.port}`),
        ),
      });
    } else if (check.kind === 'ping') {
      // NAPALM's ping from the device: it answers when not every probe was lost.
      const r = await ping(session, { destination: check.destination, vrf: check.vrf, source: check.source });
      const answers = 'success' in r && r.success.probes_sent > r.success.packet_loss;
      out.push({ check, seen: answers ? ['answers'] : [] });
    } else {
      const result = await session.run(check.command);
      if (result.error)
        throw new NetioError('command_error', `check "${check.command}": ${result.error}`, {
          output: result.output,
        });
      // Kept in the result: redacted as any command output is.
      const text = redact(result.output, session.platform.backup.redact, key);
      out.push({ check, seen: new RegExp(check.pattern, 'm').test(result.output) ? ['match'] : [], text });
    }
  }
  return out;
}

/** Compares after with before: what was up stays up, neighbours stay, a pattern matches. */
export function judgeChecks(before: CheckState[], after: CheckState[]): CheckResult[] {
  return before.map((b, i) => {
    const a = after[i]!;
    const name = describe(b.check);
    if (b.check.kind === 'command_matches') {
      const ok = a.seen.length > 0;
      return { check: name, ok, detail: ok ? 'matches' : 'does not match after the change' };
    }
    if (b.check.kind === 'ping') {
      const before = b.seen.length > 0;
      const after = a.seen.length > 0;
      return {
        check: name,
        ok: !before || after,
        detail: after
          ? 'answers'
          : before
            ? 'answered before the change, not after'
            : 'did not answer before the change either',
      };
    }
    const lost = b.seen.filter((s) => !a.seen.includes(s));
    if (b.check.kind === 'interfaces_up' && b.check.interfaces) {
      const down = b.check.interfaces.filter((n) => !a.seen.includes(n));
      return {
        check: name,
        ok: down.length === 0,
        detail: down.length ? `down after: ${down.join(', ')}` : 'all up',
      };
    }
    return {
      check: name,
      ok: lost.length === 0,
      detail: lost.length
        ? `lost after the change: ${lost.slice(0, 20).join(', ')}`
        : `${a.seen.length} as before`,
    };
  });
}
