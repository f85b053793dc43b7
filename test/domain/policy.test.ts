import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../src/domain/policy';
import { DEFAULT_POLICY } from '../../src/domain/types';

describe('gemeente policy may never break the law', () => {
  it('accepts the framework defaults', () => {
    expect(validatePolicy(DEFAULT_POLICY)).toEqual({ ok: true });
  });

  it('accepts more than one bijstelling: the law sets no maximum', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, maxPipBijstellingen: 5 })).toEqual({ ok: true });
  });

  it('refuses zero bijstellingen: schakelen and afschalen need one', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, maxPipBijstellingen: 0 })).toMatchObject({
      ok: false,
      rule: 'BELEID_MAX_BIJSTELLINGEN',
    });
  });

  it('PIP warning must lie 1..69 days before the deadline', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, pipWarningDaysBefore: 69 })).toEqual({ ok: true });
    expect(validatePolicy({ ...DEFAULT_POLICY, pipWarningDaysBefore: 70 })).toMatchObject({
      ok: false,
      rule: 'BELEID_PIP_WAARSCHUWING',
    });
    expect(validatePolicy({ ...DEFAULT_POLICY, pipWarningDaysBefore: 0 })).toMatchObject({
      ok: false,
      rule: 'BELEID_PIP_WAARSCHUWING',
    });
  });

  it('voortgangsgesprek interval must be 1..12 months', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, voortgangsgesprekIntervalMonths: 12 })).toEqual({ ok: true });
    expect(validatePolicy({ ...DEFAULT_POLICY, voortgangsgesprekIntervalMonths: 13 })).toMatchObject({
      ok: false,
      rule: 'BELEID_VOORTGANGSGESPREK_INTERVAL',
    });
    expect(validatePolicy({ ...DEFAULT_POLICY, voortgangsgesprekIntervalMonths: 1.5 })).toMatchObject({
      ok: false,
      rule: 'BELEID_VOORTGANGSGESPREK_INTERVAL',
    });
  });

  it('termijn warnings must lie within the 3-year termijn', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, termijnWarningMonthsBefore: [36] })).toMatchObject({
      ok: false,
      rule: 'BELEID_TERMIJN_WAARSCHUWING',
    });
  });
});
