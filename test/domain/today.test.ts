import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { startOfDayInAmsterdam, todayInAmsterdam } from '../../src/domain/today';

describe('today (Europe/Amsterdam)', () => {
  it('is already the next day between 00:00 and 01:00 (winter) or 02:00 (summer) Dutch time', () => {
    expect(todayInAmsterdam(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(todayInAmsterdam(new Date('2026-12-01T22:59:59Z'))).toBe('2026-12-01');
    expect(todayInAmsterdam(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(todayInAmsterdam(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
  });

  it('a day starts at 00:00 Amsterdam time, also on the days the clocks change', () => {
    expect(startOfDayInAmsterdam('2026-12-02').toISOString()).toBe('2026-12-01T23:00:00.000Z');
    expect(startOfDayInAmsterdam('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // Summer time starts on 29 March 2026 at 02:00 and ends on 25 October 2026 at 03:00.
    expect(startOfDayInAmsterdam('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayInAmsterdam('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDayInAmsterdam('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDayInAmsterdam('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('the start of a day is that day in Amsterdam, and a millisecond earlier the day before', () => {
    for (const date of ['2026-01-01', '2026-03-29', '2026-10-25', '2028-02-29']) {
      const start = startOfDayInAmsterdam(date).getTime();
      expect(todayInAmsterdam(new Date(start))).toBe(date);
      expect(todayInAmsterdam(new Date(start - 1))).not.toBe(date);
    }
  });

  it('the remembered day (asked again and again in one day) ends exactly at the next midnight, also around a clock change', () => {
    for (const date of ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25', '2026-12-31']) {
      const start = startOfDayInAmsterdam(date).getTime();
      const next = startOfDayInAmsterdam(addDays(date, 1)).getTime();
      expect(todayInAmsterdam(new Date(start + 1000))).toBe(date); // remembered from here on
      expect(todayInAmsterdam(new Date(start))).toBe(date);
      expect(todayInAmsterdam(new Date(next - 1))).toBe(date);
      expect(todayInAmsterdam(new Date(next))).toBe(addDays(date, 1));
      expect(todayInAmsterdam(new Date(next - 1))).toBe(date);
      expect(todayInAmsterdam(new Date(start - 1))).toBe(addDays(date, -1));
    }
  });

  it('refuses what is not a calendar date', () => {
    expect(() => startOfDayInAmsterdam('2026-02-30')).toThrow(RangeError);
  });
});
