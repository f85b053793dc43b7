/**
 * The monitor's incremental summaries — open trajectories (MonitorOpenSummary, statement
 * triggers on "Trajectory") and voortgangsgesprek tasks (MonitorTalkSummary, on "Task") —
 * equal, after every kind of change, the same figures computed from the rows themselves: the
 * figures that read them stay exact.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
const d = (date: string) => new Date(`${date}T00:00:00.000Z`);

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

type Sums = Record<string, string>;
/** Non-zero summary rows, and the same sums straight from the trajectories. */
async function both(): Promise<{ summary: Sums; truth: Sums }> {
  // Summed over the slots, as the figures read it.
  const summary = await db.prisma.$queryRaw<Array<{ key: string; sums: string }>>`
    SELECT gemeente || ' ' || begun AS key,
      concat_ws(',', sum(trajecten), sum(pvt), sum(map), sum(knm), sum("hoursTaalKnm"), sum("hoursParticipatie"),
        sum("hoursMap"), sum("hoursPvt")) AS sums
    FROM "MonitorOpenSummary"
    GROUP BY gemeente, begun
    HAVING sum(trajecten) <> 0 OR sum(pvt) <> 0 OR sum(map) <> 0 OR sum(knm) <> 0 OR sum("hoursTaalKnm") <> 0
      OR sum("hoursParticipatie") <> 0 OR sum("hoursMap") <> 0 OR sum("hoursPvt") <> 0`;
  const truth = await db.prisma.$queryRaw<Array<{ key: string; sums: string }>>`
    SELECT gemeente || ' ' || begun AS key,
      concat_ws(',', count(*), count(*) FILTER (WHERE "pvtDone"), count(*) FILTER (WHERE "mapDone"),
        count(*) FILTER (WHERE "knmDone"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"),
        sum("hoursPvt")) AS sums
    FROM (SELECT *, COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun
          FROM "Trajectory" WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) t
    GROUP BY gemeente, begun`;
  const asMap = (rows: Array<{ key: string; sums: string }>) => Object.fromEntries(rows.map((r) => [r.key, r.sums]));
  return { summary: asMap(summary), truth: asMap(truth) };
}

async function expectConsistent(): Promise<Sums> {
  const { summary, truth } = await both();
  expect(summary).toEqual(truth);
  return summary;
}

describe('MonitorOpenSummary', () => {
  it('follows inserts, updates (hours, modules, close, cancel, move, instroom), deletes and truncate', async () => {
    const trajectory = (id: string, gemeente: string, extra: Record<string, unknown> = {}) => ({
      id,
      workflowId: `trajectory-${id}`,
      gemeente,
      targetGroup: 'asielstatushouder',
      phase: 'LEERROUTE',
      stateVersion: 1,
      ...extra,
    });
    await db.prisma.trajectory.createMany({
      data: [
        trajectory('a', 'altena', { instroomOn: d('2026-07-01'), hoursTaalKnm: 10, pvtDone: true }),
        trajectory('b', 'altena', { instroomOn: d('2026-07-01'), hoursMap: 4 }),
        trajectory('c', 'drimmelen', { instroomOn: d('2026-08-01'), knmDone: true }),
        // No instroom day: the Dutch day it was made (23:30 UTC on 31 July is 1 August in summer).
        trajectory('e', 'drimmelen', { createdAt: new Date('2026-07-31T23:30:00.000Z') }),
        trajectory('x', 'oosterhout', { instroomOn: d('2026-07-02'), status: 'CANCELLED' }),
      ],
    });
    expect(await expectConsistent()).toMatchObject({
      'altena 2026-07-01': '2,1,0,0,10,0,4,0',
      'drimmelen 2026-08-01': '2,0,0,1,0,0,0,0',
    });

    await db.prisma.trajectory.update({ where: { id: 'a' }, data: { hoursTaalKnm: 25, mapDone: true } });
    await db.prisma.trajectory.update({ where: { id: 'b' }, data: { closedOn: d('2026-09-01'), status: 'CLOSED' } });
    await db.prisma.trajectory.update({ where: { id: 'c' }, data: { gemeente: 'oosterhout' } });
    await db.prisma.trajectory.update({ where: { id: 'e' }, data: { instroomOn: d('2026-06-15') } });
    await db.prisma.trajectory.update({ where: { id: 'x' }, data: { status: 'ACTIVE' } });
    // A change that moves nothing of the summary (the state only).
    await db.prisma.trajectory.update({ where: { id: 'a' }, data: { stateVersion: 2, state: { any: 1 } } });
    expect(await expectConsistent()).toMatchObject({
      'altena 2026-07-01': '1,1,1,0,25,0,0,0',
      'oosterhout 2026-08-01': '1,0,0,1,0,0,0,0',
      'drimmelen 2026-06-15': '1,0,0,0,0,0,0,0',
      'oosterhout 2026-07-02': '1,0,0,0,0,0,0,0',
    });

    await db.prisma.trajectory.updateMany({ where: { gemeente: 'oosterhout' }, data: { hoursPvt: 3 } });
    await db.prisma.trajectory.update({ where: { id: 'a' }, data: { status: 'CANCELLED' } });
    await db.prisma.trajectory.delete({ where: { id: 'e' } });
    expect(await expectConsistent()).toEqual({
      'oosterhout 2026-08-01': '1,0,0,1,0,0,0,3',
      'oosterhout 2026-07-02': '1,0,0,0,0,0,0,3',
    });

    await db.prisma.$executeRawUnsafe('TRUNCATE "Trajectory" CASCADE');
    expect(await expectConsistent()).toEqual({});
  });
});

describe('summary slots', () => {
  it('two trajectories of one gemeente and day of start whose rows are in different slots do not wait for each other', async () => {
    // Ids whose slot (the row id hashed, migration monitor_summary_slots) differs.
    const slot = async (id: string) =>
      (await db.prisma.$queryRaw<[{ slot: number }]>`SELECT (hashtext(${id}) & 15)::int AS slot`)[0].slot;
    const first = 'slot-a';
    let second = 'slot-b';
    for (let n = 0; (await slot(second)) === (await slot(first)); n++) second = `slot-b${n}`;
    await db.prisma.trajectory.createMany({
      data: [first, second].map((id) => ({
        id,
        workflowId: `trajectory-${id}`,
        gemeente: 'geertruidenberg',
        targetGroup: 'asielstatushouder',
        phase: 'LEERROUTE',
        stateVersion: 1,
        instroomOn: d('2026-09-01'),
      })),
    });
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      // A reports hours for the first and keeps its transaction open (a turn still writing).
      await a.query('BEGIN');
      await a.query(`UPDATE "Trajectory" SET "hoursTaalKnm" = "hoursTaalKnm" + 3 WHERE id = $1`, [first]);
      // B reports hours for the second meanwhile: it must not queue behind A's summary row.
      await b.query(`SET lock_timeout = '3s'`);
      await b.query(`UPDATE "Trajectory" SET "hoursTaalKnm" = "hoursTaalKnm" + 2 WHERE id = $1`, [second]);
      await a.query('COMMIT');
    } finally {
      await a.query('ROLLBACK').catch(() => undefined);
      await Promise.all([a.end(), b.end()]);
    }
    expect(await expectConsistent()).toMatchObject({ 'geertruidenberg 2026-09-01': '2,0,0,0,5,0,0,0' });
  });
});

describe('MonitorTalkSummary', () => {
  /** The voortgang rule as the figure used to compute it from "Task" directly. */
  async function truth(): Promise<Record<string, number>> {
    const rows = await db.prisma.$queryRaw<Array<{ key: string; aantal: bigint }>>`
      SELECT gemeente || ' ' || "dueDate" || ' ' || uitkomst AS key, count(*) AS aantal FROM (
        SELECT gemeente, "dueDate",
          CASE WHEN NOT held THEN (CASE status WHEN 'OPEN' THEN 'OPEN' WHEN 'CLOSED' THEN 'VERVALLEN' ELSE 'ANDERS' END)
               WHEN talk IS NULL THEN 'GEVOERD' WHEN talk <= "dueDate" THEN 'OP_TIJD' ELSE 'TE_LAAT' END AS uitkomst
        FROM (SELECT *, status = 'CLOSED' AND COALESCE(result->>'reden' = 'voortgangsgesprek gevoerd'
                OR result->>'type' = 'VOORTGANGSGESPREK', false) AS held,
                COALESCE((result->'voortgangsgesprek'->>'date')::date,
                  (("closedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS talk
              FROM "Task" WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) t) u
      GROUP BY 1`;
    return Object.fromEntries(rows.map((r) => [r.key, Number(r.aantal)]));
  }
  async function summary(): Promise<Record<string, number>> {
    // Summed over the slots, as the figure reads it.
    const rows = await db.prisma.monitorTalkSummary.groupBy({
      by: ['gemeente', 'dueDate', 'uitkomst'],
      _sum: { aantal: true },
    });
    return Object.fromEntries(
      rows
        .filter((r) => (r._sum.aantal ?? 0) !== 0)
        .map((r) => [`${r.gemeente} ${r.dueDate.toISOString().slice(0, 10)} ${r.uitkomst}`, r._sum.aantal ?? 0]),
    );
  }

  it('follows task inserts, closing (with and without a talk), moves and deletes', async () => {
    await db.prisma.trajectory.create({
      data: {
        id: 't',
        workflowId: 'trajectory-t',
        gemeente: 'altena',
        targetGroup: 'gezinsmigrant',
        phase: 'LEERROUTE',
        stateVersion: 1,
      },
    });
    const task = (key: string, due: string, extra: Record<string, unknown> = {}) => ({
      key,
      trajectoryId: 't',
      gemeente: 'altena',
      type: 'VOORTGANGSGESPREK',
      title: 'Voer het voortgangsgesprek',
      dueDate: d(due),
      ...extra,
    });
    await db.prisma.task.createMany({
      data: [
        task('k1', '2026-08-01'),
        task('k2', '2026-08-01'),
        task('k3', '2026-09-01'),
        task('other', '2026-09-01', { type: 'PIP_OPSTELLEN' }),
      ],
    });
    expect(await summary()).toEqual({ 'altena 2026-08-01 OPEN': 2, 'altena 2026-09-01 OPEN': 1 });

    // Held on the day (closed the next morning, the talk's day recorded), held late (closed
    // 23:30 UTC on 1 Sep = 2 Sep in Amsterdam), closed without a talk, a malformed day.
    await db.prisma.task.update({
      where: { key: 'k1' },
      data: {
        status: 'CLOSED',
        closedAt: new Date('2026-08-02T08:00:00Z'),
        result: { type: 'VOORTGANGSGESPREK', voortgangsgesprek: { date: '2026-08-01' } },
      },
    });
    await db.prisma.task.update({
      where: { key: 'k3' },
      data: {
        status: 'CLOSED',
        closedAt: new Date('2026-09-01T23:30:00Z'),
        result: { reden: 'voortgangsgesprek gevoerd' },
      },
    });
    await db.prisma.task.update({
      where: { key: 'k2' },
      data: { status: 'CLOSED', closedAt: new Date('2026-08-05T08:00:00Z'), result: { reden: 'traject afgesloten' } },
    });
    expect(await summary()).toEqual(await truth());
    expect(await summary()).toEqual({
      'altena 2026-08-01 OP_TIJD': 1,
      'altena 2026-08-01 VERVALLEN': 1,
      'altena 2026-09-01 TE_LAAT': 1,
    });
    await db.prisma.task.update({
      where: { key: 'k1' },
      data: { result: { type: 'VOORTGANGSGESPREK', voortgangsgesprek: { date: 'gisteren' } } },
    });
    expect(await summary()).toMatchObject({ 'altena 2026-08-01 TE_LAAT': 1 });

    await db.prisma.task.updateMany({ where: { trajectoryId: 't' }, data: { gemeente: 'drimmelen' } });
    await db.prisma.task.delete({ where: { key: 'k2' } });
    expect(await summary()).toEqual({ 'drimmelen 2026-08-01 TE_LAAT': 1, 'drimmelen 2026-09-01 TE_LAAT': 1 });
    // Deleting the trajectory deletes its tasks (cascade): the summary follows.
    await db.prisma.trajectory.delete({ where: { id: 't' } });
    expect(await summary()).toEqual({});
  });
});

describe('MonitorOutboxPending', () => {
  async function counts(): Promise<Record<string, number>> {
    // Summed over the slots, as the figure reads it.
    const rows = await db.prisma.monitorOutboxPending.groupBy({
      by: ['gemeente', 'recipient', 'status'],
      _sum: { aantal: true },
    });
    return Object.fromEntries(
      rows
        .filter((r) => (r._sum.aantal ?? 0) !== 0)
        .map((r) => [`${r.gemeente} ${r.recipient} ${r.status}`, r._sum.aantal ?? 0]),
    );
  }
  async function truth(): Promise<Record<string, number>> {
    const rows = await db.prisma.$queryRaw<Array<{ key: string; n: bigint }>>`
      SELECT gemeente || ' ' || recipient || ' ' || status AS key, count(*) AS n FROM "OutboxMessage"
      WHERE gemeente IS NOT NULL
        AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')
      GROUP BY 1`;
    return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]));
  }

  it('follows messages made, delivered, retried, waiting and deleted; the sender gemeente comes from the trajectory', async () => {
    const message = (key: string, trajectoryId: string | null, status = 'PENDING') => ({
      key,
      trajectoryId,
      recipient: 'DUO',
      type: 'PIP_VASTGESTELD',
      status,
    });
    await db.prisma.outboxMessage.createMany({ data: [message('o1', 'u'), message('o2', 'u'), message('o3', null)] });
    // u's row is made after its messages: they get its gemeente then.
    await db.prisma.trajectory.create({
      data: {
        id: 'u',
        workflowId: 'trajectory-u',
        gemeente: 'altena',
        targetGroup: 'gezinsmigrant',
        phase: 'PIP',
        stateVersion: 1,
      },
    });
    expect(await counts()).toEqual({ 'altena DUO PENDING': 2 });
    await db.prisma.outboxMessage.update({ where: { key: 'o1' }, data: { status: 'DELIVERED' } });
    await db.prisma.outboxMessage.update({ where: { key: 'o2' }, data: { status: 'RETRYING' } });
    await db.prisma.outboxMessage.create({ data: message('o4', 'u', 'WACHT_OP_DUO') });
    expect(await counts()).toEqual(await truth());
    expect(await counts()).toEqual({ 'altena DUO RETRYING': 1, 'altena DUO WACHT_OP_DUO': 1 });
    await db.prisma.outboxMessage.deleteMany({ where: { key: { in: ['o2', 'o3'] } } });
    await db.prisma.outboxMessage.update({ where: { key: 'o4' }, data: { status: 'PENDING' } });
    expect(await counts()).toEqual({ 'altena DUO PENDING': 1 });
    expect(await counts()).toEqual(await truth());
  });
});
