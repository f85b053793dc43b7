/**
 * Authentication strategies: the seam for OIDC/JWT.
 *
 * The app tries each configured strategy in order. A strategy returns a `Principal` when it
 * recognises and accepts the credentials, `null` when the request carries no credentials of its
 * kind, and throws `AppError('UNAUTHENTICATED')` when its credentials are present but invalid.
 *
 * To put OIDC in front: write an `oidcStrategy({ issuer, audience, jwks })` that verifies the
 * `Authorization: Bearer <jwt>` signature and claims, maps claims (e.g. `sub`, `role`,
 * `gemeente`, `partner_id`) to a `Principal` and returns null for tokens that are not JWTs (so
 * API keys keep working for partner systems), and pass `[oidcStrategy(...), apiKeyStrategy(prisma)]`
 * as `authentication` to `createApp`. Nothing after authentication changes.
 */
import type { Request } from 'express';
import type { PrismaClient } from '../../db/client';
import { AppError } from '../http/errors';
import { API_KEY_PATTERN, ApiKeyVerifier, type ApiKeyVerifierOptions } from './api-keys';
import type { Principal } from './principal';

export interface AuthenticationStrategy {
  readonly name: string;
  authenticate(req: Request): Promise<Principal | null>;
}

export function bearerToken(req: Request): string | null {
  const header = req.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * API keys (`ibo_<prefix>.<secret>`). Verified keys are cached briefly (`API_KEY_CACHE_TTL_MS`,
 * 10 s; `cacheTtlMs: 0` turns that off): a revocation made elsewhere is honoured within that
 * bound, one made through this process's `/admin` routes at once. See `ApiKeyVerifier`.
 */
export function apiKeyStrategy(prisma: PrismaClient, options: ApiKeyVerifierOptions = {}): AuthenticationStrategy {
  const verifier = new ApiKeyVerifier(prisma, options);
  return {
    name: 'api-key',
    async authenticate(req) {
      const token = bearerToken(req);
      if (!token || !API_KEY_PATTERN.test(token)) return null;
      const principal = await verifier.verify(token);
      if (!principal) throw new AppError('UNAUTHENTICATED', 'De API-sleutel is onbekend of ingetrokken.');
      return principal;
    },
  };
}

export async function authenticateRequest(
  strategies: readonly AuthenticationStrategy[],
  req: Request,
): Promise<Principal> {
  for (const strategy of strategies) {
    const principal = await strategy.authenticate(req);
    if (principal) return principal;
  }
  throw new AppError('UNAUTHENTICATED', 'Geef een geldige API-sleutel mee: Authorization: Bearer <sleutel>.');
}
