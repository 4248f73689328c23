import { FILE_HEADERS_ONLY, formatPatch, type StructuredPatchHunk, structuredPatch } from 'diff';

export type Side = { line: number; text: string };
export type Row =
  | { kind: 'same'; left: Side; right: Side }
  | { kind: 'removed'; left: Side; right: null }
  | { kind: 'added'; left: null; right: Side }
  | { kind: 'changed'; left: Side; right: Side };

export type Hunk = { oldStart: number; oldLines: number; newStart: number; newLines: number; rows: Row[] };

export type ConfigDiff = {
  unified: string;
  /** The same hunks laid out side by side: a removed line facing the added line that replaced it. */
  hunks: Hunk[];
  added: number;
  removed: number;
};

/** Pairs each run of removed lines with the run of added lines after it, row by row. */
function sideBySide(h: StructuredPatchHunk): Hunk {
  const rows: Row[] = [];
  let oldLine = h.oldStart;
  let newLine = h.newStart;
  let removed: Side[] = [];
  let added: Side[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const left = removed[i];
      const right = added[i];
      if (left && right) rows.push({ kind: 'changed', left, right });
      else if (left) rows.push({ kind: 'removed', left, right: null });
      else if (right) rows.push({ kind: 'added', left: null, right });
    }
    removed = [];
    added = [];
  };
  for (const raw of h.lines) {
    const mark = raw[0];
    const text = raw.slice(1);
    if (mark === '\\') continue; // "\ No newline at end of file"
    if (mark === '-') removed.push({ line: oldLine++, text });
    else if (mark === '+') added.push({ line: newLine++, text });
    else {
      flush();
      rows.push({ kind: 'same', left: { line: oldLine++, text }, right: { line: newLine++, text } });
    }
  }
  flush();
  return { oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, rows };
}

export function diffConfigs(
  before: { name: string; label: string; text: string },
  after: { name: string; label: string; text: string },
  context = 3,
): ConfigDiff {
  const patch = structuredPatch(before.name, after.name, before.text, after.text, before.label, after.label, {
    context,
  });
  let added = 0;
  let removed = 0;
  for (const h of patch.hunks)
    for (const l of h.lines) {
      if (l[0] === '+') added++;
      else if (l[0] === '-') removed++;
    }
  return {
    unified: patch.hunks.length ? formatPatch(patch, FILE_HEADERS_ONLY) : '',
    hunks: patch.hunks.map(sideBySide),
    added,
    removed,
  };
}
