/**
 * Plausible date windows. A date outside its window is a typing error or a probe, never a fact
 * of a Wet inburgering 2021 trajectory, and it would break the arithmetic downstream (a PIP
 * dated 0001-01-01 puts the termijn in 1901–1904 and fires every timer at once; an inschrijving
 * of 9999-12-31 pushes a deadline past the year 9999). The API schemas refuse such dates (422),
 * and the domain checks them again where dates enter from elsewhere (DUO's data, a start).
 *
 * | kind      | window                                  | for                                                        |
 * | --------- | --------------------------------------- | ---------------------------------------------------------- |
 * | `birth`   | 1900-01-01 … today − 18 years           | geboortedatum (the plicht starts at 18)                   |
 * | `process` | 2021-01-01 … today + 5 years            | every date of a trajectory given by a person: registration, decisions, PIP, planned dates |
 * | `event`   | 2021-01-01 … today                      | `occurredOn` of a partner event: a fact that has happened  |
 *
 * 2021-01-01: registrations just before the law took effect (2022-01-01) still lead into it;
 * nothing of a Wi2021 trajectory lies earlier. Five years ahead covers a termijn of three years
 * with its extensions. "Today" is the Europe/Amsterdam date (src/domain/today.ts), passed in.
 */
import { addDays, addYears, isValidIsoDate, isAfter, isBefore } from './dates';
import type { IsoDate } from './types';

export const DATE_WINDOW_KINDS = ['birth', 'process', 'event'] as const;
export type DateWindowKind = (typeof DATE_WINDOW_KINDS)[number];

/** The earliest date of a Wi2021 trajectory (see above). */
export const EARLIEST_PROCESS_DATE = '2021-01-01';
export const EARLIEST_BIRTH_DATE = '1900-01-01';
export const ADULT_AGE_YEARS = 18;
export const PROCESS_YEARS_AHEAD = 5;

export interface DateWindow {
  earliest: IsoDate;
  latest: IsoDate;
  /** Dutch, for documentation and error messages. */
  description: string;
  /** A date inside the window. */
  example: IsoDate;
}

export function dateWindowFor(kind: DateWindowKind, today: IsoDate): DateWindow {
  switch (kind) {
    case 'birth':
      return {
        earliest: EARLIEST_BIRTH_DATE,
        latest: addYears(today, -ADULT_AGE_YEARS),
        description: `${EARLIEST_BIRTH_DATE} t/m vandaag min ${ADULT_AGE_YEARS} jaar (inburgeringsplicht vanaf 18 jaar)`,
        example: '1990-05-17',
      };
    case 'process':
      return {
        earliest: EARLIEST_PROCESS_DATE,
        latest: addYears(today, PROCESS_YEARS_AHEAD),
        description: `${EARLIEST_PROCESS_DATE} t/m vandaag plus ${PROCESS_YEARS_AHEAD} jaar`,
        example: today,
      };
    case 'event':
      return {
        earliest: EARLIEST_PROCESS_DATE,
        latest: today,
        description: `${EARLIEST_PROCESS_DATE} t/m vandaag (een gebeurtenis die heeft plaatsgevonden)`,
        example: addDays(today, -1) < EARLIEST_PROCESS_DATE ? today : addDays(today, -1),
      };
  }
}

export function isWithinDateWindow(date: IsoDate, kind: DateWindowKind, today: IsoDate): boolean {
  if (!isValidIsoDate(date)) return false;
  const window = dateWindowFor(kind, today);
  return !isBefore(date, window.earliest) && !isAfter(date, window.latest);
}

/**
 * The fields (name → date) outside their window, as `{ field, message }`; empty when all are
 * plausible. Undefined dates are skipped.
 */
export function implausibleDates(
  dates: Array<{ field: string; date: IsoDate | undefined; kind: DateWindowKind }>,
  today: IsoDate,
): Array<{ field: string; message: string }> {
  return dates
    .filter((entry): entry is { field: string; date: IsoDate; kind: DateWindowKind } => entry.date !== undefined)
    .filter((entry) => !isWithinDateWindow(entry.date, entry.kind, today))
    .map((entry) => {
      const window = dateWindowFor(entry.kind, today);
      return { field: entry.field, message: `Buiten het aannemelijke venster ${window.earliest} t/m ${window.latest}` };
    });
}

/**
 * A regular expression (ECMA-262 and Python alike) that matches exactly the valid calendar
 * dates `YYYY-MM-DD` from `earliest` to `latest`: the documented `pattern` of a windowed date,
 * so the published schema says precisely what the server accepts on the day it was built.
 */
export function isoDateRangePattern(earliest: IsoDate, latest: IsoDate): string {
  const [fromYear, toYear] = [Number(earliest.slice(0, 4)), Number(latest.slice(0, 4))];
  const alternatives: string[] = [];
  const fullYears: string[] = [];
  const leapDays: string[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const y = pad(year, 4);
    const from = year === fromYear ? earliest : `${y}-01-01`;
    const to = year === toYear ? latest : `${y}-12-31`;
    if (from === `${y}-01-01` && to === `${y}-12-31`) fullYears.push(y);
    else alternatives.push(...partialYear(year, from, to));
    if (isValidIsoDate(`${y}-02-29`) && from <= `${y}-02-29` && to >= `${y}-02-29`) leapDays.push(y);
  }
  if (fullYears.length) alternatives.unshift(`(${fullYears.join('|')})-(${WHOLE_YEAR})`);
  if (leapDays.length) alternatives.push(`(${leapDays.join('|')})-02-29`);
  return `^(${alternatives.join('|')})$`;
}

/** Every valid date of a year except 29 February (that one is added per leap year). */
const WHOLE_YEAR =
  '(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8])';

function partialYear(year: number, from: IsoDate, to: IsoDate): string[] {
  const y = pad(year, 4);
  const monthParts: string[] = [];
  for (let month = 1; month <= 12; month++) {
    const m = pad(month, 2);
    const ym = `${y}-${m}`;
    const lastDay = month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31;
    const first = from.slice(0, 7) === ym ? Number(from.slice(8)) : from.slice(0, 7) < ym ? 1 : 99;
    const last = to.slice(0, 7) === ym ? Math.min(Number(to.slice(8)), lastDay) : to.slice(0, 7) > ym ? lastDay : 0;
    if (first > last) continue;
    const days = Array.from({ length: last - first + 1 }, (_, i) => pad(first + i, 2));
    monthParts.push(`${m}-(${days.join('|')})`);
  }
  return monthParts.length ? [`${y}-(${monthParts.join('|')})`] : [];
}

function pad(value: number, length: number): string {
  return String(value).padStart(length, '0');
}
