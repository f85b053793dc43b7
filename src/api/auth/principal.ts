/**
 * Who is calling. Every authentication strategy (API keys today, OIDC/JWT later) produces a
 * `Principal`; everything after authentication (roles, tenancy, audit) reads only this.
 */
import { PARTNER_KINDS, type PartnerKind } from '../../domain/types';

/** teamleider: one gemeente's team lead (escalations, redistributing work, the consulent decision). */
export const ROLES = ['consulent', 'teamleider', 'beheerder', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export { PARTNER_KINDS, type PartnerKind };

export interface Principal {
  /** Stable id of the person or system (audit `actorId`, task `assigneeId`). */
  subject: string;
  role: Role;
  /** The gemeente this principal works for; null = the whole region (regional beheerder only). */
  gemeente: string | null;
  /** For partners: the Partner row and its kind. */
  partnerId: string | null;
  partnerKind: PartnerKind | null;
  /** Which credential authenticated the call (rate limiting, audit). */
  credentialId: string;
  /** How the principal was authenticated ('api-key', later e.g. 'oidc'). */
  method: string;
}

/** True when the principal may see trajectories of `gemeente` (consulent/beheerder only). */
export function coversGemeente(principal: Principal, gemeente: string): boolean {
  if (principal.role === 'partner') return false;
  return principal.gemeente === null || principal.gemeente === gemeente;
}

export function isRegional(principal: Principal): boolean {
  return principal.role === 'beheerder' && principal.gemeente === null;
}
