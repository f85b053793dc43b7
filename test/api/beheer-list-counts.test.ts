/**
 * The beheer list's counts per filter value: each facet counted with the other filters applied,
 * within the caller's gemeente only, the same whether they come from the database's running
 * summary (no date filter) or from the trajectories themselves (a date filter).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInAmsterdam } from '../../src/domain/today';
import { addDays } from '../../src/domain/dates';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
const far = new Date(`${addDays(todayInAmsterdam(new Date()), 400)}T00:00:00Z`);

beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
  const rows: Array<[string, string, string, string | null, string, string]> = [
    // id, gemeente, phase, leerroute, targetGroup, status
    ['c1', 'altena', 'BREDE_INTAKE', null, 'asielstatushouder', 'ACTIVE'],
    ['c2', 'altena', 'BREDE_INTAKE', null, 'gezinsmigrant', 'ACTIVE'],
    ['c3', 'altena', 'LEERROUTE', 'B1', 'asielstatushouder', 'ACTIVE'],
    ['c4', 'altena', 'LEERROUTE', 'Z', 'asielstatushouder', 'CLOSED'],
    ['c5', 'drimmelen', 'LEERROUTE', 'B1', 'gezinsmigrant', 'ACTIVE'],
    ['c6', 'drimmelen', 'PIP', null, 'asielstatushouder', 'ACTIVE'],
  ];
  await h.db.prisma.trajectory.createMany({
    data: rows.map(([id, gemeente, phase, leerroute, targetGroup, status]) => ({
      id,
      workflowId: `trajectory-${id}`,
      gemeente,
      phase,
      leerroute,
      targetGroup,
      status,
      // Every one within 400 days: the date filter below matches them all.
      pipDeadline: far,
    })),
  });
});
afterAll(async () => {
  await h?.close();
});

type Who = Parameters<ApiHarness['auth']>;
const list = async (who: Who, query = '') => {
  const res = await request(h.app)
    .get(`/beheer/trajectories${query}`)
    .set(h.auth(...who));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { total: number; counts: Record<string, Record<string, number>>; items: unknown[] };
};

describe('beheer list counts', () => {
  it('counts each facet with the other filters applied, a trajectory without leerroute as GEEN', async () => {
    const regio = await list(['beheerder', 'regio'], '?phase=LEERROUTE');
    expect(regio.total).toBe(3);
    expect(regio.counts).toEqual({
      gemeente: { altena: 2, drimmelen: 1 },
      phase: { BREDE_INTAKE: 2, LEERROUTE: 3, PIP: 1 },
      leerroute: { B1: 2, Z: 1 },
      targetGroup: { asielstatushouder: 2, gezinsmigrant: 1 },
    });
    const active = await list(['beheerder', 'regio'], '?status=ACTIEF&targetGroup=asielstatushouder');
    expect(active.total).toBe(3);
    expect(active.counts.leerroute).toEqual({ GEEN: 2, B1: 1 });
    expect(active.counts.gemeente).toEqual({ altena: 2, drimmelen: 1 });
  });

  it('a gemeente beheerder counts only its own gemeente, also in the gemeente facet', async () => {
    const altena = await list(['beheerder', 'altena']);
    expect(altena.total).toBe(4);
    expect(altena.counts.gemeente).toEqual({ altena: 4 });
    expect(altena.counts.phase).toEqual({ BREDE_INTAKE: 2, LEERROUTE: 2 });
  });

  it('counts the same from the summary as from the trajectories (a date filter that matches all)', async () => {
    for (const [who, query] of [
      [['beheerder', 'regio'], '?phase=LEERROUTE'],
      [['beheerder', 'altena'], '?status=ACTIEF'],
      [['beheerder', 'regio'], '?leerroute=B1&gemeente=drimmelen'],
    ] as Array<[Who, string]>) {
      const fromSummary = await list(who, query);
      const fromRows = await list(who, `${query}&deadlineWithinDays=500`);
      expect(fromRows.counts, query).toEqual(fromSummary.counts);
      expect(fromRows.total, query).toBe(fromSummary.total);
    }
  });
});
