/**
 * Records the histories of representative trajectory runs on the time-skipping test server
 * into test/fixtures/histories/*.json; test/workflows/replay.test.ts replays them so that a
 * non-deterministic change to the workflow fails the build.
 *
 *   npx tsx scripts/record-histories.ts                  # writes <scenario>.json
 *   npx tsx scripts/record-histories.ts --suffix v1-1    # writes <scenario>.v1-1.json
 *
 * Existing files are never overwritten. Until version 1.0.0 nothing runs in production: a
 * change to workflow code deletes the fixtures and records the baseline again. From 1.0.0 on
 * the fixtures stand for running trajectories: a change is guarded with a patch
 * (src/workflows/trajectory/context.ts) and, when it adds behaviour worth replaying, recorded
 * as a new generation under a new suffix next to the older ones.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;
import { addMonths } from '../src/domain/dates';
import { DEFAULT_POLICY } from '../src/domain/types';
import { outboxDeliveryWorkflowId } from '../src/workflows/outbox-delivery/messages';
import {
  bijstellenPipUpdate,
  closeTrajectoryUpdate,
  planOpstartklasUpdate,
  proposeHandhavingUpdate,
  recordBijstandUpdate,
  recordHandhavingBesluitUpdate,
  recordConsentUpdate,
  recordOntzorgenEvaluatieUpdate,
  recordVerwijtbaarheidUpdate,
  recordVoortgangsgesprekUpdate,
  vaststellenPipUpdate,
} from '../src/workflows/trajectory/messages';
import {
  addDays,
  baseInput,
  bundleWorkflows,
  createWorkflowTestEnv,
  envToday,
  eventually,
  sendEvent,
  sleepUntil,
  startTrajectory,
  tasksOfType,
  throughIntake,
  throughPip,
  view,
  withWorker,
  type Harness,
} from '../test/workflows/helpers';

const OUTPUT_DIR = fileURLToPath(new URL('../test/fixtures/histories/', import.meta.url));

type Scenario = (
  harness: Harness,
  taskQueue: string,
  calls: Parameters<Parameters<typeof withWorker>[1]>[0]['calls'],
) => Promise<WorkflowHandle>;

/** Histories of other workflows a scenario wants recorded too (e.g. an outbox delivery child). */
const extraRecordings = new Map<string, string[]>();

const scenarios: Record<string, Scenario> = {
  /**
   * Gezinsmigrant → asielstatushouder (SS125) during the route, a temporary vrijstelling (SS109)
   * and its end (SS130), every outbox message delivered by its child workflow.
   */
  'doelgroep-suspension-and-delivery': async (harness, taskQueue, calls) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({
        trajectoryId: 'fixture-doelgroep',
        targetGroup: 'gezinsmigrant',
        onBijstand: true,
        dates: { inschrijving: today },
        existing: {
          consent: { date: today, scope: ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] },
        },
      }),
    );
    await throughPip(handle, today, { leerroute: 'B1', level: 'B1' });
    const delivered = (count: number) =>
      eventually(() => {
        if (calls.delivered.length < count) throw new Error(`delivered ${calls.delivered.length} of ${count}`);
      });
    await delivered(3); // PIP to DUO, START_PVT, START_MAP
    const talk = addDays(addMonths(today, 3), -14);
    await sleepUntil(env, talk);
    await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: talk, outcome: 'OP_SCHEMA' }] });
    await sendEvent(handle, { eventId: 'd-ss125', type: 'SS125', occurredOn: talk });
    await delivered(6); // + MB aanmelding, ONTZORGEN_START, AANMELDING_LEERROUTE
    const suspended = addDays(talk, 7);
    await sleepUntil(env, suspended);
    await sendEvent(handle, { eventId: 'd-ss109', type: 'SS109', occurredOn: suspended });
    const resumed = addMonths(suspended, 4);
    await sleepUntil(env, resumed);
    await sendEvent(handle, { eventId: 'd-ss130', type: 'SS130', occurredOn: resumed, months: 4 });
    await sleepUntil(env, addDays(resumed, 1));
    await sendEvent(handle, { eventId: 'd-ss106', type: 'SS106', occurredOn: addDays(resumed, 1) });
    await handle.result();
    const pip = calls.outbound.find((message) => message.type === 'PIP_VASTGESTELD');
    if (pip) extraRecordings.set('doelgroep-suspension-and-delivery', [outboxDeliveryWorkflowId(pip.key)]);
    return handle;
  },

  /** Asiel + bijstand, Z-route over three years: consent, ontzorgen, talks, hours, afronding. */
  'z-route-full-three-years': async (harness, taskQueue, calls) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({ trajectoryId: 'fixture-z-route', dates: { inschrijving: today } }),
    );
    await sendEvent(handle, { eventId: 'z-ss139', type: 'SS139', occurredOn: today });
    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ date: today, scope: ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING', 'ONTZORGEN'] }],
    });
    await throughPip(handle, today, { leerroute: 'Z', level: 'A1', alfabetisering: true });
    let day = today;
    for (let quarter = 1; quarter <= 11; quarter++) {
      day = addMonths(today, quarter * 3);
      await sleepUntil(env, day);
      await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: day, outcome: 'OP_SCHEMA' }] });
      await sendEvent(handle, {
        eventId: `z-taal-${quarter}`,
        type: 'UREN',
        occurredOn: day,
        kind: 'TAAL_KNM',
        hours: 75,
      });
      await sendEvent(handle, {
        eventId: `z-part-${quarter}`,
        type: 'UREN',
        occurredOn: day,
        kind: 'PARTICIPATIE',
        hours: 70,
      });
    }
    await sendEvent(handle, { eventId: 'z-pvt', type: 'UREN', occurredOn: day, kind: 'PVT', hours: 12 });
    await sendEvent(handle, { eventId: 'z-map', type: 'UREN', occurredOn: day, kind: 'MAP', hours: 40 });
    await sendEvent(handle, {
      eventId: 'z-pvt-ok',
      type: 'MODULE_AFGEROND',
      occurredOn: day,
      module: 'PVT_ONDERTEKEND',
    });
    await sendEvent(handle, {
      eventId: 'z-map-ok',
      type: 'MODULE_AFGEROND',
      occurredOn: day,
      module: 'MAP_EINDGESPREK',
    });
    await sendEvent(handle, { eventId: 'z-eind', type: 'MODULE_AFGEROND', occurredOn: day, module: 'Z_EINDGESPREK' });
    await eventually(() => {
      if (tasksOfType(calls, 'AFRONDING_BEOORDELEN').length !== 1) throw new Error('not complete yet');
    });
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: day, reason: 'PLICHT_VOLDAAN' }] });
    await handle.result();
    return handle;
  },

  /** PIP deadline warning + escalation, SS139 restart, refused and accepted decisions, SS106. */
  'b1-route-deadlines-and-decisions': async (harness, taskQueue) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({ trajectoryId: 'fixture-b1', dates: { inschrijving: today } }),
    );
    await sleepUntil(env, addDays(today, 60));
    await sendEvent(handle, { eventId: 'b1-ss139', type: 'SS139', occurredOn: addDays(today, 60) });
    await sleepUntil(env, addDays(today, 140));
    const day = addDays(today, 140);
    await throughIntake(handle, day);
    await handle
      .executeUpdate(vaststellenPipUpdate, {
        args: [{ dagtekening: day, leerroute: 'B1', level: 'A2', alfabetisering: false }],
      })
      .catch(() => undefined);
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: day, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    await sendEvent(handle, { eventId: 'b1-dup', type: 'UREN', occurredOn: day, kind: 'LES', hours: 300 });
    await sendEvent(handle, { eventId: 'b1-dup', type: 'UREN', occurredOn: day, kind: 'LES', hours: 300 });
    await handle.executeUpdate(proposeHandhavingUpdate, {
      args: [{ date: day, reason: 'PIP_AFSPRAKEN_NIET_NAGEKOMEN' }],
    });
    await handle.executeUpdate(recordHandhavingBesluitUpdate, { args: [{ date: day, besluit: 'WAARSCHUWING' }] });
    await sendEvent(handle, { type: 'VERZUIM', occurredOn: day, kind: 'LES', hours: 8 });
    await sendEvent(handle, { type: 'MB_RAPPORTAGE', occurredOn: day, status: 'AANDACHT_NODIG' });
    await handle.executeUpdate(bijstellenPipUpdate, {
      args: [{ dagtekening: day, leerroute: 'Z', level: 'A1', alfabetisering: false }],
    });
    await handle
      .executeUpdate(bijstellenPipUpdate, {
        args: [{ dagtekening: day, leerroute: 'B1', level: 'B1', alfabetisering: false }],
      })
      .catch(() => undefined);
    await sendEvent(handle, { eventId: 'b1-ss103', type: 'SS103', occurredOn: day, months: 6 });
    await sleepUntil(env, addMonths(day, 7));
    await sendEvent(handle, { eventId: 'b1-ss106', type: 'SS106', occurredOn: addMonths(day, 7) });
    await handle.result();
    return handle;
  },

  /** Gezinsmigrant with an opstartklas-free route, consent gate and continue-as-new. */
  'gezinsmigrant-continue-as-new': async (harness, taskQueue) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({
        trajectoryId: 'fixture-gezins',
        targetGroup: 'gezinsmigrant',
        onBijstand: false,
        continueAsNewAfterHistoryLength: 75,
      }),
    );
    await throughPip(handle, today, { leerroute: 'B1', level: 'B1' });
    for (let i = 0; i < 12; i++) {
      await sendEvent(handle, { eventId: `g-${i}`, type: 'UREN', occurredOn: today, kind: 'MAP', hours: 5 });
      // One event per workflow task (a burst is applied in one turn): the history reaches the limit.
      await eventually(async () => {
        if ((await view(handle)).modules.hours.MAP !== 5 * (i + 1)) throw new Error('not yet applied');
      });
    }
    await handle.executeUpdate(recordConsentUpdate, { args: [{ date: today, scope: ['TAALAANBIEDER'] }] });
    await sleepUntil(env, addMonths(today, 4));
    await sendEvent(handle, { eventId: 'g-ss110', type: 'SS110', occurredOn: addMonths(today, 4) });
    await eventually(async () => {
      const description = await handle.describe();
      if (description.status.name !== 'COMPLETED') throw new Error('still running');
    });
    return handle;
  },

  /**
   * gemeente → DUO reports of an asielstatushouder in the B1-route: Contactpersoon at start,
   * Inburgeringsaanbod with the leerroute registration, monthly Gevolgde uren and the flush at
   * closing, and the verwijtbaarheid Update in the last two months of the termijn (patch
   * markers: duo-contactpersoon-at-start, duo-inburgeringsaanbod-with-leerroute,
   * duo-gevolgde-uren-monthly).
   */
  'duo-reports-and-verwijtbaarheid': async (harness, taskQueue) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({ trajectoryId: 'fixture-duo-reports', consulentId: 'consulent-9', dates: { inschrijving: today } }),
    );
    await throughPip(handle, today, { leerroute: 'B1', level: 'B1' });
    // The provider's real start: the inburgeringsaanbod to DUO goes out with this date.
    await sendEvent(handle, { eventId: 'd-gestart', type: 'LEERROUTE_GESTART', occurredOn: today });
    await sendEvent(handle, { eventId: 'd-les-1', type: 'UREN', occurredOn: today, kind: 'LES', hours: 60 });
    const nextMonth = addMonths(`${today.slice(0, 7)}-01`, 1);
    await sleepUntil(env, addDays(nextMonth, 2));
    await sendEvent(handle, {
      eventId: 'd-les-2',
      type: 'UREN',
      occurredOn: addDays(nextMonth, 2),
      kind: 'LES',
      hours: 8,
    });
    const end = addMonths(addDays(today, 1), 36);
    const window = addMonths(end, -2);
    await sleepUntil(env, window);
    await handle.executeUpdate(recordVerwijtbaarheidUpdate, {
      args: [{ date: window, mapVerwijtbaar: false, pvtVerwijtbaar: false }],
    });
    await sendEvent(handle, { eventId: 'd-les-3', type: 'UREN', occurredOn: window, kind: 'LES', hours: 4 });
    await sendEvent(handle, { eventId: 'd-ss106', type: 'SS106', occurredOn: window });
    await handle.result();
    return handle;
  },

  /**
   * Bijstand unknown at the start (as after a DUO start): the consulent's decision starts
   * ontzorgen from the bijstand start, check-ins follow, the income department ends the
   * bijstand for work (ontzorgen ends early, then evaluated), then the plicht is withdrawn (SS110).
   */
  'bijstand-and-ontzorgen': async (harness, taskQueue) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({
        trajectoryId: 'fixture-bijstand',
        onBijstand: false,
        bijstandOnbekend: true,
        existing: { consent: { date: today, scope: ['ONTZORGEN'] } },
      }),
    );
    await handle
      .executeUpdate(recordBijstandUpdate, { args: [{ soort: 'BEEINDIGD', datum: today, reden: 'WERK' }] })
      .catch(() => undefined);
    await handle.executeUpdate(recordBijstandUpdate, {
      args: [{ soort: 'GESTART', datum: addDays(today, -5), vasteLasten: { huur: 60_000 } }],
    });
    const einde = addDays(addMonths(today, 2), 10);
    await sleepUntil(env, einde);
    await sendEvent(handle, {
      eventId: 'bs-einde',
      type: 'BIJSTAND_BEEINDIGD',
      occurredOn: einde,
      einde,
      reden: 'WERK',
    });
    await eventually(async () => {
      if ((await view(handle)).modules.ontzorgen?.status !== 'BEEINDIGD') throw new Error('ontzorgen still running');
    });
    await handle.executeUpdate(recordOntzorgenEvaluatieUpdate, { args: [{ date: einde, uitkomst: 'ZELFREDZAAM' }] });
    await sleepUntil(env, addMonths(today, 4));
    await sendEvent(handle, { eventId: 'bs-ss110', type: 'SS110', occurredOn: addMonths(today, 4) });
    await handle.result();
    return handle;
  },

  /** Asiel with an opstartklas that ends into the leerroute, then a move out of the region. */
  'opstartklas-and-move': async (harness, taskQueue) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({ trajectoryId: 'fixture-opstartklas', onBijstand: false }),
    );
    await throughIntake(handle, today);
    await handle.executeUpdate(planOpstartklasUpdate, { args: [{ start: today, end: addMonths(today, 2) }] });
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: today, leerroute: 'Z', level: 'A0', alfabetisering: true }],
    });
    await sleepUntil(env, addMonths(today, 3));
    await sendEvent(handle, { eventId: 'o-ss120', type: 'SS120', occurredOn: addMonths(today, 3), gemeente: 'breda' });
    await handle.result();
    return handle;
  },

  /**
   * A missed voortgangsgesprek (escalation; the cadence goes on from the missed due date), a
   * move to another served gemeente (open tasks re-issued there, consulent cleared), the late
   * talk held (escalations close) and partner messages with the consent snapshot (patches
   * voortgang-cadence-after-missed-talk, transfer-reissues-open-tasks, outbox-consent-snapshot;
   * from v4 with the served gemeenten's policies: transfer-switches-policy).
   */
  'missed-talk-and-transfer': async (harness, taskQueue, calls) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({
        trajectoryId: 'fixture-transfer',
        gemeente: 'oosterhout',
        consulentId: 'consulent-oosterhout',
        onBijstand: false,
        dates: { inschrijving: today },
        policies: {
          oosterhout: { ...DEFAULT_POLICY },
          altena: { ...DEFAULT_POLICY, maxPipBijstellingen: 2, voortgangsgesprekIntervalMonths: 2 },
        },
        existing: { consent: { date: today, scope: ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING'] } },
      }),
    );
    await throughPip(handle, today);
    const due = addMonths(today, 3);
    await sleepUntil(env, addDays(due, 14));
    await eventually(() => {
      if (tasksOfType(calls, 'VOORTGANGSGESPREK_ESCALATIE').length !== 1) throw new Error('no escalation yet');
    });
    const moved = addDays(due, 20);
    await sleepUntil(env, moved);
    await sendEvent(handle, {
      eventId: 't-ss120',
      type: 'SS120',
      occurredOn: moved,
      gemeente: 'altena',
      vestiging: moved,
    });
    await eventually(() => {
      if (tasksOfType(calls, 'VERHUIZING_BEOORDELEN').length !== 1) throw new Error('no transfer yet');
    });
    await handle.executeUpdate(recordVoortgangsgesprekUpdate, { args: [{ date: moved, outcome: 'ACHTERSTAND' }] });
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: moved, reason: 'PLICHT_VERVALLEN' }] });
    await handle.result();
    return handle;
  },

  /**
   * SS109 before the PIP: the PIP deadline warning and escalation pause while the plicht is
   * suspended; after SS130 the overdue PIP escalates, then the PIP is set (patch
   * ss109-pauses-pip-deadline-timers).
   */
  'pip-deadline-suspension': async (harness, taskQueue, calls) => {
    const { env } = harness;
    const today = await envToday(env);
    const handle = await startTrajectory(
      harness,
      taskQueue,
      baseInput({ trajectoryId: 'fixture-pip-suspension', dates: { inschrijving: today } }),
    );
    await throughIntake(handle, today);
    const suspended = addDays(today, 7);
    await sleepUntil(env, suspended);
    await sendEvent(handle, { eventId: 'p-ss109', type: 'SS109', occurredOn: suspended });
    const resumed = addDays(today, 80);
    await sleepUntil(env, resumed);
    await sendEvent(handle, { eventId: 'p-ss130', type: 'SS130', occurredOn: resumed });
    await eventually(() => {
      if (tasksOfType(calls, 'PIP_DEADLINE_ESCALATIE').length !== 1) throw new Error('no escalation yet');
    });
    await handle.executeUpdate(vaststellenPipUpdate, {
      args: [{ dagtekening: resumed, leerroute: 'B1', level: 'B1', alfabetisering: false }],
    });
    await handle.executeUpdate(closeTrajectoryUpdate, { args: [{ date: resumed, reason: 'PLICHT_VERVALLEN' }] });
    await handle.result();
    return handle;
  },
};

/** `.<suffix>` for a later generation, or nothing for the baseline. */
function suffixArgument(): string {
  const { values } = parseArgs({ options: { suffix: { type: 'string' } } });
  if (values.suffix === undefined) return '';
  if (!/^[a-z0-9-]+$/.test(values.suffix)) {
    throw new Error('usage: npx tsx scripts/record-histories.ts [--suffix <v1-1|…>] (lowercase letters, digits, -)');
  }
  return `.${values.suffix}`;
}

function write(file: string, history: proto.temporal.api.history.v1.IHistory): void {
  // Never replace a recorded history: it stands for trajectories running on that code version.
  if (existsSync(file)) throw new Error(`${file} exists already: choose a new --suffix (or, before 1.0.0, delete it)`);
  writeFileSync(file, `${JSON.stringify(historyToObject(history), null, 1)}\n`);
  console.log(`recorded ${file} (${history.events?.length ?? 0} events)`);
}

async function main(): Promise<void> {
  const suffix = suffixArgument();
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const env = await createWorkflowTestEnv();
  try {
    const harness: Harness = { env, bundle: await bundleWorkflows() };
    for (const [name, scenario] of Object.entries(scenarios)) {
      await withWorker(harness, async ({ taskQueue, calls }) => {
        const handle = await scenario(harness, taskQueue, calls);
        // Record every run of the chain (continue-as-new starts a new run with its own history).
        const runs = await collectRuns(harness, handle);
        runs.forEach((history, index) =>
          write(`${OUTPUT_DIR}${name}${runs.length > 1 ? `.run${index + 1}` : ''}${suffix}.json`, history),
        );
        for (const [index, workflowId] of (extraRecordings.get(name) ?? []).entries()) {
          const child = harness.env.client.workflow.getHandle(workflowId);
          await child.result();
          const history = await child.fetchHistory();
          write(`${OUTPUT_DIR}${name}.child${index + 1}${suffix}.json`, history);
        }
      });
    }
  } finally {
    await env.teardown();
  }
}

/** Proto-object form (enums as names, 64-bit ints and bytes as strings); replay reads it with History.fromObject. */
function historyToObject(history: proto.temporal.api.history.v1.IHistory) {
  return temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
  });
}

/** Follows the continue-as-new chain from the first run. */
async function collectRuns(harness: Harness, handle: WorkflowHandle) {
  const histories = [];
  let runId: string | undefined = (handle as WorkflowHandle & { firstExecutionRunId?: string }).firstExecutionRunId;
  while (runId) {
    const history = await harness.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    histories.push(history);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return histories;
}

await main();
