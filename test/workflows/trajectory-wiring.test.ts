/**
 * The trajectory workflow's wiring on the time-skipping server: the rules themselves are tested
 * in memory (test/workflows/trajectory/); here the handlers, the main loop and the activities
 * meet — an update refused by its validator leaves no trace, a timer fires after time passes,
 * an outbound message is enqueued and handed to its delivery workflow, a new machtiging reaches
 * the outbox, and the search attributes follow a transfer.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { GemeenteKey, PhaseKey, PipDeadlineKey } from '../../src/temporal/search-attributes';
import {
  assignConsulentUpdate,
  bijstellenPipUpdate,
  proposeHandhavingUpdate,
  recordBijstandUpdate,
  recordHandhavingBesluitUpdate,
  recordConsentUpdate,
  recordVerzuimUpdate,
  recordVoortgangsgesprekUpdate,
  verlengPipTermijnUpdate,
} from '../../src/workflows/trajectory/messages';
import {
  acceptedUpdateCount,
  addDays,
  baseInput,
  setUpWorkflowHarness,
  envToday,
  eventually,
  refusalOf,
  sendEvent,
  settled,
  sleepUntil,
  startTrajectory,
  tasksOfType,
  throughIntake,
  throughPip,
  view,
  withWorker,
  type Harness,
} from './helpers';

let harness: Harness;
let env: TestWorkflowEnvironment;

setUpWorkflowHarness((ready) => {
  harness = ready;
  env = ready.env;
});

describe('trajectory workflow wiring', () => {
  it('a refused update answers with the rule and leaves no trace in history', async () => {
    await withWorker(harness, async ({ taskQueue }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughIntake(handle, today);
      const accepted = await acceptedUpdateCount(handle);
      const bijstelling = { dagtekening: today, leerroute: 'Z', level: 'A1', alfabetisering: false } as const;
      expect(await refusalOf(handle.executeUpdate(bijstellenPipUpdate, { args: [bijstelling] }))).toBe(
        'PIP_NOG_NIET_VASTGESTELD',
      );
      expect(await acceptedUpdateCount(handle)).toBe(accepted);
      expect((await view(handle)).phase).toBe('PIP');
    });
  });

  it('a timer fires on its day (the Amsterdam start of the day): the PIP warning 2 weeks before the deadline', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { inschrijving: today } }));
      const warning = addDays(today, 70 - 14);
      await sleepUntil(env, warning, -60_000);
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(0);
      await sleepUntil(env, warning);
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_WAARSCHUWING')).toHaveLength(1);
    });
  });

  it('a PIP deadline extension re-arms the escalation timer: the old day passes quietly, the new one fires', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false, dates: { inschrijving: today } }),
      );
      await throughIntake(handle, today);
      const received = addDays(today, 68);
      await sleepUntil(env, received);
      await settled(handle, calls);
      await handle.executeUpdate(verlengPipTermijnUpdate, {
        args: [{ date: received, derde: 'COA', informatieOntvangenOp: received }],
      });
      await sleepUntil(env, addDays(today, 72));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(0);
      await sleepUntil(env, addDays(received, 15));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE')).toHaveLength(1);
      expect((await view(handle)).decisions.at(-1)?.details.nieuweDeadline).toBe(addDays(received, 14));
    });
  });

  it('outbound messages are enqueued and each handed to its delivery workflow; a new machtiging reaches the outbox', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { inschrijving: today } }));
      await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: ['TAALAANBIEDER'] }] });
      await throughPip(handle, today);
      await settled(handle, calls);
      expect(calls.consents).toEqual([
        expect.objectContaining({ consent: expect.objectContaining({ scope: ['TAALAANBIEDER'] }) }),
      ]);
      const types = calls.outbound.map((message) => message.type);
      expect(types).toEqual(expect.arrayContaining(['CONTACTPERSOON', 'PIP_VASTGESTELD', 'AANMELDING_LEERROUTE']));
      const leerroute = calls.outbound.find((message) => message.type === 'AANMELDING_LEERROUTE')!;
      expect(leerroute.consent?.scope).toEqual(['TAALAANBIEDER']);
      await eventually(() => expect(calls.delivered).toEqual(expect.arrayContaining(calls.outbound.map((m) => m.key))));
    });
  });

  it('a change of consulent runs the task reassignment and queues the Contactpersoon for DUO', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ consulentId: 'consulent-1' }));
      await handle.executeUpdate(assignConsulentUpdate, { args: [{ date: today, consulentId: 'consulent-2' }] });
      await settled(handle, calls);
      expect(calls.reassignments).toEqual([expect.objectContaining({ from: 'consulent-1', to: 'consulent-2' })]);
      const contactpersonen = calls.outbound.filter((message) => message.type === 'CONTACTPERSOON');
      expect(contactpersonen.map((message) => message.payload.consulentId)).toEqual(['consulent-1', 'consulent-2']);
      expect(calls.projections.at(-1)?.view.consulentId).toBe('consulent-2');
    });
  });

  it('the PipDeadline search attribute is cleared while the plicht is suspended (SS109)', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ dates: { inschrijving: today } }));
      await settled(handle, calls);
      expect((await handle.describe()).typedSearchAttributes.get(PipDeadlineKey)).toBeInstanceOf(Date);
      await sendEvent(handle, { type: 'SS109', occurredOn: today });
      await settled(handle, calls);
      expect((await handle.describe()).typedSearchAttributes.get(PipDeadlineKey)).toBeUndefined();
      expect(calls.projections.at(-1)?.view.pipDeadline).toBeUndefined();
    });
  });

  it('search attributes follow the state: phase, and the gemeente after a transfer', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput({ gemeente: 'oosterhout' }));
      await throughPip(handle, today);
      await sendEvent(handle, { type: 'SS120', occurredOn: today, gemeente: 'altena' });
      await settled(handle, calls);
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(GemeenteKey)).toBe('altena');
      expect(attributes.get(PhaseKey)).toBe('LEERROUTE');
    });
  });

  it('bijstand: unknown at the start asks the consulent; the decision starts ontzorgen from the bijstand start, the income department ends it for work', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({
          onBijstand: false,
          bijstandOnbekend: true,
          existing: { consent: { date: today, scope: ['ONTZORGEN'] } },
        }),
      );
      await settled(handle, calls);
      expect(tasksOfType(calls, 'BIJSTAND_VASTSTELLEN')).toHaveLength(1);

      // Refused by the validator (end without bijstand): no trace in history.
      const accepted = await acceptedUpdateCount(handle);
      expect(
        await refusalOf(
          handle.executeUpdate(recordBijstandUpdate, { args: [{ soort: 'BEEINDIGD', datum: today, reden: 'WERK' }] }),
        ),
      ).toBe('GEEN_BIJSTAND');
      expect(await acceptedUpdateCount(handle)).toBe(accepted);

      const start = addDays(today, -7);
      await handle.executeUpdate(recordBijstandUpdate, {
        args: [{ soort: 'GESTART', datum: start, vasteLasten: { huur: 58_000 } }],
      });
      await settled(handle, calls);
      expect(calls.closedTasks.map((task) => task.key)).toContain(tasksOfType(calls, 'BIJSTAND_VASTSTELLEN')[0]!.key);
      const ontzorgenStart = calls.outbound.find((message) => message.type === 'ONTZORGEN_START');
      expect(ontzorgenStart?.payload).toMatchObject({ start, vasteLastenCent: { huur: 58_000 } });

      const einde = addDays(today, 40);
      await sleepUntil(env, einde);
      await sendEvent(handle, { type: 'BIJSTAND_BEEINDIGD', occurredOn: einde, einde, reden: 'WERK' });
      const state = await settled(handle, calls);
      expect(state.bijstand).toEqual({ status: 'BEEINDIGD', start, einde, reden: 'WERK' });
      expect(calls.outbound.filter((message) => message.type === 'ONTZORGEN_EINDE')).toEqual([
        expect.objectContaining({ payload: { einde, reden: 'BIJSTAND_BEEINDIGD_WERK' } }),
      ]);
      expect(calls.projections.at(-1)?.view.modules.ontzorgen).toMatchObject({ end: einde, status: 'BEEINDIGD' });
    });
  });

  it('follow-ups reach the werkvoorraad: a missed talk, "aandacht nodig" and verzuim over the threshold each create a task', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await throughPip(handle, today);
      await handle.executeUpdate(recordVoortgangsgesprekUpdate, {
        args: [{ date: today, outcome: 'NIET_VERSCHENEN' }],
      });
      await sendEvent(handle, { type: 'MB_RAPPORTAGE', occurredOn: today, status: 'AANDACHT_NODIG' });
      await sendEvent(handle, { type: 'VERZUIM', occurredOn: today, kind: 'LES', hours: 4 });
      await handle.executeUpdate(recordVerzuimUpdate, { args: [{ date: today, kind: 'PARTICIPATIE', hours: 4 }] });
      await settled(handle, calls);
      expect(tasksOfType(calls, 'VOORTGANG_OPVOLGEN')).toEqual([
        expect.objectContaining({ dueDate: addDays(today, 14), audience: 'CONSULENT' }),
      ]);
      expect(tasksOfType(calls, 'MB_AANDACHT_NODIG')).toHaveLength(1);
      expect(tasksOfType(calls, 'VERZUIM_OPVOLGEN')).toHaveLength(1);
    });
  });

  it('a handhaving decision closes the proposal task and records the monitor event through the activities', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false }),
      );
      await throughPip(handle, today);
      const proposal = await handle.executeUpdate(proposeHandhavingUpdate, {
        args: [{ date: today, reason: 'PIP_AFSPRAKEN_NIET_NAGEKOMEN' }],
      });
      expect(
        await refusalOf(
          handle.executeUpdate(recordHandhavingBesluitUpdate, {
            args: [{ date: today, besluit: 'BOETE', bedragCent: 100 }],
          }),
        ),
      ).toBe('BOETE_ZONDER_WAARSCHUWING');
      await handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [{ date: today, besluit: 'WAARSCHUWING' }] });
      await settled(handle, calls);
      expect(calls.closedTasks.map((task) => task.key)).toContain(proposal.taskKey);
      expect(calls.monitor.filter((event) => event.type === 'HANDHAVING_BESLOTEN')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ soort: 'WAARSCHUWING', datum: today }) }),
      ]);
    });
  });

  it('the end of the termijn without the obligation met puts a TERMIJN_VERSTREKEN_BEOORDELEN task in the werkvoorraad', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const today = await envToday(env);
      const end = addDays(today, 10);
      const handle = await startTrajectory(
        harness,
        taskQueue,
        baseInput({
          startPhase: 'LEERROUTE',
          existing: {
            currentPip: { dagtekening: addDays(today, -900), leerroute: 'B1', level: 'B1', alfabetisering: false },
            termijnEnd: end,
            leerrouteStart: addDays(today, -890),
          },
        }),
      );
      await sleepUntil(env, addDays(end, -1));
      await settled(handle, calls);
      expect(tasksOfType(calls, 'TERMIJN_VERSTREKEN_BEOORDELEN')).toHaveLength(0);
      await sleepUntil(env, end);
      await settled(handle, calls);
      expect(tasksOfType(calls, 'TERMIJN_VERSTREKEN_BEOORDELEN')).toEqual([
        expect.objectContaining({ dueDate: addDays(end, 14) }),
      ]);
      expect(calls.monitor.map((event) => event.type)).toContain('TERMIJN_VERSTREKEN');
    });
  });

  it('the machtiging is asked on the first day: its task is created before any partner message waits', async () => {
    await withWorker(harness, async ({ taskQueue, calls }) => {
      const handle = await startTrajectory(harness, taskQueue, baseInput());
      await settled(handle, calls);
      expect(tasksOfType(calls, 'MACHTIGING_VASTLEGGEN')).toHaveLength(1);
      expect((await view(handle)).phase).toBe('KOPPELING');
      expect(calls.outbound.filter((message) => message.recipientKind !== 'DUO')).toEqual([]);
    });
  });
});
