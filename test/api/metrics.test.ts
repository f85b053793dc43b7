/**
 * GET /metrics (Prometheus): HTTP requests by route pattern and status, partner events
 * accepted/duplicate/refused, inbox/outbox depth and age and tasks open/overdue per gemeente
 * (read from PostgreSQL at scrape time); protected by METRICS_TOKEN or a loopback bind.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let trajectoryId: string;

beforeAll(async () => {
  h = await createApiHarness();
  const started = await request(h.app)
    .post('/trajectories')
    .set(h.auth('consulent', 'altena'))
    .send({ bsn: testBsn(700), targetGroup: 'asielstatushouder', dates: { inschrijving: '2026-02-01' } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  trajectoryId = started.body.trajectoryId;
  const assigned = await request(h.app)
    .put(`/beheer/trajectories/${trajectoryId}/partners/${h.partnerId('TAALAANBIEDER')}`)
    .set(h.auth('beheerder', 'altena'));
  expect(assigned.status).toBe(204);
});
afterAll(async () => {
  await h?.close();
});

/** The value of one sample line, e.g. `name{a="b"} 3`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    const found = Object.fromEntries(
      [...labelText.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('counts requests by route pattern and status, partner events by result, and reads the queues and tasks', async () => {
    const post = (key: string, hours: number) =>
      request(h.app)
        .post(`/partner/trajectories/${trajectoryId}/events`)
        .set(h.partnerAuth('TAALAANBIEDER'))
        .set('Idempotency-Key', key)
        .send({ type: 'UREN', occurredOn: '2026-03-01', kind: 'LES', hours });
    expect((await post('m-1', 4)).status).toBe(202);
    expect((await post('m-1', 4)).status).toBe(202); // duplicate
    expect((await post('m-1', 8)).status).toBe(409); // same key, other body: refused
    expect((await request(h.app).get(`/trajectories/${trajectoryId}`).set(h.auth('consulent', 'altena'))).status).toBe(
      200,
    );
    expect((await request(h.app).get('/nergens')).status).toBe(404);

    const res = await request(h.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    const kind = 'TAALAANBIEDER';
    expect(sample(text, 'inburgering_partner_events_total', { kind, result: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'inburgering_partner_events_total', { kind, result: 'duplicate' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'inburgering_partner_events_total', { kind, result: 'refused' })).toBeGreaterThanOrEqual(1);
    // Route patterns, never ids (no trajectory id anywhere in the metrics).
    expect(
      sample(text, 'inburgering_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/trajectories/:id',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'inburgering_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/partner/trajectories/:id/events',
        status: '409',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'inburgering_http_request_duration_seconds_count', { route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(trajectoryId);
    // Tasks of the new trajectory (the COA contact task), read from PostgreSQL at scrape time.
    const open = await h.db.prisma.task.count({ where: { gemeente: 'altena', status: 'OPEN' } });
    expect(open).toBeGreaterThan(0);
    expect(sample(text, 'inburgering_tasks_open', { gemeente: 'altena' })).toBe(open);
    expect(sample(text, 'inburgering_tasks_overdue', { gemeente: 'altena' })).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE inburgering_inbox_depth gauge');
    expect(text).toContain('# TYPE inburgering_outbox_oldest_age_seconds gauge');
    expect(text).toContain('inburgering_process_cpu_seconds_total');
  });

  it('an inbox row waiting shows as depth and age', async () => {
    await h.db.prisma.inboxEvent.create({
      data: {
        partnerId: h.partnerId('TAALAANBIEDER'),
        idempotencyKey: 'm-wachtend',
        bodyHash: 'x',
        trajectoryId,
        type: 'UREN',
        payload: {},
        status: 'RECEIVED',
        receivedAt: new Date(Date.now() - 120_000),
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    const deadline = Date.now() + 5_000;
    let text = '';
    // The figures are read at most once a second: wait for a fresh read.
    while (Date.now() < deadline) {
      text = (await request(h.app).get('/metrics')).text;
      if ((sample(text, 'inburgering_inbox_depth', { status: 'RECEIVED' }) ?? 0) >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(sample(text, 'inburgering_inbox_depth', { status: 'RECEIVED' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'inburgering_inbox_oldest_age_seconds', { status: 'RECEIVED' })).toBeGreaterThanOrEqual(100);
  });

  it('with METRICS_TOKEN: 401 with WWW-Authenticate without it, 200 with it', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const app = h.appWith({ config: { ...h.config, METRICS_TOKEN: token } });
    const anonymous = await request(app).get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer verkeerd')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('without a token on a network-facing bind: not exposed (404)', async () => {
    const app = h.appWith({ config: { ...h.config, HOST: '0.0.0.0' } });
    expect((await request(app).get('/metrics')).status).toBe(404);
    expect((await request(app).post('/metrics')).status).toBe(405);
  });
});
