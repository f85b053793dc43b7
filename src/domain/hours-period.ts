/**
 * Hours recorded over a period (the gemeente's own uren decision) must fit in it: at most 24
 * hours for every calendar day of the period, van and tot included. A hard physical bound, not a
 * policy: it refuses typing errors (800 hours on one day) without second-guessing real figures.
 */
import { daysBetween, isValidIsoDate } from './dates';
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import type { IsoDate } from './types';

export const MAX_HOURS_PER_DAY = 24;

export function checkHoursFitPeriod(hours: number, van: IsoDate, tot: IsoDate): RuleResult {
  if (!isValidIsoDate(van) || !isValidIsoDate(tot) || !Number.isFinite(hours)) return RULE_OK; // checked elsewhere
  const days = daysBetween(van, tot) + 1;
  if (days < 1) return RULE_OK; // a period that ends before it begins is refused by its own rule
  const max = days * MAX_HOURS_PER_DAY;
  return hours <= max
    ? RULE_OK
    : refuse(
        'ONGELDIGE_INVOER',
        `${hours} uur past niet in de periode ${van} tot en met ${tot} (${days} ${days === 1 ? 'dag' : 'dagen'}, ten hoogste ${max} uur).`,
      );
}
