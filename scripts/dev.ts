/**
 * npm run dev: the development loop in one command.
 *
 * - the API and an in-process worker under `node --watch`: saving any file they import (a service,
 *   a route, a platform) restarts them in about a second (`npm run bench:reload` measures it);
 * - the lab with the demo's data (`webnet demo`: two customers, a user per role, simulated
 *   devices), in the same watched process, in its own data directory (./data-dev);
 * - the UI from Vite with hot module reload, on the same origin: Vite answers the pages and hands
 *   /api and /ws to the API, so cookies and WebSockets work as in production.
 *
 * PORT (default 8080) is where the browser goes; the API listens on PORT + 1.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 8080);
const apiPort = port + 1;

const api = spawn(
  process.execPath,
  [
    '--watch',
    '--watch-preserve-output',
    '--max-semi-space-size=64',
    path.join(ROOT, 'src/cli/main.ts'),
    'demo',
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      WEBNET_DATA_DIR: process.env.WEBNET_DATA_DIR ?? path.join(ROOT, 'data-dev'),
      // Compiled code kept between restarts: a restart compiles only the files that changed.
      NODE_COMPILE_CACHE:
        process.env.NODE_COMPILE_CACHE ?? path.join(ROOT, 'node_modules/.cache/node-compile'),
    },
  },
);

process.env.WEBNET_API_URL = `http://127.0.0.1:${apiPort}`;
const web = await createServer({
  configFile: path.join(ROOT, 'web/vite.config.ts'),
  server: { port, strictPort: true, host: process.env.HOST ?? '127.0.0.1' },
});
await web.listen();
process.stdout.write(
  `\nwebnet dev: http://localhost:${port} (the UI with hot reload; the API on ${apiPort} restarts on save)\n`,
);

const stop = async () => {
  api.kill('SIGTERM');
  await web.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
api.on('exit', (code) => {
  if (code !== null && code !== 0) process.stderr.write(`webnet dev: the API exited with ${code}\n`);
});
