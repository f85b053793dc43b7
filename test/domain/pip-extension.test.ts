/** Besluit art. 5.3 (PIP deadline while waiting for third parties) and framework 4.8 (bijstelling binnen een jaar). */
import { describe, expect, it } from 'vitest';
import { trajectoryDeadlines } from '../../src/domain/deadlines';
import {
  computePipDeadline,
  extendPipClock,
  restartPipClock,
  validatePipDeadlineExtension,
  type PipClockStart,
} from '../../src/domain/pip-deadline';
import { validatePipBijstelling, type PipBijstellingInput } from '../../src/domain/pip-rules';
import { validatePolicy } from '../../src/domain/policy';
import { DEFAULT_POLICY } from '../../src/domain/types';

const clock: PipClockStart = { date: '2026-01-05', source: 'INSCHRIJVING' };
// 10 weeks after 2026-01-05:
const deadline = '2026-03-16';

describe('PIP deadline extension while waiting for third parties (Besluit art. 5.3)', () => {
  it('runs the deadline until two weeks after the information came in', () => {
    expect(computePipDeadline(clock)).toBe(deadline);
    const extended = extendPipClock(clock, '2026-03-10');
    expect(extended).toEqual({ ...clock, extendedTo: '2026-03-24' });
    expect(computePipDeadline(extended)).toBe('2026-03-24');
  });

  it('a second extension counts from the extended deadline; a new SS139 restarts the clock without it', () => {
    const twice = extendPipClock(extendPipClock(clock, '2026-03-10'), '2026-03-20');
    expect(computePipDeadline(twice)).toBe('2026-04-03');
    const restarted = restartPipClock(twice, '2026-04-01');
    expect(restarted).toEqual({ date: '2026-04-01', source: 'SS139' });
  });

  it('the dossier shows the extended deadline as VERLENGD and moves its warning along', () => {
    const deadlines = trajectoryDeadlines({
      status: 'ACTIEF',
      phase: 'PIP',
      policy: DEFAULT_POLICY,
      hasPip: false,
      pipClock: extendPipClock(clock, '2026-03-10'),
    });
    expect(deadlines).toEqual([
      { kind: 'PIP', date: '2026-03-24', source: 'VERLENGD' },
      { kind: 'PIP_WAARSCHUWING', date: '2026-03-10', source: 'BELEID', about: '2026-03-24' },
    ]);
  });

  const check = (overrides: Partial<Parameters<typeof validatePipDeadlineExtension>[0]>) =>
    validatePipDeadlineExtension({
      clock,
      hasPip: false,
      informationReceivedDate: '2026-03-10',
      today: '2026-03-11',
      ...overrides,
    });

  it('accepts information that came in within two weeks of the deadline (or after it)', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ informationReceivedDate: '2026-03-20', today: '2026-03-20' })).toEqual({ ok: true });
  });

  it('refuses when it would change nothing, with the dates in the reason', () => {
    expect(check({ informationReceivedDate: '2026-03-02' })).toEqual({
      ok: false,
      rule: 'PIP_VERLENGING_ZONDER_EFFECT',
      reason:
        'De termijn loopt al tot 2026-03-16; twee weken na ontvangst (2026-03-02) valt daarvóór, dus verlengen verandert niets.',
    });
  });

  it('refuses after the PIP, without a running clock, for information not yet received or before the clock', () => {
    expect(check({ hasPip: true })).toMatchObject({ ok: false, rule: 'PIP_AL_VASTGESTELD' });
    expect(check({ clock: undefined })).toMatchObject({ ok: false, rule: 'PIP_TERMIJN_NIET_GESTART' });
    expect(check({ informationReceivedDate: '2026-03-12' })).toMatchObject({ ok: false, rule: 'DATUM_IN_TOEKOMST' });
    expect(check({ informationReceivedDate: '2026-01-04' })).toMatchObject({
      ok: false,
      rule: 'PIP_VERLENGING_VOOR_START_TERMIJN',
    });
  });
});

describe('bijstelling "binnen een jaar" (framework 4.8) as a gemeente policy', () => {
  const bijstelling = (overrides: Partial<PipBijstellingInput> = {}): PipBijstellingInput => ({
    current: { dagtekening: '2026-03-01', leerroute: 'Z', level: 'A1' },
    proposed: { dagtekening: '2027-03-01', leerroute: 'Z', level: 'A2' },
    bijstellingenSoFar: 0,
    policy: { ...DEFAULT_POLICY, pipBijstellingWithinMonths: 12 },
    lessonHours: 0,
    targetGroup: 'asielstatushouder',
    ...overrides,
  });

  it('accepts a bijstelling on the last day of the year, refuses one a day later', () => {
    expect(validatePipBijstelling(bijstelling())).toEqual({ ok: true });
    expect(
      validatePipBijstelling(bijstelling({ proposed: { dagtekening: '2027-03-02', leerroute: 'Z', level: 'A2' } })),
    ).toEqual({
      ok: false,
      rule: 'PIP_BIJSTELLING_NA_TERMIJN_BELEID',
      reason:
        'Volgens het beleid van de gemeente kan het PIP alleen binnen een jaar na het eerste PIP (2026-03-01) worden bijgesteld, dus uiterlijk 2027-03-01; schakelen en afschalen kunnen wel later.',
    });
  });

  it('counts from the first PIP when the current one is later (e.g. after a move)', () => {
    const result = validatePipBijstelling(
      bijstelling({
        current: { dagtekening: '2026-09-01', leerroute: 'Z', level: 'A1' },
        initialPipDagtekening: '2026-03-01',
        proposed: { dagtekening: '2027-04-01', leerroute: 'Z', level: 'A2' },
      }),
    );
    expect(result).toMatchObject({ ok: false, rule: 'PIP_BIJSTELLING_NA_TERMIJN_BELEID' });
  });

  it('lets schakelen and afschalen through later; without the setting there is no limit', () => {
    const late = '2028-01-10';
    const schakelen = bijstelling({ proposed: { dagtekening: late, leerroute: 'B1', level: 'B1' } });
    expect(validatePipBijstelling(schakelen)).toEqual({ ok: true });
    const afschalen = bijstelling({
      current: { dagtekening: '2026-03-01', leerroute: 'B1', level: 'B1' },
      proposed: { dagtekening: late, leerroute: 'B1', level: 'A2' },
      lessonHours: 700,
    });
    expect(validatePipBijstelling(afschalen)).toEqual({ ok: true });
    const noPolicy = bijstelling({
      policy: DEFAULT_POLICY,
      proposed: { dagtekening: late, leerroute: 'Z', level: 'A2' },
    });
    expect(validatePipBijstelling(noPolicy)).toEqual({ ok: true });
  });

  it('is checked as a policy: 1 to 36 months', () => {
    expect(validatePolicy({ ...DEFAULT_POLICY, pipBijstellingWithinMonths: 12 })).toEqual({ ok: true });
    expect(validatePolicy({ ...DEFAULT_POLICY, pipBijstellingWithinMonths: 0 })).toMatchObject({
      ok: false,
      rule: 'BELEID_BIJSTELLING_BINNEN',
    });
    expect(validatePolicy({ ...DEFAULT_POLICY, pipBijstellingWithinMonths: 37 })).toMatchObject({
      ok: false,
      rule: 'BELEID_BIJSTELLING_BINNEN',
    });
  });
});
