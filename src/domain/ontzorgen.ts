/**
 * Financieel ontzorgen (framework 4.4; art. 56a Participatiewet): 6 months in which the
 * gemeente pays the fixed costs, with monthly check-ins and an evaluation at the end
 * (financieel zelfredzaam, or follow-up). Who gets it: see offerFor in offer.ts.
 */
import { addMonths } from './dates';
import type { IsoDate } from './types';

export const ONTZORGEN_MONTHS = 6;

export interface OntzorgenPeriod {
  /** First day (inclusive). */
  start: IsoDate;
  /** Start + 6 months (exclusive): the day ontzorgen stops and is evaluated. */
  end: IsoDate;
}

export function ontzorgenPeriod(start: IsoDate): OntzorgenPeriod {
  return { start, end: addMonths(start, ONTZORGEN_MONTHS) };
}

/** Monthly check-ins after months 1..5; the evaluation at month 6 replaces the sixth. */
export function ontzorgenCheckInDates(start: IsoDate): IsoDate[] {
  return Array.from({ length: ONTZORGEN_MONTHS - 1 }, (_, index) => addMonths(start, index + 1));
}

export function ontzorgenEvaluationDate(start: IsoDate): IsoDate {
  return ontzorgenPeriod(start).end;
}
