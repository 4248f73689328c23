import { describe, expect, it } from 'vitest';
import { NTC_TEMPLATES_DIR, TemplateLibrary } from './library.ts';
import { loadNtcSuite, sameRecords } from './testing/ntc-suite.ts';

/**
 * Every ntc-templates test case, found through their index by platform and command (as Netmiko
 * finds it) and parsed by webnet's engine, compared with the records ntc-templates expects.
 */
const library = new TemplateLibrary([NTC_TEMPLATES_DIR]);
const suite = loadNtcSuite();

/**
 * The cases webnet parses differently, each with its reason. A case that starts to pass, or a new
 * one that fails, fails this test: the list stays exact.
 */
const KNOWN: Record<string, string> = {
  // The template matches capabilities with `(${CAPABILITIES}?\s)+`. Python keeps a group's last
  // capture from an earlier repetition when a later repetition skips the group; JavaScript
  // clears captures at every repetition (ECMAScript's RepeatMatcher), so the column is empty.
  // No JavaScript pattern keeps an earlier repetition's capture.
  'cisco_nxos/show_lldp_neighbors/cisco_nxos_show_lldp_neighbors.raw':
    'a capture inside a repeated group: Python keeps an earlier repetition’s value, JavaScript resets it',
  'cisco_nxos/show_lldp_neighbors/cisco_nxos_show_lldp_neighbors_multiline.raw':
    'a capture inside a repeated group: Python keeps an earlier repetition’s value, JavaScript resets it',
};

describe('ntc-templates test cases through the engine', () => {
  const outcomes = suite.map((c) => {
    const r = library.parse(c.platform, c.command, c.raw);
    return { id: c.id, exact: r.ok && sameRecords(r.records, c.expected), result: r };
  });

  it('holds all of ntc-templates’ cases', () => {
    expect(suite.length).toBe(1885);
  });

  it('parses at least 99% of them exactly as ntc-templates expects, and the rest are the known ones', () => {
    const failing = outcomes.filter((o) => !o.exact).map((o) => o.id);
    expect(failing.sort()).toEqual(Object.keys(KNOWN).sort());
    expect(outcomes.filter((o) => o.exact).length / suite.length).toBeGreaterThanOrEqual(0.99);
  });

  it('every case finds its template through the index and none fails to compile', () => {
    const broken = outcomes.filter((o) => !o.result.ok);
    expect(broken.map((o) => `${o.id}: ${!o.result.ok && o.result.message}`)).toEqual([]);
  });
});
