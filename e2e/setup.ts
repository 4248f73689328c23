import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// The browser tests run against the SPA as `webnet serve` ships it: built from the current sources.
export default async function setup() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn' });
}
