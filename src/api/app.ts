/**
 * Builds the express app (no listening: tests drive it with supertest, server.ts listens).
 * Order: security headers → correlation id + request log → public routes (health, docs) →
 * extra routers (e.g. DUO's Notificatie API, which parses its own body) → JSON body (size
 * limit, 415/400/413) → authenticated resource routes → 404 → problem+json errors.
 */
import express, { type Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { DEFAULT_DATABASE_URL, developmentKeysAllowed, isLoopbackHost } from '../config';
import { todayInAmsterdam } from '../domain/today';
import { httpMetrics, registerDatabaseGauges, serveMetrics } from '../observability/metrics';
import { httpTracing } from '../observability/tracing';
import { adminRoutes } from './admin/router';
import { apiKeyStrategy } from './auth/authenticate';
import { beheerRoutes } from './beheer/router';
import { startRequestRoutes } from './beheer/start-requests';
import { caseloadRoutes } from './caseload/router';
import { healthRouter } from './health/router';
import { monitorRoutes } from './monitor/router';
import { swiRoutes } from './monitor/swi-router';
import { jsonBody } from './http/body';
import { useDutchValidationMessages } from './http/dutch-messages';
import { DEFAULT_TIMEOUTS, type ApiDeps, type ResolvedApiDeps } from './http/deps';
import { AppError } from './http/errors';
import { methodNotAllowed, notFoundHandler, problemMiddleware } from './http/problem-middleware';
import { requestLogger } from './http/request-context';
import { mountRoutes, type RouteDefinition } from './http/route';
import { decisionRoutes } from './decisions/router';
import { setServedGemeenten } from './http/primitives';
import { documentForToday } from './openapi/document';
import { docsRouter } from './openapi/docs-router';
import { partnerRoutes } from './partner/router';
import { taskRoutes } from './tasks/router';
import { notificationRoutes } from './notifications/router';
import { trajectoryRoutes } from './trajectories/router';
import { beschikkingRoutes } from './beschikkingen/router';
import { createWerkplek } from '../werkplek/werkplek';

useDutchValidationMessages();

/** Every authenticated route of the API (also the source of the OpenAPI document). */
export const API_ROUTES: RouteDefinition[] = [
  ...trajectoryRoutes,
  ...beschikkingRoutes,
  ...decisionRoutes,
  ...caseloadRoutes,
  ...taskRoutes,
  ...beheerRoutes,
  ...startRequestRoutes,
  ...monitorRoutes,
  ...swiRoutes,
  ...partnerRoutes,
  ...adminRoutes,
  ...notificationRoutes,
];

/** The public (unauthenticated) documented routes, for the 405 answer. */
const PUBLIC_ROUTES = ['/healthz', '/readyz', '/openapi.json', '/docs', '/metrics'].map((path) => ({
  method: 'get',
  path,
}));

export interface CreateAppDeps extends ApiDeps {
  /** Routers mounted before the JSON body parser, e.g. `{ path: '/duo/v1', router: createDuoNotificatieRouter(...) }`. */
  extraRouters?: Array<{ path: string; router: Router }>;
}

export function resolveDeps(deps: ApiDeps): ResolvedApiDeps {
  return {
    config: deps.config,
    prisma: deps.prisma,
    temporal: deps.temporal,
    logger: deps.logger,
    databaseUrl: deps.databaseUrl ?? deps.config.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    authentication: deps.authentication ?? [
      apiKeyStrategy(deps.prisma, { allowDevelopmentKeys: developmentKeysAllowed(deps.config) }),
    ],
    rateLimit: deps.rateLimit ?? { windowMs: 60_000, limit: deps.config.RATE_LIMIT_PER_MINUTE },
    authFailureLimit: deps.authFailureLimit ?? { windowMs: 15 * 60_000, limit: deps.config.AUTH_FAILURE_LIMIT },
    timeouts: { ...DEFAULT_TIMEOUTS, ...(deps.timeouts ?? {}) },
    bodyLimit: deps.bodyLimit ?? '100kb',
  };
}

export function createApp(input: CreateAppDeps): express.Express {
  const deps = resolveDeps(input);
  setServedGemeenten(deps.config.GEMEENTEN);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');

  // One span per request (a no-op without tracing); everything after runs in its context.
  app.use(httpTracing());
  app.use(helmet());
  // Answers carry personal data (dossiers, intake notes, task lists): no cache may keep them.
  // Static documentation assets set their own Cache-Control.
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(requestLogger(deps.logger));
  app.use(httpMetrics());

  // Prometheus (src/observability/metrics.ts): METRICS_TOKEN, or loopback only.
  registerDatabaseGauges(deps.prisma, () => todayInAmsterdam(new Date()));
  const metricsSettings = {
    token: deps.config.METRICS_TOKEN,
    host: deps.config.HOST,
    loopback: isLoopbackHost(deps.config.HOST),
  };
  app.get('/metrics', (req, res, next) => {
    serveMetrics(metricsSettings, req, res).catch(next);
  });
  app.use(healthRouter(deps));
  app.use(docsRouter(documentForToday(API_ROUTES, deps.config.GEMEENTEN)));
  // The werkplek's pages (and its development identity provider) answer only their own paths.
  const werkplek = createWerkplek(deps);
  if (werkplek) {
    app.locals.werkplek = werkplek;
    app.use(werkplek.router);
  }
  for (const extra of input.extraRouters ?? []) app.use(extra.path, extra.router);

  app.use(jsonBody(deps.bodyLimit));

  const limiter = rateLimit({
    windowMs: deps.rateLimit.windowMs,
    limit: deps.rateLimit.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => req.principal?.credentialId ?? 'anonymous',
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, _res, next) =>
      next(new AppError('RATE_LIMITED', 'Te veel verzoeken met deze sleutel; wacht even (zie de RateLimit-headers).')),
  });
  // Failed authentications per client address: guessing keys is slowed down (429). Successful
  // requests do not count. (Behind a reverse proxy every client shares its address.)
  const authFailures = rateLimit({
    windowMs: deps.authFailureLimit.windowMs,
    limit: deps.authFailureLimit.limit,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown'),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: (_req, _res, next) =>
      next(new AppError('RATE_LIMITED', 'Te veel mislukte aanmeldingen vanaf dit adres; probeer het later opnieuw.')),
  });
  const router = express.Router();
  mountRoutes(router, API_ROUTES, deps, limiter, authFailures);
  app.use(router);

  app.use(methodNotAllowed([...PUBLIC_ROUTES, ...API_ROUTES]));
  app.use(notFoundHandler);
  app.use(problemMiddleware);
  return app;
}
