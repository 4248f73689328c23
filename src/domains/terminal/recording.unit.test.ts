import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { platformByName } from '../../netio/platforms/index.ts';
import { Recording } from './recording.ts';

const ios = platformByName('cisco_ios')!.backup.redact;
const parse = (cast: string) => {
  const [header, ...lines] = cast.trim().split('\n');
  return { header: JSON.parse(header!), events: lines.map((l) => JSON.parse(l) as [number, string, string]) };
};
const typed = (r: Recording, text: string) => {
  for (const ch of text) r.input(ch);
};

describe('terminal recording', () => {
  it('records keystrokes when asked, but never what is typed at a password prompt', async () => {
    const r = new Recording({ cols: 80, rows: 24, recordsInput: true });
    r.output('r1>');
    typed(r, 'enable\r');
    r.output('enable\r\nPassword: ');
    typed(r, 'Sup3r-secret\r');
    r.output('\r\nr1#');
    typed(r, 'show clock\r');
    const { cast, gzipped } = await r.finish({ title: 'r1', initialCols: 80, initialRows: 24 }, ios, []);
    expect(gunzipSync(gzipped).toString()).toBe(cast);
    const { header, events } = parse(cast);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24, title: 'r1' });
    const input = events
      .filter((e) => e[1] === 'i')
      .map((e) => e[2])
      .join('');
    expect(input).toBe('enable\r\rshow clock\r');
    expect(cast).not.toContain('Sup3r');
  });

  it('records no keystroke when the customer does not ask for them, and every resize', async () => {
    const r = new Recording({ cols: 80, rows: 24, recordsInput: false });
    r.output('r1#');
    typed(r, 'show version\r');
    r.resize(120, 40);
    const { events } = parse(
      (await r.finish({ title: 'r1', initialCols: 80, initialRows: 24 }, ios, [])).cast,
    );
    expect(events.filter((e) => e[1] === 'i')).toEqual([]);
    expect(events.filter((e) => e[1] === 'r').map((e) => e[2])).toEqual(['120x40']);
  });

  it("redacts secrets the device prints and the user types, and the credential's", async () => {
    const r = new Recording({ cols: 80, rows: 24, recordsInput: true });
    r.output('r1(config)#');
    typed(r, 'snmp-server community hunter2 RO\r');
    r.output('snmp-server community hunter2 RO\r\nr1(config)#');
    r.output('username admin password lab-enable\r\n');
    const { cast } = await r.finish({ title: 'r1', initialCols: 80, initialRows: 24 }, ios, ['lab-enable']);
    expect(cast).not.toContain('hunter2');
    expect(cast).not.toContain('lab-enable');
    expect(cast).toContain('snmp-server community <redacted> RO');
  });
});
