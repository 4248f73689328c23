// Writes docs/platforms.md from the platform tables (see src/netio/platforms/matrix.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformMatrix } from '../src/netio/platforms/matrix.ts';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/platforms.md');
fs.writeFileSync(target, platformMatrix());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
