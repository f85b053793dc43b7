/**
 * Temporal codec server (https://docs.temporal.io/production-deployment/data-encryption): the
 * Web UI and `temporal` CLI POST encoded payloads to `/decode` and show the result. Mounted at
 * `/codec` by the composition root (src/runtime/composition.ts).
 *
 * In this order, before anything of the body is read:
 * 1. CORS preflight for the configured UI origins (no credentials needed, nothing decoded);
 * 2. authentication (401 with WWW-Authenticate; failed attempts per address are rate-limited);
 * 3. authorisation (tenancy): beheerders only (others 403). The regional beheerder gets every
 *    payload decoded; a gemeente's beheerder only payloads that name their own gemeente (a
 *    `gemeente` field in the payload's JSON, e.g. the workflow input, its view and projection,
 *    its tasks) — any other payload is answered still encrypted, as the UI received it;
 * 4. a rate limit per credential;
 * 5. the JSON body, at most `bodyLimit` (413 beyond).
 * Errors are problem+json without internals (no key ids, no codec messages).
 *
 * There is no `/encode`: with the UI's write actions disabled nothing needs it, and it would
 * mint valid ciphertexts for whoever may call it.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Principal } from './auth/principal';
import { AppError } from './http/errors';

export interface CodecServerOptions {
  /** Resolves the caller (throws AppError UNAUTHENTICATED on missing or invalid credentials). */
  authenticate: (req: Request) => Promise<Principal>;
  /**
   * Development only (the embedded Web UI on loopback has no sign-in): the principal for a
   * request without credentials, or null to require them.
   */
  anonymous?: (req: Request) => Principal | null;
  /** Web UI origins allowed by CORS (e.g. http://localhost:8233). */
  allowedOrigins: string[];
  /** Limit of the JSON body (default 1mb: one page of history). */
  bodyLimit?: string;
  /** Decode requests per credential per minute (default 300). */
  perMinute?: number;
  /** Failed authentications per address per 15 minutes (default 50). */
  authFailuresPer15Minutes?: number;
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

export const isRegionalBeheerder = (principal: Principal) =>
  principal.role === 'beheerder' && principal.gemeente === null;

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

  const authFailures = rateLimit({
    windowMs: 15 * 60_000,
    limit: options.authFailuresPer15Minutes ?? 50,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown'),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: (_req, _res, next) => next(new AppError('RATE_LIMITED', 'Te veel mislukte aanmeldingen vanaf dit adres.')),
  });
  const perCredential = rateLimit({
    windowMs: 60_000,
    limit: options.perMinute ?? 300,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => req.principal?.credentialId ?? 'anonymous',
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, _res, next) => next(new AppError('RATE_LIMITED', 'Te veel decodeerverzoeken met deze sleutel.')),
  });

  router.post(
    '/decode',
    authFailures,
    async (req: Request, _res: Response, next: NextFunction) => {
      const anonymous = req.headers.authorization ? null : (options.anonymous?.(req) ?? null);
      req.principal = anonymous ?? (await options.authenticate(req));
      if (req.principal.role !== 'beheerder') {
        throw new AppError('FORBIDDEN', 'Alleen beheerders zien ontsleutelde payloads.');
      }
      next();
    },
    perCredential,
    (req, res, next) => {
      if (!req.is('application/json')) {
        next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Stuur de body als JSON (Content-Type: application/json).'));
        return;
      }
      next();
    },
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    async (req: Request, res: Response) => {
      const body = req.body as { payloads?: unknown } | undefined;
      if (!body || !Array.isArray(body.payloads) || !body.payloads.every(isJsonPayload)) {
        throw new AppError('BAD_REQUEST', 'De body moet {"payloads": [{"metadata": {...}, "data": "..."}]} zijn.');
      }
      let decoded: Payload[];
      try {
        decoded = await codec.decode((body.payloads as JsonPayload[]).map(fromJson));
      } catch {
        // The codec's message names key ids and algorithms: not for the caller.
        throw new AppError('BAD_REQUEST', 'Een of meer payloads konden niet worden ontsleuteld.');
      }
      const gemeente = req.principal?.gemeente ?? null;
      const mine = (payload: Payload): boolean => {
        const named = gemeentenOf(payload);
        return named.length > 0 && named.every((g) => g === gemeente);
      };
      const answer = decoded.map((payload, index) =>
        gemeente === null || mine(payload) ? toJson(payload) : (body.payloads as JsonPayload[])[index]!,
      );
      res.json({ payloads: answer });
    },
  );
  return router;
}

function isJsonPayload(value: unknown): value is JsonPayload {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const { metadata, data } = value as JsonPayload;
  const metadataOk =
    metadata === undefined ||
    metadata === null ||
    (typeof metadata === 'object' && Object.values(metadata).every((item) => typeof item === 'string'));
  return metadataOk && (data === undefined || data === null || typeof data === 'string');
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

/** The `gemeente` values a decoded JSON payload names (up to three levels deep). */
export function gemeentenOf(payload: Payload): string[] {
  const encoding = Buffer.from(payload.metadata?.encoding ?? new Uint8Array()).toString('utf8');
  if (encoding !== 'json/plain' || !payload.data) return [];
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.data).toString('utf8'));
  } catch {
    return [];
  }
  const found = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 3 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'gemeente' && typeof child === 'string') found.add(child);
      else visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return [...found];
}
