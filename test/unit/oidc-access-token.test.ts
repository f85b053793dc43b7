/**
 * The Temporal Web UI passes the signed-in person's OIDC access token to /codec: a JWT of
 * OIDC_ISSUER (its keys), with role and gemeente from the werkplek's claim mapping.
 */
import type { Request } from 'express';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { oidcAccessTokenStrategy } from '../../src/api/auth/oidc-access-token';

const ISSUER = 'https://idp.example.nl/realms/dongemond';
const mapping = {
  roleClaim: 'roles',
  roleValues: {},
  gemeenteClaim: 'gemeente',
  regioValue: 'regio',
  nameClaim: 'name',
  gemeenten: ['altena', 'oosterhout'],
};

const requestWith = (token: string) =>
  ({
    get: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined),
    headers: { authorization: `Bearer ${token}` },
  }) as unknown as Request;

describe('oidcAccessTokenStrategy', async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  const strategy = oidcAccessTokenStrategy({ issuer: ISSUER, mapping, keys: createLocalJWKSet({ keys: [jwk] }) });
  const sign = (
    claims: Record<string, unknown>,
    options: { issuer?: string; key?: Parameters<SignJWT['sign']>[0]; exp?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('u-123')
      .setIssuer(options.issuer ?? ISSUER)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(options.key ?? privateKey);

  it('a valid token of a gemeente beheerder → that principal (role and gemeente from the claims)', async () => {
    const principal = await strategy.authenticate(
      requestWith(await sign({ roles: ['beheerder'], gemeente: 'altena' })),
    );
    expect(principal).toMatchObject({ subject: 'u-123', role: 'beheerder', gemeente: 'altena', method: 'oidc' });
    const regio = await strategy.authenticate(requestWith(await sign({ roles: 'beheerder', gemeente: 'regio' })));
    expect(regio).toMatchObject({ role: 'beheerder', gemeente: null });
  });

  it('refuses another issuer, another key, an expired token, no role, and leaves API keys to their strategy', async () => {
    expect(
      await strategy.authenticate(
        requestWith(await sign({ roles: ['beheerder'], gemeente: 'altena' }, { issuer: 'https://evil.example' })),
      ),
    ).toBeNull();
    expect(
      await strategy.authenticate(
        requestWith(await sign({ roles: ['beheerder'], gemeente: 'altena' }, { key: other.privateKey })),
      ),
    ).toBeNull();
    expect(
      await strategy.authenticate(
        requestWith(await sign({ roles: ['beheerder'], gemeente: 'altena' }, { exp: '-1m' })),
      ),
    ).toBeNull();
    expect(await strategy.authenticate(requestWith(await sign({ gemeente: 'altena' })))).toBeNull();
    expect(await strategy.authenticate(requestWith('ibo_dev-beheerder-altena.x'))).toBeNull();
  });
});
