/**
 * Calendar-date arithmetic on ISO `YYYY-MM-DD` strings.
 *
 * Legal terms (PIP deadline, inburgeringstermijn, ontzorgen) count in calendar days, not
 * instants, so all arithmetic happens in UTC on whole days: no time zones, no DST. Pure and
 * deterministic (no `Date.now()`), so it is safe inside Temporal workflows.
 */
import type { IsoDate } from './types';

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

interface CalendarDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

/** True for a real calendar date written as `YYYY-MM-DD` (rejects e.g. `2023-02-29`). */
export function isValidIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Throws (Dutch message: it may reach a consulent through the API) on anything but a valid ISO date. */
export function assertIsoDate(value: unknown): asserts value is IsoDate {
  if (!isValidIsoDate(value)) {
    throw new RangeError(`Ongeldige datum: "${String(value)}" (verwacht JJJJ-MM-DD)`);
  }
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this month.
  return new Date(utcMs(year, month, 0)).getUTCDate();
}

/**
 * Date.UTC with the year taken literally: Date.UTC maps years 0–99 to 1900–1999, which made
 * 0000-01-01 compare as 1900-01-01.
 */
function utcMs(year: number, month: number, day: number): number {
  const instant = new Date(0);
  instant.setUTCFullYear(year, month, day);
  return instant.getTime();
}

function parse(date: IsoDate): CalendarDate {
  assertIsoDate(date);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

function format({ year, month, day }: CalendarDate): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (UTC) — the scale on which day arithmetic is exact. */
function toEpochDay(date: IsoDate): number {
  const { year, month, day } = parse(date);
  return utcMs(year, month - 1, day) / MS_PER_DAY;
}

function fromEpochDay(epochDay: number): IsoDate {
  const instant = new Date(epochDay * MS_PER_DAY);
  return format({ year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  return addDays(date, weeks * 7);
}

/**
 * Adds calendar months; a day that does not exist in the target month clamps to its last
 * day (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parse(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return format({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

/** Adds calendar years, clamping 29 Feb to 28 Feb in a non-leap year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Whole days from `from` to `to` (negative when `to` lies before `from`). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** -1, 0 or 1, usable as a sort comparator. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const difference = daysBetween(b, a);
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** Short alias of {@link compareDates}. */
export const compare = compareDates;

export function isBefore(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) < 0;
}

export function isAfter(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) > 0;
}

export function isOnOrBefore(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) <= 0;
}

export function isOnOrAfter(a: IsoDate, b: IsoDate): boolean {
  return compareDates(a, b) >= 0;
}

export function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return isAfter(b, a) ? b : a;
}

export function earlierOf(a: IsoDate, b: IsoDate): IsoDate {
  return isBefore(b, a) ? b : a;
}

/**
 * Completed years of age on `today`. Someone born on 29 February turns a year older on
 * 1 March in a non-leap year (the anniversary has not been reached on 28 February).
 */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const birth = parse(birthDate);
  const now = parse(today);
  const hadBirthdayThisYear = now.month > birth.month || (now.month === birth.month && now.day >= birth.day);
  return now.year - birth.year - (hadBirthdayThisYear ? 0 : 1);
}
