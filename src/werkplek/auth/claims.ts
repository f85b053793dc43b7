/**
 * From the identity provider's claims to a werkplek user: role and gemeente come from claims
 * named by configuration (OIDC_ROLE_CLAIM, OIDC_ROLE_VALUES, OIDC_GEMEENTE_CLAIM), so Entra ID
 * or Keycloak at a gemeente work without code changes. Pure: tested without servers.
 */
import type { Principal } from '../../api/auth/principal';

/** Roles people can have in the werkplek, strongest first (a person with several gets the first). */
export const PEOPLE_ROLES = ['beheerder', 'teamleider', 'consulent'] as const;
export type PeopleRole = (typeof PEOPLE_ROLES)[number];

export interface WerkplekUser {
  /** Stable id from the provider (`sub`): audit actor, task assignee, caseload owner. */
  subject: string;
  name: string;
  role: PeopleRole;
  /** The gemeente the person works for; null = the whole region (regional beheerder only). */
  gemeente: string | null;
}

export interface ClaimMapping {
  roleClaim: string;
  /** Claim value → role. Empty: the values `consulent`, `teamleider` and `beheerder` themselves. */
  roleValues: Record<string, PeopleRole>;
  gemeenteClaim: string;
  regioValue: string;
  nameClaim: string;
  gemeenten: readonly string[];
}

/** The claim mapping as configured (OIDC_* variables); one definition for sign-in and access tokens. */
export function claimMappingOf(config: {
  OIDC_ROLE_CLAIM: string;
  OIDC_ROLE_VALUES: Record<string, PeopleRole>;
  OIDC_GEMEENTE_CLAIM: string;
  OIDC_REGIO_VALUE: string;
  OIDC_NAME_CLAIM: string;
  GEMEENTEN: readonly string[];
}): ClaimMapping {
  return {
    roleClaim: config.OIDC_ROLE_CLAIM,
    roleValues: config.OIDC_ROLE_VALUES,
    gemeenteClaim: config.OIDC_GEMEENTE_CLAIM,
    regioValue: config.OIDC_REGIO_VALUE,
    nameClaim: config.OIDC_NAME_CLAIM,
    gemeenten: config.GEMEENTEN,
  };
}

export type MappedUser = { ok: true; user: WerkplekUser } | { ok: false; reason: string };

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

export function userFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping): MappedUser {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!subject) return { ok: false, reason: 'De identiteitsprovider gaf geen gebruikers-id (sub).' };
  const values = Object.keys(mapping.roleValues).length
    ? mapping.roleValues
    : ({ consulent: 'consulent', teamleider: 'teamleider', beheerder: 'beheerder' } as Record<string, PeopleRole>);
  const granted = new Set(asStrings(claims[mapping.roleClaim]).flatMap((value) => values[value] ?? []));
  const role = PEOPLE_ROLES.find((candidate) => granted.has(candidate));
  if (!role)
    return { ok: false, reason: 'Uw account heeft geen rol in de werkplek (consulent, teamleider of beheerder).' };

  const gemeenteValue = asStrings(claims[mapping.gemeenteClaim])[0];
  let gemeente: string | null;
  if (gemeenteValue === mapping.regioValue && role === 'beheerder') gemeente = null;
  else if (gemeenteValue && mapping.gemeenten.includes(gemeenteValue)) gemeente = gemeenteValue;
  else return { ok: false, reason: 'Uw account hoort niet bij een gemeente die deze werkplek bedient.' };

  const name = typeof claims[mapping.nameClaim] === 'string' ? (claims[mapping.nameClaim] as string) : subject;
  return { ok: true, user: { subject, name, role, gemeente } };
}

/** The same principal the API's authentication produces: every operation reads only this. */
export function principalOf(user: WerkplekUser): Principal {
  return {
    subject: user.subject,
    role: user.role,
    gemeente: user.gemeente,
    partnerId: null,
    partnerKind: null,
    credentialId: `oidc:${user.subject}`,
    method: 'oidc',
  };
}
