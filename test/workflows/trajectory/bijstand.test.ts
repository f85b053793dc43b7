/**
 * Bijstand as a fact that changes, and ontzorgen following it (framework 4.4): the consulent's
 * decision and the income department's events (partner kind INKOMEN).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../../src/domain/dates';
import { DEFAULT_VASTE_LASTEN_CENT } from '../../../src/domain/ontzorgen';
import { DEFAULT_POLICY } from '../../../src/domain/types';
import { monitorEventProblems } from '../../../src/domain/monitor-events';
import {
  closeTrajectoryUpdate,
  recordBijstandUpdate,
  recordOntzorgenEvaluatieUpdate,
  type BijstandInput,
} from '../../../src/workflows/trajectory/messages';
import {
  addDays,
  baseInput,
  refusalOf,
  sendEvent,
  tasksOfType,
  view,
  type RecordedCalls,
  type TrajectoryHandle,
} from '../support/trajectory';
import { RulesEnv } from './rules-harness';

let rules: RulesEnv;

beforeEach(() => {
  rules = new RulesEnv();
});

const consent = (date: string) => ({
  date,
  scope: ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] as Array<
    'COA' | 'TAALAANBIEDER' | 'MAATSCHAPPELIJKE_BEGELEIDING' | 'ONTZORGEN'
  >,
});
const sent = (calls: RecordedCalls, type: string) => calls.outbound.filter((message) => message.type === type);
const bijstand = (handle: TrajectoryHandle, input: BijstandInput) =>
  handle.executeUpdate(recordBijstandUpdate, { args: [input] });

describe('bijstand unknown at the start (e.g. started by DUO)', () => {
  it('asks the consulent (BIJSTAND_VASTSTELLEN); the answer closes the task', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ onBijstand: false, bijstandOnbekend: true }));
    expect(tasksOfType(calls, 'BIJSTAND_VASTSTELLEN')).toHaveLength(1);
    expect((await view(handle)).bijstand).toEqual({ status: 'ONBEKEND' });

    await bijstand(handle, { soort: 'GEEN', datum: today });
    expect(calls.closedTasks.map((task) => task.key)).toContain(tasksOfType(calls, 'BIJSTAND_VASTSTELLEN')[0]!.key);
    expect((await view(handle)).bijstand).toEqual({ status: 'GEEN' });
    expect(sent(calls, 'ONTZORGEN_START')).toHaveLength(0);
  });

  it('does not ask where bijstand does not change the offer (gezinsmigrant), nor when it is known', async () => {
    const { calls } = rules;
    rules.start(baseInput({ targetGroup: 'gezinsmigrant', onBijstand: false, bijstandOnbekend: true }));
    rules.start(baseInput({ onBijstand: false }));
    rules.start(baseInput({ onBijstand: true }));
    expect(tasksOfType(calls, 'BIJSTAND_VASTSTELLEN')).toHaveLength(0);
  });
});

describe('ontzorgen from the start of the bijstand, six months', () => {
  it('the decision "bijstand gestart" (dated back) starts ontzorgen from that day; the provider gets the fixed costs in cents', async () => {
    const { calls } = rules;
    const today = rules.today;
    const start = addDays(today, -20);
    const handle = rules.start(
      baseInput({ onBijstand: false, bijstandOnbekend: true, existing: { consent: consent(today) } }),
    );
    await bijstand(handle, { soort: 'GESTART', datum: start, vasteLasten: { huur: 61_234, water: 0 } });

    const state = await view(handle);
    expect(state.bijstand).toEqual({ status: 'LOPEND', start });
    expect(state.onBijstand).toBe(true);
    expect(state.modules.ontzorgen).toMatchObject({ start, end: addMonths(start, 6), status: 'LOPEND' });
    expect(sent(calls, 'ONTZORGEN_START')).toEqual([
      expect.objectContaining({
        recipientKind: 'ONTZORGEN',
        payload: {
          start,
          einde: addMonths(start, 6),
          vasteLastenCent: { ...DEFAULT_VASTE_LASTEN_CENT, huur: 61_234, water: 0 },
        },
      }),
    ]);
    expect(state.decisions.at(-1)).toMatchObject({ kind: 'BIJSTAND_VASTGELEGD', date: start });

    // Six months from the bijstand start (not from the decision): the evaluation and the end.
    rules.sleepUntil(addDays(addMonths(start, 6), -1));
    expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(0);
    rules.sleepUntil(addMonths(start, 6));
    expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(1);
    expect(sent(calls, 'ONTZORGEN_EINDE')).toMatchObject([
      { payload: { einde: addMonths(start, 6), reden: 'ZES_MAANDEN_VERSTREKEN' } },
    ]);
  });

  it('amounts not named come from the gemeente policy', async () => {
    const { calls } = rules;
    const today = rules.today;
    const policyCosts = { huur: 70_000, energie: 12_500, water: 1_800, zorgverzekering: 15_900 };
    rules.start(
      baseInput({
        policy: { ...DEFAULT_POLICY, ontzorgenVasteLastenCent: policyCosts },
        existing: { consent: consent(today) },
      }),
    );
    expect(sent(calls, 'ONTZORGEN_START')).toMatchObject([{ payload: { start: today, vasteLastenCent: policyCosts } }]);
  });

  it('started on bijstand with an earlier start: ontzorgen counts from that day; over already: none', async () => {
    const { calls } = rules;
    const today = rules.today;
    const earlier = addDays(today, -45);
    const running = rules.start(baseInput({ bijstandStart: earlier, existing: { consent: consent(today) } }));
    expect((await view(running)).modules.ontzorgen).toMatchObject({ start: earlier, end: addMonths(earlier, 6) });

    const longAgo = addMonths(today, -7);
    const over = rules.start(baseInput({ bijstandStart: longAgo, existing: { consent: consent(today) } }));
    expect((await view(over)).modules.ontzorgen).toBeUndefined();
    expect(sent(calls, 'ONTZORGEN_START')).toHaveLength(1);
  });

  it('leaving bijstand for work ends ontzorgen early: ONTZORGEN_EINDE on the end date, no check-ins or evaluation after', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ existing: { consent: consent(today) } }));
    rules.sleepUntil(addDays(addMonths(today, 2), 5));
    expect(tasksOfType(calls, 'ONTZORGEN_CHECKIN')).toHaveLength(2);
    const einde = addDays(addMonths(today, 2), 3);
    await bijstand(handle, { soort: 'BEEINDIGD', datum: einde, reden: 'WERK' });

    const state = await view(handle);
    expect(state.bijstand).toEqual({ status: 'BEEINDIGD', start: today, einde, reden: 'WERK' });
    expect(state.onBijstand).toBe(false);
    expect(state.modules.ontzorgen).toMatchObject({
      status: 'BEEINDIGD',
      end: einde,
      eindeReden: 'BIJSTAND_BEEINDIGD_WERK',
    });
    expect(sent(calls, 'ONTZORGEN_EINDE')).toMatchObject([
      { recipientKind: 'ONTZORGEN', payload: { einde, reden: 'BIJSTAND_BEEINDIGD_WERK' } },
    ]);
    expect(state.deadlines.find((deadline) => deadline.kind === 'ONTZORGEN_EINDE')).toBeUndefined();
    rules.sleepUntil(addMonths(today, 7));
    expect(tasksOfType(calls, 'ONTZORGEN_CHECKIN')).toHaveLength(2);
    expect(tasksOfType(calls, 'ONTZORGEN_EVALUATIE')).toHaveLength(0);
    expect(sent(calls, 'ONTZORGEN_EINDE')).toHaveLength(1);
  });

  it('a new bijstand after the end does not start ontzorgen a second time', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ existing: { consent: consent(today) } }));
    rules.sleepUntil(addDays(today, 30));
    await bijstand(handle, { soort: 'BEEINDIGD', datum: addDays(today, 20), reden: 'WERK' });
    await bijstand(handle, { soort: 'GESTART', datum: addDays(today, 29) });
    expect((await view(handle)).bijstand).toEqual({ status: 'LOPEND', start: addDays(today, 29) });
    expect(sent(calls, 'ONTZORGEN_START')).toHaveLength(1);
  });
});

describe('refused decisions change nothing', () => {
  it('end before start, a second start, no running bijstand, a future date, a missing reason, a closed trajectory', async () => {
    const today = rules.today;
    const handle = rules.start(baseInput({ bijstandStart: addDays(today, -10) }));
    rules.sleepUntil(addDays(today, 1));
    const before = await view(handle);
    const tomorrow = rules.today;

    expect(await refusalOf(bijstand(handle, { soort: 'BEEINDIGD', datum: addDays(today, -11), reden: 'WERK' }))).toBe(
      'EINDE_VOOR_START',
    );
    expect(await refusalOf(bijstand(handle, { soort: 'GESTART', datum: today }))).toBe('DUBBELE_MELDING');
    expect(await refusalOf(bijstand(handle, { soort: 'GEEN', datum: today }))).toBe('BIJSTAND_LOOPT');
    expect(await refusalOf(bijstand(handle, { soort: 'BEEINDIGD', datum: addDays(tomorrow, 1), reden: 'WERK' }))).toBe(
      'DATUM_IN_TOEKOMST',
    );
    expect(await refusalOf(bijstand(handle, { soort: 'BEEINDIGD', datum: today }))).toBe('ONGELDIGE_INVOER');
    expect(await refusalOf(bijstand(handle, { soort: 'GESTART', datum: today, vasteLasten: { huur: 650.5 } }))).toBe(
      'ONGELDIGE_INVOER',
    );
    expect(await view(handle)).toEqual(before);

    const none = rules.start(baseInput({ onBijstand: false }));
    expect(await refusalOf(bijstand(none, { soort: 'BEEINDIGD', datum: tomorrow, reden: 'WERK' }))).toBe(
      'GEEN_BIJSTAND',
    );
    await none.executeUpdate(closeTrajectoryUpdate, { args: [{ date: tomorrow, reason: 'PLICHT_VERVALLEN' }] });
    expect(await refusalOf(bijstand(none, { soort: 'GESTART', datum: tomorrow }))).toBe('TRAJECT_AFGESLOTEN');
  });
});

describe('the income department (INKOMEN) reports the bijstand', () => {
  it('BIJSTAND_GESTART answers the unknown and starts ontzorgen with its amounts; BIJSTAND_BEEINDIGD for work ends it', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(
      baseInput({ onBijstand: false, bijstandOnbekend: true, existing: { consent: consent(today) } }),
    );
    const start = addDays(today, -3);
    await sendEvent(handle, { type: 'BIJSTAND_GESTART', occurredOn: today, start, vasteLasten: { energie: 9_900 } });
    expect((await view(handle)).bijstand).toEqual({ status: 'LOPEND', start });
    expect(calls.closedTasks).toHaveLength(1);
    expect(sent(calls, 'ONTZORGEN_START')).toMatchObject([
      { payload: { start, vasteLastenCent: { ...DEFAULT_VASTE_LASTEN_CENT, energie: 9_900 } } },
    ]);

    rules.sleepUntil(addDays(today, 40));
    // An end before the start changes nothing (a signal cannot be refused: the timeline says why).
    await sendEvent(handle, {
      type: 'BIJSTAND_BEEINDIGD',
      occurredOn: rules.today,
      einde: addDays(start, -1),
      reden: 'WERK',
    });
    const ignored = await view(handle);
    expect(ignored.bijstand?.status).toBe('LOPEND');
    expect(ignored.timeline.at(-1)?.what).toBe('BIJSTAND_BEEINDIGD:GENEGEERD:EINDE_VOOR_START');

    const einde = addDays(today, 35);
    await sendEvent(handle, { type: 'BIJSTAND_BEEINDIGD', occurredOn: rules.today, einde, reden: 'WERK' });
    expect((await view(handle)).bijstand).toEqual({ status: 'BEEINDIGD', start, einde, reden: 'WERK' });
    expect(sent(calls, 'ONTZORGEN_EINDE')).toMatchObject([{ payload: { einde, reden: 'BIJSTAND_BEEINDIGD_WERK' } }]);
  });

  it('a second start while the bijstand runs is ignored (no second ontzorgen)', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ existing: { consent: consent(today) } }));
    await sendEvent(handle, { type: 'BIJSTAND_GESTART', occurredOn: today, start: today });
    expect((await view(handle)).timeline.at(-1)?.what).toBe('BIJSTAND_GESTART:GENEGEERD:DUBBELE_MELDING');
    expect(sent(calls, 'ONTZORGEN_START')).toHaveLength(1);
  });
});

describe('the evaluation at six months records its outcome', () => {
  it('the ONTZORGEN_EVALUATIE task takes the outcome: in the view, the decision log and the monitor; the task closes', async () => {
    const { calls } = rules;
    const today = rules.today;
    const handle = rules.start(baseInput({ existing: { consent: consent(today) } }));
    const evaluate = (date: string, uitkomst: string) =>
      handle.executeUpdate(recordOntzorgenEvaluatieUpdate, {
        args: [{ date, uitkomst: uitkomst as 'ZELFREDZAAM' }],
      });
    rules.sleepUntil(addMonths(today, 3));
    expect(await refusalOf(evaluate(rules.today, 'ZELFREDZAAM'))).toBe('ONTZORGEN_LOOPT');

    const end = addMonths(today, 6);
    rules.sleepUntil(addDays(end, 3));
    const [task] = tasksOfType(calls, 'ONTZORGEN_EVALUATIE');
    expect(task).toBeDefined();
    expect(await refusalOf(evaluate(rules.today, 'DEELS'))).toBe('ONGELDIGE_INVOER');
    expect(await refusalOf(evaluate(addDays(end, -1), 'SCHULDHULP'))).toBe('EVALUATIE_VOOR_EINDE');
    expect(calls.monitor.filter((event) => event.type === 'ONTZORGEN_GEEVALUEERD')).toHaveLength(0);

    await evaluate(addDays(end, 2), 'BUDGETBEHEER_VERVOLG');
    const state = await view(handle);
    expect(state.modules.ontzorgen?.evaluatie).toEqual({ datum: addDays(end, 2), uitkomst: 'BUDGETBEHEER_VERVOLG' });
    expect(state.decisions.at(-1)).toMatchObject({
      kind: 'ONTZORGEN_GEEVALUEERD',
      details: { uitkomst: 'BUDGETBEHEER_VERVOLG' },
    });
    const recorded = calls.monitor.filter((event) => event.type === 'ONTZORGEN_GEEVALUEERD');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.data).toEqual({
      gemeente: 'oosterhout',
      datum: addDays(end, 2),
      uitkomst: 'BUDGETBEHEER_VERVOLG',
    });
    expect(monitorEventProblems('ONTZORGEN_GEEVALUEERD', recorded[0]!.data as Record<string, unknown>)).toEqual([]);
    expect(calls.closedTasks.map((closed) => closed.key)).toContain(task!.key);

    expect(await refusalOf(evaluate(addDays(end, 3), 'ZELFREDZAAM'))).toBe('DUBBELE_MELDING');
  });

  it('no ontzorgen, nothing to evaluate', async () => {
    const handle = rules.start(baseInput({ onBijstand: false }));
    expect(
      await refusalOf(
        handle.executeUpdate(recordOntzorgenEvaluatieUpdate, {
          args: [{ date: rules.today, uitkomst: 'ZELFREDZAAM' }],
        }),
      ),
    ).toBe('GEEN_ONTZORGEN');
  });
});
