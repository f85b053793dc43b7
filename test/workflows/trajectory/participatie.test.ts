import { beforeEach, describe, expect, it } from 'vitest';
import {
  bijstellenPipUpdate,
  closeTrajectoryUpdate,
  recordParticipatieStatusUpdate,
  type ParticipatieStatusInput,
} from '../../../src/workflows/trajectory/messages';
import { addDays, baseInput, refusalOf, sendEvent, throughPip, view } from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const record = (input: ParticipatieStatusInput) => [input] as [ParticipatieStatusInput];

describe('participation activities in the trajectory', () => {
  it('the PIP agreements become activities; the WERK partner starts and completes one, the consulent records a job', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, {
      participatie: [{ soort: 'WERKERVARINGSPLAATS', start: addDays(today, 7), aanbieder: 'Sociaal Werkbedrijf' }],
    });
    expect((await view(handle)).participatie).toEqual([
      { soort: 'WERKERVARINGSPLAATS', status: 'AFGESPROKEN', sinds: today, afgesproken: addDays(today, 7) },
    ]);

    rules.sleepUntil(addDays(today, 10));
    await sendEvent(handle, {
      type: 'PARTICIPATIE_STATUS',
      occurredOn: addDays(today, 8),
      soort: 'WERKERVARINGSPLAATS',
      status: 'GESTART',
      urenPerWeek: 16,
    });
    rules.sleepUntil(addDays(today, 100));
    await sendEvent(handle, {
      type: 'PARTICIPATIE_STATUS',
      occurredOn: addDays(today, 98),
      soort: 'WERKERVARINGSPLAATS',
      status: 'AFGEROND',
    });
    await handle.executeUpdate(recordParticipatieStatusUpdate, {
      args: record({ date: addDays(today, 99), soort: 'BETAALD_WERK', status: 'GESTART', urenPerWeek: 24 }),
    });
    const state = await view(handle);
    expect(state.participatie).toEqual([
      {
        soort: 'WERKERVARINGSPLAATS',
        status: 'AFGEROND',
        sinds: addDays(today, 98),
        afgesproken: addDays(today, 7),
        urenPerWeek: 16,
      },
      { soort: 'BETAALD_WERK', status: 'GESTART', sinds: addDays(today, 99), urenPerWeek: 24 },
    ]);
    expect(state.timeline.map((entry) => entry.what)).toEqual(
      expect.arrayContaining([
        'PARTICIPATIE:WERKERVARINGSPLAATS:GESTART',
        'PARTICIPATIE:WERKERVARINGSPLAATS:AFGEROND',
        'PARTICIPATIE_VASTGELEGD',
        'PARTICIPATIE:BETAALD_WERK:GESTART',
      ]),
    );
    expect(state.decisions.find((d) => d.kind === 'PARTICIPATIE_VASTGELEGD')?.details).toEqual({
      date: addDays(today, 99),
      soort: 'BETAALD_WERK',
      status: 'GESTART',
      urenPerWeek: 24,
    });
  });

  it('a partner report the rules refuse changes nothing and is noted as ignored (signals cannot be refused)', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    await sendEvent(handle, { type: 'PARTICIPATIE_STATUS', occurredOn: today, soort: 'STAGE', status: 'GESTOPT' });
    const state = await view(handle);
    expect(state.participatie).toBeUndefined();
    expect(state.timeline.at(-1)?.what).toBe('PARTICIPATIE_GENEGEERD:PARTICIPATIE_OVERGANG_ONGELDIG');
  });

  it('the consulent’s illegal change is refused with the rule; nothing changes', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { participatie: [{ soort: 'VRIJWILLIGERSWERK', start: today }] });
    const before = handle.acceptedUpdates;
    expect(
      await refusalOf(
        handle.executeUpdate(recordParticipatieStatusUpdate, {
          args: record({ date: today, soort: 'VRIJWILLIGERSWERK', status: 'AFGEROND' }),
        }),
      ),
    ).toBe('PARTICIPATIE_OVERGANG_ONGELDIG');
    expect(
      await refusalOf(
        handle.executeUpdate(recordParticipatieStatusUpdate, {
          args: record({ date: today, soort: 'BETAALD_WERK', status: 'GESTART' }),
        }),
      ),
    ).toBe('PARTICIPATIE_UREN_ONTBREKEN');
    expect(handle.acceptedUpdates).toBe(before);
    expect((await view(handle)).participatie).toEqual([
      { soort: 'VRIJWILLIGERSWERK', status: 'AFGESPROKEN', sinds: today, afgesproken: today },
    ]);
  });

  it('gezinsmigrant (8.1.4): no start under the Participatiewet', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }));
    await throughPip(handle, today);
    expect(
      await refusalOf(
        handle.executeUpdate(recordParticipatieStatusUpdate, {
          args: record({ date: today, soort: 'WERKERVARINGSPLAATS', status: 'GESTART', participatiewet: true }),
        }),
      ),
    ).toBe('PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP');
    await handle.executeUpdate(recordParticipatieStatusUpdate, {
      args: record({ date: today, soort: 'WERKERVARINGSPLAATS', status: 'GESTART' }),
    });
    expect((await view(handle)).participatie?.[0]?.status).toBe('GESTART');
  });

  it('a bijstelling keeps what started and adds the new agreements', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { participatie: [{ soort: 'VRIJWILLIGERSWERK', start: today }] });
    await sendEvent(handle, {
      type: 'PARTICIPATIE_STATUS',
      occurredOn: today,
      soort: 'VRIJWILLIGERSWERK',
      status: 'GESTART',
    });
    rules.sleepUntil(addDays(today, 30));
    await handle.executeUpdate(bijstellenPipUpdate, {
      args: [
        {
          dagtekening: rules.today,
          leerroute: 'B1',
          level: 'B1',
          alfabetisering: false,
          participatie: [{ soort: 'OPLEIDING', start: addDays(rules.today, 30) }],
        },
      ],
    });
    expect((await view(handle)).participatie?.map((a) => `${a.soort}:${a.status}`)).toEqual([
      'VRIJWILLIGERSWERK:GESTART',
      'OPLEIDING:AFGESPROKEN',
    ]);
  });
});

describe('the outcome at the end (uitstroom)', () => {
  const uitstroomRecords = () => rules.calls.monitor.filter((record) => record.type === 'UITSTROOM');

  it('closing derives the outcome from what runs that day: paid work with its hours, written once as UITSTROOM', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today, { participatie: [{ soort: 'OPLEIDING', start: today }] });
    await sendEvent(handle, { type: 'PARTICIPATIE_STATUS', occurredOn: today, soort: 'OPLEIDING', status: 'GESTART' });
    await handle.executeUpdate(recordParticipatieStatusUpdate, {
      args: record({ date: today, soort: 'BETAALD_WERK', status: 'GESTART', urenPerWeek: 20 }),
    });
    rules.sleepUntil(addDays(today, 40));
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: rules.today, reason: 'PLICHT_VERVALLEN' }] });
    const state = await view(handle);
    expect(state.uitstroom).toEqual({ datum: rules.today, uitkomst: 'WERK', urenPerWeek: 20, bron: 'PARTICIPATIE' });
    expect(uitstroomRecords()).toEqual([
      expect.objectContaining({
        type: 'UITSTROOM',
        data: { gemeente: 'oosterhout', datum: rules.today, uitkomst: 'WERK', urenPerWeek: 20 },
      }),
    ]);
    expect(state.timeline.map((entry) => entry.what)).toContain('UITSTROOM:WERK:20');
  });

  it('the consulent’s outcome wins; refused when it breaks the rule (nothing closes)', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput());
    await throughPip(handle, today);
    expect(
      await refusalOf(
        handle.executeUpdate(closeTrajectoryUpdate, {
          args: [{ date: today, reason: 'PLICHT_VERVALLEN', uitstroom: { uitkomst: 'WERK' } }],
        }),
      ),
    ).toBe('UITSTROOM_UREN_ONTBREKEN');
    expect((await view(handle)).status).toBe('ACTIEF');
    await handle.executeUpdate(closeTrajectoryUpdate, {
      args: [{ date: today, reason: 'PLICHT_VERVALLEN', uitstroom: { uitkomst: 'WERK', urenPerWeek: 36 } }],
    });
    expect((await view(handle)).uitstroom).toEqual({
      datum: today,
      uitkomst: 'WERK',
      urenPerWeek: 36,
      bron: 'CONSULENT',
    });
    expect(uitstroomRecords().map((r) => r.data?.uitkomst)).toEqual(['WERK']);
  });

  it('nothing running: GEEN; after a death (SS111) no outcome is recorded', async () => {
    const today = rules.today;
    const first = rules.start(baseInput());
    await throughPip(first, today);
    await sendEvent(first, { type: 'SS110', occurredOn: today });
    expect((await view(first)).uitstroom?.uitkomst).toBe('GEEN');
    const second = rules.start(baseInput());
    await throughPip(second, today);
    await sendEvent(second, { type: 'SS111', occurredOn: today });
    expect((await view(second)).status).toBe('AFGESLOTEN');
    expect((await view(second)).uitstroom).toBeUndefined();
    expect(uitstroomRecords()).toHaveLength(1);
  });
});
