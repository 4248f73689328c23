/**
 * The platform files of WEBNET_PLATFORMS_DIR: read at start, read again whenever the folder
 * changes (every process reads its own copy: web and workers alike), the files refused kept for
 * the API to show with their line and field.
 */
import fs from 'node:fs';
import { loadPlatformDir, type PlatformFileError, setFilePlatforms } from '../../netio/index.ts';
import type { Logger } from '../../platform/logger.ts';

let refused: PlatformFileError[] = [];

/** The files the last load refused. */
export const refusedPlatformFiles = (): PlatformFileError[] => refused;

/** Loads the folder's platforms now; the ones refused are logged and kept for the API. */
export function loadPlatformFiles(dir: string, log: Logger): void {
  const { platforms, errors } = loadPlatformDir(dir);
  refused = [...errors, ...setFilePlatforms(platforms)];
  for (const e of refused) log.warn({ file: e.file, line: e.line }, `platform file refused: ${e.message}`);
  log.info({ dir, platforms: platforms.length - refused.length }, 'platform files loaded');
}

/** Loads the folder and watches it; returns the stop. Several changes in a burst load once. */
export function watchPlatformFiles(dir: string | undefined, log: Logger): () => void {
  if (!dir) return () => {};
  loadPlatformFiles(dir, log);
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(dir, () => {
      clearTimeout(timer);
      timer = setTimeout(() => loadPlatformFiles(dir, log), 200);
    });
  } catch (err) {
    log.warn({ err, dir }, 'cannot watch the platform files; they are read at start only');
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
