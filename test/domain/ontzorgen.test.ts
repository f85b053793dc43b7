import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VASTE_LASTEN_CENT,
  checkOntzorgenEvaluatie,
  checkVasteLasten,
  ontzorgenCheckInDates,
  ontzorgenEarlyEnd,
  ontzorgenEvaluationDate,
  ontzorgenFromBijstand,
  ontzorgenPeriod,
  vasteLastenFor,
  ONTZORGEN_EVALUATIE_UITKOMSTEN,
} from '../../src/domain/ontzorgen';
import { ONTZORGEN_UITKOMSTEN, monitorEventProblems } from '../../src/domain/monitor-events';

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

describe('the evaluation of ontzorgen', () => {
  const ended = { start: '2026-03-10', end: '2026-09-10', status: 'BEEINDIGD' as const };

  it('once it has ended, on or after its end day, once', () => {
    expect(checkOntzorgenEvaluatie(ended, '2026-09-10').ok).toBe(true);
    expect(checkOntzorgenEvaluatie(ended, '2026-09-09')).toMatchObject({ ok: false, rule: 'EVALUATIE_VOOR_EINDE' });
    expect(checkOntzorgenEvaluatie({ ...ended, status: 'LOPEND' }, '2026-09-10')).toMatchObject({
      ok: false,
      rule: 'ONTZORGEN_LOOPT',
    });
    expect(
      checkOntzorgenEvaluatie({ ...ended, evaluatie: { datum: '2026-09-12', uitkomst: 'ZELFREDZAAM' } }, '2026-09-20'),
    ).toMatchObject({ ok: false, rule: 'DUBBELE_MELDING' });
    expect(checkOntzorgenEvaluatie(undefined, '2026-09-10')).toMatchObject({ ok: false, rule: 'GEEN_ONTZORGEN' });
  });

  it('the outcomes are the ones the monitor counts', () => {
    expect(ONTZORGEN_EVALUATIE_UITKOMSTEN).toEqual(['ZELFREDZAAM', 'BUDGETBEHEER_VERVOLG', 'SCHULDHULP']);
    expect(ONTZORGEN_UITKOMSTEN).toBe(ONTZORGEN_EVALUATIE_UITKOMSTEN);
    expect(
      monitorEventProblems('ONTZORGEN_GEEVALUEERD', { datum: '2026-09-12', uitkomst: 'BUDGETBEHEER_VERVOLG' }),
    ).toEqual([]);
    expect(monitorEventProblems('ONTZORGEN_GEEVALUEERD', { datum: '2026-09-12', uitkomst: 'DEELS' })).not.toEqual([]);
  });
});
