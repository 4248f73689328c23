import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '../../cli/main.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-validate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(policy: string, data: Record<string, unknown>) {
  const policyFile = path.join(dir, 'policy.yml');
  const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
  fs.writeFileSync(policyFile, policy);
  for (const [name, value] of Object.entries(data))
    fs.writeFileSync(path.join(dataDir, `${name}.json`), JSON.stringify(value));
  const r = spawnSync(
    process.execPath,
    [MAIN, 'compliance', 'validate', '--policy', policyFile, '--data', dataDir],
    {
      encoding: 'utf8',
    },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('webnet compliance validate', () => {
  it("prints NAPALM's report on saved getter output; the exit status says whether it complies", () => {
    const facts = { hostname: 'edge-1', os_version: '15.1(4)M4', model: 'CSR1000V' };
    // Quoted, 15.1 is a pattern searched in the version; bare, YAML makes it a number that equals
    // no version string (NAPALM's rule too).
    const policy =
      "- get_facts:\n    os_version: '15.1'\n    hostname: edge-\\d+\n- get_bgp_neighbors:\n    global: {}\n";
    const ok = run(policy, { get_facts: facts });
    expect(ok.err).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({
      get_facts: {
        complies: true,
        present: {
          os_version: { complies: true, nested: false },
          hostname: { complies: true, nested: false },
        },
        missing: [],
        extra: [],
      },
      get_bgp_neighbors: { skipped: true, reason: 'NotImplemented' },
      skipped: ['get_bgp_neighbors'],
      complies: true,
    });
    expect(run(policy.replace("'15.1'", '15.1'), { get_facts: facts }).status).toBe(1);
    const drifted = run(policy, { get_facts: { ...facts, os_version: '16.9.1' } });
    expect(drifted.status).toBe(1);
    expect(JSON.parse(drifted.out).get_facts.present.os_version).toEqual({
      expected_value: '15.1',
      actual_value: '16.9.1',
      complies: false,
      nested: false,
    });
  });

  it("reads a policy's state list, and names the line of a YAML error", () => {
    const policy = 'name: base\nstate:\n  - get_facts:\n      hostname: edge-1\n';
    expect(run(policy, { get_facts: { hostname: 'edge-1' } }).status).toBe(0);
    const broken = run('- get_facts:\n  os_version: [\n', {});
    expect(broken.status).toBe(2);
    expect(broken.err).toMatch(/policy\.yml:3:1: /);
    const badPattern = run("- get_facts:\n    hostname: 'edge-(\\d+'\n", { get_facts: { hostname: 'x' } });
    expect(badPattern.status).toBe(2);
    expect(badPattern.err).toMatch(/"edge-\(\\d\+" is not a valid pattern/);
  });
});
