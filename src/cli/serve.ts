import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import Fastify from 'fastify';
import { createApp, startHousekeeping } from '../app/app.ts';
import { ensureFirstAdmin } from '../app/bootstrap.ts';
import { startJobs } from '../app/jobs.ts';
import { readiness } from '../app/readiness.ts';
import { watchTemplateFiles } from '../domains/parsing/files.ts';
import { watchPlatformFiles } from '../domains/platforms/files.ts';
import type { Config } from '../platform/config.ts';
import { type Database, openDatabase } from '../platform/db/client.ts';
import { listenUrl } from '../platform/http/listen-url.ts';
import { metricsRoute } from '../platform/http/metrics-route.ts';
import { createLogger } from '../platform/logger.ts';
import type { Queue } from '../platform/queue.ts';
import { createSecretBox, loadOrCreateKeyFile } from '../platform/secrets.ts';

function onSignals(stop: () => Promise<void>) {
  let stopping = false;
  const handler = () => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

export async function serveCommand(config: Config, opts: { worker: boolean }) {
  const app = await createApp(config, { worker: opts.worker });
  const stopHousekeeping = opts.worker
    ? startHousekeeping(app, {
        jobDays: config.jobRetentionDays,
        recordingDays: config.terminal.recordingRetentionDays,
      })
    : () => {};
  const firstAdmin = await ensureFirstAdmin(
    app.database.db,
    config.dataDir,
    process.env.WEBNET_ADMIN_PASSWORD,
  );
  await app.http.listen({ port: config.port, host: config.host });
  const { url, note } = listenUrl(app.http.server.address());
  if (!config.publicUrl) app.links.base = url;
  const lines = [
    '',
    `webnet ${app.database.kind === 'pglite' ? `on PGlite in ${config.dataDir}` : 'on PostgreSQL'}: ${url}${note}`,
    `  web UI: ${url}   API docs: ${url}/api/docs`,
  ];
  if (firstAdmin.created) {
    lines.push('  First start: created user "admin" (all customers).');
    lines.push(
      firstAdmin.passwordFile
        ? `  Its password is in ${firstAdmin.passwordFile} (mode 0600):  cat ${firstAdmin.passwordFile}`
        : '  Its password is the one WEBNET_ADMIN_PASSWORD gave (not written anywhere).',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  // What the start compiled is written to the compile cache now, not only at exit: a server may
  // end by SIGKILL (see main.ts).
  module.flushCompileCache();
  onSignals(async () => {
    stopHousekeeping();
    await app.close();
  });
}

export async function workerCommand(config: Config) {
  if (!config.databaseUrl) {
    throw new Error(
      'a separate worker needs DATABASE_URL (PGlite belongs to one process; `webnet serve` runs its worker in-process)',
    );
  }
  const log = createLogger(config.logLevel);
  const database = await openDatabase({ databaseUrl: config.databaseUrl });
  await database.migrate();
  // Device credentials are sealed with the web nodes' key; a worker that made up its own could open none.
  if (!config.secretKey && !fs.existsSync(path.join(config.dataDir, 'secret.key')))
    throw new Error('a separate worker needs WEBNET_SECRET_KEY: the same key as the web nodes');
  const secrets = createSecretBox(config.secretKey ?? loadOrCreateKeyFile(config.dataDir));
  // Users' platform and template files: a worker reaches and parses devices as the web nodes do.
  const stopFiles = [
    watchPlatformFiles(config.platformsDir, log),
    watchTemplateFiles(config.templatesDir, log),
  ];
  const jobs = await startJobs(database, secrets, log, {
    worker: true,
    concurrency: config.workerConcurrency,
    graceMs: config.shutdownGraceSeconds * 1000,
    links: { base: config.publicUrl ?? `http://localhost:${config.port}` },
  });
  const stop = startHousekeeping(
    { database, log },
    {
      jobDays: config.jobRetentionDays,
      recordingDays: config.terminal.recordingRetentionDays,
    },
  );
  const probes = await workerProbes(config, database, jobs.queue);
  log.info({ concurrency: config.workerConcurrency }, 'worker started');
  process.stdout.write(
    `webnet worker: ${config.workerConcurrency} devices at once${probes ? `; /metrics, /healthz and /readyz on port ${config.workerMetricsPort}` : ''}\n`,
  );
  onSignals(async () => {
    await probes?.close();
    stop();
    for (const s of stopFiles) s();
    await jobs.stop();
    await database.close();
  });
}

export async function migrateCommand(config: Config) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    process.stdout.write(`migrations applied (${database.kind})\n`);
  } finally {
    await database.close();
  }
}

/**
 * A worker serves no API, but Prometheus scrapes each process for its own metrics and an
 * orchestrator asks each whether it is ready: a small HTTP listener for those two alone.
 */
async function workerProbes(config: Config, database: Database, queue: Queue) {
  if (!config.workerMetricsPort) return undefined;
  const app = Fastify({ logger: false });
  metricsRoute(app, config.metricsToken);
  // Liveness: the process answers (a stuck event loop does not).
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = await readiness(database, queue);
    return reply.code(ready.status === 'ready' ? 200 : 503).send(ready);
  });
  try {
    await app.listen({ port: config.workerMetricsPort, host: config.host });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    throw new Error(
      `port ${config.workerMetricsPort} for this worker's /metrics and /readyz is taken: give each worker on a host its own WEBNET_WORKER_METRICS_PORT, or 0 for none`,
    );
  }
  return app;
}
