/**
 * The dedicated consulent of a trajectory (framework 4.2, 5.8): every inburgeraar has one
 * consulent who is the contact for the person and for DUO (Contactpersoon). Setting or
 * changing that consulent is a decision of a person; these are its rules.
 */
import { RULE_OK, refuse, type RuleResult } from './rule-result';

/** A consulent id is the stable user id of the person (API key subject or OIDC subject). */
export function isConsulentId(value: unknown): value is string {
  return typeof value === 'string' && /^[^\s\p{Cc}]{1,200}$/u.test(value);
}

/**
 * A change of consulent: a real change (the same consulent again is a duplicate and changes
 * nothing), of a well-formed id.
 */
export function checkConsulentChange(current: string | undefined, next: unknown): RuleResult {
  if (!isConsulentId(next)) return refuse('ONGELDIGE_INVOER', 'Geen geldige consulent (gebruikers-id).');
  if (current === next) {
    return refuse('CONSULENT_ONGEWIJZIGD', `${next} is al de consulent van dit traject; er verandert niets.`);
  }
  return RULE_OK;
}
