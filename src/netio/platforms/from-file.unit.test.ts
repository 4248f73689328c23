import { describe, expect, it } from 'vitest';
import { platformFromText } from './from-file.ts';

const base = {
  name: 'acme',
  description: 'ACME',
  vendor: 'acme',
  modes: { privileged: { prompt: '^(?<host>\\S+)#$' } },
  commandMode: 'privileged',
  backup: { commands: ['show run'], redact: [{ pattern: '^secret (?<secret>\\S+)' }] },
};

describe('a platform file', () => {
  it('reads JSON as well as YAML, patterns made regular expressions, getters none', () => {
    const r = platformFromText('acme.json', JSON.stringify(base));
    expect('platform' in r).toBe(true);
    if (!('platform' in r)) return;
    expect(r.platform.modes.privileged!.prompt.test('core-1#')).toBe(true);
    expect(r.platform.backup.redact[0]!.pattern).toBeInstanceOf(RegExp);
    expect(r.platform).toMatchObject({ edges: [], onOpen: [], errors: [], getters: {} });
  });

  it.each([
    ['a mode nobody defined', { ...base, commandMode: 'enable' }, 'commandMode: no mode "enable" in modes'],
    [
      'a redaction without its secret group',
      { ...base, backup: { commands: ['show run'], redact: [{ pattern: '^secret \\S+' }] } },
      'backup.redact.0.pattern: must mark the secret with a (?<secret>…) group',
    ],
    ['an unknown key', { ...base, colour: 'red' }, 'Unrecognized key: "colour"'],
    ['a name with capitals', { ...base, name: 'Acme' }, 'name: lower-case letters'],
  ])('is refused for %s, naming the field', (_what, file, message) => {
    const r = platformFromText('acme.json', JSON.stringify(file));
    expect('error' in r && r.error.message).toContain(message);
  });

  it('names the line of a YAML mistake', () => {
    const r = platformFromText('acme.yml', 'name: acme\nmodes: {privileged: [\n');
    expect(r).toMatchObject({ error: { file: 'acme.yml', line: expect.any(Number) } });
  });
});
