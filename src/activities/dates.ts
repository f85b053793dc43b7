/** ISO calendar date (YYYY-MM-DD) ↔ the Date that Prisma writes to a `@db.Date` column. */
import { assertIsoDate } from '../domain/dates';
import type { IsoDate } from '../domain/types';

export function toDbDate(date: IsoDate): Date {
  assertIsoDate(date);
  return new Date(`${date}T00:00:00.000Z`);
}

export function toDbDateOrNull(date: IsoDate | undefined): Date | null {
  return date === undefined ? null : toDbDate(date);
}
