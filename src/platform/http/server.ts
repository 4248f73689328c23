import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
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
import { AppError, type FieldError, unauthorized } from '../errors.ts';
import type { Logger } from '../logger.ts';
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
  authenticate: Authenticator;
  version: string;
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
    // Router errors (malformed URL, over-long path parameter) never reach the error handler.
    frameworkErrors: (err, _req, res) => {
      const reply = res as FastifyReply;
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 400;
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'malformed URL';
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
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError(429, 'rate_limited', `too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s`),
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
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
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
    if (appError.status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
    reply.code(appError.status).send(body);
  });
  return app;
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
