/**
 * Correlation ids and request logging. Every request gets an id (the caller's `X-Request-Id`
 * when it is a sane token, else a new UUID), echoed in the `X-Request-Id` response header and
 * in every problem body. Logs carry method, path, status and timing: never bodies, never the
 * query string (it could carry search terms), never the Authorization header.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel(_req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    serializers: {
      req(req: { id: unknown; method: string; url: string; raw?: IncomingMessage }) {
        return { id: req.id, method: req.method, path: req.url.split('?')[0] };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
    customProps(req: IncomingMessage & { principal?: { subject: string; role: string } }) {
      return req.principal ? { actor: req.principal.subject, role: req.principal.role } : {};
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
  });
}
