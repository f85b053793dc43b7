import { describe, expect, it } from 'vitest';
import { offerFor } from '../../src/domain/offer';
import {
  leerbaarheidWarnings,
  requiredOnderdelen,
  validatePipPlan,
  type PipAfspraak,
  type PipPlanInput,
} from '../../src/domain/pip-plan';

const today = '2026-03-01';
const asielOnBijstand = offerFor({
  targetGroup: 'asielstatushouder',
  onBijstand: true,
  ondertussengroep: false,
  today,
});
const asiel = offerFor({ targetGroup: 'asielstatushouder', onBijstand: false, ondertussengroep: false, today });
const gezins = offerFor({ targetGroup: 'gezinsmigrant', onBijstand: false, ondertussengroep: false, today });

const afspraak = (onderdeel: PipAfspraak['onderdeel'], start = '2026-03-15'): PipAfspraak => ({
  onderdeel,
  start,
  aanbieder: 'Taalhuis Dongemond',
});

function plan(overrides: Partial<PipPlanInput> = {}): PipPlanInput {
  return {
    dagtekening: '2026-03-01',
    leerroute: 'B1',
    targetGroup: 'asielstatushouder',
    offer: asielOnBijstand,
    afspraken: ['KNM', 'PVT', 'MAP', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'].map((part) =>
      afspraak(part as PipAfspraak['onderdeel']),
    ),
    today,
    ...overrides,
  };
}

describe('the mandatory parts of a PIP (framework 4.2)', () => {
  it('asks every part of an asielstatushouder on bijstand in the B1-route, ontzorgen included', () => {
    expect(requiredOnderdelen(asielOnBijstand, 'B1')).toEqual([
      'KNM',
      'PVT',
      'MAP',
      'MAATSCHAPPELIJKE_BEGELEIDING',
      'ONTZORGEN',
    ]);
  });

  it('asks no MAP in the onderwijsroute, no KNM in the Z-route, no ontzorgen without bijstand', () => {
    expect(requiredOnderdelen(asiel, 'ONDERWIJS')).toEqual(['KNM', 'PVT', 'MAATSCHAPPELIJKE_BEGELEIDING']);
    expect(requiredOnderdelen(asiel, 'Z')).toEqual(['PVT', 'MAP', 'MAATSCHAPPELIJKE_BEGELEIDING']);
  });

  it('asks of a gezinsmigrant only PVT and MAP (the leerroute is their own responsibility)', () => {
    expect(requiredOnderdelen(gezins, 'B1')).toEqual(['PVT', 'MAP']);
  });
});

describe('validatePipPlan', () => {
  it('accepts a complete plan with participation and the inburgeraar agreeing', () => {
    const result = validatePipPlan(
      plan({
        participatie: [{ soort: 'VRIJWILLIGERSWERK', start: '2026-04-01', urenPerWeek: 8, participatiewet: true }],
        instemming: { akkoord: true, datum: '2026-03-01' },
      }),
    );
    expect(result).toEqual({ ok: true });
  });

  it('accepts a PIP without a plan (route and level only, as before)', () => {
    expect(validatePipPlan(plan({ afspraken: undefined }))).toEqual({ ok: true });
  });

  it('refuses a plan that misses a mandatory part, naming it', () => {
    const result = validatePipPlan(plan({ afspraken: [afspraak('KNM'), afspraak('PVT'), afspraak('MAP')] }));
    expect(result).toEqual({
      ok: false,
      rule: 'PIP_AFSPRAAK_ONTBREEKT',
      reason: 'Het PIP mist een afspraak over: maatschappelijke begeleiding, ontzorgen.',
    });
  });

  it('refuses two agreements on the same part', () => {
    const result = validatePipPlan(plan({ afspraken: [...(plan().afspraken ?? []), afspraak('PVT')] }));
    expect(result).toMatchObject({ ok: false, rule: 'PIP_AFSPRAAK_DUBBEL' });
  });

  it('refuses ontzorgen for someone it is not offered to', () => {
    const result = validatePipPlan(plan({ offer: asiel, afspraken: [...(plan().afspraken ?? [])] }));
    expect(result).toMatchObject({ ok: false, rule: 'PIP_ONTZORGEN_NIET_IN_AANBOD' });
  });

  it('refuses maatschappelijke begeleiding for a gezinsmigrant (not in their offer); PVT and MAP are fine', () => {
    const withMb = plan({
      offer: gezins,
      targetGroup: 'gezinsmigrant',
      afspraken: [afspraak('PVT'), afspraak('MAP'), afspraak('MAATSCHAPPELIJKE_BEGELEIDING')],
    });
    expect(validatePipPlan(withMb)).toMatchObject({ ok: false, rule: 'PIP_MB_NIET_IN_AANBOD' });
    const without = plan({
      offer: gezins,
      targetGroup: 'gezinsmigrant',
      afspraken: [afspraak('PVT'), afspraak('MAP')],
    });
    expect(validatePipPlan(without)).toEqual({ ok: true });
  });

  it('refuses a start after the three years the PIP covers; the last day itself is fine', () => {
    const late = plan({
      afspraken: plan().afspraken!.map((a) => (a.onderdeel === 'MAP' ? { ...a, start: '2029-03-02' } : a)),
    });
    expect(validatePipPlan(late)).toMatchObject({ ok: false, rule: 'PIP_AFSPRAAK_START_NA_TERMIJN' });
    const onTime = plan({
      afspraken: plan().afspraken!.map((a) => (a.onderdeel === 'MAP' ? { ...a, start: '2029-03-01' } : a)),
    });
    expect(validatePipPlan(onTime)).toEqual({ ok: true });
    const participation = plan({ participatie: [{ soort: 'STAGE', start: '2029-03-02' }] });
    expect(validatePipPlan(participation)).toMatchObject({ ok: false, rule: 'PIP_AFSPRAAK_START_NA_TERMIJN' });
  });

  it('refuses a Participatiewet decision in the PIP of a gezinsmigrant (8.1.4), not participation as such', () => {
    const base = {
      targetGroup: 'gezinsmigrant' as const,
      offer: gezins,
      afspraken: [afspraak('PVT'), afspraak('MAP')],
    };
    const withDecision = plan({
      ...base,
      participatie: [{ soort: 'WERKERVARINGSPLAATS', start: '2026-04-01', participatiewet: true }],
    });
    expect(validatePipPlan(withDecision)).toEqual({
      ok: false,
      rule: 'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP',
      reason:
        'Beslissingen op grond van de Participatiewet horen niet in het PIP van gezinsmigranten en overige migranten (kader 8.1.4).',
    });
    const overige = plan({
      ...base,
      targetGroup: 'overige_migrant',
      participatie: [{ soort: 'STAGE', start: '2026-04-01', participatiewet: true }],
    });
    expect(validatePipPlan(overige)).toMatchObject({ ok: false, rule: 'PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP' });
    const plain = plan({ ...base, participatie: [{ soort: 'WERKERVARINGSPLAATS', start: '2026-04-01' }] });
    expect(validatePipPlan(plain)).toEqual({ ok: true });
  });

  it('refuses an instemming dated in the future', () => {
    const result = validatePipPlan(plan({ instemming: { akkoord: true, datum: '2026-03-02' } }));
    expect(result).toMatchObject({ ok: false, rule: 'DATUM_IN_TOEKOMST' });
  });
});

describe('leerbaarheidWarnings: the route against the leerbaarheidstoets (a warning, never a refusal)', () => {
  it('warns when B1 is not feasible but a route to B1 is chosen', () => {
    expect(leerbaarheidWarnings('B1', 'B1_NIET_HAALBAAR')).toEqual([
      expect.objectContaining({ code: 'ROUTE_WIJKT_AF_VAN_LEERBAARHEIDSTOETS' }),
    ]);
    expect(leerbaarheidWarnings('ONDERWIJS', 'B1_NIET_HAALBAAR')).toHaveLength(1);
  });

  it('warns when B1 is feasible but the Z-route is chosen', () => {
    expect(leerbaarheidWarnings('Z', 'B1_HAALBAAR')[0]?.melding).toContain('Z-route');
  });

  it('is silent when route and toets agree, or the toets is unknown', () => {
    expect(leerbaarheidWarnings('Z', 'B1_NIET_HAALBAAR')).toEqual([]);
    expect(leerbaarheidWarnings('B1', 'B1_HAALBAAR')).toEqual([]);
    expect(leerbaarheidWarnings('B1', 'ONBEKEND')).toEqual([]);
    expect(leerbaarheidWarnings('B1', undefined)).toEqual([]);
  });
});
