/**
 * A decision sent again with the same Idempotency-Key has one effect (found by `npm run faults`,
 * worker-kill): with the worker down, the API's Update times out (503) but Temporal keeps it and
 * applies it once a worker is back; the client's retry used to be a second Update — a second
 * machtiging, a brede intake refused as "wrong phase". Now the Update's id comes from the key:
 * the retry is the same Update, answered with its result, and audited once.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from '../../src/worker';
import { trajectoryViewQuery, trajectoryWorkflowId } from '../../src/workflows/trajectory/messages';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
let connection: NativeConnection | undefined;

beforeAll(async () => {
  // No worker at first: the Update cannot be answered in time.
  h = await createApiHarness({ withWorker: false, appDeps: { timeouts: { updateMs: 1_500 } } });
});

afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  await connection?.close().catch(() => undefined);
  await h?.close();
});

it('the same decision with the same Idempotency-Key again: applied once, answered, audited once', async () => {
  const started = await request(h.app)
    .post('/trajectories')
    .set(h.auth('consulent', 'altena'))
    .send({ bsn: testBsn(611), targetGroup: 'gezinsmigrant', dates: { inschrijving: '2026-10-01' } });
  expect(started.status).toBe(201);
  const id = started.body.trajectoryId as string;
  const send = () =>
    request(h.app)
      .post(`/trajectories/${id}/decisions/machtiging`)
      .set(h.auth('consulent', 'altena'))
      .set('Idempotency-Key', 'machtiging-1')
      .send({ date: '2026-10-02', scope: ['TAALAANBIEDER'] });

  const first = await send();
  expect(first.status).toBe(503);

  connection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS! });
  worker = await Worker.create({
    connection,
    namespace: h.config.TEMPORAL_NAMESPACE,
    taskQueue: h.config.TEMPORAL_TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
    activities: createActivities({ prisma: h.db.prisma }),
  });
  running = worker.run();

  let again = await send();
  const deadline = Date.now() + 60_000;
  while (again.status === 503 && Date.now() < deadline) again = await send();
  expect(again.status, JSON.stringify(again.body)).toBe(200);
  const third = await send();
  expect(third.status).toBe(200);

  const workflowState = await h.client.workflow.getHandle(trajectoryWorkflowId(id)).query(trajectoryViewQuery);
  const machtigingen = JSON.stringify(workflowState).match(/"kind":"MACHTIGING"/g) ?? [];
  expect(machtigingen).toHaveLength(1);
  const audits = await h.db.prisma.auditLog.count({ where: { trajectoryId: id, action: 'MACHTIGING' } });
  expect(audits).toBe(1);
});
