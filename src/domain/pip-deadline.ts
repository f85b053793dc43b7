/**
 * The PIP clock: the PIP must be vastgesteld within 10 weeks (framework 4.2; Besluit
 * inburgering 2021 art. 5.3). The start is an explicit event, never a guess (LAW.md):
 * DUO's SS139 ("the 10-week term has started"), or the inschrijving at the gemeente when
 * no SS139 came.
 */
import { addDays, addWeeks, isAfter, laterOf } from './dates';
import type { GemeentePolicy, IsoDate } from './types';

export const PIP_DEADLINE_WEEKS = 10;
/** Besluit art. 5.3: waiting for third-party information extends the term until 2 weeks after receipt. */
export const PIP_THIRD_PARTY_EXTENSION_WEEKS = 2;

export type PipClockSource = 'SS139' | 'INSCHRIJVING';

export interface PipClockStart {
  date: IsoDate;
  source: PipClockSource;
}

/** SS139 wins over inschrijving: DUO's kennisgeving is what the Besluit counts from. */
export function pipClockStart({
  ss139Date,
  inschrijvingDate,
}: {
  ss139Date?: IsoDate;
  inschrijvingDate?: IsoDate;
}): PipClockStart | undefined {
  if (ss139Date !== undefined) return { date: ss139Date, source: 'SS139' };
  if (inschrijvingDate !== undefined) return { date: inschrijvingDate, source: 'INSCHRIJVING' };
  return undefined;
}

/**
 * Applies a (new) SS139. DUO sends SS139 again when the person leaves COA and now lives in
 * the gemeente: a later SS139 restarts the clock. An SS139 always replaces an inschrijving
 * start. An SS139 dated on or before the current SS139 start is a duplicate or arrived out
 * of order and changes nothing.
 */
export function restartPipClock(current: PipClockStart | undefined, ss139Date: IsoDate): PipClockStart {
  if (current === undefined || current.source === 'INSCHRIJVING' || isAfter(ss139Date, current.date)) {
    return { date: ss139Date, source: 'SS139' };
  }
  return current;
}

/**
 * The last day on which the PIP may be vastgesteld: clock start + 10 weeks (70 days; the
 * term runs from the day after the start, Algemene termijnenwet style).
 */
export function computePipDeadline(clockStart: PipClockStart | IsoDate): IsoDate {
  const start = typeof clockStart === 'string' ? clockStart : clockStart.date;
  return addWeeks(start, PIP_DEADLINE_WEEKS);
}

/** Early-warning day for the consulent: the policy's number of days before the deadline. */
export function pipWarningDate(deadline: IsoDate, policy: Pick<GemeentePolicy, 'pipWarningDaysBefore'>): IsoDate {
  return addDays(deadline, -policy.pipWarningDaysBefore);
}

/**
 * Besluit art. 5.3: while waiting for third-party information the term extends until 2 weeks
 * after that information came in; it never shortens the deadline.
 */
export function extendPipDeadlineForThirdPartyInfo(deadline: IsoDate, informationReceivedDate: IsoDate): IsoDate {
  return laterOf(deadline, addWeeks(informationReceivedDate, PIP_THIRD_PARTY_EXTENSION_WEEKS));
}

/** Overdue from the day after the deadline (the deadline day itself is still in time). */
export function isPipDeadlinePassed(deadline: IsoDate, today: IsoDate): boolean {
  return isAfter(today, deadline);
}
