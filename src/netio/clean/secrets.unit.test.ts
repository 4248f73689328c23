import { describe, expect, it } from 'vitest';
import { juniperJunos } from '../platforms/juniper_junos.ts';
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
