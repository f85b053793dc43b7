/**
 * Reporting periods of the monitor and the CBS delivery: a month (`2026-11`), a quarter
 * (`2026-Q4`), a half year (`2026-H2`, the unit of the taakstelling) or a year (`2026`), or a
 * free range `van`–`tot` (both days included). Pure: parse, name and bound periods; the
 * callers decide what "today" is.
 */
import { addDays, addMonths, addWeeks, daysInMonth, isAfter, isValidIsoDate } from './dates';
import type { IsoDate } from './types';
import { startOfDayInAmsterdam, todayInAmsterdam } from './today';

export type PeriodKind = 'MAAND' | 'KWARTAAL' | 'HALFJAAR' | 'JAAR' | 'VRIJ';

export interface Period {
  /** `2026-Q4`, `2026-11`, `2026-H2`, `2026`, or `2026-10-01..2026-12-31` for a free range. */
  label: string;
  kind: PeriodKind;
  /** First day (included). */
  van: IsoDate;
  /** Last day (included). */
  tot: IsoDate;
}

/** Years the service reports on: the law started in 2022; the framework's example is 2021. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** A free range may span at most this many days (ten years): a guard against runaway queries. */
export const MAX_RANGE_DAYS = 3653;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => `${year}-${pad(month)}-${pad(daysInMonth(year, month))}`;

function monthRange(year: number, firstMonth: number, months: number): { van: IsoDate; tot: IsoDate } {
  const lastMonth = firstMonth + months - 1;
  return { van: `${year}-${pad(firstMonth)}-01`, tot: lastDayOf(year, lastMonth) };
}

/** `2026`, `2026-Q4`, `2026-H2` or `2026-11` → the period; anything else → undefined. */
export function parsePeriode(text: string): Period | undefined {
  const period = periodOf(text.trim());
  if (!period) return undefined;
  const year = Number(period.van.slice(0, 4));
  return year < FIRST_YEAR || year > LAST_YEAR ? undefined : period;
}

/**
 * The period a well-formed label names, for any four-digit year: internal derivations (the
 * half years a range overlaps, the quarter before a date) may step just outside the years a
 * client may ask for (2100-H2 → 2101-H1) and must not fail there.
 */
function periodOf(text: string): Period | undefined {
  const match = /^(\d{4})(?:-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2])))?$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const [, , quarter, half, month] = match;
  if (quarter)
    return { label: `${year}-Q${quarter}`, kind: 'KWARTAAL', ...monthRange(year, Number(quarter) * 3 - 2, 3) };
  if (half) return { label: `${year}-H${half}`, kind: 'HALFJAAR', ...monthRange(year, Number(half) * 6 - 5, 6) };
  if (month) return { label: `${year}-${month}`, kind: 'MAAND', ...monthRange(year, Number(month), 1) };
  return { label: String(year), kind: 'JAAR', ...monthRange(year, 1, 12) };
}

export type RangeProblem = 'VAN_ONGELDIG' | 'TOT_ONGELDIG' | 'TOT_VOOR_VAN' | 'TE_LANG';

/** A free range; `tot` is the last day included. */
export function periodFromRange(van: string, tot: string): Period | RangeProblem {
  if (!isValidIsoDate(van) || Number(van.slice(0, 4)) < FIRST_YEAR) return 'VAN_ONGELDIG';
  if (!isValidIsoDate(tot) || Number(tot.slice(0, 4)) > LAST_YEAR) return 'TOT_ONGELDIG';
  if (isAfter(van, tot)) return 'TOT_VOOR_VAN';
  if (isAfter(tot, addDays(van, MAX_RANGE_DAYS - 1))) return 'TE_LANG';
  return { label: `${van}..${tot}`, kind: 'VRIJ', van, tot };
}

/** The quarter a date falls in, e.g. `2026-Q4`. */
export function quarterOf(date: IsoDate): Period {
  const year = Number(date.slice(0, 4));
  const quarter = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return periodOf(`${String(year).padStart(4, '0')}-Q${quarter}`)!;
}

/** The quarter that ended most recently before `date` (on 1 January 2027: 2026-Q4). */
export function previousQuarter(date: IsoDate): Period {
  return quarterOf(addMonths(quarterOf(date).van, -1));
}

/** The half years (`2026-H1`, …) a period overlaps, in order: the taakstelling is set per half year. */
export function halfYearsOverlapping(period: Pick<Period, 'van' | 'tot'>): Period[] {
  const halves: Period[] = [];
  let year = Number(period.van.slice(0, 4));
  let half = Number(period.van.slice(5, 7)) <= 6 ? 1 : 2;
  for (;;) {
    const current = periodOf(`${String(year).padStart(4, '0')}-H${half}`)!;
    if (isAfter(current.van, period.tot)) return halves;
    halves.push(current);
    if (half === 2) year++;
    half = half === 1 ? 2 : 1;
  }
}

/**
 * CBS Statistiek Wet inburgering: the delivery of a quarter is due at the latest four weeks
 * after the quarter ends (Q4 2026 → 28 January 2027).
 */
export const SWI_DELIVERY_WEEKS = 4;
export function swiDueDate(quarter: Pick<Period, 'tot'>): IsoDate {
  return addWeeks(quarter.tot, SWI_DELIVERY_WEEKS);
}

const MONTHS_NL = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

/** `2027-01-28` → `28 januari 2027`. */
export function dutchDate(date: IsoDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS_NL[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** `2026-03` → `maart 2026`. */
export function dutchMonth(month: string): string {
  return `${MONTHS_NL[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}

/** `2026-Q4` → `Q4 2026` (how people write it). */
export function quarterName(quarter: Pick<Period, 'label'>): string {
  const [year, q] = quarter.label.split('-');
  return `${q} ${year}`;
}

/**
 * The Europe/Amsterdam calendar date of an instant (figures and deliveries are about Dutch
 * days; a row written at 00:30 in Amsterdam belongs to that day, not to the UTC day before).
 * The one definition is `todayInAmsterdam` (today.ts); these names stay for the monitor's code.
 */
export const amsterdamDateOf = todayInAmsterdam;

/** The instant a Dutch calendar day begins (00:00 Europe/Amsterdam, CET or CEST): today.ts. */
export const startOfAmsterdamDay = startOfDayInAmsterdam;
