import { describe, expect, it } from 'vitest';
import { principalOf, userFromClaims, type ClaimMapping } from '../../../src/werkplek/auth/claims';
import { safeReturnPath } from '../../../src/werkplek/auth/sign-in';
import { API_ROUTES } from '../../../src/api/app';
import { isPagePath } from '../../../src/werkplek/werkplek';

const mapping: ClaimMapping = {
  roleClaim: 'roles',
  roleValues: {},
  gemeenteClaim: 'gemeente',
  regioValue: 'regio',
  nameClaim: 'name',
  gemeenten: ['altena', 'drimmelen'],
};

describe('role and gemeente from claims (configurable)', () => {
  it('maps the development provider claims to a consulent of one gemeente', () => {
    expect(
      userFromClaims({ sub: 'consulent@altena', name: 'C. Altena', roles: ['consulent'], gemeente: 'altena' }, mapping),
    ).toEqual({
      ok: true,
      user: { subject: 'consulent@altena', name: 'C. Altena', role: 'consulent', gemeente: 'altena' },
    });
  });

  it('maps an Entra-style groups claim through OIDC_ROLE_VALUES; unknown values give no role', () => {
    const entra = { ...mapping, roleClaim: 'groups', roleValues: { 'IBO-Beheerder': 'beheerder' as const } };
    const mapped = userFromClaims({ sub: 'x1', groups: ['Iedereen', 'IBO-Beheerder'], gemeente: 'drimmelen' }, entra);
    expect(mapped).toMatchObject({ ok: true, user: { role: 'beheerder', gemeente: 'drimmelen', name: 'x1' } });
    expect(userFromClaims({ sub: 'x2', groups: ['consulent'], gemeente: 'altena' }, entra)).toMatchObject({
      ok: false,
    });
  });

  it('gives the strongest role when a person has several (space-separated string claims too)', () => {
    expect(userFromClaims({ sub: 'b', roles: 'consulent beheerder', gemeente: 'altena' }, mapping)).toMatchObject({
      ok: true,
      user: { role: 'beheerder' },
    });
  });

  it('allows the whole region only to a beheerder, and only served gemeenten', () => {
    expect(userFromClaims({ sub: 'r', roles: ['beheerder'], gemeente: 'regio' }, mapping)).toMatchObject({
      ok: true,
      user: { gemeente: null },
    });
    expect(userFromClaims({ sub: 'c', roles: ['consulent'], gemeente: 'regio' }, mapping)).toMatchObject({ ok: false });
    expect(userFromClaims({ sub: 'c', roles: ['consulent'], gemeente: 'breda' }, mapping)).toMatchObject({ ok: false });
    expect(userFromClaims({ roles: ['consulent'], gemeente: 'altena' }, mapping)).toMatchObject({ ok: false });
  });

  it('yields the same kind of principal as an API key, marked as OIDC', () => {
    expect(principalOf({ subject: 's', name: 'S', role: 'consulent', gemeente: 'altena' })).toEqual({
      subject: 's',
      role: 'consulent',
      gemeente: 'altena',
      partnerId: null,
      partnerKind: null,
      credentialId: 'oidc:s',
      method: 'oidc',
    });
  });
});

describe('return path after sign-in', () => {
  it('accepts only paths on this site (no open redirect)', () => {
    expect(safeReturnPath('/dossiers/trj_1?x=1')).toBe('/dossiers/trj_1?x=1');
    expect(safeReturnPath('//evil.example/')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath('https://evil.example/')).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
  });
});

describe('werkplek paths', () => {
  it('never take an API path: the API keeps answering where it is', () => {
    for (const route of API_ROUTES) expect(isPagePath(route.path.replace(/:[A-Za-z]+/g, 'x')), route.path).toBe(false);
    for (const path of ['/docs', '/openapi.json', '/healthz', '/readyz', '/codec/decode', '/duo/v1/notificaties']) {
      expect(isPagePath(path), path).toBe(false);
    }
    expect(isPagePath('/werkvoorraad')).toBe(true);
  });
});
