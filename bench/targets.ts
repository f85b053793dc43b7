/** The two targets measured in one run: the bare Temporal baseline and the subject (the trajectory workflow). */
import type pg from 'pg';
import { type Client, type WorkflowHandle } from '@temporalio/client';
import { DEFAULT_GEMEENTEN, DEFAULT_POLICY } from '../src/domain/types';
import {
  partnerEventSignal,
  recordConsentUpdate,
  recordWarmeOverdrachtUpdate,
  TRAJECTORY_WORKFLOW_TYPE,
  trajectoryViewQuery,
  trajectoryWorkflowId,
  type TrajectoryInput,
  type TrajectoryView,
  type UrenEvent,
} from '../src/workflows/trajectory/messages';
import {
  baselineDecisionUpdate,
  baselineEventSignal,
  baselineViewQuery,
  type BaselineEvent,
  type BaselineInput,
  type BaselineView,
} from './baseline-workflow';
import { ErrorLog, type Target, isoDaysAgo, now, pool, sleep } from './measure';
import { type Params } from './params';

// --- baseline ----------------------------------------------------------------------------

export function baselineTarget(
  client: Client,
  taskQueue: string,
  expected: { signals: number },
  concurrency: number,
): Target<WorkflowHandle> {
  return {
    name: 'baseline',
    start(id) {
      const input: BaselineInput = { id, expectedSignals: expected.signals };
      return client.workflow.start('baselineWorkflow', {
        taskQueue,
        workflowId: `bench-baseline-${id}`,
        args: [input],
      });
    },
    async signal(handle, id, index) {
      const event: BaselineEvent = {
        eventId: `${id}-uren-${index}`,
        occurredOn: isoDaysAgo(1),
        type: 'UREN',
        kind: 'TAAL_KNM',
        hours: 1,
      };
      await handle.signal(baselineEventSignal, event);
    },
    query: (handle) => handle.query(baselineViewQuery),
    update: (handle) => handle.executeUpdate(baselineDecisionUpdate, { args: [{ date: isoDaysAgo(1) }] }),
    async visible(items, signals) {
      // The bare workflow has no read model: "visible" = its query shows the last event.
      const seen = new Map<string, number>();
      const errors = new ErrorLog();
      await pool(
        items,
        concurrency,
        async ({ id, handle }) => {
          const view: BaselineView = await handle.query(baselineViewQuery);
          if (view.signals >= signals) seen.set(id, now());
        },
        errors,
      );
      if (errors.count > 0 && seen.size === 0) throw new Error(errors.samples[0]);
      return seen;
    },
    async waitDurable(items, deadline) {
      const done = new Map<string, number>();
      const timeout = sleep(Math.max(0, deadline - now())).then(() => 'timeout' as const);
      await Promise.all(
        items.map(async ({ id, handle }) => {
          const outcome = await Promise.race([handle.result().then(() => 'done' as const), timeout]);
          if (outcome === 'done') done.set(id, now());
        }),
      );
      return done;
    },
  };
}

// --- subject -----------------------------------------------------------------------------

/**
 * A valid input as in the workflow tests: a gezinsmigrant starting at the brede intake, or
 * (for the warme-overdracht update, which needs it) an asielstatushouder starting at koppeling.
 */
export function benchTrajectoryInput(trajectoryId: string, updateKind: Params['update'] = 'consent'): TrajectoryInput {
  const asiel = updateKind === 'warme-overdracht';
  return {
    trajectoryId,
    gemeente: DEFAULT_GEMEENTEN[0],
    policy: DEFAULT_POLICY,
    servedGemeenten: [...DEFAULT_GEMEENTEN],
    targetGroup: asiel ? 'asielstatushouder' : 'gezinsmigrant',
    ondertussengroep: false,
    onBijstand: asiel,
    consulentId: 'consulent-bench',
    dates: { inschrijving: isoDaysAgo(14), vestiging: isoDaysAgo(14), plichtStart: isoDaysAgo(14) },
  };
}

/** The columns of the minimal Trajectory row the API writes before it starts the workflow. */
export function benchTrajectoryRow(input: TrajectoryInput) {
  return {
    gemeente: input.gemeente,
    targetGroup: input.targetGroup,
    ondertussengroep: input.ondertussengroep,
    onBijstand: input.onBijstand,
    phase: input.targetGroup === 'asielstatushouder' ? 'KOPPELING' : 'BREDE_INTAKE',
    consulentId: input.consulentId ?? null,
  };
}

export function subjectTarget(
  client: Client,
  taskQueue: string,
  pgClient: pg.Client,
  startPool: pg.Pool,
  updateKind: Params['update'],
): Target<WorkflowHandle> {
  return {
    name: 'subject',
    async start(id) {
      // As the API starts a trajectory (src/api/trajectories/start-trajectory.ts): first the
      // minimal Trajectory row (stateVersion 0; tasks reference it), then the workflow. One
      // plain statement: the load generator's own cost (Prisma's query builder) is not the figure.
      const input = benchTrajectoryInput(id, updateKind);
      const workflowId = trajectoryWorkflowId(id);
      const row = benchTrajectoryRow(input);
      await startPool.query(
        `INSERT INTO "Trajectory" (id, "workflowId", gemeente, "targetGroup", ondertussengroep, "onBijstand", phase, "consulentId", "stateVersion", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, now()) ON CONFLICT DO NOTHING`,
        [
          id,
          workflowId,
          row.gemeente,
          row.targetGroup,
          row.ondertussengroep,
          row.onBijstand,
          row.phase,
          row.consulentId,
        ],
      );
      return client.workflow.start(TRAJECTORY_WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] });
    },
    async signal(handle, id, index) {
      const event: UrenEvent = {
        eventId: `${id}-uren-${index}`,
        occurredOn: isoDaysAgo(1),
        type: 'UREN',
        kind: 'TAAL_KNM',
        hours: 1,
      };
      await handle.signal(partnerEventSignal, event);
    },
    query: (handle) => handle.query(trajectoryViewQuery),
    update(handle): Promise<TrajectoryView> {
      return updateKind === 'consent'
        ? handle.executeUpdate(recordConsentUpdate, {
            args: [{ date: isoDaysAgo(1), scope: ['TAALAANBIEDER', 'DUO'] }],
          })
        : handle.executeUpdate(recordWarmeOverdrachtUpdate, {
            args: [{ date: isoDaysAgo(1), form: 'VIDEO', backgroundHandedOver: true }],
          });
    },
    async visible(items, signals) {
      // The projection row reflects the last event when its timeline names the event id, or
      // (timeline trimmed / hours only) when the summed TAAL_KNM hours reach M.
      return pollProjection(
        pgClient,
        0,
        items.map(({ id }) => ({ id, value: `${id}-uren-${signals - 1}` })),
        `
        SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::text[]) AS p(id, ev) ON t.id = p.id
        WHERE t.state->'timeline' @> jsonb_build_array(jsonb_build_object('eventId', p.ev))
           OR COALESCE((t.state->'modules'->'hours'->>'TAAL_KNM')::numeric, 0) >= ${Number(signals)}`,
      );
    },
    async waitDurable(items, deadline) {
      return pollProjection(
        pgClient,
        deadline,
        items.map(({ id, stateVersion }) => ({ id, value: String(stateVersion) })),
        `
        SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::int[]) AS p(id, v) ON t.id = p.id
        WHERE t."stateVersion" >= p.v`,
      );
    },
  };
}

/** Polls `sql` (params: ids, values) every 20 ms until every id is returned or the deadline passes. */
export async function pollProjection(
  pgClient: pg.Client,
  deadline: number,
  pending: Array<{ id: string; value: string }>,
  sql: string,
): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let rest = pending;
  while (rest.length > 0) {
    const res = await pgClient.query<{ id: string }>(sql, [rest.map((p) => p.id), rest.map((p) => p.value)]);
    const at = now();
    for (const row of res.rows) seen.set(row.id, at);
    rest = rest.filter((p) => !seen.has(p.id));
    if (rest.length === 0 || at >= deadline) break;
    await sleep(20);
  }
  return seen;
}
