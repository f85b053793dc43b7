import { describe, expect, it } from 'vitest';
import {
  amsterdamDateOf,
  dutchDate,
  halfYearsOverlapping,
  parsePeriode,
  periodFromRange,
  previousQuarter,
  quarterOf,
  swiDueDate,
} from '../../src/domain/period';

describe('periods', () => {
  it.each([
    ['2026-Q4', 'KWARTAAL', '2026-10-01', '2026-12-31'],
    ['2026-Q1', 'KWARTAAL', '2026-01-01', '2026-03-31'],
    ['2024-02', 'MAAND', '2024-02-01', '2024-02-29'],
    ['2026-H2', 'HALFJAAR', '2026-07-01', '2026-12-31'],
    ['2026', 'JAAR', '2026-01-01', '2026-12-31'],
  ])('%s → %s %s..%s', (text, kind, van, tot) => {
    expect(parsePeriode(text)).toEqual({ label: text, kind, van, tot });
  });

  it.each(['2026-Q5', '2026-13', '2026-00', '26', '1999', '2026-q4', '2026-Q4x', ''])('%s is no period', (text) => {
    expect(parsePeriode(text)).toBeUndefined();
  });

  it('free ranges: both days included; tot before van, invalid dates and > 10 years refused', () => {
    expect(periodFromRange('2026-10-01', '2026-10-01')).toMatchObject({ van: '2026-10-01', tot: '2026-10-01' });
    expect(periodFromRange('2026-10-02', '2026-10-01')).toBe('TOT_VOOR_VAN');
    expect(periodFromRange('2026-02-30', '2026-03-01')).toBe('VAN_ONGELDIG');
    expect(periodFromRange('2026-01-01', '2026-13-01')).toBe('TOT_ONGELDIG');
    expect(periodFromRange('2016-01-01', '2026-01-01')).toBe('TE_LANG');
    expect(periodFromRange('2016-01-01', '2025-12-31')).toMatchObject({ kind: 'VRIJ' });
  });

  it('quarters, the previous quarter, half years a period touches', () => {
    expect(quarterOf('2026-12-31').label).toBe('2026-Q4');
    expect(previousQuarter('2027-01-01').label).toBe('2026-Q4');
    expect(previousQuarter('2026-07-15').label).toBe('2026-Q2');
    expect(halfYearsOverlapping(parsePeriode('2026-Q3')!).map((p) => p.label)).toEqual(['2026-H2']);
    expect(halfYearsOverlapping(parsePeriode('2026')!).map((p) => p.label)).toEqual(['2026-H1', '2026-H2']);
    expect(halfYearsOverlapping(periodFromRange('2026-06-30', '2027-01-01') as never).map((p) => p.label)).toEqual([
      '2026-H1',
      '2026-H2',
      '2027-H1',
    ]);
  });

  it('derivations at the edge of the years a client may ask for do not fail (fuzz: 2100-Q4 was a 500)', () => {
    expect(halfYearsOverlapping(parsePeriode('2100-Q4')!).map((p) => p.label)).toEqual(['2100-H2']);
    expect(halfYearsOverlapping(parsePeriode('2100-12')!).map((p) => p.label)).toEqual(['2100-H2']);
    expect(previousQuarter('2000-02-01').label).toBe('1999-Q4');
    expect(parsePeriode('1999-Q4')).toBeUndefined();
    expect(parsePeriode('2101')).toBeUndefined();
  });

  it('SWI: due four weeks after the quarter ends; Dutch dates; the Amsterdam day of an instant', () => {
    expect(swiDueDate(parsePeriode('2026-Q4')!)).toBe('2027-01-28');
    expect(swiDueDate(parsePeriode('2027-Q1')!)).toBe('2027-04-28');
    expect(dutchDate('2027-01-28')).toBe('28 januari 2027');
    // 23:30 UTC on 31 December is already 1 January in Amsterdam (CET, UTC+1).
    expect(amsterdamDateOf(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(amsterdamDateOf(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(amsterdamDateOf(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});
