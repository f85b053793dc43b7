/**
 * One route = one data object: method, path, who may call it, zod schemas for params, query,
 * headers, body and responses, and a thin handler. `mountRoutes` wires the objects into express
 * (authentication, role check, rate limit, validation that hands the *parsed* values on);
 * `registerRoutes` puts the same objects into the OpenAPI registry, so the document cannot
 * drift from the routes.
 */
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type express from 'express';
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { type z } from 'zod';
import { invalidateCachedApiKeys } from '../auth/api-keys';
import { authenticateRequest } from '../auth/authenticate';
import type { Principal, Role } from '../auth/principal';
import type { ResolvedApiDeps } from './deps';
import { AppError, fieldErrorsFromZod, ZProblem } from './errors';
import { findForbiddenCharacter } from './primitives';

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Other media types this response may have (e.g. `text/csv`), answered as a file (`Reply.file`). */
  files?: Record<string, string>;
  headers?: Record<string, { description: string; schema?: { type: 'string' } }>;
}

export interface Reply<T = unknown> {
  status: number;
  body?: T;
  headers?: Record<string, string>;
  /** A file instead of JSON (CSV, XML): sent as it is, as an attachment named `filename`. */
  file?: { contentType: string; filename: string; content: string | Buffer };
}

export interface HandlerContext<P, Q, H, B> {
  params: P;
  query: Q;
  headers: H;
  body: B;
  principal: Principal;
  deps: ResolvedApiDeps;
  req: Request;
  res: Response;
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, H extends AnyObject, B extends z.ZodType> {
  method: HttpMethod;
  /** Express path, e.g. `/trajectories/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  roles: readonly Role[];
  request?: { params?: P; query?: Q; headers?: H; body?: B };
  responses: Record<number, ResponseSpec>;
  handler: (ctx: HandlerContext<z.output<P>, z.output<Q>, z.output<H>, z.output<B>>) => Promise<Reply>;
}

export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  spec: RouteSpec<AnyObject, AnyObject, AnyObject, z.ZodType>;
}

export function defineRoute<
  P extends AnyObject = z.ZodObject<Record<never, never>>,
  Q extends AnyObject = z.ZodObject<Record<never, never>>,
  H extends AnyObject = z.ZodObject<Record<never, never>>,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<P, Q, H, B>): RouteDefinition {
  return { method: spec.method, path: spec.path, spec: spec as unknown as RouteDefinition['spec'] };
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * Routes that create, change or revoke credentials or partners: after one of these (success or
 * not) the process's cache of verified API keys is dropped, so a revocation through this API
 * takes effect at the next request (see `API_KEY_CACHE_TTL_MS` for other processes).
 */
function changesCredentials(route: RouteDefinition): boolean {
  return route.method !== 'get' && route.path.startsWith('/admin/');
}

/**
 * Builds the express middleware chain for a list of routes: `authFailures` (counts 401s per
 * address) → authentication and role → `limiter` (per key) → validation → handler.
 */
export function mountRoutes(
  router: express.Router,
  routes: RouteDefinition[],
  deps: ResolvedApiDeps,
  limiter: RequestHandler,
  authFailures: RequestHandler = (_req, _res, next) => next(),
): void {
  for (const route of routes) {
    const { spec } = route;
    const authenticate: RequestHandler = async (req, _res, next) => {
      req.principal = await authenticateRequest(deps.authentication, req);
      if (!spec.roles.includes(req.principal.role)) {
        throw new AppError('FORBIDDEN', `Deze handeling is niet toegestaan voor de rol ${req.principal.role}.`);
      }
      next();
    };
    const invalidates = changesCredentials(route);
    const handle: RequestHandler = async (req: Request, res: Response, _next: NextFunction) => {
      const parsed = validateRequest(spec, req);
      let reply: Reply;
      try {
        reply = await spec.handler({ ...parsed, principal: req.principal!, deps, req, res });
      } finally {
        if (invalidates) invalidateCachedApiKeys();
      }
      sendReply(spec, reply, res, deps);
    };
    router[route.method](route.path, authFailures, authenticate, limiter, handle);
  }
}

function validateRequest(spec: RouteDefinition['spec'], req: Request) {
  const request = spec.request ?? {};
  // Before any schema: no control character (NUL …) or bidi override anywhere in the input —
  // not in a field a schema forgot, not in an object key, not in an unknown query parameter.
  for (const [location, value] of [
    ['params', req.params],
    ['query', req.query],
    ['body', req.body],
  ] as const) {
    const field = findForbiddenCharacter(value, location);
    if (field) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Het verzoek bevat niet-toegestane tekens (stuurtekens of tekstrichting-tekens).',
        {
          errors: [{ field, message: 'Stuurtekens (zoals NUL) en tekstrichting-tekens zijn niet toegestaan' }],
        },
      );
    }
  }
  const out: { params: unknown; query: unknown; headers: unknown; body: unknown } = {
    params: req.params,
    query: req.query,
    headers: req.headers,
    body: req.body,
  };
  const headerResult = request.headers?.safeParse(req.headers);
  if (headerResult && !headerResult.success) {
    throw new AppError('BAD_REQUEST', 'Een verplichte header ontbreekt of is ongeldig.', {
      errors: fieldErrorsFromZod(headerResult.error, 'headers'),
    });
  }
  if (headerResult) out.headers = headerResult.data;

  const errors = [];
  for (const location of ['params', 'query', 'body'] as const) {
    const schema = request[location];
    if (!schema) continue;
    const input = location === 'params' ? req.params : location === 'query' ? req.query : req.body;
    const result = schema.safeParse(input);
    if (result.success) out[location] = result.data;
    else errors.push(...fieldErrorsFromZod(result.error, location));
  }
  if (errors.length) {
    const detail =
      req.body === undefined && request.body && errors.some((e) => e.field === 'body')
        ? 'Het verzoek heeft geen JSON-body (Content-Type: application/json).'
        : `Het verzoek bevat ${errors.length} ongeldig(e) veld(en).`;
    throw new AppError('VALIDATION_FAILED', detail, { errors });
  }
  return out as { params: never; query: never; headers: never; body: never };
}

function sendReply(spec: RouteDefinition['spec'], reply: Reply, res: Response, deps: ResolvedApiDeps): void {
  const declared = spec.responses[reply.status];
  if (!declared)
    throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} answered undeclared status ${reply.status}`);
  if (reply.file) {
    const mediaType = reply.file.contentType.split(';')[0]!;
    if (!declared.files?.[mediaType])
      throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} answered undeclared media type ${mediaType}`);
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    res
      .status(reply.status)
      .setHeader('Content-Type', reply.file.contentType)
      .attachment(reply.file.filename)
      .send(reply.file.content);
    return;
  }
  // Outside production, every answer is checked against its documented schema (keeps the
  // OpenAPI document honest; a mismatch is a bug and becomes a 500 in tests).
  if (deps.config.NODE_ENV !== 'production' && declared.schema) {
    const check = declared.schema.safeParse(reply.body);
    if (!check.success) {
      throw new Error(
        `Response of ${spec.method.toUpperCase()} ${spec.path} (${reply.status}) does not match its schema: ${JSON.stringify(fieldErrorsFromZod(check.error))}`,
      );
    }
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) res.status(reply.status).end();
  else res.status(reply.status).json(reply.body);
}

/** `/trajectories/:id` → `/trajectories/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const problemContent = { 'application/problem+json': { schema: ZProblem } };

export function registerRoutes(registry: OpenAPIRegistry, routes: RouteDefinition[]): void {
  for (const { spec } of routes) {
    const request: RouteConfig['request'] = {};
    if (spec.request?.params) request.params = spec.request.params as never;
    if (spec.request?.query) request.query = spec.request.query as never;
    if (spec.request?.headers) request.headers = spec.request.headers as never;
    if (spec.request?.body) {
      request.body = { required: true, content: { 'application/json': { schema: spec.request.body } } };
    }
    const responses: RouteConfig['responses'] = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.headers ? { headers: response.headers } : {}),
        ...(response.schema || response.files
          ? {
              content: {
                ...(response.schema ? { 'application/json': { schema: response.schema } } : {}),
                ...Object.fromEntries(
                  Object.entries(response.files ?? {}).map(([mediaType, description]) => [
                    mediaType,
                    { schema: { type: 'string' as const, description } },
                  ]),
                ),
              },
            }
          : Number(status) >= 400
            ? { content: problemContent }
            : {}),
      };
    }
    const problem = (description: string) => ({ description, content: problemContent });
    responses['401'] ??= {
      ...problem('Geen of ongeldige API-sleutel.'),
      headers: { 'WWW-Authenticate': { description: 'Bearer realm="inburgering"', schema: { type: 'string' } } },
    };
    responses['403'] ??= problem(`Rol niet toegestaan (toegestaan: ${spec.roles.join(', ')}).`);
    if (spec.request?.body || spec.request?.query || spec.request?.params) {
      responses['422'] ??= problem('Validatie mislukt; `errors` noemt elk ongeldig veld.');
    }
    if (spec.request?.body) {
      responses['400'] ??= problem('Ongeldige JSON.');
      responses['413'] ??= problem('Verzoek te groot.');
      responses['415'] ??= problem('Content-Type moet application/json zijn.');
    }
    responses['429'] ??= problem(
      'Te veel verzoeken met deze sleutel, of te veel mislukte aanmeldingen vanaf dit adres.',
    );
    responses['500'] ??= problem('Interne fout; de correlation id staat in het antwoord.');
    registry.registerPath({
      method: spec.method,
      path: toOpenApiPath(spec.path),
      summary: spec.summary,
      ...(spec.description
        ? { description: `${spec.description}\n\nRollen: ${spec.roles.join(', ')}.` }
        : { description: `Rollen: ${spec.roles.join(', ')}.` }),
      tags: spec.tags,
      security: [{ bearerAuth: [] }],
      request,
      responses,
    });
  }
}
