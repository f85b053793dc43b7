import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
  ageOn,
  compareDates,
  daysBetween,
  isValidIsoDate,
} from '../../src/domain/dates';

describe('dates', () => {
  it('31 Jan + 1 month clamps to the end of February (28 Feb, 29 Feb in a leap year)', () => {
    // Arrange
    const endOfJanuary2025 = '2025-01-31';
    const endOfJanuary2024 = '2024-01-31';

    // Act
    const inCommonYear = addMonths(endOfJanuary2025, 1);
    const inLeapYear = addMonths(endOfJanuary2024, 1);

    // Assert
    expect(inCommonYear).toBe('2025-02-28');
    expect(inLeapYear).toBe('2024-02-29');
  });

  it('adds months across a year boundary and subtracts months', () => {
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-01-10', -2)).toBe('2024-11-10');
  });

  it('29 Feb + 1 year clamps to 28 Feb', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('adds days and weeks over month, year and DST boundaries', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addWeeks('2025-03-20', 2)).toBe('2025-04-03'); // crosses the Dutch DST change
    expect(addWeeks('2025-01-01', 10)).toBe('2025-03-12');
  });

  it('counts days between two dates, negative when the second is earlier', () => {
    expect(daysBetween('2025-01-01', '2025-03-12')).toBe(70);
    expect(daysBetween('2025-03-12', '2025-01-01')).toBe(-70);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('compares dates as a sort comparator', () => {
    expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareDates('2025-01-02', '2025-01-02')).toBe(0);
    expect(compareDates('2025-01-03', '2025-01-02')).toBe(1);
    expect(['2025-03-01', '2024-12-31', '2025-01-15'].sort(compareDates)).toEqual([
      '2024-12-31',
      '2025-01-15',
      '2025-03-01',
    ]);
  });

  it('accepts only real calendar dates written as YYYY-MM-DD', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2025-13-01')).toBe(false);
    expect(isValidIsoDate('2025-1-01')).toBe(false);
    expect(isValidIsoDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(isValidIsoDate(undefined)).toBe(false);
  });

  it('refuses an invalid date with a Dutch message', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow('Ongeldige datum: "2025-02-30" (verwacht JJJJ-MM-DD)');
  });

  it('counts age in completed years; born on 29 Feb turns a year older on 1 March', () => {
    expect(ageOn('2007-06-15', '2025-06-14')).toBe(17);
    expect(ageOn('2007-06-15', '2025-06-15')).toBe(18);
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageOn('2004-02-29', '2022-03-01')).toBe(18);
  });
});
