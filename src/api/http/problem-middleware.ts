/**
 * The one error middleware: every error becomes RFC 9457 `application/problem+json` carrying
 * the request's correlation id. Unknown errors are 500s: logged (with the correlation id, without
 * the request body) and answered without internals.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ERROR_DEFINITIONS, problemType, type Problem } from './errors';

/** Body-parser / raw-body errors we translate to a 4xx. */
interface HttpParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/**
 * Prisma's codes for a database that cannot serve the request now: not reachable (P1001/P1002),
 * timed out (P1008), connection closed (P1017), no connection free in the pool in time (P2024),
 * a transaction that could not start or ran out of its time (P2028). Under load or while
 * PostgreSQL restarts these are the service's state, not the client's mistake nor a bug: a 503
 * the client may retry (with the same Idempotency-Key), not a 500.
 */
const DATABASE_UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const prismaError = error as { name?: unknown; code?: unknown } | null;
  if (prismaError?.name === 'PrismaClientInitializationError') return true;
  return (
    prismaError?.name === 'PrismaClientKnownRequestError' &&
    typeof prismaError.code === 'string' &&
    DATABASE_UNAVAILABLE_CODES.has(prismaError.code)
  );
}

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      'UNAVAILABLE',
      'De database is tijdelijk niet beschikbaar of te druk. Probeer het zo opnieuw.',
      {
        // Only the code goes to the log: Prisma's message can quote the query.
        cause: { prismaCode: (error as { code?: unknown; name?: unknown }).code ?? (error as { name?: unknown }).name },
        extra: { reason: 'DATABASE_NIET_BESCHIKBAAR' },
      },
    );
  }
  const parser = error as HttpParserError;
  switch (parser?.type) {
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', 'De body is geen geldige JSON.');
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'De body is groter dan toegestaan.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Alleen UTF-8 JSON wordt geaccepteerd.');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('BAD_REQUEST', 'Het verzoek kon niet worden gelezen.');
    default:
      break;
  }
  // The router cannot decode a path parameter (e.g. `/tasks/%E0%A4%A`): a URIError with status 400.
  if (error instanceof URIError && parser.status === 400) {
    return new AppError('BAD_REQUEST', 'Het pad bevat een ongeldige procent-codering.');
  }
  return null;
}

export const problemMiddleware: ErrorRequestHandler = (error, req, res, _next) => {
  const appError = toAppError(error);
  const correlationId = String(req.id ?? '');
  const problem: Problem = appError
    ? {
        type: problemType(appError.code),
        title: ERROR_DEFINITIONS[appError.code].title,
        status: appError.status,
        detail: appError.message,
        instance: req.originalUrl.split('?')[0],
        code: appError.code,
        correlationId,
        ...(appError.errors.length ? { errors: appError.errors } : {}),
        ...appError.extra,
      }
    : {
        type: problemType('INTERNAL'),
        title: 'Interne fout',
        status: 500,
        detail: `Er ging iets mis. Noem correlation id ${correlationId} bij een melding.`,
        instance: req.originalUrl.split('?')[0],
        code: 'INTERNAL',
        correlationId,
      };
  if (!appError) req.log.error({ err: error, correlationId }, 'unhandled error');
  else if (appError.status >= 500)
    req.log.warn({ code: appError.code, correlationId, cause: appError.cause }, appError.message);
  if (res.headersSent) return;
  if (appError?.code === 'UNAVAILABLE' && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '5');
  if (appError?.code === 'UNAUTHENTICATED') {
    // RFC 6750: say how to authenticate; `invalid_token` when a token was presented.
    res.setHeader(
      'WWW-Authenticate',
      req.get('authorization') ? 'Bearer realm="inburgering", error="invalid_token"' : 'Bearer realm="inburgering"',
    );
  }
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
};

/**
 * A known path with a method it does not have (TRACE, PATCH on a GET route …) is a 405 with an
 * `Allow` header listing the documented methods; an unknown path falls through to the 404.
 */
export function methodNotAllowed(routes: ReadonlyArray<{ method: string; path: string }>): RequestHandler {
  const compiled = routes.map((route) => ({
    method: route.method.toUpperCase(),
    pattern: new RegExp(
      `^${route.path
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/')}/?$`,
    ),
  }));
  return (req, res, next) => {
    const allowed = [...new Set(compiled.filter((route) => route.pattern.test(req.path)).map((route) => route.method))];
    if (allowed.length === 0 || allowed.includes(req.method)) {
      next();
      return;
    }
    res.setHeader('Allow', allowed.join(', '));
    next(
      new AppError(
        'METHOD_NOT_ALLOWED',
        `${req.method} is niet toegestaan op ${req.path} (wel: ${allowed.join(', ')}).`,
      ),
    );
  };
}

/** The last route: anything not matched is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `Geen route voor ${req.method} ${req.path}.`));
};
