import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, type StringStream, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, RangeSetBuilder } from '@codemirror/state';
import {
  Decoration,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';

type Mode = { inside: 'output' | 'tag' | 'comment' | null };

const KEYWORDS = new Set(
  'if elsif else endif unless endunless for endfor in case when endcase assign capture endcapture raw endraw comment endcomment break continue and or contains with limit offset reversed cycle increment decrement'.split(
    ' ',
  ),
);

/** Inside "{{ … }}" or "{% … %}": words, strings, numbers, filters and the closing delimiter. */
function liquidToken(stream: StringStream, mode: Mode): string | null {
  if (stream.match(mode.inside === 'output' ? '}}' : '%}') || stream.match(/^-(?:\}\}|%\})/)) {
    mode.inside = null;
    return 'brace';
  }
  if (stream.eatSpace()) return null;
  if (stream.match(/^"[^"]*"?|^'[^']*'?/)) return 'string';
  if (stream.match(/^-?\d+(?:\.\d+)?/)) return 'number';
  if (stream.match(/^\|\s*[A-Za-z_]\w*/)) return 'operator';
  if (stream.match(/^(?:==|!=|<=|>=|<|>|=|\.\.)/)) return 'operator';
  const word = stream.match(/^[A-Za-z_][\w-]*/) as RegExpMatchArray | null;
  if (word) return KEYWORDS.has(word[0]) ? 'keyword' : 'variableName';
  stream.next();
  return 'punctuation';
}

/**
 * LiquidJS over device configuration, for highlighting only. CodeMirror's own Liquid grammar
 * (@codemirror/lang-liquid) embeds HTML, CSS and JavaScript — 240 KB gzipped for a base language
 * that is wrong here; device configuration wants "!" and "#" comments and nothing else.
 */
const liquidConfig = StreamLanguage.define<Mode>({
  name: 'liquid-config',
  startState: () => ({ inside: null }),
  token(stream, mode) {
    if (mode.inside === 'comment') {
      if (stream.skipTo('{%') && stream.match(/^\{%-?\s*endcomment\s*-?%\}/)) mode.inside = null;
      else if (!stream.match('{%')) stream.skipToEnd();
      return 'comment';
    }
    if (mode.inside) return liquidToken(stream, mode);
    if (stream.match(/^\{%-?\s*comment\s*-?%\}/)) {
      mode.inside = 'comment';
      return 'comment';
    }
    if (stream.match(/^\{\{-?/)) {
      mode.inside = 'output';
      return 'brace';
    }
    if (stream.match(/^\{%-?/)) {
      mode.inside = 'tag';
      return 'brace';
    }
    // A configuration comment: a whole line starting with "!" or "#".
    if (stream.sol() && stream.match(/^\s*[!#]/)) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.sol() && stream.match(/^\s*no(?=\s)/)) return 'keyword';
    if (!stream.skipTo('{')) stream.skipToEnd();
    else if (stream.pos === stream.start) stream.next();
    return null;
  },
});

// Mid-tone colours that read on the light and the dark theme alike.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword], color: '#9333ea' },
  { tag: [tags.variableName, tags.propertyName], color: '#0891b2' },
  { tag: [tags.string, tags.number, tags.bool], color: '#d97706' },
  { tag: [tags.function(tags.variableName), tags.operator], color: '#2563eb' },
  { tag: [tags.brace, tags.bracket, tags.punctuation], color: '#64748b' },
  { tag: tags.comment, color: '#64748b', fontStyle: 'italic' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '12px', backgroundColor: 'transparent', color: 'inherit' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', caretColor: 'currentColor' },
  '.cm-gutters': { backgroundColor: 'transparent', color: '#94a3b8', border: 'none' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'rgba(148, 163, 184, 0.12)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { minHeight: '12rem', maxHeight: '32rem' },
  '.cm-refused-line': { backgroundColor: 'rgba(239, 68, 68, 0.18)' },
});

/** The line the server refused, marked (1-based), or nothing. */
function refusedLine(state: EditorState, line: number | undefined) {
  if (!line || line < 1 || line > state.doc.lines) return EditorView.decorations.of(Decoration.none);
  const builder = new RangeSetBuilder<Decoration>();
  const at = state.doc.line(line).from;
  builder.add(
    at,
    at,
    Decoration.line({ class: 'cm-refused-line', attributes: { 'data-refused-line': String(line) } }),
  );
  return EditorView.decorations.of(builder.finish());
}

/**
 * A LiquidJS template editor (CodeMirror 6 with its Liquid grammar): tags, filters and
 * variables highlighted over the configuration text, line numbers, undo, Tab to indent.
 * Controlled like a textarea: `value` in, `onChange` out.
 */
export function TemplateEditor({
  value,
  onChange,
  label,
  errorLine,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  /** A line the server refused (1-based): marked until the text changes or the error goes. */
  errorLine?: number | undefined;
}) {
  const marks = useRef(new Compartment());
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  // The text the editor starts with; later values arrive through the second effect.
  const initial = useRef(value);

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initial.current,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          liquidConfig,
          syntaxHighlighting(highlight),
          theme,
          EditorView.lineWrapping,
          marks.current.of([]),
          EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
  }, [label]);

  useEffect(() => {
    const editor = view.current;
    if (editor) editor.dispatch({ effects: marks.current.reconfigure(refusedLine(editor.state, errorLine)) });
  }, [errorLine]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  return (
    <div
      ref={host}
      className="rounded border border-slate-300 bg-white focus-within:outline-2 focus-within:outline-sky-600 dark:border-slate-700 dark:bg-slate-900"
    />
  );
}
