import { describe, expect, it } from 'vitest';
import { checkHoursFitPeriod, MAX_HOURS_PER_DAY } from '../../src/domain/hours-period';

describe('hours recorded over a period fit in it (24 hours a day, both ends included)', () => {
  it('accepts up to 24 hours a day and refuses more', () => {
    expect(checkHoursFitPeriod(24, '2026-12-02', '2026-12-02').ok).toBe(true);
    expect(checkHoursFitPeriod(24.25, '2026-12-02', '2026-12-02')).toMatchObject({
      ok: false,
      rule: 'ONGELDIGE_INVOER',
    });
    expect(checkHoursFitPeriod(7 * MAX_HOURS_PER_DAY, '2026-11-26', '2026-12-02').ok).toBe(true);
    expect(checkHoursFitPeriod(7 * MAX_HOURS_PER_DAY + 1, '2026-11-26', '2026-12-02').ok).toBe(false);
  });

  it('refuses 800 hours on a single day with a Dutch reason naming the period', () => {
    const result = checkHoursFitPeriod(800, '2026-12-02', '2026-12-02');
    expect(result).toMatchObject({ ok: false });
    expect(result.ok ? '' : result.reason).toContain('1 dag, ten hoogste 24 uur');
  });
});
