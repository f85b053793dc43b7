/**
 * Cases already running when the service is introduced start at a later phase, with the facts
 * that phase needs. Inconsistent input would leave a workflow waiting forever for a decision
 * that can no longer be taken: it is refused with 422 naming the field, and nothing is stored.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const base = (bsn: string) => ({
  bsn,
  targetGroup: 'asielstatushouder',
  onBijstand: false,
  dates: { inschrijving: '2025-03-01', plichtStart: '2025-02-01', vestiging: '2025-03-01' },
});

async function start(body: object) {
  return request(h.app).post('/trajectories').set(h.auth('consulent', 'oosterhout')).send(body);
}

async function expectRefusedWithoutTrace(response: request.Response, field: string, status = 422) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  expect(await h.db.prisma.person.count({ where: { gemeente: 'oosterhout' } })).toBe(0);
}

describe('starting at a later phase', () => {
  it('refuses LEERROUTE without the PIP in force', async () => {
    await expectRefusedWithoutTrace(
      await start({ ...base(testBsn(501)), startPhase: 'LEERROUTE' }),
      'body.existing.currentPip',
    );
  });

  it('refuses a PIP in force at a phase before the PIP, and a start at AFGEROND', async () => {
    const pip = { dagtekening: '2025-04-01', leerroute: 'Z', level: 'A1', alfabetisering: false };
    await expectRefusedWithoutTrace(
      await start({ ...base(testBsn(502)), startPhase: 'BREDE_INTAKE', existing: { currentPip: pip } }),
      'body.existing.currentPip',
    );
    await expectRefusedWithoutTrace(await start({ ...base(testBsn(503)), startPhase: 'AFGEROND' }), 'body.startPhase');
  });

  it('refuses a PIP in force that DUO would refuse (A2 with the Onderwijsroute): 409 with the rule, like a PIP decision', async () => {
    const pip = { dagtekening: '2025-04-01', leerroute: 'ONDERWIJS', level: 'A2', alfabetisering: false };
    const response = await start({ ...base(testBsn(504)), startPhase: 'LEERROUTE', existing: { currentPip: pip } });
    await expectRefusedWithoutTrace(response, 'body.existing.currentPip', 409);
    expect(response.body.reason).toBe('PIP_A2_MET_ONDERWIJSROUTE');
    expect(response.body.errors[0].message).toMatch(/^PIP_A2_MET_ONDERWIJSROUTE: /);
  });

  it('starts a running Z-route case in the leerroute with its termijn from the first PIP', async () => {
    const pip = { dagtekening: '2025-04-01', leerroute: 'Z', level: 'A1', alfabetisering: true };
    const response = await start({
      ...base(testBsn(505)),
      startPhase: 'LEERROUTE',
      existing: { currentPip: pip, leerrouteStart: '2025-05-01' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    // The first workflow on a cold worker may answer its query after the API's deadline (the
    // dossier then comes from the projection, which has no view yet): wait for the view.
    const read = () =>
      request(h.app).get(`/trajectories/${response.body.trajectoryId}`).set(h.auth('consulent', 'oosterhout'));
    await expect.poll(async () => (await read()).body.view?.phase ?? null, { timeout: 20_000 }).toBe('LEERROUTE');
    const dossier = await read();
    expect(dossier.body.view.phase).toBe('LEERROUTE');
    expect(dossier.body.view.pip.leerroute).toBe('Z');
    expect(dossier.body.view.termijn).toMatchObject({ start: '2025-04-02', end: '2028-04-02' });
  });
});
