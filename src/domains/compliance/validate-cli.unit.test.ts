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

  it("reads the file's scalars as NAPALM's PyYAML does (yes/off are booleans, 1e3 is text, 012 octal)", () => {
    const interfaces = { 'Ethernet1/1': { is_enabled: true, is_up: false, mtu: 10, description: '1e3' } };
    const policy =
      '- get_interfaces:\n    Ethernet1/1:\n      is_enabled: yes\n      is_up: off\n      mtu: 012\n      description: 1e3\n';
    const r = run(policy, { get_interfaces: interfaces });
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).get_interfaces.present['Ethernet1/1']).toEqual({ complies: true, nested: true });
    expect(r.status).toBe(0);
    // YAML 1.2 would have read "yes" as text, which never equals a boolean: the same file fails there.
    const quoted = run(policy.replace('yes', "'yes'"), { get_interfaces: interfaces });
    expect(JSON.parse(quoted.out).get_interfaces.present['Ethernet1/1'].diff.present.is_enabled).toEqual({
      expected_value: 'yes',
      actual_value: true,
      complies: false,
      nested: false,
    });
  });
});
