/**
 * Operations the werkplek needed and the API now has too: my caseload, search within my
 * gemeente by name / BSN / trajectory id (PostgreSQL only), the werkvoorraad's "mine and
 * unassigned" filter with phase, doelgroep and search, and the dossier's Dutch timeline and
 * partners. Tenancy: nothing of another gemeente, not even in a search.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, testBsn, type ApiHarness } from '../support/api-harness';
import { bsnHash } from '../../src/api/trajectories/pseudonym';
import { sampleView } from '../activities/sample-view';

let h: ApiHarness;
const bsn = testBsn(7301);

async function fixture(
  id: string,
  gemeente: string,
  naam: string,
  personBsn: string,
  consulentId: string | null,
  phase = 'PIP',
) {
  await h.db.prisma.trajectory.create({
    data: {
      id,
      workflowId: `trajectory-${id}`,
      gemeente,
      targetGroup: 'asielstatushouder',
      phase,
      consulentId,
      pipDeadline: new Date('2027-01-15T00:00:00Z'),
      state: sampleView({
        trajectoryId: id,
        stateVersion: 1,
        gemeente,
        phase: phase as never,
        deadlines: [{ kind: 'PIP', date: '2027-01-15', source: 'INSCHRIJVING', daysRemaining: 40 }],
        timeline: [{ on: '2026-11-01', what: 'START:KOPPELING' }],
      }) as never,
    },
  });
  await h.db.prisma.person.create({
    data: { trajectoryId: id, gemeente, bsn: personBsn, bsnHash: bsnHash(h.config.PSEUDONYM_KEY, personBsn), naam },
  });
}

beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
  await fixture('trj_case_a1', 'altena', 'Fatima Zoekmij', bsn, 'consulent@altena');
  await fixture('trj_case_a2', 'altena', 'Yusuf Anders', testBsn(7302), 'collega@altena', 'BREDE_INTAKE');
  await fixture('trj_case_d1', 'drimmelen', 'Fatima Elders', testBsn(7303), 'consulent@drimmelen');
  await h.db.prisma.task.createMany({
    data: [
      {
        key: 'cs-1',
        trajectoryId: 'trj_case_a1',
        gemeente: 'altena',
        type: 'PIP_OPSTELLEN',
        title: 'Stel het PIP op',
        assigneeId: null,
      },
      {
        key: 'cs-2',
        trajectoryId: 'trj_case_a2',
        gemeente: 'altena',
        type: 'BREDE_INTAKE',
        title: 'Brede intake',
        assigneeId: 'consulent@altena',
      },
      {
        key: 'cs-3',
        trajectoryId: 'trj_case_a2',
        gemeente: 'altena',
        type: 'BREDE_INTAKE',
        title: 'Van collega',
        assigneeId: 'collega@altena',
      },
    ],
  });
});
afterAll(async () => {
  await h?.close();
});

describe('GET /caseload', () => {
  it('lists the trajectories I am the consulent of, with phase, next deadline and open tasks', async () => {
    const res = await request(h.app).get('/caseload').set(h.auth('consulent', 'altena'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        trajectoryId: 'trj_case_a1',
        naam: 'Fatima Zoekmij',
        bsnLaatsteCijfers: bsn.slice(-3),
        phase: 'PIP',
        nextDeadline: { kind: 'PIP', date: '2027-01-15' },
        openTasks: 1,
      }),
    ]);
  });

  it('is for consulenten only', async () => {
    expect((await request(h.app).get('/caseload').set(h.auth('beheerder', 'altena'))).status).toBe(403);
  });
});

describe('GET /trajectories?q=', () => {
  it('finds by part of the name, case-insensitive, only in my gemeente', async () => {
    const res = await request(h.app).get('/trajectories?q=fatima').set(h.auth('consulent', 'altena'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { trajectoryId: string }) => i.trajectoryId)).toEqual(['trj_case_a1']);
  });

  it('finds by BSN (elfproef) through the keyed hash, and by trajectory id', async () => {
    const byBsn = await request(h.app).get(`/trajectories?q=${bsn}`).set(h.auth('consulent', 'altena'));
    expect(byBsn.body.items.map((i: { trajectoryId: string }) => i.trajectoryId)).toEqual(['trj_case_a1']);
    const byId = await request(h.app).get('/trajectories?q=trj_case_a2').set(h.auth('consulent', 'altena'));
    expect(byId.body.items.map((i: { naam: string }) => i.naam)).toEqual(['Yusuf Anders']);
  });

  it('leaks nothing of another gemeente: its BSN or id finds nothing; the regional beheerder sees all', async () => {
    const other = await request(h.app)
      .get(`/trajectories?q=${testBsn(7303)}`)
      .set(h.auth('consulent', 'altena'));
    expect(other.body.items).toEqual([]);
    expect(
      (await request(h.app).get('/trajectories?q=trj_case_d1').set(h.auth('consulent', 'altena'))).body.items,
    ).toEqual([]);
    const regio = await request(h.app).get('/trajectories?q=fatima').set(h.auth('beheerder', 'regio'));
    expect(regio.body.items.map((i: { trajectoryId: string }) => i.trajectoryId).sort()).toEqual([
      'trj_case_a1',
      'trj_case_d1',
    ]);
  });

  it('refuses a search of less than 2 characters, in Dutch, naming the field', async () => {
    const res = await request(h.app).get('/trajectories?q=a').set(h.auth('consulent', 'altena'));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'query.q', message: 'Geef minstens 2 tekens om op te zoeken' }]);
  });
});

describe('werkvoorraad filters for the werkplek', () => {
  it('available = my tasks and unassigned ones (not a colleague’s), with name and phase of the trajectory', async () => {
    const res = await request(h.app).get('/tasks?filter=available').set(h.auth('consulent', 'altena'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((t: { key: string }) => t.key).sort()).toEqual(['cs-1', 'cs-2']);
    expect(res.body.items.find((t: { key: string }) => t.key === 'cs-1').trajectory).toEqual({
      naam: 'Fatima Zoekmij',
      phase: 'PIP',
      targetGroup: 'asielstatushouder',
    });
  });

  it('filters on phase and on a search text', async () => {
    const phase = await request(h.app).get('/tasks?phase=BREDE_INTAKE').set(h.auth('consulent', 'altena'));
    expect(phase.body.items.map((t: { key: string }) => t.key).sort()).toEqual(['cs-2', 'cs-3']);
    const q = await request(h.app).get('/tasks?q=zoekmij').set(h.auth('consulent', 'altena'));
    expect(q.body.items.map((t: { key: string }) => t.key)).toEqual(['cs-1']);
  });
});

describe('dossier for people', () => {
  it('has a Dutch timeline (expected deadlines included) and the partners with whether they receive data', async () => {
    await h.db.prisma.partner.create({
      data: { id: 'mb-case', kind: 'MAATSCHAPPELIJKE_BEGELEIDING', name: 'VWN Case' },
    });
    await h.db.prisma.partnerAssignment.create({ data: { partnerId: 'mb-case', trajectoryId: 'trj_case_a1' } });
    const res = await request(h.app).get('/trajectories/trj_case_a1').set(h.auth('consulent', 'altena'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.source).toBe('projection');
    // One status vocabulary: the projection speaks the view's words (ACTIEF, not ACTIVE).
    expect(res.body.projection.status).toBe('ACTIEF');
    expect(res.body.view.status).toBe('ACTIEF');
    expect(res.body.timeline.map((item: { sentence: string }) => item.sentence)).toEqual([
      '1 nov 2026 — Traject gestart in de fase Koppeling en huisvesting',
      '15 jan 2027 — Uiterste datum PIP (10 weken)',
    ]);
    expect(res.body.partners).toEqual([
      { id: 'mb-case', name: 'VWN Case', kind: 'MAATSCHAPPELIJKE_BEGELEIDING', receivesData: false },
    ]);
  });
});
