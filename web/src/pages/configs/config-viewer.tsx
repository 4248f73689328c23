import { codeFolding, foldGutter, foldKeymap, foldService } from '@codemirror/language';
import { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension, RangeSetBuilder } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { configKeys } from '../../api/queries/configs';
import { Button, ErrorBox, Loading } from '../../ui/kit';

/** A line to draw the eye to: a finding's line (`fail`) or the block a missing line belongs in. */
export type FlaggedLine = { line: number; tone: 'fail' | 'block'; title: string };

const indentOf = (text: string) => text.length - text.trimStart().length;

/**
 * Sections fold by indentation, the way every CLI prints them: a line folds the lines below it
 * that are indented deeper (an IOS interface, a Junos stanza up to its closing brace).
 */
const foldByIndent = foldService.of((state, from) => {
  const line = state.doc.lineAt(from);
  if (line.text.trim() === '') return null;
  const indent = indentOf(line.text);
  let last = line.number;
  for (let n = line.number + 1; n <= state.doc.lines; n++) {
    const next = state.doc.line(n).text;
    if (next.trim() === '') continue;
    if (indentOf(next) <= indent) break;
    last = n;
  }
  return last === line.number ? null : { from: line.to, to: state.doc.line(last).to };
});

const theme = EditorView.theme({
  '&': { fontSize: '12px', backgroundColor: 'transparent', color: 'inherit' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' },
  '.cm-gutters': { backgroundColor: 'transparent', color: '#64748b', border: 'none' },
  '.cm-lineNumbers .cm-gutterElement': { cursor: 'pointer' },
  '&.cm-focused': { outline: '2px solid #0284c7' },
  '.cm-scroller': { maxHeight: '70vh' },
  '.cm-insignificant': { opacity: '0.55', fontStyle: 'italic' },
  '.cm-flag-fail': { backgroundColor: 'rgba(239, 68, 68, 0.2)' },
  '.cm-flag-block': { backgroundColor: 'rgba(245, 158, 11, 0.2)' },
  '.cm-linked': { boxShadow: 'inset 3px 0 0 #0284c7' },
});

/** Dimmed, flagged and linked lines as line decorations (in document order, as CodeMirror wants). */
function lineMarks(state: EditorState, dim: number[], flags: FlaggedLine[], linked: number | undefined) {
  const byLine = new Map<number, { classes: string[]; titles: string[]; attrs: Record<string, string> }>();
  const at = (n: number) => {
    const entry = byLine.get(n) ?? { classes: [], titles: [], attrs: {} };
    byLine.set(n, entry);
    return entry;
  };
  for (const n of dim) {
    const e = at(n);
    e.classes.push('cm-insignificant');
    e.titles.push('ignored by diffs: not counted as a change');
    e.attrs['data-insignificant'] = 'true';
  }
  for (const f of flags) {
    const e = at(f.line);
    e.classes.push(`cm-flag-${f.tone}`);
    e.titles.push(f.title);
    e.attrs['data-flagged'] = f.tone;
  }
  if (linked) at(linked).classes.push('cm-linked');
  const builder = new RangeSetBuilder<Decoration>();
  for (const n of [...byLine.keys()].sort((a, b) => a - b)) {
    if (n < 1 || n > state.doc.lines) continue;
    const { classes, titles, attrs } = byLine.get(n)!;
    const from = state.doc.line(n).from;
    const attributes = { ...attrs, ...(titles.length ? { title: titles.join('\n') } : {}) };
    builder.add(from, from, Decoration.line({ class: classes.join(' '), attributes }));
  }
  return builder.finish();
}

/**
 * A stored configuration, read in the browser: line numbers (a click links to the line), sections
 * folded by indentation, search (Ctrl-F), copy; the lines a diff ignores shown dimmed, and the
 * lines a caller flags (compliance findings) marked with what is wrong with them.
 */
export function ConfigText({
  text,
  insignificant = [],
  flags = [],
  line,
  onLine,
  label,
}: {
  text: string;
  insignificant?: number[];
  flags?: FlaggedLine[];
  /** The line linked to (1-based): scrolled to and marked. */
  line?: number | undefined;
  onLine?: (line: number) => void;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const clicked = useRef(onLine);
  clicked.current = onLine;
  const [copied, setCopied] = useState(false);

  const marks = useRef(new Compartment());
  // Arrays arrive anew on every render of the caller: the marks follow their content.
  const markKey = JSON.stringify([insignificant, flags, line]);

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: text,
        extensions: [
          EditorState.readOnly.of(true),
          lineNumbers({
            domEventHandlers: {
              click(v, block) {
                clicked.current?.(v.state.doc.lineAt(block.from).number);
                return true;
              },
            },
          }),
          codeFolding(),
          foldGutter(),
          foldByIndent,
          search({ top: true }),
          highlightSelectionMatches(),
          keymap.of([...searchKeymap, ...foldKeymap]),
          theme,
          marks.current.of([]),
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
  }, [text, label]);

  // After the editor is made again for a new text, too.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `text` remakes the editor, whose marks this sets
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const [dim, flagged, linked] = JSON.parse(markKey) as [number[], FlaggedLine[], number | null];
    const decorations: Extension = EditorView.decorations.of(
      lineMarks(editor.state, dim, flagged, linked ?? undefined),
    );
    const effects = [marks.current.reconfigure(decorations)];
    if (linked && linked <= editor.state.doc.lines)
      effects.push(EditorView.scrollIntoView(editor.state.doc.line(linked).from, { y: 'center' }));
    editor.dispatch({ effects });
  }, [markKey, text]);

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Button onClick={() => view.current && openSearchPanel(view.current)}>Find</Button>
        <Button
          onClick={() =>
            void navigator.clipboard?.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <span className="text-slate-500">
          Click a line number to link to it; fold a section from the gutter.
          {insignificant.length > 0 && ' Dimmed lines are not counted as a change.'}
        </span>
      </div>
      <div
        ref={host}
        data-testid="config-text"
        className="rounded border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900"
      />
    </div>
  );
}

/** One snapshot by id, fetched and shown with ConfigText; `flagsOf` finds lines to flag in its text. */
export function ConfigViewer({
  snapshotId,
  flagsOf,
  line,
  onLine,
  label,
}: {
  snapshotId: string;
  flagsOf?: (text: string) => FlaggedLine[];
  line?: number | undefined;
  onLine?: (line: number) => void;
  label: string;
}) {
  const snapshot = useQuery({
    queryKey: configKeys.snapshot(snapshotId),
    queryFn: () => unwrap(api.GET('/api/v1/configs/{id}', { params: { path: { id: snapshotId } } })),
  });
  if (snapshot.isPending) return <Loading />;
  if (snapshot.error) return <ErrorBox error={snapshot.error} />;
  return (
    <ConfigText
      text={snapshot.data.config}
      insignificant={snapshot.data.insignificantLines}
      flags={flagsOf?.(snapshot.data.config)}
      line={line}
      onLine={onLine}
      label={label}
    />
  );
}

export default ConfigViewer;
