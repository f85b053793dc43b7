import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trajectoryWorkflowId } from '../../src/workflows/trajectory/messages';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const startBody = (bsn: string) => ({
  bsn,
  naam: 'Test Persoon',
  geboortedatum: '1990-01-01',
  targetGroup: 'asielstatushouder',
  onBijstand: true,
  dates: { koppeling: '2026-01-05', inschrijving: '2026-02-01' },
});

describe('vertical slice: start a trajectory', () => {
  it('starts a workflow, answers its query, projects the row, and a repeated POST starts no second workflow', async () => {
    const bsn = testBsn(1);
    const first = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    const id = first.body.trajectoryId as string;
    expect(id).not.toContain(bsn);
    expect(first.body.workflowId).toBe(trajectoryWorkflowId(id));

    const again = await request(h.app).post('/trajectories').set(h.auth('consulent', 'altena')).send(startBody(bsn));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ trajectoryId: id, created: false });

    const dossier = await request(h.app).get(`/trajectories/${id}`).set(h.auth('consulent', 'altena'));
    expect(dossier.status).toBe(200);
    expect(dossier.body.source).toBe('workflow');
    expect(dossier.body.view).toMatchObject({ trajectoryId: id, gemeente: 'altena', targetGroup: 'asielstatushouder' });

    const person = await h.db.prisma.person.findUniqueOrThrow({ where: { trajectoryId: id } });
    expect(person.bsn).toBe(bsn);
    await expect
      .poll(async () => (await h.db.prisma.trajectory.findUnique({ where: { id } }))?.stateVersion ?? 0, {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);

    const runs = [];
    for await (const run of h.client.workflow.list({ query: `WorkflowId = '${trajectoryWorkflowId(id)}'` }))
      runs.push(run);
    expect(runs).toHaveLength(1);
  });

  it('keeps personal data out of workflow history', async () => {
    const bsn = testBsn(2);
    const res = await request(h.app).post('/trajectories').set(h.auth('consulent', 'drimmelen')).send(startBody(bsn));
    const history = await h.client.workflow.getHandle(res.body.workflowId).fetchHistory();
    const raw = JSON.stringify(history);
    expect(raw).not.toContain(bsn);
    expect(raw).not.toContain(Buffer.from(bsn).toString('base64'));
  });

  it('refuses a start in another gemeente (403) and an invalid BSN (422 naming the field)', async () => {
    const other = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({ ...startBody(testBsn(3)), gemeente: 'drimmelen' });
    expect(other.status).toBe(403);
    const invalid = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send({ ...startBody('123456789'), targetGroup: 'x' });
    expect(invalid.status).toBe(422);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.bsn', 'body.targetGroup']);
  });
});

describe('decisions', () => {
  it('records warme overdracht and refuses an illegal step with 409 and the workflow reason', async () => {
    const res = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'oosterhout'))
      .send(startBody(testBsn(4)));
    const id = res.body.trajectoryId as string;
    const pip = await request(h.app)
      .post(`/trajectories/${id}/decisions/pip-bijstelling`)
      .set(h.auth('consulent', 'oosterhout'))
      .send({ dagtekening: '2026-03-01', leerroute: 'B1', level: 'B1', alfabetisering: false });
    expect(pip.status).toBe(409);
    expect(pip.body.code).toBe('CONFLICT');
    expect(typeof pip.body.reason).toBe('string');
    expect(pip.body.detail.length).toBeGreaterThan(5);

    const ok = await request(h.app)
      .post(`/trajectories/${id}/decisions/warme-overdracht`)
      .set(h.auth('consulent', 'oosterhout'))
      .send({ date: '2026-02-10', form: 'VIDEO', backgroundHandedOver: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.result.decisions.some((d: { kind: string }) => d.kind === 'WARME_OVERDRACHT')).toBe(true);
    const audit = await h.db.prisma.auditLog.findFirst({ where: { trajectoryId: id, action: 'WARME_OVERDRACHT' } });
    expect(audit?.actorId).toBe('consulent@oosterhout');
  });

  it('stores brede-intake notes only in PostgreSQL, never in the workflow', async () => {
    const res = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'geertruidenberg'))
      .send({ ...startBody(testBsn(5)), targetGroup: 'gezinsmigrant' });
    const id = res.body.trajectoryId as string;
    const leefgebieden = Object.fromEntries(
      [
        'leerbaarheid',
        'opleiding',
        'werkervaring',
        'praktische_vaardigheden',
        'werknemersvaardigheden',
        'taalniveau',
        'motivatie_interesses',
        'zelfredzaamheid',
        'digitale_vaardigheden',
        'gezinssituatie',
        'fysieke_gezondheid',
        'mentale_gezondheid',
        'sociaal_netwerk',
      ].map((k) => [k, true]),
    );
    const secret = 'rugklachten-geheime-notitie';
    const intake = await request(h.app)
      .post(`/trajectories/${id}/decisions/brede-intake`)
      .set(h.auth('consulent', 'geertruidenberg'))
      .send({
        date: '2026-02-15',
        leefgebieden,
        leerbaarheidstoets: 'B1_HAALBAAR',
        notes: [{ leefgebied: 'fysieke_gezondheid', text: secret }],
      });
    expect(intake.status, JSON.stringify(intake.body)).toBe(200);
    expect(await h.db.prisma.intakeNote.count({ where: { trajectoryId: id } })).toBe(1);
    const history = JSON.stringify(await h.client.workflow.getHandle(res.body.workflowId).fetchHistory());
    expect(history).not.toContain(secret);
  });
});

describe('dossier fallback', () => {
  it('answers from the projection when the workflow does not answer in time', async () => {
    const res = await request(h.app)
      .post('/trajectories')
      .set(h.auth('consulent', 'altena'))
      .send(startBody(testBsn(6)));
    const id = res.body.trajectoryId as string;
    await expect
      .poll(async () => (await h.db.prisma.trajectory.findUnique({ where: { id } }))?.stateVersion ?? 0, {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    const dead = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 300 }) });
    const app = h.appWith({ temporal: dead, timeouts: { queryMs: 300 } });
    const dossier = await request(app).get(`/trajectories/${id}`).set(h.auth('consulent', 'altena'));
    expect(dossier.status).toBe(200);
    expect(dossier.body.source).toBe('projection');
    expect(dossier.body.view?.trajectoryId).toBe(id);
  });
});
