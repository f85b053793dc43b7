/**
 * The registrations with the providers follow the PIP as a plan: each part to the kind its
 * agreement names with that agreement's start, participation to the werkmakelaar/jobcoach
 * (WERK), and a registration held for the machtiging carries the plan as it is when it goes out.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { PipAfspraak, ParticipatieAfspraak } from '../../../src/domain/pip-plan';
import type { PartnerKind } from '../../../src/domain/types';
import {
  bijstellenPipUpdate,
  closeTrajectoryUpdate,
  recordConsentUpdate,
  type PipInput,
} from '../../../src/workflows/trajectory/messages';
import { addDays, baseInput, refusalOf, sendEvent, throughPip, type RecordedCalls } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const ALL_KINDS: PartnerKind[] = ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'WERK'];
const sent = (calls: RecordedCalls, type: string) => calls.outbound.filter((message) => message.type === type);

function plan(today: string): Pick<PipInput, 'afspraken' | 'participatie'> {
  const afspraken: PipAfspraak[] = [
    { onderdeel: 'KNM', start: addDays(today, 14), aanbieder: 'Taalhuis' },
    {
      onderdeel: 'PVT',
      start: addDays(today, 21),
      aanbieder: 'VluchtelingenWerk',
      aanbiederSoort: 'MAATSCHAPPELIJKE_BEGELEIDING',
    },
    { onderdeel: 'MAP', start: addDays(today, 28), aanbieder: 'Werkbedrijf', aanbiederSoort: 'WERK' },
    { onderdeel: 'MAATSCHAPPELIJKE_BEGELEIDING', start: addDays(today, 7), aanbieder: 'VluchtelingenWerk' },
  ];
  const participatie: ParticipatieAfspraak[] = [
    { soort: 'BETAALD_WERK', start: addDays(today, 30), aanbieder: 'Werkbedrijf', urenPerWeek: 24 },
    { soort: 'VRIJWILLIGERSWERK', start: addDays(today, 10) },
  ];
  return { afspraken, participatie };
}

describe('registrations from the PIP as a plan', () => {
  it('PVT, MAP, KNM and MB go to the kinds of their agreements with their starts; participation to WERK', async () => {
    const { calls } = rules;
    const today = rules.today;
    const consent = { date: today, scope: ALL_KINDS };
    const handle = rules.start(baseInput({ onBijstand: false, existing: { consent } }));
    await throughPip(handle, today, plan(today));

    expect(sent(calls, 'START_PVT')).toMatchObject([
      { recipientKind: 'MAATSCHAPPELIJKE_BEGELEIDING', payload: { start: addDays(today, 21) } },
    ]);
    expect(sent(calls, 'START_MAP')).toMatchObject([{ recipientKind: 'WERK', payload: { start: addDays(today, 28) } }]);
    expect(sent(calls, 'AANMELDING_LEERROUTE')).toMatchObject([
      { recipientKind: 'TAALAANBIEDER', payload: { leerroute: 'B1', start: today, knmStart: addDays(today, 14) } },
    ]);
    expect(sent(calls, 'AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING')).toMatchObject([
      { payload: { start: addDays(today, 7) } },
    ]);
    // Only the agreement with an aanbieder goes to WERK; codes, dates and hours — no names.
    expect(sent(calls, 'AANMELDING_PARTICIPATIE')).toEqual([
      expect.objectContaining({
        recipientKind: 'WERK',
        payload: { afspraken: [{ soort: 'BETAALD_WERK', start: addDays(today, 30), urenPerWeek: 24 }] },
      }),
    ]);

    // WERK hears the route: suspension, resumption and the end.
    await sendEvent(handle, { type: 'SS109', occurredOn: today });
    await sendEvent(handle, { type: 'SS130', occurredOn: today });
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VERVALLEN' }] });
    for (const type of ['TRAJECT_GESCHORST', 'TRAJECT_HERVAT', 'TRAJECT_BEEINDIGD']) {
      expect(sent(calls, type).map((message) => message.recipientKind)).toContain('WERK');
    }
  });

  it('a PIP without agreements: PVT and MAP to the taalaanbieder from the start of the leerroute, nothing to WERK', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({ onBijstand: false, existing: { consent: { date: today, scope: ALL_KINDS } } }),
    );
    await throughPip(handle, today);
    expect(sent(calls, 'START_PVT')).toMatchObject([{ recipientKind: 'TAALAANBIEDER', payload: { start: today } }]);
    expect(sent(calls, 'START_MAP')).toMatchObject([{ recipientKind: 'TAALAANBIEDER', payload: { start: today } }]);
    expect(sent(calls, 'AANMELDING_PARTICIPATIE')).toHaveLength(0);
  });

  it('a kind that cannot carry out the part is refused with the rule; nothing changes', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ onBijstand: false }));
    const wrong = plan(today);
    wrong.afspraken = wrong.afspraken!.map((afspraak) =>
      afspraak.onderdeel === 'KNM' ? { ...afspraak, aanbiederSoort: 'WERK' } : afspraak,
    );
    expect(await refusalOf(throughPip(handle, today, wrong))).toBe('PIP_AANBIEDER_SOORT_ONGELDIG');
    expect(rules.calls.outbound.filter((message) => message.type === 'PIP_VASTGESTELD')).toHaveLength(0);
  });

  it('registrations held for the machtiging carry the bijgesteld plan when they go out', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ onBijstand: false }));
    await throughPip(handle, today, plan(today));
    expect(sent(calls, 'AANMELDING_PARTICIPATIE')).toHaveLength(0); // held: no machtiging yet

    const later = addDays(today, 5);
    rules.sleepUntil(later);
    const changed = plan(today);
    changed.participatie = [
      { soort: 'STAGE', start: addDays(today, 40), aanbieder: 'Zorginstelling', urenPerWeek: 16 },
    ];
    changed.afspraken = changed.afspraken!.map((afspraak) =>
      afspraak.onderdeel === 'MAP' ? { onderdeel: 'MAP', start: addDays(today, 60), aanbieder: 'Taalhuis' } : afspraak,
    );
    await handle.executeUpdate(bijstellenPipUpdate, {
      args: [{ dagtekening: later, leerroute: 'B1', level: 'B1', alfabetisering: true, ...changed }],
    });
    expect(sent(calls, 'ROUTE_BIJGESTELD')).toHaveLength(0); // nobody heard of the person yet

    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: later, scope: ALL_KINDS }] });
    expect(sent(calls, 'AANMELDING_PARTICIPATIE')).toEqual([
      expect.objectContaining({
        recipientKind: 'WERK',
        payload: { afspraken: [{ soort: 'STAGE', start: addDays(today, 40), urenPerWeek: 16 }] },
      }),
    ]);
    expect(sent(calls, 'AANMELDING_LEERROUTE')).toMatchObject([{ payload: { alfabetisering: true } }]);
    // The MAP moved from WERK to the taalaanbieder before anything went out: only the new one goes.
    expect(sent(calls, 'START_MAP')).toMatchObject([
      { recipientKind: 'TAALAANBIEDER', payload: { start: addDays(today, 60) } },
    ]);
  });

  it('a registered WERK partner hears the bijstelling with its own agreements', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({ onBijstand: false, existing: { consent: { date: today, scope: ALL_KINDS } } }),
    );
    await throughPip(handle, today, plan(today));
    const changed = plan(today);
    changed.participatie = [
      { soort: 'BETAALD_WERK', start: addDays(today, 30), aanbieder: 'Werkbedrijf', urenPerWeek: 32 },
    ];
    await handle.executeUpdate(bijstellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false, ...changed }],
    });
    const toWerk = sent(calls, 'ROUTE_BIJGESTELD').find((message) => message.recipientKind === 'WERK');
    expect(toWerk?.payload).toMatchObject({
      leerroute: 'B1',
      afspraken: [{ onderdeel: 'MAP', start: addDays(today, 28) }],
      participatie: [{ soort: 'BETAALD_WERK', start: addDays(today, 30), urenPerWeek: 32 }],
    });
    const toTaal = sent(calls, 'ROUTE_BIJGESTELD').find((message) => message.recipientKind === 'TAALAANBIEDER');
    expect(toTaal?.payload).toMatchObject({ afspraken: [{ onderdeel: 'KNM', start: addDays(today, 14) }] });
    expect(toTaal?.payload).not.toHaveProperty('participatie');
    // The delivered registration is sent again under its key: the outbox updates it only while undelivered.
    const registrations = sent(calls, 'AANMELDING_PARTICIPATIE');
    expect(new Set(registrations.map((message) => message.key)).size).toBe(1);
    expect(registrations.at(-1)?.payload).toEqual({
      afspraken: [{ soort: 'BETAALD_WERK', start: addDays(today, 30), urenPerWeek: 32 }],
    });
  });
});
