/**
 * Temporal codec server (https://docs.temporal.io/production-deployment/data-encryption):
 * the Web UI and `temporal` CLI POST encoded payloads to `/decode` (and plain ones to
 * `/encode`) and show the result. Mount it for authorised beheerders only, e.g.
 *
 *   app.use('/codec', createCodecServerRouter(codec, { authorize, allowedOrigins: ['http://localhost:8233'] }));
 *
 * and set the UI's codec endpoint to https://<api>/codec (with "pass access token" when the
 * UI sends a bearer token). CORS preflights are answered without authorisation; the POSTs
 * are not.
 */
import express, { type Request, type Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { AppError } from './http/errors';

export interface CodecServerOptions {
  /** Decides whether this request may encode/decode (e.g. a beheerder's bearer token). */
  authorize: (req: Request) => boolean | Promise<boolean>;
  /** Web UI origins allowed by CORS (e.g. http://localhost:8233). */
  allowedOrigins: string[];
  /** Limit of the JSON body (default 4mb). */
  bodyLimit?: string;
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

export function createCodecServerRouter(codec: PayloadCodec, options: CodecServerOptions): Router {
  const router = express.Router();

  router.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && options.allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });

  router.use(express.json({ limit: options.bodyLimit ?? '4mb' }));

  for (const operation of ['encode', 'decode'] as const) {
    // Errors go to the app's problem middleware: application/problem+json like every other error.
    router.post(`/${operation}`, async (req, res) => {
      if (!(await options.authorize(req))) {
        throw new AppError('FORBIDDEN', 'Alleen een beheerder mag payloads coderen of decoderen.');
      }
      const body = req.body as { payloads?: unknown } | undefined;
      if (!body || !Array.isArray(body.payloads)) {
        throw new AppError('BAD_REQUEST', 'De body moet {"payloads": [...]} zijn.', {
          errors: [{ field: 'body.payloads', message: 'Verwacht een lijst payloads' }],
        });
      }
      let result: Payload[];
      try {
        const payloads = (body.payloads as JsonPayload[]).map(fromJson);
        result = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      } catch (error) {
        throw new AppError(
          'BAD_REQUEST',
          `De payloads konden niet worden verwerkt: ${error instanceof Error ? error.message : 'codec-fout'}`,
        );
      }
      res.json({ payloads: result.map(toJson) });
    });
  }
  return router;
}

function fromJson(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, new Uint8Array(Buffer.from(value, 'base64'))]),
    ),
    data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
  };
}

function toJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}
