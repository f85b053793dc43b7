/**
 * Follow-ups that close the loop (framework 3.2.5, 4.3, 4.8): a signal that something goes
 * wrong becomes a task for a person, due after the gemeente's follow-up days (policy.ts):
 * - a voortgangsgesprek with outcome "achterstand" (plan a follow-up talk) or "niet verschenen"
 *   (contact the inburgeraar: trust and personal contact first, 3.2.5);
 * - the maatschappelijk begeleider's report "aandacht nodig" (4.3: close contact with the consulent);
 * - verzuim: the hours missed in a calendar month, reported by providers or recorded by the
 *   gemeente, reach the gemeente's threshold — once per month;
 * - the termijn ends without the obligation met (3.2.5): DUO follows the process, but a person of
 *   the gemeente judges verwijtbaarheid (MAP/PVT to DUO) and whether handhaving is needed.
 */
import { addDays } from './dates';
import { opvolgingDagen, verzuimDrempelUren } from './policy';
import type { GemeentePolicy, IsoDate } from './types';

export type VoortgangUitkomst = 'OP_SCHEMA' | 'ACHTERSTAND' | 'NIET_VERSCHENEN';

/** What the follow-up of a voortgangsgesprek asks. */
export type VoortgangOpvolging = 'GESPREK_INPLANNEN' | 'CONTACT_OPNEMEN';

export interface FollowUp<Action extends string = string> {
  action: Action;
  dueDate: IsoDate;
}

/** The day a follow-up opened on `from` is due. */
export function followUpDueDate(from: IsoDate, policy: Pick<GemeentePolicy, 'opvolgingDagen'>): IsoDate {
  return addDays(from, opvolgingDagen(policy));
}

/**
 * The follow-up of a voortgangsgesprek held on `date`: none when on schedule; a follow-up talk
 * after "achterstand"; contact after "niet verschenen".
 */
export function voortgangFollowUp(
  outcome: VoortgangUitkomst,
  date: IsoDate,
  policy: Pick<GemeentePolicy, 'opvolgingDagen'>,
): FollowUp<VoortgangOpvolging> | undefined {
  if (outcome === 'OP_SCHEMA') return undefined;
  return {
    action: outcome === 'ACHTERSTAND' ? 'GESPREK_INPLANNEN' : 'CONTACT_OPNEMEN',
    dueDate: followUpDueDate(date, policy),
  };
}

/** The verzuim period a report belongs to: the calendar month of its date (`2026-03`). */
export function verzuimPeriode(date: IsoDate): string {
  return date.slice(0, 7);
}

/**
 * Does a verzuim report move the month's missed hours to the threshold? True exactly once per
 * month: when the total before was under it and now reaches it (a later report in the same
 * month does not open a second task).
 */
export function verzuimReachesThreshold(
  missedBefore: number,
  missedAfter: number,
  policy: Pick<GemeentePolicy, 'verzuimDrempelUren'>,
): boolean {
  const threshold = verzuimDrempelUren(policy);
  return missedBefore < threshold && missedAfter >= threshold;
}

/** How many months of verzuim totals a trajectory keeps (older months can no longer reach a threshold that matters). */
export const VERZUIM_MONTHS_KEPT = 24;

/**
 * The follow-up when the termijn ends: a task for a person unless the obligation is met (then the
 * trajectory closes or awaits its afronding, and nothing is to be judged).
 */
export function termijnEndFollowUp(
  end: IsoDate,
  obligationMet: boolean,
  policy: Pick<GemeentePolicy, 'opvolgingDagen'>,
): { dueDate: IsoDate } | undefined {
  return obligationMet ? undefined : { dueDate: followUpDueDate(end, policy) };
}
