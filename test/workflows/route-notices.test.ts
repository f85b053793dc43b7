/**
 * Providers hear the whole route, on the time-skipping server: every partner kind a message
 * went out to (under the machtiging) gets a typed notice on a PIP bijstelling (route switch,
 * afschalen), a suspension (SS109) and its end (SS130), a move, an ontheffing and the end of
 * the trajectory — and nothing reaches a kind the machtiging does not cover.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import {
  bijstellenPipUpdate,
  closeTrajectoryUpdate,
  recordConsentUpdate,
  recordOntheffingUpdate,
} from '../../src/workflows/trajectory/messages';
import {
  baseInput,
  setUpWorkflowHarness,
  envToday,
  sendEvent,
  settled,
  startTrajectory,
  throughPip,
  view,
  withWorker,
  type Harness,
  type RecordedCalls,
} from './helpers';

let harness: Harness;
let env: TestWorkflowEnvironment;

setUpWorkflowHarness((ready) => {
  harness = ready;
  env = ready.env;
});

const FULL_CONSENT = ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] as const;
/** The providers an asielstatushouder on bijstand is registered with by the PIP. */
const ROUTE_KINDS = ['MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN', 'TAALAANBIEDER'];

const notices = (calls: RecordedCalls, type: string) => calls.outbound.filter((message) => message.type === type);
const kindsOf = (calls: RecordedCalls, type: string) =>
  notices(calls, type)
    .map((message) => message.recipientKind)
    .sort();

describe('providers hear the whole route', () => {
  it('a PIP bijstelling — afschalen, then a route switch — reaches every provider with the new plan', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const consent = { date: today, scope: [...FULL_CONSENT] };
      const policy = { ...baseInput().policy, maxPipBijstellingen: 3 };
      const handle = await startTrajectory(harness, taskQueue, baseInput({ policy, existing: { consent } }));
      await throughPip(handle, today);
      await settled(handle, calls);
      expect(notices(calls, 'ROUTE_BIJGESTELD')).toHaveLength(0);

      await sendEvent(handle, { type: 'UREN', occurredOn: today, kind: 'LES', hours: 600, inPersonHours: 400 });
      await handle.executeUpdate(bijstellenPipUpdate, {
        args: [{ dagtekening: today, leerroute: 'B1', level: 'A2', alfabetisering: false }],
      });
      await settled(handle, calls);
      expect(kindsOf(calls, 'ROUTE_BIJGESTELD')).toEqual(ROUTE_KINDS);
      for (const notice of notices(calls, 'ROUTE_BIJGESTELD')) {
        expect(notice.payload).toEqual({
          dagtekening: today,
          leerroute: 'B1',
          niveau: 'A2',
          alfabetisering: false,
          schakelen: false,
          afschalen: true,
        });
        expect(notice.consent?.scope).toContain(notice.recipientKind);
      }

      await handle.executeUpdate(bijstellenPipUpdate, {
        args: [{ dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false }],
      });
      await settled(handle, calls);
      const switched = notices(calls, 'ROUTE_BIJGESTELD').slice(3);
      expect(switched.map((message) => message.recipientKind).sort()).toEqual(ROUTE_KINDS);
      expect(switched.map((message) => message.payload)).toEqual(
        ROUTE_KINDS.map(() =>
          expect.objectContaining({ leerroute: 'Z', niveau: 'A1', schakelen: true, afschalen: false }),
        ),
      );
      // One message per provider per bijstelling (distinct outbox keys).
      expect(new Set(notices(calls, 'ROUTE_BIJGESTELD').map((message) => message.key)).size).toBe(6);
    });
  });

  it('SS109 suspends and SS130 resumes: each provider hears both, a repeated SS109 no second time', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const consent = { date: today, scope: [...FULL_CONSENT] };
      const handle = await startTrajectory(harness, taskQueue, baseInput({ existing: { consent } }));
      await throughPip(handle, today);
      await sendEvent(handle, { type: 'SS109', occurredOn: today });
      await sendEvent(handle, { type: 'SS109', occurredOn: today });
      await settled(handle, calls);
      expect(kindsOf(calls, 'TRAJECT_GESCHORST')).toEqual(ROUTE_KINDS);
      expect(notices(calls, 'TRAJECT_GESCHORST').map((message) => message.payload)).toEqual(
        ROUTE_KINDS.map(() => ({ vanaf: today })),
      );
      expect(notices(calls, 'TRAJECT_HERVAT')).toHaveLength(0);

      await sendEvent(handle, { type: 'SS130', occurredOn: today });
      await settled(handle, calls);
      expect(kindsOf(calls, 'TRAJECT_HERVAT')).toEqual(ROUTE_KINDS);
      expect(notices(calls, 'TRAJECT_HERVAT').map((message) => message.payload)).toEqual(
        ROUTE_KINDS.map(() => ({ vanaf: today })),
      );
    });
  });

  it('a move within the installation, then out of it: every provider hears both, and the end', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const consent = { date: today, scope: [...FULL_CONSENT] };
      const handle = await startTrajectory(harness, taskQueue, baseInput({ existing: { consent } }));
      await throughPip(handle, today);
      await sendEvent(handle, { type: 'SS120', occurredOn: today, gemeente: 'altena', vestiging: today });
      await settled(handle, calls);
      expect(kindsOf(calls, 'VERHUIZING')).toEqual(ROUTE_KINDS);
      expect(notices(calls, 'VERHUIZING').map((message) => message.payload)).toEqual(
        ROUTE_KINDS.map(() => ({ vestiging: today, trajectLoopt: true })),
      );
      expect(notices(calls, 'TRAJECT_BEEINDIGD')).toHaveLength(0);

      await sendEvent(handle, { type: 'SS120', occurredOn: today, gemeente: 'tilburg', vestiging: today });
      await settled(handle, calls);
      expect((await view(handle)).closeReason).toBe('VERHUISD');
      expect(
        notices(calls, 'VERHUIZING')
          .slice(3)
          .map((message) => message.payload),
      ).toEqual(ROUTE_KINDS.map(() => ({ vestiging: today, trajectLoopt: false })));
      // The ontzorgen provider hears ONTZORGEN_EINDE; everybody else the end of the trajectory.
      expect(kindsOf(calls, 'ONTZORGEN_EINDE')).toEqual(['ONTZORGEN']);
      expect(kindsOf(calls, 'TRAJECT_BEEINDIGD')).toEqual(['MAATSCHAPPELIJKE_BEGELEIDING', 'TAALAANBIEDER']);
      expect(notices(calls, 'TRAJECT_BEEINDIGD').map((message) => message.payload)).toEqual([
        { einde: today, reden: 'VERHUISD' },
        { einde: today, reden: 'VERHUISD' },
      ]);
    });
  });

  it('an ontheffing: the parts (never the ground) to every provider; a whole one ends the trajectory for all', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const consent = { date: today, scope: [...FULL_CONSENT] };
      const handle = await startTrajectory(harness, taskQueue, baseInput({ existing: { consent } }));
      await throughPip(handle, today);
      await handle.executeUpdate(recordOntheffingUpdate, {
        args: [{ date: today, ground: 'MED', whole: false, parts: ['SP', 'SC'] }],
      });
      await settled(handle, calls);
      expect(kindsOf(calls, 'ONTHEFFING_VERLEEND')).toEqual(ROUTE_KINDS);
      expect(notices(calls, 'ONTHEFFING_VERLEEND').map((message) => message.payload)).toEqual(
        ROUTE_KINDS.map(() => ({ datum: today, geheel: false, onderdelen: ['SP', 'SC'] })),
      );
      expect(JSON.stringify(notices(calls, 'ONTHEFFING_VERLEEND'))).not.toContain('MED');

      await handle.executeUpdate(recordOntheffingUpdate, { args: [{ date: today, ground: 'MED', whole: true }] });
      await settled(handle, calls);
      expect(
        notices(calls, 'ONTHEFFING_VERLEEND')
          .slice(3)
          .map((message) => message.payload),
      ).toEqual(ROUTE_KINDS.map(() => ({ datum: today, geheel: true, onderdelen: [] })));
      expect(kindsOf(calls, 'TRAJECT_BEEINDIGD')).toEqual(['MAATSCHAPPELIJKE_BEGELEIDING', 'TAALAANBIEDER']);
      expect(notices(calls, 'TRAJECT_BEEINDIGD')[0]?.payload).toEqual({ einde: today, reden: 'ONTHEFFING' });
      expect(kindsOf(calls, 'ONTZORGEN_EINDE')).toEqual(['ONTZORGEN']);
    });
  });

  it('consent scope: nothing to a provider before the machtiging covers it, and only covered providers hear the route and its end', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const policy = { ...baseInput().policy, maxPipBijstellingen: 3 };
      const handle = await startTrajectory(harness, taskQueue, baseInput({ policy }));
      await throughPip(handle, today);
      await handle.executeUpdate(bijstellenPipUpdate, {
        args: [{ dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false }],
      });
      await sendEvent(handle, { type: 'SS109', occurredOn: today });
      await settled(handle, calls);
      // No machtiging: no provider has heard of the person, so none hears of the route.
      expect(calls.outbound.filter((message) => message.recipientKind !== 'DUO')).toEqual([]);

      // A machtiging for the taalaanbieder only: its held registrations go out, and from then
      // on it (and only it) hears the route.
      await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: ['TAALAANBIEDER'] }] });
      await sendEvent(handle, { type: 'SS130', occurredOn: today });
      await settled(handle, calls);
      expect(kindsOf(calls, 'AANMELDING_LEERROUTE')).toEqual(['TAALAANBIEDER']);
      expect(kindsOf(calls, 'TRAJECT_HERVAT')).toEqual(['TAALAANBIEDER']);

      await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VERVALLEN' }] });
      await settled(handle, calls);
      expect(kindsOf(calls, 'TRAJECT_BEEINDIGD')).toEqual(['TAALAANBIEDER']);
      const partnerKinds = new Set(
        calls.outbound.filter((message) => message.recipientKind !== 'DUO').map((message) => message.recipientKind),
      );
      expect([...partnerKinds]).toEqual(['TAALAANBIEDER']);
      // No task for a machtiging is left on the closed trajectory.
      expect((await view(handle)).openTasks).toEqual([]);
    });
  });

  it('the werkmakelaar/jobcoach (WERK) of a participation agreement is registered and hears the whole route', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const consent = {
        date: today,
        scope: ['TAALAANBIEDER' as const, 'MAATSCHAPPELIJKE_BEGELEIDING' as const, 'WERK' as const],
      };
      const policy = { ...baseInput().policy, maxPipBijstellingen: 3 };
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ policy, targetGroup: 'gezinsmigrant', onBijstand: false, existing: { consent } }),
      );
      const plan = (urenPerWeek: number) => ({
        afspraken: [
          { onderdeel: 'PVT' as const, start: today, aanbieder: 'Taalhuis' },
          { onderdeel: 'MAP' as const, start: today, aanbieder: 'Werkbedrijf', aanbiederSoort: 'WERK' as const },
        ],
        participatie: [{ soort: 'BETAALD_WERK' as const, start: today, aanbieder: 'Werkbedrijf', urenPerWeek }],
      });
      await throughPip(handle, today, plan(16));
      await settled(handle, calls);
      const toWerk = () => calls.outbound.filter((message) => message.recipientKind === 'WERK');
      expect(toWerk().map((message) => [message.type, message.payload])).toEqual([
        ['AANMELDING_PARTICIPATIE', { afspraken: [{ soort: 'BETAALD_WERK', start: today, urenPerWeek: 16 }] }],
        ['START_MAP', { start: today }],
      ]);

      await handle.executeUpdate(bijstellenPipUpdate, {
        args: [{ dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false, ...plan(32) }],
      });
      await sendEvent(handle, { type: 'SS109', occurredOn: today });
      await sendEvent(handle, { type: 'SS130', occurredOn: today });
      await handle.executeUpdate(recordOntheffingUpdate, {
        args: [{ date: today, ground: 'MED', whole: false, parts: ['SP'] }],
      });
      await sendEvent(handle, { type: 'SS120', occurredOn: today, gemeente: 'altena', vestiging: today });
      await settled(handle, calls);
      await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: today, reason: 'PLICHT_VERVALLEN' }] });
      await settled(handle, calls);
      const notices = toWerk().slice(2);
      expect(notices.map((message) => message.type)).toEqual([
        'AANMELDING_PARTICIPATIE', // the registration again under its key: the outbox updates it only while undelivered
        'ROUTE_BIJGESTELD',
        'TRAJECT_GESCHORST',
        'TRAJECT_HERVAT',
        'ONTHEFFING_VERLEEND',
        'VERHUIZING',
        'TRAJECT_BEEINDIGD',
      ]);
      expect(notices[1]?.payload).toMatchObject({
        participatie: [{ soort: 'BETAALD_WERK', start: today, urenPerWeek: 32 }],
        afspraken: [{ onderdeel: 'MAP', start: today }],
      });
      expect(new Set(toWerk().map((message) => message.consent?.scope.includes('WERK')))).toEqual(new Set([true]));
    });
  });

  it('a death (SS111): no route notice to anyone, only ONTZORGEN_EINDE to the ontzorgen provider', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const consent = { date: today, scope: [...FULL_CONSENT] };
      const handle = await startTrajectory(harness, taskQueue, baseInput({ existing: { consent } }));
      await throughPip(handle, today);
      await settled(handle, calls);
      const before = calls.outbound.length;
      await sendEvent(handle, { type: 'SS111', occurredOn: today });
      await settled(handle, calls);
      expect(calls.outbound.slice(before).map((message) => [message.recipientKind, message.type])).toEqual([
        ['ONTZORGEN', 'ONTZORGEN_EINDE'],
      ]);
    });
  });
});
