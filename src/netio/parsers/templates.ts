import { NTC_TEMPLATES_DIR, TemplateLibrary } from '../../textfsm/index.ts';

/**
 * Getters read with the templates webnet ships, never a user's: a getter's values are NAPALM's
 * whatever a user's template folder overrides (that folder serves run_commands' parsing).
 */
const shipped = new TemplateLibrary([NTC_TEMPLATES_DIR]);

/** A shipped template's records for a getter; a template that cannot read the text throws. */
export function shippedRecords(
  ntcPlatform: string,
  command: string,
  text: string,
): Record<string, string | string[]>[] {
  const r = shipped.parse(ntcPlatform, command, text);
  if (!r.ok) throw new Error(r.message);
  return r.records;
}
