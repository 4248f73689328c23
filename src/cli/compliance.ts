import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { PatternError } from '../domains/compliance/pyregex.ts';
import { PYYAML_OPTIONS } from '../domains/compliance/pyyaml.ts';
import {
  complianceReport,
  type Json,
  NotImplementedGetter,
  ValidationError,
} from '../domains/compliance/validate.ts';

/** A file that cannot be used: where and why, as the user should read it. */
export class PolicyFileError extends Error {}

/**
 * The state rules of a policy file: a NAPALM validation file (a list of getters) as it is, or a
 * policy's `state:` list, its scalars read as NAPALM's PyYAML reads them. YAML errors name the
 * line and column.
 */
export function readStateRules(file: string): Json {
  const text = fs.readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...PYYAML_OPTIONS, lineCounter: lines, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const at = lines.linePos(error.pos[0]);
    throw new PolicyFileError(`${file}:${at.line}:${at.col}: ${error.message.split('\n')[0]}`);
  }
  if (isSeq(doc.contents)) return doc.toJS() as Json;
  if (isMap(doc.contents) && doc.has('state')) return (doc.toJS() as { state: Json }).state;
  throw new PolicyFileError(`${file}: expected a list of getters, or a policy with a "state:" list`);
}

/**
 * `webnet compliance validate --policy FILE --data DIR`: NAPALM's compliance report on getter
 * output saved as DIR/<getter>.json (or DIR/<_name>.json for a named check), without a device.
 * A getter with no file is reported skipped, as one the platform does not have. Exit status 0
 * when the data complies, 1 when it does not, 2 when the policy or the data cannot be read.
 */
export async function complianceValidateCommand(opts: { policy: string; data: string }): Promise<void> {
  try {
    const rules = readStateRules(opts.policy);
    const report = await complianceReport(rules, async (getter, _kwargs, name) => {
      const file = [name, getter].map((n) => path.join(opts.data, `${n}.json`)).find((f) => fs.existsSync(f));
      if (!file) throw new NotImplementedGetter(getter);
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
      } catch (err) {
        throw new PolicyFileError(`${file}: ${(err as Error).message}`);
      }
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exitCode = report.complies ? 0 : 1;
  } catch (err) {
    if (err instanceof PolicyFileError || err instanceof ValidationError || err instanceof PatternError) {
      process.stderr.write(`webnet: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}
