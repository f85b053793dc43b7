import { describe, expect, it } from 'vitest';
import {
  applyExtension,
  computeTermijn,
  computeTermijnEnd,
  isInVerwijtbaarWindow,
  isTermijnExpired,
  lastDayOfTermijn,
  termijnAfterPip,
  termijnWarningDates,
} from '../../src/domain/termijn';
import { DEFAULT_POLICY } from '../../src/domain/types';

describe('inburgeringstermijn (Wi art. 11, 12)', () => {
  it('termijn starts the day after the dagtekening of the first PIP', () => {
    // Arrange
    const dagtekening = '2024-03-14';

    // Act
    const termijn = computeTermijn(dagtekening);

    // Assert
    expect(termijn.start).toBe('2024-03-15');
    expect(termijn.end).toBe('2027-03-15');
  });

  it('a later PIP (bijstelling) does not move the termijn', () => {
    // Arrange
    const first = termijnAfterPip(undefined, '2024-03-14');

    // Act
    const afterBijstelling = termijnAfterPip(first, '2025-01-10');

    // Assert
    expect(afterBijstelling).toEqual({ start: '2024-03-15', end: '2027-03-15' });
  });

  it('termijn end is exclusive: 3 years after the start, last day one day earlier', () => {
    const end = computeTermijnEnd('2024-03-14');
    expect(end).toBe('2027-03-15');
    expect(lastDayOfTermijn(end)).toBe('2027-03-14');
    expect(isTermijnExpired(end, '2027-03-14')).toBe(false);
    expect(isTermijnExpired(end, '2027-03-15')).toBe(true);
  });

  it('a dagtekening on 28 Feb of a leap year starts the termijn on 29 Feb and ends it on 28 Feb', () => {
    expect(computeTermijn('2024-02-28')).toEqual({ start: '2024-02-29', end: '2027-02-28' });
  });

  it('a DUO extension date replaces the end', () => {
    expect(applyExtension('2027-03-15', '2027-09-15')).toBe('2027-09-15');
  });

  it('an extension in months moves the end by that many months', () => {
    expect(applyExtension('2027-03-15', { months: 6 })).toBe('2027-09-15');
    expect(applyExtension('2027-08-31', { months: 6 })).toBe('2028-02-29');
  });

  it('refuses an extension of zero or negative months', () => {
    expect(() => applyExtension('2027-03-15', { months: 0 })).toThrow('Ongeldige verlenging');
  });

  it('warns 6 and 2 months before the end under the default policy', () => {
    expect(termijnWarningDates('2027-03-15', DEFAULT_POLICY)).toEqual([
      { monthsBefore: 6, date: '2026-09-15' },
      { monthsBefore: 2, date: '2027-01-15' },
    ]);
  });

  it('verwijtbaar window is exactly the last 2 months of the termijn', () => {
    const end = '2027-03-15';
    expect(isInVerwijtbaarWindow(end, '2027-01-14')).toBe(false);
    expect(isInVerwijtbaarWindow(end, '2027-01-15')).toBe(true);
    expect(isInVerwijtbaarWindow(end, '2027-03-14')).toBe(true);
    expect(isInVerwijtbaarWindow(end, '2027-03-15')).toBe(false);
  });
});
