/**
 * OpenTelemetry traces (src/observability/tracing.ts) through the real chain: the API's request
 * span → the Temporal client's signal or update → the workflow's handler → the turn's activity,
 * all in one trace, caught by an in-memory exporter behind the privacy filter. The worker and
 * the client are built as the service builds them (createTrajectoryWorker, connectClient).
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { clientTracingInterceptors, startTracing, type Tracing } from '../../src/observability/tracing';
import { connectClient } from '../../src/temporal/connection';
import { createTrajectoryWorker } from '../../src/worker';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let h: ApiHarness;
let worker: Worker;
let running: Promise<void>;
let client: Client;
let app: ApiHarness['app'];
let trajectoryId: string;
const bsn = testBsn(7301);

beforeAll(async () => {
  tracing = (await startTracing({
    serviceName: 'inburgering-test',
    spanProcessor: new SimpleSpanProcessor(exporter),
  }))!;
  h = await createApiHarness({ withWorker: false });
  const address = inject('temporalAddress');
  worker = await createTrajectoryWorker({
    address,
    namespace: h.config.TEMPORAL_NAMESPACE,
    taskQueue: h.config.TEMPORAL_TASK_QUEUE,
    prisma: h.db.prisma,
    config: h.config,
    tracing,
  });
  running = worker.run();
  client = await connectClient({
    address,
    namespace: h.config.TEMPORAL_NAMESPACE,
    interceptors: clientTracingInterceptors(tracing)!,
  });
  app = h.appWith({ temporal: client });

  const started = await request(app)
    .post('/trajectories')
    .set(h.auth('consulent', 'altena'))
    .send({ bsn, naam: 'Tracy Spoor', targetGroup: 'asielstatushouder', dates: { inschrijving: '2026-02-01' } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  trajectoryId = started.body.trajectoryId;
  const assigned = await request(app)
    .put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId('TAALAANBIEDER')}`)
    .set(h.auth('beheerder', 'altena'));
  expect(assigned.status).toBe(204);
  // The start's own trace is complete once its first turn has written the projection.
  await vi.waitFor(() => expect(spansNamed('RunActivity:applyTrajectoryTurn').length).toBeGreaterThan(0), {
    timeout: 60_000,
    interval: 200,
  });
});

afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  await client?.connection.close();
  await h?.close();
  await tracing?.shutdown();
});

function spansNamed(name: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.name === name);
}

/** The spans of one trace, and a function giving a span's chain of parents' names. */
function traceOf(traceId: string) {
  const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const ancestry = (span: ReadableSpan): string[] => {
    const names: string[] = [];
    for (let parent = span.parentSpanId; parent; parent = byId.get(parent)?.parentSpanId) {
      const found = byId.get(parent);
      if (!found) break;
      names.push(found.name);
    }
    return names;
  };
  return { spans, names: spans.map((span) => span.name), ancestry };
}

/** Waits for the request's trace to reach the activity that wrote its effect. */
async function traceOfRequest(spanName: string) {
  await expect.poll(() => spansNamed(spanName).length, { timeout: 10_000 }).toBe(1);
  const traceId = spansNamed(spanName)[0]!.spanContext().traceId;
  // Spans are exported as they finish (the workflow's own spans after its task completes), so
  // wait until the activity's whole chain up to the request has arrived.
  await expect
    .poll(
      () => {
        const trace = traceOf(traceId);
        const activity = trace.spans.find((span) => span.name === 'RunActivity:applyTrajectoryTurn');
        return activity !== undefined && trace.ancestry(activity).at(-1) === spanName;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return traceOf(traceId);
}

function expectNoPersonalData(spans: ReadableSpan[]): void {
  const exported = JSON.stringify(
    spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })),
  );
  expect(exported).not.toContain(bsn);
  expect(exported).not.toContain('Tracy');
  // Route patterns, never the path with the trajectory id.
  expect(exported).not.toContain(`/trajectories/${trajectoryId}`);
  expect(exported).not.toMatch(/url|http\.target|user_agent|client\.address/);
}

describe('one trace from the HTTP request into the workflow and its activities', () => {
  it('a partner event: request → SignalWorkflow → HandleSignal → the turn activity, one trace id', async () => {
    exporter.reset();
    const res = await request(app)
      .post(`/partner/trajectories/${trajectoryId}/events`)
      .set(h.partnerAuth('TAALAANBIEDER'))
      .set('Idempotency-Key', 'trace-uren-1')
      .send({ type: 'UREN', occurredOn: '2026-03-01', kind: 'LES', hours: 4 });
    expect(res.status, JSON.stringify(res.body)).toBe(202);

    const { spans, names, ancestry } = await traceOfRequest('POST /partner/trajectories/:id/events');
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /partner/trajectories/:id/events',
        'SignalWorkflow:partnerEvent',
        'HandleSignal:partnerEvent',
        'RunActivity:applyTrajectoryTurn',
      ]),
    );
    const activity = spans.find((span) => span.name === 'RunActivity:applyTrajectoryTurn')!;
    expect(ancestry(activity)).toEqual(
      expect.arrayContaining(['HandleSignal:partnerEvent', 'SignalWorkflow:partnerEvent']),
    );
    expect(ancestry(activity).at(-1)).toBe('POST /partner/trajectories/:id/events');
    const http = spans.find((span) => span.name === 'POST /partner/trajectories/:id/events')!;
    expect(http.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/partner/trajectories/:id/events',
      'http.response.status_code': 202,
    });
    expectNoPersonalData(spans);
  });

  it('a decision: request → StartWorkflowUpdate → HandleUpdate → the turn activity, one trace id', async () => {
    exporter.reset();
    const res = await request(app)
      .post(`/trajectories/${trajectoryId}/decisions/warme-overdracht`)
      .set(h.auth('consulent', 'altena'))
      .send({ date: '2026-02-10', form: 'VIDEO', backgroundHandedOver: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const route = 'POST /trajectories/:id/decisions/warme-overdracht';
    const { spans, ancestry } = await traceOfRequest(route);
    const activity = spans.find((span) => span.name === 'RunActivity:applyTrajectoryTurn')!;
    const chain = ancestry(activity);
    expect(chain.at(-1)).toBe(route);
    expect(chain.some((name) => name.startsWith('HandleUpdate:'))).toBe(true);
    expect(chain.some((name) => name.startsWith('StartWorkflowUpdate:'))).toBe(true);
    expectNoPersonalData(spans);
  });

  it('a caller that sends a W3C traceparent gets its trace continued', async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await request(app)
      .get(`/trajectories/${trajectoryId}`)
      .set(h.auth('consulent', 'altena'))
      .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    expect(res.status).toBe(200);
    await expect.poll(() => spansNamed('GET /trajectories/:id').length).toBe(1);
    const span = spansNamed('GET /trajectories/:id')[0]!;
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanId).toBe('00f067aa0ba902b7');
  });
});
