/**
 * Voortgangsgesprekken (toetsmomenten) during the leerroute (framework 4.8): a cadence set
 * per gemeente (policy, default every 3 months).
 */
import { addDays, addMonths, isAfter } from './dates';
import type { GemeentePolicy, IsoDate } from './types';

/** Days after the due date before an open voortgangsgesprek escalates to the team lead. */
export const VOORTGANGSGESPREK_ESCALATION_DAYS = 14;

/** The next talk is due one policy interval after the last talk (or the start of the route). */
export function nextVoortgangsgesprekDate(
  lastTalkOrRouteStart: IsoDate,
  policy: Pick<GemeentePolicy, 'voortgangsgesprekIntervalMonths'>,
): IsoDate {
  return addMonths(lastTalkOrRouteStart, policy.voortgangsgesprekIntervalMonths);
}

/** Overdue from the day after the due date. */
export function isOverdue(due: IsoDate, today: IsoDate): boolean {
  return isAfter(today, due);
}

/** The day an undone talk escalates. */
export function voortgangsgesprekEscalationDate(
  due: IsoDate,
  escalationDays: number = VOORTGANGSGESPREK_ESCALATION_DAYS,
): IsoDate {
  return addDays(due, escalationDays);
}
