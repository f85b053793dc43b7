/**
 * Property tests (fast-check) of the trajectory's rules, run in memory by the rules harness:
 * for ANY sequence of valid partner events, decisions of people and passing days —
 * - the termijn start never moves on a PIP bijstelling (nor on a later PIP after a move);
 * - hour counters never decrease;
 * - a duplicate event id changes nothing (whatever the body);
 * - a refused decision changes nothing;
 * - a closed trajectory accepts nothing (every decision refused, an event only noted in the
 *   timeline, no task, message or monitor event, no timer);
 * - every deadline in the view is armed as a timer (fired once its day came, pending before),
 *   and no timer fires for a deadline that is not in the view (the reporting of gevolgde uren
 *   to DUO is not a deadline).
 * A failing run prints the shrunk sequence of steps and the seed (`fc.configureGlobal` /
 * FC_SEED reproduce it).
 */
import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { addDays } from '../../../src/domain/dates';
import { isPausedWhileSuspended, type DeadlineKind } from '../../../src/domain/deadlines';
import {
  CLOSE_REASONS,
  EXAM_PARTS,
  HOUR_KINDS,
  LEERBAARHEID_RESULTS,
  LEERROUTES,
  LEVELS,
  TARGET_GROUPS,
  type IsoDate,
} from '../../../src/domain/types';
import {
  bijstellenPipUpdate,
  closeTaskUpdate,
  closeTrajectoryUpdate,
  partnerEventSignal,
  planOpstartklasUpdate,
  recordBredeIntakeUpdate,
  recordVoortgangsgesprekUpdate,
  recordWarmeOverdrachtUpdate,
  vaststellenPipUpdate,
  type PartnerEvent,
  type PipInput,
  type TrajectoryView,
} from '../../../src/workflows/trajectory/messages';
import type { TrajectoryState } from '../../../src/workflows/trajectory/state';
import { scheduledTimers, type TimerItem } from '../../../src/workflows/trajectory/timers';
import { buildView } from '../../../src/workflows/trajectory/view';
import { allLeefgebieden, baseInput, throughIntake, throughPip, type RecordedCalls } from '../support/trajectory';
import { RulesEnv, type RulesRun } from './rules-harness';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

type EventBody = PartnerEvent extends infer E ? (E extends unknown ? Omit<E, 'eventId' | 'occurredOn'> : never) : never;

/** A partner event as any partner may validly send it (occurredOn: days before today). */
const eventBody: fc.Arbitrary<EventBody> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('UREN' as const),
      kind: fc.constantFrom(...HOUR_KINDS),
      hours: fc.integer({ min: 1, max: 160 }).map((q) => q / 4),
      inPersonHours: fc.option(
        fc.integer({ min: 0, max: 160 }).map((q) => q / 4),
        { nil: undefined },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('SS139' as const),
      clockStart: fc.option(fc.constant(undefined), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constantFrom('SS103' as const, 'SS104' as const),
      months: fc.integer({ min: 1, max: 24 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('SS109' as const) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('SS130' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('SS101' as const, 'SS128' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('SS124' as const, 'SS125' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('SS131' as const), result: fc.constantFrom(...LEERBAARHEID_RESULTS) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('SS199' as const),
      part: fc.constantFrom(...EXAM_PARTS),
      level: fc.constantFrom(...LEVELS),
      passed: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('SS120' as const, 'SS121' as const),
      gemeente: fc.constantFrom('oosterhout', 'altena', 'breda'),
      previousLeerroute: fc.option(fc.constantFrom(...LEERROUTES), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('SS106' as const, 'SS107' as const, 'SS108' as const, 'SS110' as const, 'SS111' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('COA_OVERDRACHT' as const), backgroundAvailable: fc.boolean() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('MODULE_AFGEROND' as const),
      module: fc.constantFrom(
        'PVT_ONDERTEKEND' as const,
        'MAP_EINDGESPREK' as const,
        'KNM_EXAMEN' as const,
        'Z_EINDGESPREK' as const,
        'ONDERWIJS_PROGRAMMA' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('MB_RAPPORTAGE' as const),
      status: fc.constantFrom('LOPEND' as const, 'AANDACHT_NODIG' as const, 'AFGEROND' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('ONTZORGEN_STATUS' as const),
      status: fc.constantFrom('GESTART' as const, 'LOPEND' as const, 'GESTOPT' as const, 'AFGEROND' as const),
    }),
  },
) as fc.Arbitrary<EventBody>;

/** Mostly combinations the PIP rules allow, sometimes any (then usually refused). */
const pipChoice = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      { leerroute: 'B1', level: 'B1', alfabetisering: false },
      { leerroute: 'B1', level: 'A2', alfabetisering: false },
      { leerroute: 'ONDERWIJS', level: 'B2', alfabetisering: false },
      { leerroute: 'Z', level: 'A1', alfabetisering: true },
      { leerroute: 'Z', level: 'A2', alfabetisering: false },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      leerroute: fc.constantFrom(...LEERROUTES),
      level: fc.constantFrom(...LEVELS),
      alfabetisering: fc.boolean(),
    }),
  },
);

type Step =
  | { kind: 'advance'; days: number }
  | { kind: 'event'; body: EventBody; daysAgo: number }
  | { kind: 'duplicate'; pick: number; body: EventBody | null }
  | { kind: 'warmeOverdracht' }
  | { kind: 'bredeIntake' }
  | { kind: 'pip'; pip: { leerroute: string; level: string; alfabetisering: boolean } }
  | { kind: 'bijstelling'; pip: { leerroute: string; level: string; alfabetisering: boolean } }
  | { kind: 'voortgang'; outcome: 'OP_SCHEMA' | 'ACHTERSTAND' | 'NIET_VERSCHENEN' }
  | { kind: 'opstartklas'; weeks: number }
  | { kind: 'closeTask'; pick: number }
  | { kind: 'close'; reason: (typeof CLOSE_REASONS)[number] };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 200 }) }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      body: eventBody,
      daysAgo: fc.integer({ min: 0, max: 20 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      pick: fc.nat(),
      body: fc.option(eventBody, { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'warmeOverdracht' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'bredeIntake' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pip' as const), pip: pipChoice }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('bijstelling' as const), pip: pipChoice }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('voortgang' as const),
      outcome: fc.constantFrom('OP_SCHEMA' as const, 'ACHTERSTAND' as const, 'NIET_VERSCHENEN' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('opstartklas' as const), weeks: fc.integer({ min: 1, max: 20 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('closeTask' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('close' as const), reason: fc.constantFrom(...CLOSE_REASONS) }),
  },
);

const scenario = fc.record({
  targetGroup: fc.constantFrom(...TARGET_GROUPS),
  onBijstand: fc.boolean(),
  inschrijvingDaysAgo: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
  consent: fc.boolean(),
  /** Where the sequence begins: at the start, after the brede intake, or with a PIP (and so a termijn). */
  prelude: fc.constantFrom('start' as const, 'intake' as const, 'pip' as const, 'pip' as const),
  steps: fc.array(step, { minLength: 3, maxLength: 50, size: 'medium' }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The whole state as comparable data (effects are always drained between steps). */
const snapshot = (state: TrajectoryState): string => JSON.stringify(state);
/** The state apart from what merely records that something arrived. */
const businessSnapshot = (state: TrajectoryState): string =>
  JSON.stringify({ ...state, timeline: undefined, seenEventIds: undefined, stateVersion: undefined });
const callCounts = (calls: RecordedCalls): string =>
  JSON.stringify([
    calls.tasks.length,
    calls.closedTasks.length,
    calls.monitor.length,
    calls.outbound.length,
    calls.consents.length,
  ]);

/** Independently of timers.ts: the deadline kind a timer is about, and the deadline date it must match. */
function deadlineOfTimer(item: TimerItem): { kind: DeadlineKind; date: IsoDate; before?: boolean } | undefined {
  switch (item.kind) {
    case 'PIP_ESCALATIE':
      return { kind: 'PIP', date: item.about };
    case 'PIP_WAARSCHUWING':
      return { kind: 'PIP_WAARSCHUWING', date: item.date };
    case 'TERMIJN_WAARSCHUWING':
      return { kind: 'TERMIJN_WAARSCHUWING', date: item.date };
    case 'VERWIJTBAAR_VENSTER':
      return { kind: 'VERWIJTBAAR_VENSTER', date: item.date };
    case 'TERMIJN_EINDE':
      return { kind: 'TERMIJN_EINDE', date: item.date };
    case 'ONTZORGEN_EVALUATIE':
      return { kind: 'ONTZORGEN_EINDE', date: item.date };
    case 'ONTZORGEN_CHECKIN':
      return { kind: 'ONTZORGEN_EINDE', date: item.date, before: true };
    case 'VOORTGANGSGESPREK_TAAK':
    case 'VOORTGANGSGESPREK_ESCALATIE':
      return { kind: 'VOORTGANGSGESPREK', date: item.about };
    case 'OPSTARTKLAS_EINDE':
      return { kind: 'OPSTARTKLAS_EINDE', date: item.date };
    case 'GEVOLGDE_UREN':
      return undefined; // a monthly report to DUO, not a deadline
  }
}

function matches(item: TimerItem, deadlines: TrajectoryView['deadlines']): boolean {
  const about = deadlineOfTimer(item);
  if (!about) return true;
  return deadlines.some((d) => d.kind === about.kind && (about.before ? about.date < d.date : d.date === about.date));
}

/** Deadlines that arm a timer now (the plicht's own pause while suspended, src/domain/deadlines.ts). */
function armedDeadlines(view: TrajectoryView): TrajectoryView['deadlines'] {
  return view.deadlines.filter((d) => !(view.status === 'GESCHORST' && isPausedWhileSuspended(d.kind)));
}

class Driver {
  readonly env: RulesEnv;
  readonly run: RulesRun;
  private readonly sent: PartnerEvent[] = [];
  private counter = 0;

  constructor(s: Scenario) {
    this.env = new RulesEnv();
    const today = this.env.today;
    this.run = this.env.start(
      baseInput({
        targetGroup: s.targetGroup,
        onBijstand: s.onBijstand,
        dates: s.inschrijvingDaysAgo === undefined ? {} : { inschrijving: addDays(today, -s.inschrijvingDaysAgo) },
        ...(s.consent
          ? {
              existing: {
                consent: { date: today, scope: ['COA', 'TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] },
              },
            }
          : {}),
      }),
    );
    this.checkTimers();
  }

  async begin(prelude: Scenario['prelude']): Promise<void> {
    if (prelude === 'intake') await throughIntake(this.run, this.env.today);
    if (prelude === 'pip') await throughPip(this.run, this.env.today);
    this.checkTimers();
  }

  get state(): TrajectoryState {
    return this.run.state;
  }

  view(): TrajectoryView {
    return buildView(this.state, this.env.today);
  }

  /** Moves the clock like the workflow's main loop: wakes on each timer day, then on the target day. */
  advance(days: number): void {
    const target = addDays(this.env.today, days);
    for (;;) {
      const next = this.run.nextTimerDate();
      if (!next || next > target) break;
      this.env.today = next;
      this.fire();
    }
    this.env.today = target;
    this.fire();
  }

  private fire(): void {
    const before = this.view();
    const schedule = [...scheduledTimers(this.state)];
    const fired = new Set(this.state.firedTimers);
    this.run.fireDue();
    const after = this.view();
    const items = new Map([...schedule, ...scheduledTimers(this.state)].map((item) => [item.key, item]));
    for (const key of this.state.firedTimers.filter((k) => !fired.has(k))) {
      const item = items.get(key);
      expect(item, `fired timer ${key} is one of the schedule`).toBeDefined();
      if (!item) continue;
      expect(
        matches(item, [...armedDeadlines(before), ...armedDeadlines(after)]),
        `timer ${key} fired on ${this.env.today} for a deadline in the view (${JSON.stringify(before.deadlines)})`,
      ).toBe(true);
    }
    this.checkTimers();
  }

  /** Every deadline in the view is armed: its timer fired once its day came, and is pending before. */
  checkTimers(): void {
    const view = this.view();
    const schedule = scheduledTimers(this.state);
    const fired = new Set(this.state.firedTimers);
    for (const deadline of armedDeadlines(view)) {
      const timers = schedule.filter((item) => matches(item, [deadline]) && deadlineOfTimer(item) !== undefined);
      expect(timers.length, `deadline ${deadline.kind} ${deadline.date} has a timer`).toBeGreaterThan(0);
      for (const timer of timers) {
        if (timer.date <= this.env.today)
          expect(fired.has(timer.key), `timer ${timer.key} due on ${timer.date} fired by ${this.env.today}`).toBe(true);
        else
          expect(fired.has(timer.key), `timer ${timer.key} for ${timer.date} not fired early (${this.env.today})`).toBe(
            false,
          );
      }
    }
  }

  async signal(event: PartnerEvent): Promise<void> {
    await this.run.signal(partnerEventSignal, event);
    this.checkTimers();
  }

  newEvent(body: EventBody, daysAgo: number): PartnerEvent {
    const event = {
      ...body,
      eventId: `prop-${++this.counter}`,
      occurredOn: addDays(this.env.today, -daysAgo),
    } as PartnerEvent;
    this.sent.push(event);
    return event;
  }

  pickSent(pick: number): PartnerEvent | undefined {
    return this.sent.length === 0 ? undefined : this.sent[pick % this.sent.length];
  }

  /** Runs a decision; true when accepted, false when the validator refused it (nothing changed). */
  async decide<I>(def: UpdateDefinition<unknown, [I]>, input: I): Promise<boolean> {
    const before = snapshot(this.state);
    try {
      await this.run.executeUpdate(def, { args: [input] });
    } catch (error) {
      if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      expect(snapshot(this.state), `a refused ${def.name} changes nothing`).toBe(before);
      return false;
    }
    this.checkTimers();
    return true;
  }
}

async function perform(driver: Driver, s: Step): Promise<void> {
  const today = driver.env.today;
  switch (s.kind) {
    case 'advance':
      return driver.advance(s.days);
    case 'event':
      return driver.signal(driver.newEvent(s.body, s.daysAgo));
    case 'duplicate': {
      const earlier = driver.pickSent(s.pick);
      if (!earlier) return;
      // The same id with the same body, or with another body (a partner's mistake): ignored either way.
      const again = (s.body ? { ...s.body, eventId: earlier.eventId, occurredOn: today } : earlier) as PartnerEvent;
      const before = snapshot(driver.state);
      const calls = callCounts(driver.env.calls);
      await driver.signal(again);
      expect(snapshot(driver.state), `duplicate ${earlier.eventId} changes nothing`).toBe(before);
      expect(callCounts(driver.env.calls)).toBe(calls);
      return;
    }
    case 'warmeOverdracht':
      await driver.decide(recordWarmeOverdrachtUpdate, { date: today, form: 'VIDEO', backgroundHandedOver: true });
      return;
    case 'bredeIntake':
      await driver.decide(recordBredeIntakeUpdate, {
        date: today,
        leefgebieden: allLeefgebieden(),
        leerbaarheidstoets: 'B1_HAALBAAR',
      });
      return;
    case 'pip':
    case 'bijstelling': {
      const termijnBefore = driver.state.termijn;
      const firstBefore = driver.state.firstPipDagtekening;
      const input = { dagtekening: today, ...s.pip } as PipInput;
      const accepted =
        s.kind === 'pip'
          ? await driver.decide(vaststellenPipUpdate, input)
          : await driver.decide(bijstellenPipUpdate, input);
      if (accepted && termijnBefore) {
        // Wi art. 11: the termijn runs from the day after the FIRST PIP; a later PIP or a bijstelling never moves it.
        expect(driver.state.termijn?.start).toBe(termijnBefore.start);
        expect(driver.state.termijn?.end).toBe(termijnBefore.end);
        expect(driver.state.firstPipDagtekening).toBe(firstBefore);
      }
      if (accepted && s.kind === 'bijstelling') expect(driver.state.termijn?.start).toBe(termijnBefore?.start);
      return;
    }
    case 'voortgang':
      await driver.decide(recordVoortgangsgesprekUpdate, { date: today, outcome: s.outcome });
      return;
    case 'opstartklas':
      await driver.decide(planOpstartklasUpdate, { start: today, end: addDays(today, 7 * s.weeks) });
      return;
    case 'closeTask': {
      const keys = Object.keys(driver.state.openTasks);
      const taskKey = keys.length === 0 ? 'geen-taak' : (keys[s.pick % keys.length] as string);
      await driver.decide(closeTaskUpdate, { taskKey, date: today });
      return;
    }
    case 'close':
      await driver.decide(closeTrajectoryUpdate, { date: today, reason: s.reason });
      return;
  }
}

describe('trajectory rules: properties over any sequence of partner events and decisions', () => {
  it.prop([scenario], { numRuns: RUNS })(
    'termijn start fixed by the first PIP, hours never decrease, duplicates and refusals change nothing, a closed trajectory accepts nothing, deadlines and timers agree',
    async (s) => {
      const driver = new Driver(s);
      await driver.begin(s.prelude);
      for (const current of s.steps) {
        const hoursBefore = driver.view().modules;
        const wasClosed = driver.state.status === 'AFGESLOTEN';
        const businessBefore = businessSnapshot(driver.state);
        const callsBefore = callCounts(driver.env.calls);

        await perform(driver, current);

        const after = driver.view();
        for (const kind of HOUR_KINDS)
          expect(after.modules.hours[kind]).toBeGreaterThanOrEqual(hoursBefore.hours[kind]);
        expect(after.modules.inPersonLessonHours).toBeGreaterThanOrEqual(hoursBefore.inPersonLessonHours);

        if (wasClosed) {
          // Closed: a decision is refused (checked in decide), an event is only noted in the timeline.
          expect(businessSnapshot(driver.state), `closed trajectory after ${current.kind}`).toBe(businessBefore);
          expect(
            callCounts(driver.env.calls),
            `no task, message or monitor event after closing (${current.kind})`,
          ).toBe(callsBefore);
          expect(after.deadlines).toEqual([]);
        }
      }
    },
    120_000,
  );
});
