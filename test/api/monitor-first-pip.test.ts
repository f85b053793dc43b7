/**
 * "PIP binnen 10 weken" and time to PIP, exactly, from trajectories the workflow's own rules
 * ran (test/workflows/trajectory/rules-harness.ts) and the projection activity wrote into
 * PostgreSQL — so the figure reads the first PIP's facts the workflow keeps (TrajectoryView
 * .firstPip), also after a later SS139 and a bijstelling moved the running clock.
 *
 * Known outcomes, quarter 2026-Q2 (1 April – 30 June 2026):
 *   oosterhout, clock from inschrijving:
 *     i1  clock 2 Mar, deadline 11 May, PIP 11 May (the deadline day: on time), 70 days
 *     i2  clock 2 Mar, deadline 11 May, PIP 12 May (late), 71 days; then SS139 on 1 Jun and a
 *         bijstelling (the running clock would put the deadline in August)
 *     i3  clock 10 Mar, deadline 19 May, no PIP (late)
 *     o1  taken over with a PIP in force: no deadline in this system, counts nowhere
 *   altena, clock from SS139:
 *     s1  clock 2 Mar, deadline 11 May, PIP 20 Apr, 49 days (on time)
 *     s2  clock 2 Mar, deadline extended (IND information received 7 May) to 21 May, PIP 18 May,
 *         77 days (on time only thanks to the extension)
 *     s3  clock 1 May, deadline 10 Jul (Q3), PIP 10 Jun, 40 days (time to PIP in Q2, on time in Q3)
 *   INSCHRIJVING: 2 PIPs (70, 71): median 70.5, p90 70.9; 1 of 3 on time = 33.3 %
 *   SS139:        3 PIPs (40, 49, 77): median 49, p90 71.4; 2 of 2 on time = 100 %
 *   all:          5 PIPs (40, 49, 70, 71, 77): median 70, p90 74.6; 3 of 5 on time = 60 %
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectionActivities } from '../../src/activities/projection';
import { addDays } from '../../src/domain/dates';
import type { IsoDate } from '../../src/domain/types';
import {
  bijstellenPipUpdate,
  vaststellenPipUpdate,
  verlengPipTermijnUpdate,
  type TrajectoryInput,
} from '../../src/workflows/trajectory/messages';
import { baseInput, sendEvent, throughIntake, view } from '../workflows/support/trajectory';
import { RulesEnv, type RulesRun } from '../workflows/trajectory/rules-harness';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
const START: IsoDate = '2026-03-02';

/** One trajectory run by the rules on its own clock, projected when the script is done. */
async function trajectory(
  id: string,
  input: Partial<TrajectoryInput>,
  script: (run: RulesRun, env: RulesEnv) => Promise<void> = async () => {},
): Promise<void> {
  const env = new RulesEnv(START);
  const run = env.start(baseInput({ trajectoryId: id, ...input }));
  await script(run, env);
  const projection = createProjectionActivities({ prisma: h.db.prisma });
  await projection.projectTrajectory({ workflowId: `trajectory-${id}`, view: await view(run) });
}

async function pipOn(run: RulesRun, env: RulesEnv, dagtekening: IsoDate): Promise<void> {
  if ((await view(run)).phase !== 'PIP') await throughIntake(run, env.today);
  env.sleepUntil(dagtekening);
  await run.executeUpdate(vaststellenPipUpdate, {
    args: [{ dagtekening, leerroute: 'B1', level: 'B1', alfabetisering: false }],
  });
}

beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
  const oosterhout = { gemeente: 'oosterhout' };
  await trajectory('i1', { ...oosterhout, dates: { inschrijving: START } }, (run, env) =>
    pipOn(run, env, '2026-05-11'),
  );
  await trajectory('i2', { ...oosterhout, dates: { inschrijving: START } }, async (run, env) => {
    await pipOn(run, env, '2026-05-12');
    env.sleepUntil('2026-06-01');
    await sendEvent(run, { type: 'SS139', occurredOn: '2026-06-01', clockStart: '2026-06-01' });
    await run.executeUpdate(bijstellenPipUpdate, {
      args: [{ dagtekening: '2026-06-01', leerroute: 'Z', level: 'A1', alfabetisering: true }],
    });
  });
  await trajectory('i3', { ...oosterhout, dates: { inschrijving: '2026-03-10' } }, async (run, env) => {
    await throughIntake(run, env.today);
    env.sleepUntil('2026-06-30');
  });
  await trajectory('o1', {
    ...oosterhout,
    dates: { inschrijving: '2026-03-02' },
    existing: { currentPip: { dagtekening: '2026-04-15', leerroute: 'B1', level: 'B1', alfabetisering: false } },
    startPhase: 'LEERROUTE',
  });
  const altena = { gemeente: 'altena' };
  await trajectory('s1', { ...altena, dates: { ss139: START } }, (run, env) => pipOn(run, env, '2026-04-20'));
  await trajectory('s2', { ...altena, dates: { ss139: START } }, async (run, env) => {
    await throughIntake(run, env.today);
    env.sleepUntil('2026-05-07');
    await run.executeUpdate(verlengPipTermijnUpdate, {
      args: [{ date: '2026-05-07', derde: 'IND', informatieOntvangenOp: '2026-05-07' }],
    });
    await pipOn(run, env, '2026-05-18');
  });
  await trajectory('s3', { ...altena, dates: { ss139: '2026-05-01' } }, (run, env) => pipOn(run, env, '2026-06-10'));
}, 60_000);

afterAll(async () => {
  await h?.close();
});

type Row = Record<string, unknown>;
async function pipTable(auth: { Authorization: string }, periode: string): Promise<Row[]> {
  const res = await request(h.app).get(`/beheer/monitor/cijfers/pip?periode=${periode}`).set(auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { rows: Row[] }).rows;
}
const row = (rows: Row[], gemeente: string, bron: string) =>
  rows.find((r) => r.gemeente === gemeente && r.bron === bron);

describe('PIP within 10 weeks from the first PIP facts the workflow keeps, 2026-Q2', () => {
  it('the projection holds the first PIP deadline, not the clock a later SS139 restarted', async () => {
    const i2 = await h.db.prisma.trajectory.findUniqueOrThrow({ where: { id: 'i2' } });
    expect(i2).toMatchObject({
      pipClockSource: 'INSCHRIJVING',
      firstPipDeadline: new Date('2026-05-11T00:00:00Z'),
      firstPipDagtekening: new Date('2026-05-12T00:00:00Z'),
    });
    expect(addDays(START, 70)).toBe('2026-05-11');
  });

  it('per clock source and for the region, exactly; the deadline day is on time', async () => {
    const rows = await pipTable(h.auth('beheerder', 'regio'), '2026-Q2');
    const inschrijving = {
      pips: 2,
      mediaan_dagen: 70.5,
      p90_dagen: 70.9,
      termijn_afgelopen_of_pip: 3,
      binnen_termijn: 1,
      binnen_termijn_pct: 33.3,
      nog_open: 0,
    };
    const ss139 = {
      pips: 3,
      mediaan_dagen: 49,
      p90_dagen: 71.4,
      termijn_afgelopen_of_pip: 2,
      binnen_termijn: 2,
      binnen_termijn_pct: 100,
      nog_open: 0,
    };
    expect(row(rows, 'oosterhout', 'INSCHRIJVING')).toMatchObject(inschrijving);
    expect(row(rows, 'oosterhout', 'ALLE')).toMatchObject(inschrijving);
    expect(row(rows, 'altena', 'SS139')).toMatchObject(ss139);
    expect(row(rows, 'altena', 'ALLE')).toMatchObject(ss139);
    expect(row(rows, 'regio', 'INSCHRIJVING')).toMatchObject(inschrijving);
    expect(row(rows, 'regio', 'SS139')).toMatchObject(ss139);
    expect(row(rows, 'regio', 'ALLE')).toMatchObject({
      pips: 5,
      mediaan_dagen: 70,
      p90_dagen: 74.6,
      termijn_afgelopen_of_pip: 5,
      binnen_termijn: 3,
      binnen_termijn_pct: 60,
      nog_open: 0,
    });
  });

  it('a first PIP whose deadline falls in the next quarter counts there (s3 in 2026-Q3)', async () => {
    const rows = await pipTable(h.auth('beheerder', 'altena'), '2026-Q3');
    expect(rows.map((r) => r.gemeente)).toEqual(['altena', 'altena', 'altena']);
    expect(row(rows, 'altena', 'SS139')).toMatchObject({
      pips: 0,
      termijn_afgelopen_of_pip: 1,
      binnen_termijn: 1,
      binnen_termijn_pct: 100,
    });
  });
});
