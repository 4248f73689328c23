import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditRoutes } from '../domains/audit/routes.ts';
import { createAuthenticator } from '../domains/auth/authenticate.ts';
import { authRoutes } from '../domains/auth/routes.ts';
import { pruneRefreshTokens } from '../domains/auth/sessions.ts';
import { changeRoutes } from '../domains/changes/routes.ts';
import { complianceRoutes } from '../domains/compliance/routes.ts';
import { configRoutes } from '../domains/configs/routes.ts';
import { credentialRoutes } from '../domains/credentials/routes.ts';
import { customerRoutes } from '../domains/customers/routes.ts';
import { dashboardRoutes } from '../domains/dashboard/routes.ts';
import { deviceRoutes } from '../domains/devices/routes.ts';
import { discoveryRoutes } from '../domains/discovery/routes.ts';
import { jobStreamMessage } from '../domains/jobs/events.ts';
import { jobLiveRoutes } from '../domains/jobs/live.ts';
import { jobRoutes } from '../domains/jobs/routes.ts';
import { jobCreateSchema } from '../domains/jobs/schemas.ts';
import { pruneJobs } from '../domains/jobs/service.ts';
import { transcriptRoutes } from '../domains/jobs/transcripts.ts';
import { netboxRoutes } from '../domains/netbox/routes.ts';
import { pruneNotifications } from '../domains/notifications/deliveries.ts';
import type { PublicLinks } from '../domains/notifications/dispatcher.ts';
import { notificationRoutes } from '../domains/notifications/routes.ts';
import { watchTemplateFiles } from '../domains/parsing/files.ts';
import { parsingRoutes } from '../domains/parsing/routes.ts';
import { watchPlatformFiles } from '../domains/platforms/files.ts';
import { platformRoutes } from '../domains/platforms/routes.ts';
import { scheduleRoutes } from '../domains/schedules/routes.ts';
import { TerminalHub } from '../domains/terminal/live.ts';
import { terminalRoutes } from '../domains/terminal/routes.ts';
import { terminalClientMessage, terminalServerMessage } from '../domains/terminal/schemas.ts';
import { pruneRecordings } from '../domains/terminal/service.ts';
import { topologyRoutes } from '../domains/topology/routes.ts';
import { userRoutes } from '../domains/users/routes.ts';
import type { Config } from '../platform/config.ts';
import { type Database, openDatabase } from '../platform/db/client.ts';
import { metricsRoute } from '../platform/http/metrics-route.ts';
import { createHttpServer, type HttpServer } from '../platform/http/server.ts';
import { registerWebUi } from '../platform/http/web-ui.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { createSecretBox, loadOrCreateKeyFile, type SecretBox } from '../platform/secrets.ts';
import { JOB_HANDLERS, type JobsRuntime, startJobs } from './jobs.ts';
import { readiness } from './readiness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

const STARTED_AT = new Date().toISOString();

export type App = {
  http: HttpServer;
  database: Database;
  secrets: SecretBox;
  log: Logger;
  jobs: JobsRuntime;
  /** webnet's address in notifications' links; the CLI sets it to where it listens when unset. */
  links: PublicLinks;
  close(): Promise<void>;
};

export type AppOptions = {
  /** An already open database (tests); otherwise opened from the config. */
  database?: Database;
  log?: Logger;
  /** Run device tasks in this process (`webnet serve` does unless told not to). */
  worker?: boolean;
  /** Seconds between the queue's checks for tasks of crashed workers. */
  monitorIntervalSeconds?: number;
};

/** The composition root: the only place that knows every part. */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger(config.logLevel);
  const database =
    opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  let jobs: JobsRuntime | undefined;
  let stopPlatformFiles = () => {};
  let stopTemplateFiles = () => {};
  try {
    await database.migrate();
    const secrets = createSecretBox(config.secretKey ?? loadOrCreateKeyFile(config.dataDir));
    // Users' platform files, before any job runs: a device of such a platform is reached at once.
    stopPlatformFiles = watchPlatformFiles(config.platformsDir, log);
    stopTemplateFiles = watchTemplateFiles(config.templatesDir, log);
    const db = database.db;
    const jwtKey = secrets.deriveKey('jwt');
    // Set from the listening address once the server listens, unless WEBNET_PUBLIC_URL says.
    const links = { base: config.publicUrl ?? `http://localhost:${config.port}` };
    jobs = await startJobs(database, secrets, log, {
      worker: opts.worker ?? true,
      concurrency: config.workerConcurrency,
      monitorIntervalSeconds: opts.monitorIntervalSeconds,
      graceMs: config.shutdownGraceSeconds * 1000,
      links,
    });
    const http = await createHttpServer({
      log,
      bodyLimit: config.bodyLimit,
      requestTimeoutMs: config.requestTimeoutSeconds * 1000,
      authenticate: createAuthenticator(db, jwtKey),
      version: VERSION,
      components: {
        JobStreamMessage: jobStreamMessage,
        TerminalServerMessage: terminalServerMessage,
        TerminalClientMessage: terminalClientMessage,
      },
    });

    http.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({
      status: 'ok',
      // When this process started: a restart (a deploy, `npm run dev` reloading) shows here.
      startedAt: STARTED_AT,
    }));
    http.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
      const ready = await readiness(database, jobs?.worker ? jobs.queue : undefined);
      return reply.code(ready.status === 'ready' ? 200 : 503).send(ready);
    });
    metricsRoute(http, config.metricsToken);

    const api = http.withTypeProvider<ZodTypeProvider>();
    authRoutes(api, db, {
      jwtKey,
      accessTtl: config.accessTokenTtl,
      refreshTtl: config.refreshTokenTtl,
      secureCookies: config.secureCookies,
      loginRateLimit: config.loginRateLimit,
      loginRateLimitPerAddress: config.loginRateLimitPerAddress,
    });
    userRoutes(api, db);
    customerRoutes(api, db);
    credentialRoutes(api, db, secrets);
    dashboardRoutes(api, db);
    deviceRoutes(api, db);
    auditRoutes(api, db);
    configRoutes(api, db);
    topologyRoutes(api, db);
    scheduleRoutes(api, db, jobCreateSchema(JOB_HANDLERS.filter((h) => !h.internal)));
    const started = jobs;
    jobRoutes(api, { db, queue: started.queue, events: started.events, handlers: JOB_HANDLERS });
    jobLiveRoutes(api, { db, events: started.events });
    transcriptRoutes(api, db);
    changeRoutes(api, { db, queue: started.queue, events: started.events });
    complianceRoutes(api, { db, queue: started.queue, events: started.events });
    platformRoutes(api);
    parsingRoutes(api, db);
    discoveryRoutes(api, db);
    notificationRoutes(api, { db, secrets, links });
    netboxRoutes(api, db, secrets);
    const terminals = new TerminalHub();
    terminalRoutes(api, {
      db,
      secrets,
      log,
      hub: terminals,
      idleMinutes: config.terminal.idleMinutes,
      limits: { maxPerUser: config.terminal.maxPerUser, maxPerCustomer: config.terminal.maxPerCustomer },
    });
    await registerWebUi(http, path.join(ROOT, 'web', 'dist'));

    await http.ready();
    return {
      http,
      database,
      secrets,
      log,
      jobs: started,
      links,
      async close() {
        stopPlatformFiles();
        stopTemplateFiles();
        // Each open terminal ends and stores its recording while the database is still there.
        await terminals.closeAll();
        await http.close();
        await started.stop();
        if (!opts.database) await database.close();
      },
    };
  } catch (err) {
    stopPlatformFiles();
    stopTemplateFiles();
    await jobs?.stop();
    if (!opts.database) await database.close();
    throw err;
  }
}

/**
 * Housekeeping any process with a worker runs: expired sessions, old jobs, old recordings and old
 * notifications go.
 */
export function startHousekeeping(
  app: Pick<App, 'database' | 'log'>,
  retention: { jobDays: number; recordingDays: number },
  everyMs = 3600_000,
): () => void {
  const { db } = app.database;
  const run = () =>
    Promise.all([
      pruneRefreshTokens(db),
      pruneJobs(db, retention.jobDays),
      pruneRecordings(db, retention.recordingDays),
      pruneNotifications(db, retention.jobDays),
    ]).catch((err) => app.log.warn({ err }, 'housekeeping failed'));
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
