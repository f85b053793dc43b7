import { describe, expect, it } from 'vitest';
import { addDays, isValidIsoDate } from '../../src/domain/dates';
import {
  dateWindowFor,
  implausibleDates,
  isoDateRangePattern,
  isWithinDateWindow,
} from '../../src/domain/date-windows';

describe('plausible date windows', () => {
  const today = '2026-12-02';

  it('birth: 1900-01-01 … today − 18 years; process: 2021-01-01 … today + 5 years; event: 2021-01-01 … today', () => {
    expect(dateWindowFor('birth', today)).toMatchObject({ earliest: '1900-01-01', latest: '2008-12-02' });
    expect(dateWindowFor('process', today)).toMatchObject({ earliest: '2021-01-01', latest: '2031-12-02' });
    expect(dateWindowFor('event', today)).toMatchObject({ earliest: '2021-01-01', latest: today });
  });

  it('refuses the probe’s dates and accepts the edges', () => {
    expect(isWithinDateWindow('9999-12-31', 'process', today)).toBe(false);
    expect(isWithinDateWindow('0001-01-01', 'process', today)).toBe(false);
    expect(isWithinDateWindow('0000-01-01', 'birth', today)).toBe(false);
    expect(isWithinDateWindow('1900-01-01', 'event', today)).toBe(false);
    expect(isWithinDateWindow('2099-01-01', 'event', today)).toBe(false);
    expect(isWithinDateWindow('2021-01-01', 'process', today)).toBe(true);
    expect(isWithinDateWindow('2031-12-02', 'process', today)).toBe(true);
    expect(isWithinDateWindow('2031-12-03', 'process', today)).toBe(false);
    expect(isWithinDateWindow(today, 'event', today)).toBe(true);
    expect(isWithinDateWindow(addDays(today, 1), 'event', today)).toBe(false);
    expect(isWithinDateWindow('2008-12-02', 'birth', today)).toBe(true);
    expect(isWithinDateWindow('2008-12-03', 'birth', today)).toBe(false);
  });

  it('names each implausible field', () => {
    expect(
      implausibleDates(
        [
          { field: 'a', date: '2026-01-01', kind: 'process' },
          { field: 'b', date: '9999-12-31', kind: 'process' },
          { field: 'c', date: undefined, kind: 'process' },
          { field: 'd', date: '1899-12-31', kind: 'birth' },
        ],
        today,
      ).map((e) => e.field),
    ).toEqual(['b', 'd']);
  });

  it('the documented pattern matches exactly the valid dates of the window (every day around both edges, leap days)', () => {
    for (const [earliest, latest] of [
      ['2021-01-01', '2031-12-02'],
      ['2023-02-27', '2024-03-02'],
      ['1900-01-01', '2008-12-02'],
      ['2026-06-15', '2026-06-15'],
    ] as const) {
      const pattern = new RegExp(isoDateRangePattern(earliest, latest));
      for (const edge of [earliest, latest]) {
        for (let offset = -400; offset <= 400; offset++) {
          const date = addDays(edge, offset);
          expect(pattern.test(date), `${date} in ${earliest}…${latest}`).toBe(date >= earliest && date <= latest);
        }
      }
      for (const invalid of ['2024-02-30', '2023-02-29', '2021-04-31', '2021-13-01', '2021-00-10', '2021-1-01']) {
        expect(pattern.test(invalid) && !isValidIsoDate(invalid), invalid).toBe(false);
      }
    }
  });
});
