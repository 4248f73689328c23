/**
 * textfsm: Google's TextFSM template language in TypeScript, with ntc-templates and their index.
 * A library: it imports nothing from webnet's app (nor from netio).
 *
 *   const library = new TemplateLibrary([userDir, NTC_TEMPLATES_DIR]);
 *   library.parse('cisco_ios', 'sh ip int br', output); // { ok, template, header, records }
 */
export { type Cell, FsmError, runTemplate, splitLines, type Table } from './fsm.ts';
export {
  expandCompletion,
  type IndexProblem,
  NTC_TEMPLATES_DIR,
  type ParseResult,
  parseWithTemplate,
  type Record_ as ParsedRecord,
  TemplateLibrary,
} from './library.ts';
export { RegexTranslationError, translatePythonRegex } from './regex.ts';
export { PythonRegex, parseTemplate, type Template, TemplateError } from './template.ts';
