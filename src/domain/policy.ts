/**
 * Per-gemeente policy settings. Defaults follow the framework (DEFAULT_POLICY in types.ts);
 * a setting may differ per gemeente but may never break the law (LAW.md, introduction).
 */
import { RULE_OK, firstRefusal, refuse, type RuleResult } from './rule-result';
import { PIP_DEADLINE_WEEKS } from './pip-deadline';
import { TERMIJN_YEARS } from './termijn';
import type { GemeentePolicy } from './types';

const PIP_TERM_DAYS = PIP_DEADLINE_WEEKS * 7;
const TERMIJN_MONTHS = TERMIJN_YEARS * 12;

/** Framework 4.8 (close contact, trust first): a follow-up within two weeks unless the gemeente sets otherwise. */
export const DEFAULT_OPVOLGING_DAGEN = 14;
/** Missed hours in a month from which verzuim needs a person (one day of lessons). */
export const DEFAULT_VERZUIM_DREMPEL_UREN = 8;
/** At most this many days for a follow-up: a quarter, the voortgangsgesprek cadence's default. */
export const MAX_OPVOLGING_DAGEN = 90;
/** At most this many missed hours in a month before someone looks (more than a month of lessons). */
export const MAX_VERZUIM_DREMPEL_UREN = 200;

/** Days a person has for a follow-up task (policy, default 14). */
export function opvolgingDagen(policy: Pick<GemeentePolicy, 'opvolgingDagen'>): number {
  return policy.opvolgingDagen ?? DEFAULT_OPVOLGING_DAGEN;
}

/** Missed hours in a calendar month from which verzuim opens a follow-up task (policy, default 8). */
export function verzuimDrempelUren(policy: Pick<GemeentePolicy, 'verzuimDrempelUren'>): number {
  return policy.verzuimDrempelUren ?? DEFAULT_VERZUIM_DREMPEL_UREN;
}

/** Checks a policy before it is used; the reason is Dutch for the beheerder. */
export function validatePolicy(policy: GemeentePolicy): RuleResult {
  return firstRefusal(
    // The law sets no maximum, but requires a change for schakelen, afschalen and moves:
    // at least one bijstelling must stay possible.
    checkInteger(
      policy.maxPipBijstellingen,
      1,
      Number.MAX_SAFE_INTEGER,
      'BELEID_MAX_BIJSTELLINGEN',
      'Het maximum aantal PIP-bijstellingen moet een heel getal van minstens 1 zijn (de wet vraagt een bijstelling bij schakelen en afschalen).',
    ),
    // A warning must fall inside the 10-week PIP term and before its last day.
    checkInteger(
      policy.pipWarningDaysBefore,
      1,
      PIP_TERM_DAYS - 1,
      'BELEID_PIP_WAARSCHUWING',
      `De waarschuwing voor de PIP-termijn moet 1 tot en met ${PIP_TERM_DAYS - 1} dagen vóór de deadline liggen.`,
    ),
    // Framework 4.8: progress is monitored during the route; at least once a year.
    checkInteger(
      policy.voortgangsgesprekIntervalMonths,
      1,
      12,
      'BELEID_VOORTGANGSGESPREK_INTERVAL',
      'De tijd tussen voortgangsgesprekken moet 1 tot en met 12 maanden zijn.',
    ),
    // Framework 4.8 "binnen een jaar": a period inside the termijn of three years.
    policy.pipBijstellingWithinMonths === undefined
      ? RULE_OK
      : checkInteger(
          policy.pipBijstellingWithinMonths,
          1,
          TERMIJN_MONTHS,
          'BELEID_BIJSTELLING_BINNEN',
          `De periode waarbinnen het PIP kan worden bijgesteld moet 1 tot en met ${TERMIJN_MONTHS} maanden zijn.`,
        ),
    policy.opvolgingDagen === undefined
      ? RULE_OK
      : checkInteger(
          policy.opvolgingDagen,
          1,
          MAX_OPVOLGING_DAGEN,
          'BELEID_OPVOLGING_DAGEN',
          `De termijn voor een opvolgtaak moet 1 tot en met ${MAX_OPVOLGING_DAGEN} dagen zijn.`,
        ),
    policy.verzuimDrempelUren === undefined
      ? RULE_OK
      : checkInteger(
          policy.verzuimDrempelUren,
          1,
          MAX_VERZUIM_DREMPEL_UREN,
          'BELEID_VERZUIM_DREMPEL',
          `De drempel voor verzuim moet een heel aantal uren van 1 tot en met ${MAX_VERZUIM_DREMPEL_UREN} zijn.`,
        ),
    ...policy.termijnWarningMonthsBefore.map((months) =>
      checkInteger(
        months,
        1,
        TERMIJN_MONTHS - 1,
        'BELEID_TERMIJN_WAARSCHUWING',
        `Een waarschuwing voor het einde van de inburgeringstermijn moet 1 tot en met ${TERMIJN_MONTHS - 1} maanden vóór het einde liggen.`,
      ),
    ),
  );
}

function checkInteger(value: number, min: number, max: number, rule: string, reason: string): RuleResult {
  return Number.isInteger(value) && value >= min && value <= max ? RULE_OK : refuse(rule, reason);
}
