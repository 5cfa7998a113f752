/**
 * The HTTP API as a fastify instance, not listening: server.ts listens, tests call `app.inject`.
 *
 *   request ─ request id ─ helmet/cors ─ under-pressure ─ auth (/api/v1) ─ rate limit (per token subject)
 *           ─ zod validation ─ route ─ CaseService ─ Temporal
 *   any error ─ errorHandler ─ application/problem+json
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { codecPlugin } from './codec-plugin';
import {
  createJsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config/env';
import type { Logger } from '../logging/logger';
import { authenticateBearer, authenticationHook } from './auth/authenticate';
import { CookieSessions } from './auth/cookie-session';
import { OidcRelyingParty } from './auth/oidc-relying-party';
import type { SignInOptions } from './auth/sign-in-config';
import { createTokenVerifier, type AuthOptions } from './auth/verifier';
import { CaseService } from './case-service';
import { errorHandler, sendProblem } from './errors';
import { PageTokens } from './page-tokens';
import { HttpProblem } from './problem';
import { authRoutes } from './routes/auth';
import { bulkScheduleRoutes } from './routes/bulk-schedules';
import { caseRoutes } from './routes/cases';
import { healthRoutes } from './routes/health';
import { meRoutes } from './routes/me';
import { isWorkbenchRequest, workbenchRoutes } from './routes/workbench';
import { monitorRoutes } from './routes/monitor';
import { operationRoutes } from './routes/operations';
import { metricsPlugin } from './metrics';
import { finishOpenApiDocument, OPENAPI_INFO, OPENAPI_SERVERS, OPENAPI_TAGS } from './openapi';

export const API_PREFIX = '/api/v1';

export interface BuildAppOptions {
  config: Config;
  client: Client;
  logger: Logger;
  /** Defaults to config.HANDOVER_TASK_QUEUE. */
  taskQueue?: string;
  /** Defaults to config.TEMPORAL_NAMESPACE. */
  namespace?: string;
  auth: AuthOptions;
  /** Workbench sign-in (session cookie, identity provider, demo identities); without it only Bearer tokens. */
  signIn?: SignInOptions;
  now?: () => Date;
  /** Deadline of each Temporal call made for a request (default 10 s). */
  temporalDeadlineMs?: number;
  /**
   * The payload codec behind /codec/encode and /codec/decode (the Temporal UI's codec endpoint).
   * Decoding exposes every country's cases, so only an admin token may call it.
   */
  codec?: { codec: PayloadCodec; allowedOrigin?: string };
  /** Deadline of the /readyz probe (default 2 s). */
  readinessDeadlineMs?: number;
  /** Event-loop delay above which requests are shed with 503 (default 2 s; tests use a tiny one). */
  maxEventLoopDelayMs?: number;
  /** Folder of the built workbench (default: web/dist beside the sources or the compiled code). */
  webRoot?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const QUIET_ROUTES = new Set(['/healthz', '/readyz']);

export function buildApp(options: BuildAppOptions) {
  const { config } = options;
  const namespace = options.namespace ?? config.TEMPORAL_NAMESPACE;
  const service = new CaseService({
    client: options.client,
    namespace,
    taskQueue: options.taskQueue ?? config.HANDOVER_TASK_QUEUE,
    dayMs: config.HANDOVER_DAY_SECONDS * 1000,
    deadlineMs: options.temporalDeadlineMs ?? 10_000,
    readinessDeadlineMs: options.readinessDeadlineMs ?? 2_000,
    now: options.now ?? (() => new Date()),
    pageTokens: new PageTokens(options.auth.secret),
  });
  const verifyToken = createTokenVerifier(options.auth);
  const sessions = options.signIn ? new CookieSessions(options.signIn.session) : undefined;
  const oidc = options.signIn?.oidc ? new OidcRelyingParty(options.signIn.oidc) : undefined;
  // Session lifetimes run on the wall clock, whatever clock the cases are given.
  const epochSeconds = () => Math.floor(Date.now() / 1000);
  const sessionAuth = sessions && options.signIn ? { sessions, oidc, now: epochSeconds, publicOrigin: options.signIn.publicUrl } : undefined;

  const app = Fastify({
    loggerInstance: options.logger,
    // One access line per request, written by the onResponse hook below with caller, route and case.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.HANDOVER_BODY_LIMIT_BYTES,
    // Our own closing check answers problem+json (see the preClose hook below).
    return503OnClosing: false,
    // The router's own refusals (bad percent-encoding, a path parameter over 100 characters) answer
    // problem+json like every other error, not fastify's default JSON.
    frameworkErrors: (err, request, reply) => {
      const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'is too long' : 'is not a valid URL component';
      void sendProblem(new HttpProblem('validation-error', 'The request path is not valid', { errors: [{ field: 'path', message }] }), request, reply);
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(new HttpProblem('not-found', `No route ${request.method} ${request.url.split('?')[0]}`), request, reply),
  );
  // JSON only: a text/plain body is a wrong content type (415), not a string to validate.
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('caller', null);
  app.decorateRequest('auditCaseId', null);

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (closing) throw new HttpProblem('temporal-unavailable', 'The server is shutting down; retry on another instance');
  });
  app.addHook('onSend', async (_request, reply) => {
    // A keep-alive connection whose request was in flight when the drain began would otherwise hold
    // the server open until its keep-alive timeout.
    if (closing) void reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const params = request.params as { caseId?: string } | undefined;
    const entry = {
      caller: request.caller?.id,
      method: request.method,
      route,
      caseId: params?.caseId ?? request.auditCaseId ?? undefined,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (route !== undefined && QUIET_ROUTES.has(route) && reply.statusCode < 400) request.log.debug(entry, 'request');
    else request.log.info(entry, 'request');
  });

  void app.register(helmet, {
    contentSecurityPolicy: {
      // The docs page loads its own scripts and styles; plain-HTTP development must not be upgraded.
      directives: { 'upgrade-insecure-requests': null },
    },
  });
  if (config.HANDOVER_CORS_ORIGINS) {
    void app.register(cors, {
      origin: config.HANDOVER_CORS_ORIGINS.split(',').map((o) => o.trim()).filter((o) => o !== ''),
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after', 'location', 'idempotent-replayed'],
    });
  }
  void app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs ?? 2000,
    retryAfter: 5,
    pressureHandler: (request) => {
      const route = request.routeOptions.url;
      // The workbench's files too: shed, the officer gets a raw JSON page instead of the workbench telling
      // them the API is busy.
      if ((route !== undefined && QUIET_ROUTES.has(route)) || isWorkbenchRequest(request)) return undefined;
      return Promise.reject(new HttpProblem('overloaded', 'The API is overloaded; retry later'));
    },
  });
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: OPENAPI_INFO,
      servers: OPENAPI_SERVERS,
      tags: OPENAPI_TAGS,
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT with `sub`, `role` and `country` claims (docs/integrators.md)' } } },
    },
    transform: createJsonSchemaTransform({ skipList: ['/openapi.json'] }),
    transformObject: finishOpenApiDocument,
  });
  void app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });
  void app.register(rateLimit, {
    global: true,
    max: config.HANDOVER_RATE_LIMIT,
    timeWindow: 60_000,
    // Runs after authentication, so an authenticated caller has one budget wherever they call from.
    keyGenerator: (request) => (request.caller ? `sub:${request.caller.id}` : `ip:${request.ip}`),
    // The workbench's page and hashed files are static, cheap and the same for everyone. Counted, they would
    // spend the shared budget of an office of officers behind one address, and the sign-in page be refused.
    allowList: isWorkbenchRequest,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem('rate-limited', `At most ${context.max} requests per minute; retry in ${context.after}`, {
        retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });

  void app.register(async (root) => {
    root.get('/openapi.json', { schema: { hide: true } }, async () => root.swagger());
    await root.register(metricsPlugin({ client: options.client, namespace, config }));
    await root.register(healthRoutes(service, namespace));
    await root.register(workbenchRoutes({ root: options.webRoot }));
    if (sessions && options.signIn) {
      await root.register(authRoutes({ sessions, oidc, demoIdentities: options.signIn.demoIdentities, publicUrl: options.signIn.publicUrl, now: epochSeconds }));
    }
    if (options.codec) {
      const { codec, allowedOrigin } = options.codec;
      // Bearer only: the Temporal UI calls /codec from its own origin, never with the workbench's cookie.
      const authorize = async (request: FastifyRequest) => {
        const header = request.headers.authorization;
        if (header === undefined || header === '') throw new HttpProblem('unauthenticated', 'Send Authorization: Bearer <token>');
        await authenticateBearer(request, verifyToken, header);
        return request.caller?.role === 'admin';
      };
      await root.register(codecPlugin({ codec, allowedOrigin, authorize }));
    }
    await root.register(
      async (api) => {
        api.addHook('onRequest', authenticationHook(verifyToken, sessionAuth));
        await api.register(meRoutes());
        await api.register(caseRoutes(service));
        await api.register(bulkScheduleRoutes(service));
        await api.register(monitorRoutes({ client: options.client, namespace, config }));
        await api.register(operationRoutes({ cases: service, client: options.client, config, taskQueue: options.taskQueue ?? config.HANDOVER_TASK_QUEUE }));
      },
      { prefix: API_PREFIX },
    );
  });

  return app;
}

export type HandoverApp = ReturnType<typeof buildApp>;
