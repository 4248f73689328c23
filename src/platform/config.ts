import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  WEBNET_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  WEBNET_SECRET_KEY: z.string().min(1).optional(),
  WEBNET_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  WEBNET_LOGIN_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('login attempts per minute per client address and username; password changes per user'),
  WEBNET_LOGIN_RATE_LIMIT_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe('login attempts per minute per client address, whatever the username (password sprays)'),
  WEBNET_REQUEST_TIMEOUT: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(60)
    .describe('seconds a client has to send a whole request, body included'),
  WEBNET_SECURE_COOKIES: z
    .enum(['true', 'false', 'auto'])
    .default('auto')
    .describe('Secure flag on cookies: auto sets it when the request came over HTTPS'),
  WEBNET_ACCESS_TOKEN_TTL: z.coerce.number().int().min(30).default(900),
  WEBNET_REFRESH_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(60)
    .default(14 * 24 * 3600),
  WEBNET_PLATFORMS_DIR: z.string().min(1).optional(),
  WEBNET_TEMPLATES_DIR: z.string().min(1).optional(),
  WEBNET_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(100)
    .describe('devices one worker process talks to at once'),
  WEBNET_JOB_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(90)
    .describe('ended jobs older than this go, with their results and logs (snapshots stay)'),
  WEBNET_TERMINAL_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .default(15)
    .describe('a browser terminal with no keystroke for this long is closed'),
  WEBNET_TERMINAL_MAX_PER_USER: z.coerce.number().int().min(1).default(3),
  WEBNET_TERMINAL_MAX_PER_CUSTOMER: z.coerce.number().int().min(1).default(20),
  WEBNET_RECORDING_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(90)
    .describe('terminal recordings older than this are deleted'),
  WEBNET_SHUTDOWN_GRACE_SECONDS: z.coerce
    .number()
    .min(0)
    .max(3600)
    .default(20)
    .describe('on SIGTERM, how long running devices may finish before they are handed back'),
  WEBNET_METRICS_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe('bearer token GET /metrics wants; unset: open'),
  WEBNET_WORKER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(9464)
    .describe("port of a separate worker's /metrics and /readyz; 0: none"),
  WEBNET_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe(
      "webnet's address as people reach it: the links in notifications (default: the address it listens on)",
    ),
  WEBNET_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  loginRateLimit: number;
  loginRateLimitPerAddress: number;
  requestTimeoutSeconds: number;
  secureCookies: 'true' | 'false' | 'auto';
  accessTokenTtl: number;
  refreshTokenTtl: number;
  bodyLimit: number;
  workerConcurrency: number;
  jobRetentionDays: number;
  metricsToken: string | undefined;
  shutdownGraceSeconds: number;
  workerMetricsPort: number;
  /** Where links in notifications point; unset: the address this process listens on. */
  publicUrl: string | undefined;
  terminal: {
    idleMinutes: number;
    maxPerUser: number;
    maxPerCustomer: number;
    recordingRetentionDays: number;
  };
  /** Platform files (YAML or JSON) users add without code; reloaded when they change. */
  platformsDir: string | undefined;
  /** TextFSM templates (and an index) users add or override; reloaded when they change. */
  templatesDir: string | undefined;
};

export class ConfigError extends Error {}

/** Reads the environment once at start; a bad value stops the process with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.WEBNET_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    secretKey: e.WEBNET_SECRET_KEY,
    logLevel: e.WEBNET_LOG_LEVEL,
    loginRateLimit: e.WEBNET_LOGIN_RATE_LIMIT,
    loginRateLimitPerAddress: e.WEBNET_LOGIN_RATE_LIMIT_PER_ADDRESS,
    requestTimeoutSeconds: e.WEBNET_REQUEST_TIMEOUT,
    secureCookies: e.WEBNET_SECURE_COOKIES,
    accessTokenTtl: e.WEBNET_ACCESS_TOKEN_TTL,
    refreshTokenTtl: e.WEBNET_REFRESH_TOKEN_TTL,
    bodyLimit: e.WEBNET_BODY_LIMIT,
    workerConcurrency: e.WEBNET_WORKER_CONCURRENCY,
    jobRetentionDays: e.WEBNET_JOB_RETENTION_DAYS,
    metricsToken: e.WEBNET_METRICS_TOKEN,
    shutdownGraceSeconds: e.WEBNET_SHUTDOWN_GRACE_SECONDS,
    workerMetricsPort: e.WEBNET_WORKER_METRICS_PORT,
    publicUrl: e.WEBNET_PUBLIC_URL,
    terminal: {
      idleMinutes: e.WEBNET_TERMINAL_IDLE_MINUTES,
      maxPerUser: e.WEBNET_TERMINAL_MAX_PER_USER,
      maxPerCustomer: e.WEBNET_TERMINAL_MAX_PER_CUSTOMER,
      recordingRetentionDays: e.WEBNET_RECORDING_RETENTION_DAYS,
    },
    platformsDir: e.WEBNET_PLATFORMS_DIR ? path.resolve(e.WEBNET_PLATFORMS_DIR) : undefined,
    templatesDir: e.WEBNET_TEMPLATES_DIR ? path.resolve(e.WEBNET_TEMPLATES_DIR) : undefined,
  };
}
