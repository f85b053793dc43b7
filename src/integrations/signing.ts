/**
 * HMAC-SHA256 request signing between us and partner systems (outbound deliveries, and
 * inbound partner requests when a partner has keys configured).
 *
 *   X-Signature-Timestamp: <unix seconds>
 *   X-Signature-Key-Id:    <key id>            (rotation: a partner may hold several keys)
 *   X-Signature:           v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
 *
 * The receiver looks the key up by id, recomputes over the raw body bytes, compares in
 * constant time, and refuses timestamps outside the tolerance (replay protection).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

export const SIGNATURE_HEADER = 'X-Signature';
export const SIGNATURE_TIMESTAMP_HEADER = 'X-Signature-Timestamp';
export const SIGNATURE_KEY_ID_HEADER = 'X-Signature-Key-Id';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The keys of one partner: every key still accepted, and the one we sign with. */
export interface PartnerKeyring {
  currentKeyId: string;
  /** key id → secret (at least 32 characters). */
  keys: Record<string, string>;
}

/** Partner id → keyring. */
export type PartnerKeyrings = Record<string, PartnerKeyring>;

const ZKeyring = z
  .object({ currentKeyId: z.string().min(1), keys: z.record(z.string().min(1), z.string().min(32)) })
  .refine((ring) => ring.currentKeyId in ring.keys, { message: 'currentKeyId must be one of keys' });

/** Parses `PARTNER_SIGNING_KEYS` (JSON: {"<partnerId>": {"currentKeyId": "k2", "keys": {"k1": "…", "k2": "…"}}}). */
export function parsePartnerKeyrings(json: string | undefined): PartnerKeyrings {
  if (!json) return {};
  return z.record(z.string().min(1), ZKeyring).parse(JSON.parse(json));
}

function hmac(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

/** Headers to send with `body` (sign exactly the bytes you send). */
export function signRequest(
  keyring: PartnerKeyring,
  body: string | Uint8Array,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const secret = keyring.keys[keyring.currentKeyId];
  if (!secret) throw new Error(`signing key "${keyring.currentKeyId}" is not configured`);
  return {
    [SIGNATURE_TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_KEY_ID_HEADER]: keyring.currentKeyId,
    [SIGNATURE_HEADER]: `v1=${hmac(secret, timestamp, body)}`,
  };
}

export type VerifyResult = { ok: true; keyId: string } | { ok: false; reason: string };

export interface VerifyOptions {
  toleranceSeconds?: number;
  now?: Date;
}

/** Verifies a signed request; header names are case-insensitive. */
export function verifySignature(
  keyring: Pick<PartnerKeyring, 'keys'>,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string | Uint8Array,
  options: VerifyOptions = {},
): VerifyResult {
  const get = (name: string) => {
    const value = headers[name.toLowerCase()] ?? headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const timestamp = get(SIGNATURE_TIMESTAMP_HEADER);
  const keyId = get(SIGNATURE_KEY_ID_HEADER);
  const signature = get(SIGNATURE_HEADER);
  if (!timestamp || !keyId || !signature) return { ok: false, reason: 'handtekening ontbreekt' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'ongeldig tijdstip' };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'tijdstip buiten de toegestane marge' };
  }
  const secret = keyring.keys[keyId];
  if (!secret) return { ok: false, reason: `onbekende sleutel "${keyId}"` };
  const match = /^v1=([0-9a-f]{64})$/.exec(signature);
  if (!match) return { ok: false, reason: 'ongeldig handtekeningformaat' };
  const expected = Buffer.from(hmac(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(match[1]!, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'handtekening klopt niet' };
  }
  return { ok: true, keyId };
}

/** For express.json({ verify }): keeps the raw body bytes on `req.rawBody` for verification. */
export function captureRawBody(req: Request, _res: Response, buffer: Buffer): void {
  (req as Request & { rawBody?: Buffer }).rawBody = buffer;
}

/**
 * Express middleware: when the calling partner has keys configured, the request must carry a
 * valid signature (401 otherwise); partners without keys pass unchanged. Needs the raw body
 * (`express.json({ verify: captureRawBody })`) and a way to know the partner (e.g. from the
 * API key's principal).
 */
export function requireValidSignatureWhenConfigured(
  keyrings: PartnerKeyrings,
  partnerIdOf: (req: Request) => string | undefined,
  options: VerifyOptions = {},
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const partnerId = partnerIdOf(req);
    const keyring = partnerId ? keyrings[partnerId] : undefined;
    if (!keyring) return next();
    const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const result = verifySignature(keyring, req.headers, raw, options);
    if (!result.ok) {
      res
        .status(401)
        .type('application/problem+json')
        .json({ type: 'about:blank', title: 'Ongeldige handtekening', status: 401, detail: result.reason });
      return;
    }
    next();
  };
}
