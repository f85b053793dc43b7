import { describe, expect, it } from 'vitest';
import {
  PARTICIPATIE_OVERGANGEN,
  applyParticipatieMelding,
  deriveUitstroom,
  participatieNaPip,
  validateParticipatieMelding,
  validateUitstroom,
  type ParticipatieActiviteit,
  type ParticipatieContext,
  type ParticipatieMelding,
} from '../../src/domain/participatie';
import type { ParticipatieStatus } from '../../src/domain/pip-plan';

const today = '2026-06-01';
const consulent: ParticipatieContext = { targetGroup: 'asielstatushouder', today, urenVerplichtBijWerk: true };
const partner: ParticipatieContext = { ...consulent, urenVerplichtBijWerk: false };

const activiteit = (
  status: ParticipatieStatus,
  extra: Partial<ParticipatieActiviteit> = {},
): ParticipatieActiviteit => ({
  soort: 'VRIJWILLIGERSWERK',
  status,
  sinds: '2026-03-01',
  afgesproken: '2026-03-15',
  ...extra,
});
const melding = (extra: Partial<ParticipatieMelding>): ParticipatieMelding => ({
  soort: 'VRIJWILLIGERSWERK',
  status: 'GESTART',
  datum: '2026-04-01',
  ...extra,
});

describe('participation status changes (src/domain/participatie.ts)', () => {
  it('allows exactly the documented transitions: agreed → started/stopped, started → stopped/completed, stopped → started; completed is final', () => {
    const all: ParticipatieStatus[] = ['AFGESPROKEN', 'GESTART', 'GESTOPT', 'AFGEROND'];
    const allowed: string[] = [];
    for (const from of all) {
      for (const to of ['GESTART', 'GESTOPT', 'AFGEROND'] as const) {
        // A start with nothing to start from adds a new activity; test the others against one activity.
        const verdict = validateParticipatieMelding([activiteit(from)], melding({ status: to }), consulent);
        const newActivity = to === 'GESTART' && !PARTICIPATIE_OVERGANGEN[from].includes('GESTART');
        if (verdict.ok && !newActivity) allowed.push(`${from}->${to}`);
        if (!verdict.ok) expect(verdict.rule).toBe('PARTICIPATIE_OVERGANG_ONGELDIG');
      }
    }
    expect(allowed.sort()).toEqual(
      [
        'AFGESPROKEN->GESTART',
        'AFGESPROKEN->GESTOPT',
        'GESTART->AFGEROND',
        'GESTART->GESTOPT',
        'GESTOPT->GESTART',
      ].sort(),
    );
  });

  it('refuses "gestopt" for an activity that is not there, naming the soort', () => {
    const verdict = validateParticipatieMelding([], melding({ status: 'GESTOPT', soort: 'STAGE' }), consulent);
    expect(verdict).toMatchObject({ ok: false, rule: 'PARTICIPATIE_OVERGANG_ONGELDIG' });
    expect(!verdict.ok && verdict.reason).toContain('stage');
  });

  it('refuses a second start while the same soort runs', () => {
    const verdict = validateParticipatieMelding([activiteit('GESTART')], melding({}), consulent);
    expect(verdict).toMatchObject({ ok: false, rule: 'PARTICIPATIE_OVERGANG_ONGELDIG' });
  });

  it('adds an activity that is not in the PIP when it starts', () => {
    const start = melding({ soort: 'BETAALD_WERK', urenPerWeek: 24 });
    expect(validateParticipatieMelding([], start, consulent).ok).toBe(true);
    expect(applyParticipatieMelding([], start)).toEqual([
      { soort: 'BETAALD_WERK', status: 'GESTART', sinds: '2026-04-01', urenPerWeek: 24 },
    ]);
  });

  it('moves the first activity of the soort from which the change is legal, keeping its agreed start', () => {
    const list = [activiteit('AFGEROND'), activiteit('AFGESPROKEN', { afgesproken: '2026-05-01' })];
    expect(applyParticipatieMelding(list, melding({ datum: '2026-05-02' }))).toEqual([
      list[0],
      { ...list[1], status: 'GESTART', sinds: '2026-05-02' },
    ]);
  });

  it('refuses a date before the previous status and a date in the future', () => {
    expect(
      validateParticipatieMelding([activiteit('AFGESPROKEN')], melding({ datum: '2026-02-01' }), consulent),
    ).toMatchObject({
      ok: false,
      rule: 'PARTICIPATIE_DATUM_VOOR_VORIGE',
    });
    expect(
      validateParticipatieMelding([activiteit('AFGESPROKEN')], melding({ datum: '2026-06-02' }), consulent),
    ).toMatchObject({
      ok: false,
      rule: 'DATUM_IN_TOEKOMST',
    });
  });

  it('the consulent gives hours per week with a start of paid work; a partner may leave them out', () => {
    const start = melding({ soort: 'BETAALD_WERK' });
    expect(validateParticipatieMelding([], start, consulent)).toMatchObject({
      ok: false,
      rule: 'PARTICIPATIE_UREN_ONTBREKEN',
    });
    expect(validateParticipatieMelding([], start, partner).ok).toBe(true);
    // Hours agreed in the PIP count as known.
    const agreed = [activiteit('AFGESPROKEN', { soort: 'BETAALD_WERK', urenPerWeek: 16 })];
    expect(validateParticipatieMelding(agreed, start, consulent).ok).toBe(true);
  });

  it('refuses hours outside (0, 60] and hours with anything but a start', () => {
    expect(validateParticipatieMelding([], melding({ urenPerWeek: 61 }), consulent)).toMatchObject({
      rule: 'PARTICIPATIE_UREN_ONGELDIG',
    });
    expect(validateParticipatieMelding([], melding({ urenPerWeek: 0 }), consulent)).toMatchObject({
      rule: 'PARTICIPATIE_UREN_ONGELDIG',
    });
    expect(
      validateParticipatieMelding([activiteit('GESTART')], melding({ status: 'GESTOPT', urenPerWeek: 8 }), consulent),
    ).toMatchObject({ rule: 'PARTICIPATIE_UREN_ALLEEN_BIJ_START' });
  });

  it('framework 8.1.4: no Participatiewet decision for a gezinsmigrant or overige migrant, also not by starting an agreed one', () => {
    for (const targetGroup of ['gezinsmigrant', 'overige_migrant'] as const) {
      const context = { ...consulent, targetGroup };
      expect(validateParticipatieMelding([], melding({ participatiewet: true }), context)).toMatchObject({
        ok: false,
        rule: 'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP',
      });
      expect(
        validateParticipatieMelding([activiteit('AFGESPROKEN', { participatiewet: true })], melding({}), context),
      ).toMatchObject({ ok: false, rule: 'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP' });
      expect(validateParticipatieMelding([], melding({}), context).ok).toBe(true);
    }
    expect(validateParticipatieMelding([], melding({ participatiewet: true }), consulent).ok).toBe(true);
  });
});

describe('activities after a PIP', () => {
  it('adds the agreements, keeps the status of one agreed again, keeps started ones as history, drops agreed ones no longer agreed', () => {
    const first = participatieNaPip(
      undefined,
      [
        { soort: 'VRIJWILLIGERSWERK', start: '2026-03-15', urenPerWeek: 8 },
        { soort: 'STAGE', start: '2026-04-01' },
      ],
      '2026-03-01',
    );
    expect(first).toEqual([
      {
        soort: 'VRIJWILLIGERSWERK',
        status: 'AFGESPROKEN',
        sinds: '2026-03-01',
        afgesproken: '2026-03-15',
        urenPerWeek: 8,
      },
      { soort: 'STAGE', status: 'AFGESPROKEN', sinds: '2026-03-01', afgesproken: '2026-04-01' },
    ]);
    const started = applyParticipatieMelding(first, melding({ datum: '2026-03-20' }));
    const bijgesteld = participatieNaPip(started, [{ soort: 'OPLEIDING', start: '2026-09-01' }], '2026-05-01');
    expect(bijgesteld.map((a) => `${a.soort}:${a.status}`)).toEqual([
      'VRIJWILLIGERSWERK:GESTART',
      'OPLEIDING:AFGESPROKEN',
    ]);
  });
});

describe('the outcome at the end (uitstroom)', () => {
  const run = (soort: ParticipatieActiviteit['soort'], urenPerWeek?: number): ParticipatieActiviteit => ({
    soort,
    status: 'GESTART',
    sinds: '2026-01-01',
    ...(urenPerWeek !== undefined ? { urenPerWeek } : {}),
  });

  it('work (summing the running jobs’ hours) before education before other participation; none running: GEEN', () => {
    expect(deriveUitstroom([run('BETAALD_WERK', 24), run('BETAALD_WERK', 8), run('OPLEIDING')], today)).toEqual({
      datum: today,
      uitkomst: 'WERK',
      urenPerWeek: 32,
      bron: 'PARTICIPATIE',
    });
    expect(deriveUitstroom([run('BETAALD_WERK')], today)).toEqual({
      datum: today,
      uitkomst: 'WERK',
      bron: 'PARTICIPATIE',
    });
    expect(deriveUitstroom([run('OPLEIDING'), run('STAGE')], today).uitkomst).toBe('OPLEIDING');
    expect(deriveUitstroom([run('DAGBESTEDING')], today).uitkomst).toBe('PARTICIPATIE');
    expect(deriveUitstroom([{ ...run('BETAALD_WERK', 40), status: 'GESTOPT' }], today).uitkomst).toBe('GEEN');
    expect(deriveUitstroom(undefined, today)).toEqual({ datum: today, uitkomst: 'GEEN', bron: 'PARTICIPATIE' });
  });

  it('the consulent’s outcome: work needs its hours per week, hours only with work', () => {
    expect(validateUitstroom({ uitkomst: 'WERK', urenPerWeek: 32 }).ok).toBe(true);
    expect(validateUitstroom({ uitkomst: 'WERK' })).toMatchObject({ rule: 'UITSTROOM_UREN_ONTBREKEN' });
    expect(validateUitstroom({ uitkomst: 'WERK', urenPerWeek: 61 })).toMatchObject({ rule: 'UITSTROOM_UREN_ONGELDIG' });
    expect(validateUitstroom({ uitkomst: 'OPLEIDING', urenPerWeek: 20 })).toMatchObject({
      rule: 'UITSTROOM_UREN_ALLEEN_BIJ_WERK',
    });
    expect(validateUitstroom({ uitkomst: 'GEEN' }).ok).toBe(true);
    expect(validateUitstroom({ uitkomst: 'ONBEKEND' })).toMatchObject({ rule: 'ONGELDIGE_INVOER' });
  });
});
