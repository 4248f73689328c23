/**
 * The user's TextFSM templates (WEBNET_TEMPLATES_DIR): an `index` of their own and template
 * files, used before the ntc-templates webnet ships, read at start and again whenever the folder
 * changes. Every process (web and workers) reads its own copy.
 */
import fs from 'node:fs';
import { setTemplateDir } from '../../netio/index.ts';
import type { Logger } from '../../platform/logger.ts';

/** Uses the folder's templates now and watches it; returns the stop. A burst of changes reloads once. */
export function watchTemplateFiles(dir: string | undefined, log: Logger): () => void {
  const library = setTemplateDir(dir);
  if (!dir) return () => {};
  const report = () => {
    for (const p of library.problems)
      log.warn({ file: p.file, line: p.line }, `template index line refused: ${p.message}`);
  };
  report();
  log.info({ dir }, 'user TextFSM templates in use');
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(dir, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        library.reload();
        report();
      }, 200);
    });
  } catch (err) {
    log.warn({ err, dir }, 'cannot watch the template folder; it is read at start only');
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
