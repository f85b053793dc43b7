/**
 * TrajectoryFacetSummary (statement triggers on "Trajectory", migration trajectory_facet_summary)
 * equals, after every kind of change, the same counts taken from the trajectories themselves:
 * the beheer list's facet counts that read it stay exact.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

type Counts = Record<string, number>;
/** Non-zero counts per key, summed over the slots, and the same counted from the trajectories. */
async function both(): Promise<{ summary: Counts; truth: Counts }> {
  const summary = await db.prisma.$queryRaw<Array<{ key: string; n: bigint }>>`
    SELECT concat_ws(' ', gemeente, phase, leerroute, "targetGroup", status) AS key, sum(aantal) AS n
    FROM "TrajectoryFacetSummary" GROUP BY 1 HAVING sum(aantal) <> 0`;
  const truth = await db.prisma.$queryRaw<Array<{ key: string; n: bigint }>>`
    SELECT concat_ws(' ', gemeente, phase, COALESCE(leerroute, ''), "targetGroup", status) AS key, count(*) AS n
    FROM "Trajectory" GROUP BY 1`;
  const asMap = (rows: Array<{ key: string; n: bigint }>) => Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
  return { summary: asMap(summary), truth: asMap(truth) };
}

async function expectConsistent(): Promise<Counts> {
  const { summary, truth } = await both();
  expect(summary).toEqual(truth);
  return summary;
}

const trajectory = (id: string, gemeente: string, extra: Record<string, unknown> = {}) => ({
  id,
  workflowId: `trajectory-${id}`,
  gemeente,
  targetGroup: 'asielstatushouder',
  phase: 'BREDE_INTAKE',
  ...extra,
});

describe('TrajectoryFacetSummary', () => {
  it('follows inserts, upserts, updates of facets and status (and of neither), deletes and truncate', async () => {
    await db.prisma.trajectory.createMany({
      data: [
        trajectory('a', 'altena'),
        trajectory('b', 'altena'),
        trajectory('c', 'drimmelen', { targetGroup: 'gezinsmigrant', phase: 'LEERROUTE', leerroute: 'B1' }),
      ],
    });
    expect(await expectConsistent()).toEqual({
      'altena BREDE_INTAKE  asielstatushouder ACTIVE': 2,
      'drimmelen LEERROUTE B1 gezinsmigrant ACTIVE': 1,
    });

    // The projection's upsert: an insert of a new row and an update of an existing one.
    for (const [id, phase] of [
      ['a', 'PIP'],
      ['d', 'KOPPELING'],
    ] as const) {
      await db.prisma.trajectory.upsert({
        where: { id },
        create: trajectory(id, 'oosterhout', { phase }),
        update: { phase },
      });
    }
    // A change that moves no count (the state only), a leerroute chosen, a trajectory closed.
    await db.prisma.trajectory.update({ where: { id: 'b' }, data: { stateVersion: 2, state: { any: 1 } } });
    await db.prisma.trajectory.update({ where: { id: 'a' }, data: { phase: 'LEERROUTE', leerroute: 'Z' } });
    await db.prisma.trajectory.update({ where: { id: 'c' }, data: { status: 'CLOSED', phase: 'AFGEROND' } });
    expect(await expectConsistent()).toEqual({
      'altena BREDE_INTAKE  asielstatushouder ACTIVE': 1,
      'altena LEERROUTE Z asielstatushouder ACTIVE': 1,
      'drimmelen AFGEROND B1 gezinsmigrant CLOSED': 1,
      'oosterhout KOPPELING  asielstatushouder ACTIVE': 1,
    });

    await db.prisma.trajectory.updateMany({ where: {}, data: { gemeente: 'geertruidenberg' } });
    await db.prisma.trajectory.delete({ where: { id: 'b' } });
    expect(await expectConsistent()).toEqual({
      'geertruidenberg LEERROUTE Z asielstatushouder ACTIVE': 1,
      'geertruidenberg AFGEROND B1 gezinsmigrant CLOSED': 1,
      'geertruidenberg KOPPELING  asielstatushouder ACTIVE': 1,
    });

    await db.prisma.$executeRawUnsafe('TRUNCATE "Trajectory" CASCADE');
    expect(await expectConsistent()).toEqual({});
  });

  it('stays exact under concurrent transactions moving trajectories between the same keys both ways', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `conc-${i}`);
    await db.prisma.trajectory.createMany({
      data: ids.map((id, i) => trajectory(id, 'altena', { phase: i % 2 ? 'PIP' : 'BREDE_INTAKE' })),
    });
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: db.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      // Each client flips the phases of its ten trajectories, two at a time in one statement (as
      // a turn writes its projection in one statement), ten transactions each: the counts of
      // BREDE_INTAKE and PIP change in both directions at once, written in key order.
      await Promise.all(
        clients.map(async (client, c) => {
          const own = ids.slice(c * 10, c * 10 + 10);
          for (let round = 0; round < 10; round++) {
            await client.query('BEGIN');
            await client.query(
              `UPDATE "Trajectory" SET phase = CASE phase WHEN 'PIP' THEN 'BREDE_INTAKE' ELSE 'PIP' END WHERE id = ANY($1)`,
              [own.filter((_, i) => i % 5 === round % 5)],
            );
            await client.query('COMMIT');
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const counts = await expectConsistent();
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(40);
  });
});
