import http from 'node:http';
import type { Duplex } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type FieldError, unauthorized } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { httpDuration } from '../metrics.ts';
import type { Actor } from '../tenancy.ts';
import { mapDatabaseError } from './db-errors.ts';
import { fastSerializerCompiler } from './serializer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route as registered, for tests that must cover routes added later. */
    routeList: { method: string; url: string; public: boolean }[];
  }
  interface FastifyContextConfig {
    /** Routes that answer without a login (login itself, health checks). */
    public?: boolean;
  }
}

export type Authenticator = (req: FastifyRequest) => Promise<Actor | null>;

export type HttpOptions = {
  log: Logger;
  bodyLimit: number;
  /** Milliseconds a client has to send its whole request (headers and body). */
  requestTimeoutMs: number;
  authenticate: Authenticator;
  version: string;
  /**
   * Contracts outside REST (WebSocket messages) to publish in the OpenAPI document as components,
   * so clients, the web UI among them, get their types from the same place as the routes'.
   */
  components?: Record<string, z.ZodType>;
};

export type HttpServer = FastifyInstance;
export type TypedServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The actor of an authenticated route; the auth hook guarantees it is set. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

export async function createHttpServer(opts: HttpOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // pino's Logger is a FastifyBaseLogger; the generic only differs in optional members.
    loggerInstance: opts.log as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit,
    return503OnClosing: true,
    logController: new QuietRequestLog(),
    // A request whose body never completes is dropped after the request timeout. Node checks
    // that timeout every connectionsCheckingInterval (30 s by default, too coarse for a short
    // timeout), hence a server of our own.
    serverFactory: (handler) =>
      http.createServer(
        {
          requestTimeout: opts.requestTimeoutMs,
          connectionsCheckingInterval: Math.min(1000, opts.requestTimeoutMs),
        },
        handler,
      ),
    requestTimeout: opts.requestTimeoutMs,
    // Errors Node's HTTP parser meets before a request exists (headers too large, a timeout).
    clientErrorHandler: clientError,
    // Router errors (malformed URL, over-long path parameter) never reach the error handler.
    frameworkErrors: (err, _req, res) => {
      const reply = res as FastifyReply;
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'malformed URL';
      noStore(reply);
      reply.code(status).send({ error: { code: (err.code ?? 'bad_request').toLowerCase(), message } });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(fastSerializerCompiler);
  app.decorateRequest('actor', null);
  const routeList: FastifyInstance['routeList'] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routeList.push({ method, url: r.url, public: Boolean(r.config?.public) });
    }
  });

  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // A WebSocket request answered over HTTP (a refusal: 403, 404) has its socket destroyed once the
  // answer is sent (@fastify/websocket). Said in the answer, so that a client does not send its
  // next request down that connection (seen as ECONNRESET on the request after a refusal).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.ws) reply.header('connection', 'close');
    return payload;
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'webnet API', version: opts.version, description: 'Network automation platform API' },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A JWT from /api/v1/auth/login (session "token") or an API key (wnk_…)',
          },
          cookie: { type: 'apiKey', in: 'cookie', name: 'webnet_session' },
        },
        schemas: Object.fromEntries(
          Object.entries(opts.components ?? {}).map(([name, schema]) => [
            name,
            z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' }) as object,
          ]),
        ),
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null },
    // The plugin's CSP with its script and style hashes, minus what webnet does not use: no online
    // validator, no upgrade to HTTPS (webnet is often served over plain HTTP inside a network),
    // and no framing by anyone.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace(/\s*upgrade-insecure-requests;?/, '')
        .replace(' validator.swagger.io', '')
        .replaceAll(' https:', '')
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  app.addHook('onRequest', async (req) => {
    const guarded = req.url.startsWith('/api/v1/') || req.url.startsWith('/ws/');
    if (!guarded || req.routeOptions.config.public) return;
    // Unknown /api/v1 paths still need a login: a 404 must not reveal which routes exist.
    const actor = await opts.authenticate(req);
    if (!actor) throw unauthorized();
    req.actor = actor;
  });

  // By the route's pattern ("/api/v1/devices/:id"), never the path: no ids, no unbounded labels.
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  // API answers carry tokens and tenant data: never cached, never sniffed into another type.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) noStore(reply);
  });

  app.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) req.log.error({ err }, 'request failed');
    const body: { error: { code: string; message: string; fields?: FieldError[] } } = {
      error: { code: appError.code, message: appError.message },
    };
    if (appError.fields) body.error.fields = appError.fields;
    reply.code(appError.status).send(body);
  });
  return app;
}

const SLOW_REQUEST_MS = 1000;

/**
 * One line per request, at debug (Fastify's default is two at info: 1,800 lines in a short demo
 * buried the start banner); a slow request at info and a failed one at error, so the console
 * shows what needs a look.
 */
class QuietRequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime);
    const line = { method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms };
    if (error) req.log.error({ ...line, err: error }, 'request errored');
    else if (ms >= SLOW_REQUEST_MS) req.log.info(line, 'slow request');
    else req.log.debug(line, 'request');
  }
}

function noStore(reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'the request line or headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'the request was not complete in time'],
};

/** Answers a request Node could not parse, in the one error shape, and closes the connection. */
function clientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'bad_request', 'malformed request'];
  this.log.debug({ err }, 'client error');
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

function toAppError(err: FastifyError): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const fields = err.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = (v.params as { keys?: string[] }).keys;
      const field = keys?.length ? [path, keys.join(',')].filter(Boolean).join('.') : path;
      return { field: field || where, message: v.message ?? 'invalid' };
    });
    return new AppError(
      400,
      'validation_failed',
      `invalid ${where}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      fields,
    );
  }
  const mapped = mapDatabaseError(err);
  if (mapped) return mapped;
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    return new AppError(status, (err.code ?? 'bad_request').toLowerCase(), err.message);
  }
  return new AppError(500, 'internal', 'internal error; the server log has the details');
}
