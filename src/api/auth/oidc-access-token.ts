/**
 * People's OIDC access tokens as API credentials, for the Temporal Web UI's codec calls
 * (the UI signs people in at the gemeente's provider and passes their access token,
 * `TEMPORAL_CODEC_PASS_ACCESS_TOKEN`): a JWT signed by OIDC_ISSUER's keys (discovered from
 * `/.well-known/openid-configuration`, cached by `jose`), not expired, issued by that issuer;
 * role and gemeente from the same claims as the werkplek's sign-in (src/werkplek/auth/claims.ts).
 * API keys (`ibo_…`) are left to the API-key strategy.
 */
import type { Request } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { principalOf, userFromClaims, type ClaimMapping } from '../../werkplek/auth/claims';
import { bearerToken, type AuthenticationStrategy } from './authenticate';

export interface AccessTokenOptions {
  issuer: string;
  mapping: ClaimMapping;
  /** Expected `aud` (e.g. the Temporal UI's client id); unset: not checked. */
  audience?: string | undefined;
  /** For tests: the key set instead of discovery. */
  keys?: JWTVerifyGetKey;
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function oidcAccessTokenStrategy(options: AccessTokenOptions): AuthenticationStrategy {
  let keys: Promise<JWTVerifyGetKey> | undefined = options.keys ? Promise.resolve(options.keys) : undefined;
  const keySet = (): Promise<JWTVerifyGetKey> =>
    (keys ??= (async () => {
      const url = `${options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`OIDC discovery: HTTP ${response.status}`);
      const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
      if (!jwksUri) throw new Error('OIDC discovery: geen jwks_uri');
      return createRemoteJWKSet(new URL(jwksUri));
    })().catch((error: unknown) => {
      keys = undefined; // try discovery again next time
      throw error;
    }));
  return {
    name: 'oidc-access-token',
    async authenticate(req: Request) {
      const token = bearerToken(req);
      if (!token || token.startsWith('ibo_') || !JWT.test(token)) return null;
      try {
        const { payload } = await jwtVerify(token, await keySet(), {
          issuer: options.issuer,
          ...(options.audience ? { audience: options.audience } : {}),
        });
        const mapped = userFromClaims(payload as Record<string, unknown>, options.mapping);
        return mapped.ok ? principalOf(mapped.user) : null;
      } catch {
        return null; // invalid, expired, other issuer: not authenticated (401)
      }
    },
  };
}
