import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VASTE_LASTEN_CENT,
  checkVasteLasten,
  ontzorgenCheckInDates,
  ontzorgenEarlyEnd,
  ontzorgenEvaluationDate,
  ontzorgenFromBijstand,
  ontzorgenPeriod,
  vasteLastenFor,
} from '../../src/domain/ontzorgen';

describe('ontzorgen (framework 4.4)', () => {
  it('ontzorgen ends after 6 months', () => {
    expect(ontzorgenPeriod('2025-01-31')).toEqual({ start: '2025-01-31', end: '2025-07-31' });
  });

  it('monthly check-ins in months 1..5, each counted from the start (no month-end drift)', () => {
    expect(ontzorgenCheckInDates('2025-01-31')).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
    ]);
  });

  it('the evaluation falls at the end of the 6 months', () => {
    expect(ontzorgenEvaluationDate('2025-03-10')).toBe('2025-09-10');
  });
});

describe('ontzorgen follows the bijstand (framework 4.4)', () => {
  it('starts on the first day of the bijstand and lasts six months', () => {
    expect(ontzorgenFromBijstand({ bijstandStart: '2026-03-10', today: '2026-04-01' })).toEqual({
      start: '2026-03-10',
      end: '2026-09-10',
    });
  });

  it('eligible only later (e.g. now an asielstatushouder): six months from then', () => {
    expect(
      ontzorgenFromBijstand({ bijstandStart: '2026-01-01', eligibleFrom: '2026-04-15', today: '2026-04-15' }),
    ).toEqual({ start: '2026-04-15', end: '2026-10-15' });
  });

  it('not started when the six months from the bijstand start are already over', () => {
    expect(ontzorgenFromBijstand({ bijstandStart: '2025-09-10', today: '2026-03-10' })).toBeUndefined();
    expect(ontzorgenFromBijstand({ bijstandStart: '2025-09-11', today: '2026-03-10' })).toEqual({
      start: '2025-09-11',
      end: '2026-03-11',
    });
  });

  it('ends early on the day the bijstand stops, unless the six months are over first', () => {
    const period = { start: '2026-03-10', end: '2026-09-10' };
    expect(ontzorgenEarlyEnd(period, '2026-06-01')).toBe('2026-06-01');
    expect(ontzorgenEarlyEnd(period, '2026-09-10')).toBeUndefined();
    expect(ontzorgenEarlyEnd(period, '2026-03-01')).toBe('2026-03-10');
  });

  it('fixed costs: the named amounts, the rest from the gemeente policy (whole cents)', () => {
    const policy = { huur: 70_000, energie: 12_000, water: 2_000, zorgverzekering: 15_500 };
    expect(vasteLastenFor({ huur: 61_234 }, policy)).toEqual({ ...policy, huur: 61_234 });
    expect(vasteLastenFor(undefined, policy)).toEqual(policy);
    expect(vasteLastenFor({ water: 0 })).toEqual({ ...DEFAULT_VASTE_LASTEN_CENT, water: 0 });
  });

  it('refuses amounts that are not whole cents, negative, too large, or of an unknown cost', () => {
    expect(checkVasteLasten({ huur: 65_000, water: 0 }).ok).toBe(true);
    expect(checkVasteLasten({ huur: 650.5 })).toMatchObject({ ok: false, rule: 'ONGELDIGE_INVOER' });
    expect(checkVasteLasten({ energie: -1 })).toMatchObject({ ok: false, rule: 'ONGELDIGE_INVOER' });
    expect(checkVasteLasten({ huur: 1_000_001 })).toMatchObject({ ok: false, rule: 'ONGELDIGE_INVOER' });
    expect(checkVasteLasten({ internet: 3_000 })).toMatchObject({ ok: false, rule: 'ONGELDIGE_INVOER' });
  });
});
