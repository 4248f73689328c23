import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandCompletion, NTC_TEMPLATES_DIR, parseWithTemplate, TemplateLibrary } from './library.ts';

const SHOW_VERSION = fs.readFileSync(
  path.join(
    import.meta.dirname,
    '../../tests/fixtures/ntc-templates/cisco_ios/show_version/cisco_ios_show_version.raw',
  ),
  'utf8',
);

const dirs: string[] = [];
function userDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-templates-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('finding a template by platform and command', () => {
  const library = new TemplateLibrary([NTC_TEMPLATES_DIR]);

  it('expands [[…]] as each further letter optional', () => {
    expect(expandCompletion('sh[[ow]] ver[[sion]]')).toBe('sh(o(w)?)? ver(s(i(o(n)?)?)?)?');
  });

  it('finds "sh ver", "show ver" and "show version" alike', () => {
    for (const command of ['sh ver', 'show ver', 'show version', 'sho versi']) {
      expect(library.find('cisco_ios', command)).toEqual(['cisco_ios_show_version.textfsm']);
    }
    const r = library.parse('cisco_ios', 'sh ver', SHOW_VERSION);
    expect(r.ok && r.records[0]?.hostname).toBeTruthy();
    expect(r.ok && r.header).toContain('version');
  });

  it('says when no template reads a command, and IOS-XE falls back to IOS templates', () => {
    expect(library.parse('cisco_ios', 'show frobnication', 'x')).toMatchObject({
      ok: false,
      reason: 'no-template',
      message: 'no template for "show frobnication" on cisco_ios',
    });
    expect(library.parse('cisco_xe', 'show version', SHOW_VERSION).ok).toBe(true);
  });

  it('joins a row of several templates on the first one’s Key values', () => {
    const dir = userDir({
      index: 'Template, Hostname, Platform, Command\na.textfsm:b.textfsm, .*, acme_os, show ports\n',
      'a.textfsm': 'Value Key PORT (\\S+)\nValue STATE (\\S+)\n\nStart\n  ^port ${PORT} ${STATE} -> Record\n',
      'b.textfsm': 'Value PORT (\\S+)\nValue SPEED (\\d+)\n\nStart\n  ^speed ${PORT} ${SPEED} -> Record\n',
    });
    const lib = new TemplateLibrary([dir]);
    const r = lib.parse('acme_os', 'show ports', 'port p1 up\nport p2 down\nspeed p2 100\nspeed p9 10\n');
    expect(r).toMatchObject({
      ok: true,
      template: 'a.textfsm:b.textfsm',
      header: ['port', 'state', 'speed'],
      records: [
        { port: 'p1', state: 'up', speed: '' },
        { port: 'p2', state: 'down', speed: '100' },
      ],
    });
    expect(library.find('cisco_ios', 'show module')?.length).toBe(4);
  });
});

describe("a user's template folder", () => {
  const template = 'Value NAME (\\S+)\n\nStart\n  ^widget ${NAME} -> Record\n';

  it('extends the index with its own rows, tried before the shipped ones', () => {
    const dir = userDir({
      index:
        'Template, Hostname, Platform, Command\n\nacme_show_widgets.textfsm, .*, acme_os, sh[[ow]] wid[[gets]]\n',
      'acme_show_widgets.textfsm': template,
    });
    const library = new TemplateLibrary([dir, NTC_TEMPLATES_DIR]);
    expect(library.parse('acme_os', 'sh wid', 'widget a\nwidget b\n')).toMatchObject({
      ok: true,
      records: [{ name: 'a' }, { name: 'b' }],
    });
    expect(library.find('cisco_ios', 'show version')).toEqual(['cisco_ios_show_version.textfsm']);
  });

  it('overrides a shipped template with a file of the same name, and is read again on reload', () => {
    const dir = userDir({
      'cisco_ios_show_version.textfsm': 'Value HOST (\\S+)\n\nStart\n  ^${HOST} uptime is -> Record\n',
    });
    const library = new TemplateLibrary([dir, NTC_TEMPLATES_DIR]);
    const r = library.parse('cisco_ios', 'show version', SHOW_VERSION);
    expect(r.ok && r.header).toEqual(['host']);
    fs.writeFileSync(
      path.join(dir, 'cisco_ios_show_version.textfsm'),
      'Value UP (.+)\n\nStart\n  ^\\S+ uptime is ${UP} -> Record\n',
    );
    library.reload();
    const again = library.parse('cisco_ios', 'show version', SHOW_VERSION);
    expect(again.ok && again.header).toEqual(['up']);
  });

  it('names the index line whose regex is broken, and the template line that is', () => {
    const dir = userDir({
      index:
        'Template, Hostname, Platform, Command\nbad.textfsm, .*, acme_os, sh[[ow]] (bad\nbroken.textfsm, .*, acme_os, show broken\n',
      'broken.textfsm': 'Value NAME (\\S+)\n\nStart\n  ^${NAME} -> Nowhere\n',
    });
    const library = new TemplateLibrary([dir, NTC_TEMPLATES_DIR]);
    expect(library.problems).toEqual([
      {
        file: path.join(dir, 'index'),
        line: 2,
        message: expect.stringMatching(/^Command 'sh\[\[ow\]\] \(bad': missing \)/),
      },
    ]);
    expect(library.parse('acme_os', 'show broken', 'x')).toEqual({
      ok: false,
      reason: 'template-error',
      template: 'broken.textfsm',
      message: "broken.textfsm, line 4: State 'Nowhere' not found, referenced in state 'Start'",
    });
  });
});

describe('parsing with a template given as text', () => {
  it('returns records, or the template’s Error with its line, never an exception', () => {
    expect(parseWithTemplate('Value A (\\d+)\n\nStart\n  ^${A} -> Record\n', '1\n2\n')).toMatchObject({
      ok: true,
      records: [{ a: '1' }, { a: '2' }],
    });
    expect(parseWithTemplate('Value A (\\d+)\n\nStart\n  ^x -> Error "no x here"\n', 'x\n', 'mine')).toEqual({
      ok: false,
      reason: 'parse-error',
      template: 'mine',
      message: 'mine, line 4: Error: no x here (input line: "x")',
    });
    expect(parseWithTemplate('Value A (\\d+)\n\nStart\n  ^x\n', 'nothing matches\n')).toMatchObject({
      ok: true,
      records: [],
    });
  });
});
