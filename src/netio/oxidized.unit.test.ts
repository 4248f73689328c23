import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fixturesDir } from '../../tests/helpers/fixtures.ts';
import { EXEC_PROMPT } from './exec-channel.ts';
import { backup } from './operations.ts';
import { platformByName } from './platforms/index.ts';
import type { Platform } from './platforms/types.ts';
import { Session } from './session.ts';
import { parseRecording, ReplayChannel, type ReplayOptions, unescapeRecorded } from './testing/replay.ts';
import { terminalLines } from './text.ts';

/**
 * Oxidized's recorded sessions from real devices, replayed through webnet's session: prompt
 * learning, paging, echo and prompt stripping and config extraction must give the config body
 * Oxidized stored (its own comment header aside), and redaction must remove every secret the
 * recording's secret.yaml names.
 */
type Model = {
  platform: string;
  comment: RegExp;
  replay?: ReplayOptions;
  pinHost?: boolean;
  /** A comment of Oxidized's own at the end of a stored line. */
  storedComment?: RegExp;
  /**
   * Oxidized stored the text with the pager's redraw left in (a space at each page break, a word
   * split where the page ended); webnet renders the device's backspaces as a terminal does. The
   * lines are then compared with whitespace removed: same words, same order.
   */
  pagerRedrawInStored?: boolean;
  /**
   * A snippet recording whose config command prints nothing (Oxidized stores only its comments):
   * webnet refuses an empty backup rather than store it over the last good one.
   */
  emptyConfig?: boolean;
  /** Oxidized's model leaves blank lines where it cut text out: blank lines are not compared. */
  blankWhereCut?: boolean;
  /** Lines of Oxidized's own inside the config (a heading per file), not compared. */
  storedOnly?: RegExp;
  /** Lines webnet keeps that this recording's stored text lacks (Oxidized's model drops them). */
  oursOnly?: RegExp;
  /** The login password the recording expects (sudo asks for it). */
  password?: string;
  /** What differs for one recording of the model (by the name between the "#"s). */
  recordings?: Record<string, Partial<Model>>;
  /**
   * The recording's secret.yaml names JSON keys ('"passphrase"') that Oxidized deletes; webnet
   * keeps the keys and redacts every text value under them.
   */
  secretKeysInJson?: boolean;
  /** Secrets a recording without a secret.yaml holds (their placeholder text), never in a backup. */
  secrets?: RegExp;
};
const MODELS: Record<string, Model> = {
  ios: { platform: 'cisco_ios', comment: /^!( |$)/ },
  nxos: { platform: 'cisco_nxos', comment: /^(?:!( |$)|$)/ },
  eos: { platform: 'arista_eos', comment: /^!( |$)/ },
  // Oxidized records Junos over an exec channel: the replay adds the shell's echo and prompt.
  junos: {
    platform: 'juniper_junos',
    comment: /^#( |$)/,
    replay: { shell: { prompt: 'oxidized@srx300> ' } },
  },
  linuxgeneric: { platform: 'linux', comment: /^#( |$)/ },
  asa: { platform: 'cisco_asa', comment: /^!( |$)/ },
  aoscx: { platform: 'aruba_aoscx', comment: /^!( |$)/ },
  vyos: { platform: 'vyos', comment: /^#( |$)/ },
  fortigate: { platform: 'fortinet_fortigate', comment: /^#( |$)/ },
  // These recordings were edited by hand: the host name in the prompt changes mid-session.
  tnsr: { platform: 'netgate_tnsr', comment: /^!( |$)/, pinHost: false },
  h3c: { platform: 'hp_comware', comment: /^#( |$)/ },
  netgear: { platform: 'netgear_prosafe', comment: /^!/ },
  // Oxidized appends its version comment to the XML's last line.
  opnsense: {
    platform: 'opnsense',
    comment: /^#( |$)/,
    replay: { shell: { prompt: 'root@OPNsense:~ # ' } },
    storedComment: /<!-- OPNsense [^>]*-->$/,
  },
  tplink: { platform: 'tplink_jetstream', comment: /^!( |$)/ },
  efos: { platform: 'broadcom_efos', comment: /^(?:!|$)/ },
  // Recorded over an exec channel, like Junos.
  routeros: {
    platform: 'mikrotik_routeros',
    comment: /^#( |$)/,
    replay: { shell: { prompt: '[admin@MikroTik] > ' } },
  },
  // Oxidized keeps the blank lines before the config and the prompt after it.
  fsos: { platform: 'fs_fsos', comment: /^(?:!( |$)|$|FS-LAB-OXI#$)/ },
  // Oxidized keeps the command's echo and the blank line after "end".
  smartbyte: { platform: 'smartbyte', comment: /^(?:!( |$)|$|show running-config$)/ },
  // Oxidized keeps the device's "Building running-config" line.
  perle: {
    platform: 'perle_iolan',
    comment: /^(?:!( |$)|Building running-config)/,
    secrets: /AAAAAAAAAA/,
  },
  saos10: { platform: 'ciena_saos10', comment: /^#( |$)/ },
  vsololt: { platform: 'vsol_olt', comment: /^(?:!|$)/, pagerRedrawInStored: true },
  sonicos: { platform: 'sonicwall_sonicos', comment: /^!( |$)/, emptyConfig: true },
  quantaos: { platform: 'quanta_qos', comment: /^!( |$)/ },
  // Oxidized keeps the blank line the device prints before the config.
  aosw: { platform: 'aruba_aosw', comment: /^(?:#( |$)|$)/, secrets: /AAAAAAAAAA/ },
  arubainstant: { platform: 'aruba_instant', comment: /^#( |$)/ },
  // The engine's ":" comment line before the config stays in Oxidized's text.
  firelinuxos: { platform: 'cisco_ftd', comment: /^(?:!( |$)|:$)/ },
  // Oxidized's model drops the firmware line that webnet keeps (as it does for FortiGate).
  fortios: { platform: 'fortinet_fortimanager', comment: /^#( |$)/, oursOnly: /^#config-version=/ },
  garderos: { platform: 'garderos_grs', comment: /^#( |$)/, secrets: /AAAAAAAAAA|=SECRET$/m },
  // Recorded over an exec channel; Oxidized appends its version comment to the XML's last line.
  pfsense: {
    platform: 'pfsense',
    comment: /^#( |$)/,
    replay: { shell: { prompt: '[2.7.2-RELEASE][oxidized@pfSense.home.arpa]/root: ' } },
    storedComment: /<!-- PFsense [^>]*-->$/,
    blankWhereCut: true,
    secrets: /\$2b\$10\$13u6|<rocommunity>public</,
  },
  // Edited by hand: the host name in the login prompt lost a character the later prompts have.
  ironware: { platform: 'ruckus_fastiron', comment: /^!( |$)/, pinHost: false, secrets: /\$byFkfW9uLW8=/ },
  fastiron: { platform: 'ruckus_fastiron', comment: /^!( |$)/ },
  mlnxos: { platform: 'nvidia_onyx', comment: /^#/, pagerRedrawInStored: true, blankWhereCut: true },
  // Prompts only: no recorded session.
  aos7: { platform: 'alcatel_aos7', comment: /^!( |$)/ },
  asyncos: { platform: 'cisco_asyncos', comment: /^!( |$)/ },
  firewareos: { platform: 'watchguard_fireware', comment: /^-- / },
  mtrlrfs: { platform: 'extreme_wing', comment: /^#( |$)/ },
  siklu: { platform: 'siklu_etherhaul', comment: /^#( |$)/ },
  cumulus: {
    platform: 'nvidia_cumulus',
    comment: /^#( |$)/,
    recordings: {
      // Configured by files: Oxidized heads each file with a comment line and a blank line.
      'VX_5.4.0_frr': {
        platform: 'nvidia_cumulus_files',
        comment: /^$/,
        storedOnly: /^###### .* ######$/,
        // Edited by hand: one echo lacks the "; echo" the command sent, so it reads as output.
        oursOnly: /^cat \/etc\/cumulus\/ports\.conf$/,
        password: 'armud',
        blankWhereCut: true,
      },
    },
  },
  // Read over exec requests: the replay plays the exec channel's echo and prompt.
  eatonnetwork: {
    platform: 'eaton_network_m3',
    comment: /^$/,
    replay: { shell: { prompt: EXEC_PROMPT } },
    secretKeysInJson: true,
  },
  // The configuration is a file fetched over SCP: the recording holds it under its name.
  apcaos: { platform: 'apc_aos', comment: /^; / },
};

const dir = fixturesDir('oxidized');
const files = fs.readdirSync(dir);
// "custom" recordings exercise one option of Oxidized's model; their stored text is in a
// custom_output.txt or in the recording itself (oxidized_output).
const SIMULATION = /#(?:custom_)?simulation\.yaml$/;
const sims = files
  .filter((f) => SIMULATION.test(f) && Object.hasOwn(MODELS, f.split('#')[0]!))
  .map((f) => {
    const [model, recording] = f.split('#') as [string, string];
    const base = MODELS[model]!;
    return { name: f.replace(SIMULATION, ''), file: f, model: { ...base, ...base.recordings?.[recording] } };
  });
const prompts = files
  .filter((f) => f.endsWith('#prompt.yaml') && Object.hasOwn(MODELS, f.split('#')[0]!))
  .map((f) => ({ name: f.split('#')[0]!, model: MODELS[f.split('#')[0]!]! }));

const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
// Their markers, whole or (in some secret.yaml files) without the opening bracket.
const OXIDIZED_MARKERS = /<?secret hidden>|<?configuration removed>|<?secret removed>|<removed>|<hidden>/g;

/** Every text under `key` anywhere in a JSON document that is not a redaction marker (or empty). */
function textsUnder(doc: unknown, key: string, inside = false): string[] {
  if (typeof doc === 'string')
    return inside && doc !== '' && !/^<redacted(?::[0-9a-f]{8})?>$/.test(doc) ? [doc] : [];
  if (doc === null || typeof doc !== 'object') return [];
  return Object.entries(doc).flatMap(([k, v]) => textsUnder(v, key, inside || k === key));
}

function platformOf(model: Model): Platform {
  const platform = platformByName(model.platform);
  if (!platform) throw new Error(`no platform ${model.platform}`);
  return platform;
}

describe('Oxidized recorded sessions replayed through netio', () => {
  it('covers every supported model that has recordings', () => {
    expect(sims.length).toBeGreaterThan(0);
  });

  it.each(sims)(
    '$name: backup equals the stored config body and hides its secrets',
    async ({ name, file, model }) => {
      const platform = platformOf(model);
      const recording = read(file);
      const storedText = file.includes('#custom_')
        ? files.includes(`${name}#custom_output.txt`)
          ? read(`${name}#custom_output.txt`)
          : unescapeRecorded((parseYaml(recording) as { oxidized_output: string }).oxidized_output)
        : read(`${name}#output.txt`);
      const channel = new ReplayChannel(parseRecording(recording), model.replay);
      const recordedFiles = new Map(parseRecording(recording).entries);
      const session = await Session.open(channel, {
        platform,
        timeoutMs: 2000,
        pinHost: model.pinHost,
        password: model.password,
        download: async (path) => {
          const text = recordedFiles.get(path);
          if (text === undefined) throw new Error(`the recording holds no file ${path}`);
          return text;
        },
      });
      if (model.emptyConfig) {
        await expect(backup(session)).rejects.toMatchObject({ category: 'parse_error' });
        session.close();
        for (const line of storedText.trim().split('\n')) expect(line).toMatch(model.comment);
        return;
      }
      const result = await backup(session);
      session.close();

      // Lines that do not count as a change ("Last configuration change at…") are compared out:
      // Oxidized keeps them in some recordings and not in others.
      const significant = (text: string) =>
        text
          .replace(/\s+$/, '')
          .split('\n')
          .filter((line) => !platform.backup.insignificant.some((re) => re.test(line)));
      const comparable = (l: string) => (model.pagerRedrawInStored ? l.replace(/\s+/g, '') : l);
      const stored = significant(storedText)
        .filter((l) => !(model.blankWhereCut && l.trim() === '') && !model.storedOnly?.test(l))
        .map((l) => comparable(model.storedComment ? l.replace(model.storedComment, '') : l));
      const ours = significant(result.unredacted)
        .filter((l) => !model.oursOnly?.test(l) && !(model.blankWhereCut && l.trim() === ''))
        .map(comparable);
      expect(ours.length).toBeGreaterThan(0);
      // The body sits whole in what Oxidized stored; everything around it is Oxidized's own comments.
      let start = stored.findIndex((_, i) => ours.every((line, j) => stored[i + j] === line));
      if (start === -1) start = Math.max(0, stored.length - ours.length);
      expect(stored.slice(start, start + ours.length)).toEqual(ours);
      for (const line of [...stored.slice(0, start), ...stored.slice(start + ours.length)])
        expect(line).toMatch(model.comment);

      const changesFile = `${name}#significant_changes.yaml`;
      if (files.includes(changesFile)) {
        const lines = parseYaml(read(changesFile)) as { pass?: string[]; fail?: string[] };
        const counts = (line: string) => !platform.backup.insignificant.some((re) => re.test(line));
        // Judged where they occur in webnet's backup: Oxidized also stores other commands'
        // output (RouterOS history, say) that webnet does not back up at all.
        const ours = (line: string) => result.unredacted.includes(line);
        for (const line of (lines.pass ?? []).filter(ours)) expect(counts(line), line).toBe(true);
        for (const line of (lines.fail ?? []).filter(ours)) expect(counts(line), line).toBe(false);
      }

      if (model.secrets) expect(result.config).not.toMatch(model.secrets);
      const secretsFile = files.includes(`${name}#secret.yaml`) ? `${name}#secret.yaml` : undefined;
      if (secretsFile) {
        const secrets = parseYaml(read(secretsFile)) as { pass?: string[]; fail?: string[] };
        for (const secret of secrets.fail ?? []) {
          const key = /^"(\w+)"$/.exec(secret)?.[1];
          if (model.secretKeysInJson && key)
            expect(textsUnder(JSON.parse(result.config), key), key).toEqual([]);
          else expect(result.config).not.toContain(secret);
        }
        for (const shown of secrets.pass ?? []) {
          const pattern = shown.replace(OXIDIZED_MARKERS, '<redacted(?::[0-9a-f]{8})?>');
          // Ruby's ^ and $ (Oxidized's patterns) anchor at lines.
          expect(result.config).toMatch(new RegExp(pattern, 'm'));
        }
      }
    },
  );

  it.each(prompts)('$name: prompts that must and must not be recognised', ({ name, model }) => {
    const platform = platformOf(model);
    const cases = parseYaml(read(`${name}#generic#prompt.yaml`)) as {
      pass?: string[];
      fail?: string[];
      pass_with_expect?: string[];
    };
    const isPrompt = (text: string) => {
      const line = terminalLines(text).split('\n').pop()!;
      return Object.values(platform.modes).some((m) => m.prompt.test(line));
    };
    // "pass_with_expect": a prompt Oxidized recognises once its expect block has removed the
    // escape codes, and its raw regex does not ("fail" lists it again). webnet's session always
    // reads the terminal's text, so these must pass.
    const withExpect = cases.pass_with_expect ?? [];
    for (const p of [...(cases.pass ?? []), ...withExpect]) expect(isPrompt(p), p).toBe(true);
    for (const p of (cases.fail ?? []).filter((p) => !withExpect.includes(p)))
      expect(isPrompt(p), p).toBe(false);
  });
});
