/**
 * The inburgeringstermijn (Wi art. 11): 3 years from the day after the dagtekening of the
 * first PIP. Later PIP changes do not move it; only DUO extends it (Wi art. 12).
 *
 * Convention (same as DUO's Inburgeringstermijn API):
 * - `start` = dagtekening + 1 day, inclusive;
 * - `end`   = start + 3 years, **exclusive**: the termijn is over on `end`; its last day is
 *   `end − 1 day`. Example: dagtekening 2024-03-14 → start 2024-03-15, end 2027-03-15,
 *   last day 2027-03-14.
 */
import { addDays, addMonths, addYears, isBefore, isOnOrAfter } from './dates';
import type { GemeentePolicy, IsoDate } from './types';

export const TERMIJN_YEARS = 3;
/** DUO: 'Verwijtbaar = Nee' for MAP/PVT only when the end of the termijn is within 2 months. */
export const VERWIJTBAAR_WINDOW_MONTHS = 2;

export interface Termijn {
  /** First day of the termijn (inclusive). */
  start: IsoDate;
  /** First day after the termijn (exclusive), as DUO's `einddatum`. */
  end: IsoDate;
}

/** The termijn that starts with the first PIP: start the day after its dagtekening (Wi art. 11). */
export function computeTermijn(firstPipDagtekening: IsoDate): Termijn {
  const start = addDays(firstPipDagtekening, 1);
  return { start, end: addYears(start, TERMIJN_YEARS) };
}

/**
 * The termijn after a PIP is vastgesteld or bijgesteld: only the first PIP starts it; later
 * PIPs (bijstelling, a new gemeente's PIP) leave a running termijn as it is.
 */
export function termijnAfterPip(existing: Termijn | undefined, pipDagtekening: IsoDate): Termijn {
  return existing ?? computeTermijn(pipDagtekening);
}

/** The exclusive end of the termijn (see the module comment). */
export function computeTermijnEnd(firstPipDagtekening: IsoDate): IsoDate {
  return computeTermijn(firstPipDagtekening).end;
}

/** The last day on which the termijn still runs. */
export function lastDayOfTermijn(end: IsoDate): IsoDate {
  return addDays(end, -1);
}

export type TermijnExtension = IsoDate | { months: number };

/**
 * Applies a DUO extension (SS103/SS104/SS130). A new end date from DUO is authoritative
 * (DUO keeps the register, Wi art. 12) and is taken as is; a number of months is added to
 * the current end. Months must be positive.
 */
export function applyExtension(currentEnd: IsoDate, extension: TermijnExtension): IsoDate {
  if (typeof extension === 'string') return addDays(extension, 0); // validates the date
  if (!Number.isInteger(extension.months) || extension.months < 1) {
    throw new RangeError(`Ongeldige verlenging: ${extension.months} maanden (verwacht een positief geheel getal)`);
  }
  return addMonths(currentEnd, extension.months);
}

export interface TermijnWarning {
  monthsBefore: number;
  date: IsoDate;
}

/** Warning days before the end (policy, default 6 and 2 months), earliest first, duplicates removed. */
export function termijnWarningDates(
  end: IsoDate,
  policy: Pick<GemeentePolicy, 'termijnWarningMonthsBefore'>,
): TermijnWarning[] {
  const months = [...new Set(policy.termijnWarningMonthsBefore)].filter((m) => m > 0).sort((a, b) => b - a);
  return months.map((monthsBefore) => ({ monthsBefore, date: addMonths(end, -monthsBefore) }));
}

/** First day of the last 2 months of the termijn. */
export function verwijtbaarWindowStart(end: IsoDate): IsoDate {
  return addMonths(end, -VERWIJTBAAR_WINDOW_MONTHS);
}

/**
 * True in the last 2 months of the termijn: the only window in which 'Verwijtbaar = Nee'
 * may be sent to DUO for MAP/PVT (DUO README). After the end the termijn is overschreden
 * ('Verwijtbaar = Ja' territory), which is not this window.
 */
export function isInVerwijtbaarWindow(end: IsoDate, today: IsoDate): boolean {
  return isOnOrAfter(today, verwijtbaarWindowStart(end)) && isBefore(today, end);
}

/** True from the (exclusive) end date on. */
export function isTermijnExpired(end: IsoDate, today: IsoDate): boolean {
  return isOnOrAfter(today, end);
}
