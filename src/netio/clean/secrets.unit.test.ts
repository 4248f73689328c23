import { describe, expect, it } from 'vitest';
import { juniperJunos } from '../platforms/juniper_junos.ts';
import { nvidiaCumulus } from '../platforms/nvidia_cumulus.ts';
import { redact } from './reference.ts';
import { restoreSecrets, secretsIn, UnknownSecretError } from './secrets.ts';

const rules = juniperJunos.backup.redact;
const key = new Uint8Array(32).fill(7);
const running = `system {
    root-authentication {
        encrypted-password "$6$root$aGFzaA"; ## SECRET-DATA
    }
    login {
        user ops {
            authentication {
                encrypted-password "$6$ops$b3Bz"; ## SECRET-DATA
            }
        }
    }
}
snmp {
    community s3cret-ro {
        authorization read-only;
    }
}`;

describe('secrets put back into a redacted configuration', () => {
  it("restores each marker to the device's own secret, the rest of the text as it is", () => {
    const stored = redact(running, rules, key);
    expect(stored).not.toContain('$6$');
    expect(stored).not.toContain('s3cret-ro');
    expect(restoreSecrets(stored, running, rules, key)).toBe(running);
    // The stored text may differ elsewhere: only the markers change.
    const edited = stored.replace('read-only', 'read-write');
    expect(restoreSecrets(edited, running, rules, key)).toBe(running.replace('read-only', 'read-write'));
  });

  it('names the line of a secret the device no longer has, and never returns a marker', () => {
    const stored = redact(running, rules, key);
    const rotated = running.replace('$6$root$aGFzaA', '$6$root$bmV3');
    expect(() => restoreSecrets(stored, rotated, rules, key)).toThrow(UnknownSecretError);
    expect(() => restoreSecrets(stored, rotated, rules, key)).toThrow(/^line 3 \("encrypted-password/);
    // Without the key every marker is the same: nothing can be told apart.
    expect(() => restoreSecrets(redact(running, rules), running, rules)).toThrow(/redaction key/);
  });

  it('finds the secrets a configuration holds', () => {
    expect(secretsIn(running, rules).sort()).toEqual(
      ['"$6$ops$b3Bz"', '"$6$root$aGFzaA"', 's3cret-ro'].sort(),
    );
    expect(restoreSecrets('system {\n}\n', running, rules, key)).toBe('system {\n}\n');
  });
});

describe('secrets that are YAML keys (NVUE), found by their parent line', () => {
  const nvue = nvidiaCumulus.backup.redact;
  const yaml = `- set:
    system:
      snmp-server:
        readonly-community:
          'n0t-public':
            access:
              any: {}
        listening-address:
          10.0.0.1: {}
      aaa:
        user:
          cumulus:
            hashed-password: $6$salt$aGFzaA
`;

  it('redacts the community and the password hash, nothing else, and restores both', () => {
    const stored = redact(yaml, nvue, key);
    expect(stored).not.toContain('n0t-public');
    expect(stored).not.toContain('$6$salt');
    expect(stored).toContain('10.0.0.1: {}');
    expect(stored).toContain('access:');
    expect(secretsIn(yaml, nvue).sort()).toEqual(['$6$salt$aGFzaA', 'n0t-public']);
    expect(restoreSecrets(stored, yaml, nvue, key)).toBe(yaml);
  });
});
