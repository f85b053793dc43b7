/**
 * The monitor's figures, checked exactly: trajectories, tasks, outbox messages and
 * MonitorEvent rows with known outcomes are written straight into PostgreSQL (as the
 * projection, the workflow and later issues' producers write them), then every figure table
 * is asked through the API. Period 2026-Q3 (1 July – 30 September 2026), all in the past.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type createApp } from '../../src/api/app';
import type { Prisma } from '../../src/generated/prisma/client';
import { createApiHarness, type ApiHarness } from '../support/api-harness';

let h: ApiHarness;
let app: ReturnType<typeof createApp>;
const d = (date: string) => new Date(`${date}T00:00:00.000Z`);

function trajectory(id: string, gemeente: string, facts: Partial<Prisma.TrajectoryCreateManyInput>) {
  return {
    id,
    workflowId: `trajectory-${id}`,
    gemeente,
    targetGroup: 'asielstatushouder',
    phase: 'LEERROUTE',
    stateVersion: 1,
    ...facts,
  } satisfies Prisma.TrajectoryCreateManyInput;
}

beforeAll(async () => {
  h = await createApiHarness({ withWorker: false });
  // Taakstelling and budget for altena (config), the rest default.
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: h.db.url,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    GEMEENTEN: 'altena,drimmelen,geertruidenberg,oosterhout',
    PSEUDONYM_KEY: 'test-pseudonym-key-0123456789',
    GEMEENTE_MONITOR: JSON.stringify({
      altena: { taakstelling: { '2026-H2': 10 }, ondertussengroep: 40, voorzieningenBudgetCent: { '2026': 5_000_000 } },
    }),
  });
  app = h.appWith({ config });
  await h.db.prisma.trajectory.createMany({
    data: [
      // A1: PIP on the deadline day (on time), Z-route, 70 days.
      trajectory('a1', 'altena', {
        instroomOn: d('2026-07-10'),
        pipClockSource: 'SS139',
        pipClockStart: d('2026-07-10'),
        firstPipDeadline: d('2026-09-18'),
        firstPipDagtekening: d('2026-09-18'),
        termijnStart: d('2026-09-19'),
        termijnEnd: d('2029-09-19'),
        leerroute: 'Z',
        pvtDone: true,
        hoursTaalKnm: 100,
        ontzorgenStart: d('2026-08-01'),
        ontzorgenEnd: d('2027-02-01'),
      }),
      // A2: PIP one day late, B1, 71 days, clock from inschrijving.
      trajectory('a2', 'altena', {
        instroomOn: d('2026-07-01'),
        pipClockSource: 'INSCHRIJVING',
        pipClockStart: d('2026-07-01'),
        firstPipDeadline: d('2026-09-09'),
        firstPipDagtekening: d('2026-09-10'),
        leerroute: 'B1',
        hoursTaalKnm: 50,
        ontzorgenStart: d('2026-02-15'),
        ontzorgenEnd: d('2026-08-15'),
      }),
      // A3: deadline after the quarter, no PIP yet; two partner messages held for consent.
      trajectory('a3', 'altena', {
        targetGroup: 'gezinsmigrant',
        phase: 'PIP',
        instroomOn: d('2026-08-01'),
        pipClockSource: 'INSCHRIJVING',
        pipClockStart: d('2026-08-01'),
        firstPipDeadline: d('2026-10-10'),
        heldMessages: 2,
      }),
      // A4: came in during H1; the deadline passed in Q3 without a PIP (late).
      trajectory('a4', 'altena', {
        targetGroup: 'gezinsmigrant',
        phase: 'PIP',
        instroomOn: d('2026-06-20'),
        pipClockSource: 'SS139',
        pipClockStart: d('2026-06-20'),
        firstPipDeadline: d('2026-08-29'),
      }),
      // A5: ondertussengroep (counted apart, commits no money).
      trajectory('a5', 'altena', { ondertussengroep: true, phase: 'BREDE_INTAKE', instroomOn: d('2026-08-15') }),
      // A6: cancelled by a beheerder (started by mistake): counts nowhere.
      trajectory('a6', 'altena', {
        status: 'CANCELLED',
        instroomOn: d('2026-07-05'),
        pipClockSource: 'SS139',
        pipClockStart: d('2026-07-05'),
        firstPipDeadline: d('2026-09-13'),
      }),
      // A7: PIP after 61 days, Onderwijsroute, closed with the plicht met within the termijn at B1.
      trajectory('a7', 'altena', {
        targetGroup: 'overige_migrant',
        phase: 'AFGEROND',
        status: 'CLOSED',
        instroomOn: d('2026-09-30'),
        pipClockSource: 'SS139',
        pipClockStart: d('2026-05-01'),
        firstPipDeadline: d('2026-07-10'),
        firstPipDagtekening: d('2026-07-01'),
        termijnStart: d('2024-07-02'),
        termijnEnd: d('2027-07-02'),
        leerroute: 'ONDERWIJS',
        closeReason: 'PLICHT_VOLDAAN',
        closedOn: d('2026-09-20'),
        examLevel: 'B1',
        pvtDone: true,
      }),
      // Drimmelen: one asiel (PIP after 31 days, deadline in Q4), one gezinsmigrant.
      trajectory('d1', 'drimmelen', {
        instroomOn: d('2026-08-01'),
        pipClockSource: 'SS139',
        pipClockStart: d('2026-08-01'),
        firstPipDeadline: d('2026-10-10'),
        firstPipDagtekening: d('2026-09-01'),
        leerroute: 'B1',
      }),
      trajectory('d2', 'drimmelen', {
        targetGroup: 'gezinsmigrant',
        phase: 'BREDE_INTAKE',
        instroomOn: d('2026-07-15'),
      }),
    ],
  });
  const task = (id: string, due: string, status: string, result: object | null, closedAt?: string) => ({
    key: `t-${id}`,
    trajectoryId: 'a1',
    gemeente: 'altena',
    type: 'VOORTGANGSGESPREK',
    title: 'Voer het voortgangsgesprek',
    dueDate: d(due),
    status,
    ...(result ? { result } : {}),
    ...(closedAt ? { closedAt: new Date(closedAt) } : {}),
  });
  await h.db.prisma.task.createMany({
    data: [
      task('op-tijd', '2026-08-01', 'CLOSED', { reden: 'voortgangsgesprek gevoerd' }, '2026-08-01T10:00:00Z'),
      task(
        'te-laat',
        '2026-09-01',
        'CLOSED',
        { type: 'VOORTGANGSGESPREK', voortgangsgesprek: { date: '2026-09-03', outcome: 'OP_SCHEMA' } },
        '2026-09-03T09:00:00Z',
      ),
      task('open', '2026-09-15', 'OPEN', null),
      task('vervallen', '2026-09-20', 'CLOSED', { reden: 'traject afgesloten' }, '2026-09-20T08:00:00Z'),
      task('q4', '2026-10-01', 'OPEN', null),
    ],
  });
  const event = (key: string, trajectoryId: string, gemeente: string, type: string, data: object, on: string) => ({
    key,
    trajectoryId,
    gemeente,
    type,
    data,
    occurredOn: d(on),
  });
  await h.db.prisma.monitorEvent.createMany({
    data: [
      event(
        'e1',
        'a7',
        'altena',
        'UITSTROOM',
        { datum: '2026-09-20', uitkomst: 'WERK', urenPerWeek: 32 },
        '2026-09-20',
      ),
      event(
        'e2',
        'a2',
        'altena',
        'HANDHAVING_BESLOTEN',
        { datum: '2026-08-01', soort: 'BOETE', bedragCent: 25_000 },
        '2026-08-01',
      ),
      event('e3', 'a4', 'altena', 'HANDHAVING_BESLOTEN', { datum: '2026-09-30', soort: 'WAARSCHUWING' }, '2026-09-30'),
      event(
        'e4',
        'a4',
        'altena',
        'HANDHAVING_BESLOTEN',
        { datum: '2026-10-01', soort: 'BOETE', bedragCent: 80_000 },
        '2026-10-01',
      ),
      event('e5', 'a1', 'altena', 'VOORTGANGSGESPREK_TE_LAAT', { gepland: '2026-09-01' }, '2026-09-01'),
      event(
        'e6',
        'a2',
        'altena',
        'ONTZORGEN_GEEVALUEERD',
        { datum: '2026-08-20', uitkomst: 'ZELFREDZAAM' },
        '2026-08-20',
      ),
      event(
        'e7',
        'a2',
        'altena',
        'ONTHEFFING_VERLEEND',
        { datum: '2026-08-02', grond: 'MED', geheel: false },
        '2026-08-02',
      ),
      event('e8', 'd2', 'drimmelen', 'VERHUISD_UIT', { datum: '2026-09-05', naarGemeente: 'oosterhout' }, '2026-09-05'),
    ],
  });
  const message = (
    key: string,
    trajectoryId: string,
    recipient: string,
    status: string,
    at: string,
    delivered?: string,
  ) => ({
    key,
    trajectoryId,
    recipient,
    type: 'PIP_VASTGESTELD',
    status,
    createdAt: new Date(at),
    ...(delivered ? { deliveredAt: new Date(delivered) } : {}),
  });
  await h.db.prisma.outboxMessage.createMany({
    data: [
      message('m1', 'a1', 'DUO', 'DELIVERED', '2026-08-05T09:00:00Z', '2026-08-05T10:00:00Z'),
      message('m2', 'a2', 'DUO', 'FAILED', '2026-09-01T09:00:00Z'),
      message('m3', 'a2', 'DUO', 'PENDING', '2026-09-29T09:00:00Z'),
      message('m4', 'a3', 'TAALAANBIEDER', 'HELD_NO_CONSENT', '2026-09-10T09:00:00Z'),
      message('m5', 'd1', 'DUO', 'DELIVERED', '2026-10-02T09:00:00Z', '2026-10-02T10:00:00Z'),
      // Waiting until DUO is connected / a language provider is assigned: pending, delivered later.
      message('m6', 'a1', 'DUO', 'WACHT_OP_DUO', '2026-09-02T09:00:00Z'),
      message('m7', 'a3', 'TAALAANBIEDER', 'WACHT_OP_PARTNER', '2026-09-12T09:00:00Z'),
      message('m8', 'd1', 'DUO', 'WACHT_OP_DUO', '2026-10-05T09:00:00Z'),
      // Made while d1 was still in geertruidenberg (before a move): counts for the gemeente that made it.
      { ...message('m9', 'd1', 'DUO', 'PENDING', '2026-09-03T09:00:00Z'), gemeente: 'geertruidenberg' },
      // An e-mail notice to a consulent waiting for the digest: not a partner message.
      { ...message('m11', 'a1', 'CONSULENT', 'PENDING', '2026-09-05T09:00:00Z'), type: 'TAAKMELDING' },
      // Made before its trajectory's row existed: gets the gemeente when the row is made.
      message('m10', 'd3', 'DUO', 'FAILED', '2026-09-04T09:00:00Z'),
    ],
  });
  await h.db.prisma.trajectory.create({
    data: trajectory('d3', 'drimmelen', { status: 'CANCELLED', phase: 'BREDE_INTAKE' }),
  });
  // The database stored each message's sender gemeente (triggers), m10's once d3 was made.
  const stored = await h.db.prisma.outboxMessage.findMany({ select: { key: true, gemeente: true } });
  expect(Object.fromEntries(stored.map((m) => [m.key, m.gemeente]))).toMatchObject({
    m1: 'altena',
    m5: 'drimmelen',
    m9: 'geertruidenberg',
    m10: 'drimmelen',
  });
});
afterAll(async () => {
  await h?.close();
});

const regio = () => h.auth('beheerder', 'regio');
type Table = { id: string; rows: Array<Record<string, unknown>>; columns: Array<{ key: string; header: string }> };

async function figures(auth: { Authorization: string }, query = 'periode=2026-Q3') {
  const res = await request(app).get(`/beheer/monitor/cijfers?${query}`).set(auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { tables: Table[]; gemeenten: string[]; periode: { van: string; tot: string } };
}
const table = (body: { tables: Table[] }, id: string) => body.tables.find((t) => t.id === id)!;
const row = (t: Table, gemeente: string, extra: Record<string, unknown> = {}) =>
  t.rows.find((r) => r.gemeente === gemeente && Object.entries(extra).every(([k, v]) => r[k] === v))!;

describe('figures per gemeente and region, 2026-Q3', () => {
  it('instroom per doelgroep, ondertussengroep apart, against the taakstelling of 2026-H2', async () => {
    const body = await figures(regio());
    expect(body.periode).toMatchObject({ van: '2026-07-01', tot: '2026-09-30' });
    const t = table(body, 'instroom');
    expect(row(t, 'altena')).toMatchObject({
      asielstatushouder: 2,
      gezinsmigrant: 1,
      overige_migrant: 1,
      totaal: 4,
      ondertussengroep: 1,
      ondertussengroep_raming: 40,
      taakstelling_halfjaren: '2026-H2',
      taakstelling: 10,
      gerealiseerd: 2,
      realisatie_pct: 20,
    });
    expect(row(t, 'drimmelen')).toMatchObject({
      asielstatushouder: 1,
      gezinsmigrant: 1,
      totaal: 2,
      taakstelling: null,
    });
    expect(row(t, 'oosterhout')).toMatchObject({ totaal: 0 });
    expect(row(t, 'regio')).toMatchObject({
      asielstatushouder: 3,
      gezinsmigrant: 2,
      overige_migrant: 1,
      totaal: 6,
      ondertussengroep: 1,
      taakstelling: 10,
      gerealiseerd: 3,
      realisatie_pct: 30,
    });
  });

  it('time to PIP (median, p90) and % within 10 weeks by clock source; the deadline day is on time', async () => {
    const t = table(await figures(regio()), 'pip');
    expect(row(t, 'altena', { bron: 'ALLE' })).toMatchObject({
      pips: 3,
      mediaan_dagen: 70,
      p90_dagen: 70.8,
      termijn_afgelopen_of_pip: 4,
      binnen_termijn: 2,
      binnen_termijn_pct: 50,
      nog_open: 0,
    });
    expect(row(t, 'altena', { bron: 'SS139' })).toMatchObject({
      pips: 2,
      mediaan_dagen: 65.5,
      p90_dagen: 69.1,
      termijn_afgelopen_of_pip: 3,
      binnen_termijn: 2,
      binnen_termijn_pct: 66.7,
    });
    expect(row(t, 'altena', { bron: 'INSCHRIJVING' })).toMatchObject({
      pips: 1,
      mediaan_dagen: 71,
      termijn_afgelopen_of_pip: 1,
      binnen_termijn: 0,
      binnen_termijn_pct: 0,
    });
    expect(row(t, 'drimmelen', { bron: 'ALLE' })).toMatchObject({
      pips: 1,
      mediaan_dagen: 31,
      termijn_afgelopen_of_pip: 0,
      binnen_termijn_pct: null,
    });
    expect(row(t, 'regio', { bron: 'ALLE' })).toMatchObject({
      pips: 4,
      mediaan_dagen: 65.5,
      p90_dagen: 70.7,
      termijn_afgelopen_of_pip: 4,
      binnen_termijn: 2,
      binnen_termijn_pct: 50,
    });
    // A deadline in the future without a PIP is still open, not late.
    const future = table(await figures(regio(), 'van=2026-10-01&tot=2026-10-31'), 'pip');
    expect(row(future, 'altena', { bron: 'ALLE' })).toMatchObject({ termijn_afgelopen_of_pip: 1, binnen_termijn: 0 });
  });

  it('route shares against the framework expectation (Onderwijs 5–10 %, B1 30 %, Z 65 %)', async () => {
    const t = table(await figures(regio()), 'leerroutes');
    expect(row(t, 'altena', { leerroute: 'ONDERWIJS' })).toMatchObject({
      aantal: 1,
      aandeel_pct: 33.3,
      verwachting_min_pct: 5,
      verwachting_max_pct: 10,
      afwijking_procentpunt: 23.3,
    });
    expect(row(t, 'altena', { leerroute: 'B1' })).toMatchObject({
      aantal: 1,
      aandeel_pct: 33.3,
      afwijking_procentpunt: 3.3,
    });
    expect(row(t, 'altena', { leerroute: 'Z' })).toMatchObject({ aantal: 1, afwijking_procentpunt: -31.7 });
    expect(row(t, 'regio', { leerroute: 'B1' })).toMatchObject({ aantal: 2, aandeel_pct: 50 });
    expect(row(t, 'oosterhout', { leerroute: 'Z' })).toMatchObject({ aantal: 0, aandeel_pct: null });
  });

  it('voortgang: on time, late (talk date from the result), overdue, lapsed; escalations from the events', async () => {
    const t = table(await figures(regio()), 'voortgang');
    expect(row(t, 'altena')).toEqual({
      gemeente: 'altena',
      gepland: 4,
      gevoerd_op_tijd: 1,
      gevoerd_op_tijd_pct: 25,
      gevoerd_te_laat: 1,
      achterstallig: 1,
      vervallen: 1,
      escalaties: 1,
    });
    expect(row(t, 'regio')).toMatchObject({ gepland: 4, escalaties: 1 });
  });

  it('modules and hours of the trajectories that ran in the period; uitstroom and outcome; route and exam level', async () => {
    const body = await figures(regio());
    expect(row(table(body, 'modules'), 'altena')).toMatchObject({ trajecten: 6, pvt_afgerond: 2, uren_taal_knm: 150 });
    expect(row(table(body, 'modules'), 'regio')).toMatchObject({ trajecten: 8 });
    expect(row(table(body, 'uitstroom'), 'altena')).toMatchObject({
      plicht_voldaan: 1,
      ontheffing: 0,
      totaal: 1,
      uitkomst_werk: 1,
      uitkomst_gem_uren_per_week: 32,
    });
    // A move to another gemeente of the region is outflow of the gemeente the person left.
    expect(row(table(body, 'uitstroom'), 'drimmelen')).toMatchObject({ verhuisd_binnen_regio: 1, totaal: 1 });
    expect(row(table(body, 'uitstroom'), 'regio')).toMatchObject({ totaal: 2, uitkomst_werk: 1 });
    expect(row(table(body, 'uitstroom-route'), 'altena', { leerroute: 'ONDERWIJS' })).toMatchObject({
      afgesloten: 1,
      plicht_voldaan: 1,
      binnen_termijn: 1,
      examen_b1: 1,
    });
  });

  it('handhaving (count and amount in cents, only decisions in the period), ontzorgen, chain', async () => {
    const body = await figures(regio());
    expect(row(table(body, 'handhaving'), 'altena')).toMatchObject({
      waarschuwingen: 1,
      boetes: 1,
      boetebedrag_cent: 25_000,
      ontheffingen: 1,
    });
    expect(row(table(body, 'ontzorgen'), 'altena')).toMatchObject({
      gestart: 1,
      lopend_einde_periode: 1,
      beeindigd: 1,
      evaluatie_zelfredzaam: 1,
    });
    expect(row(table(body, 'keten'), 'altena')).toEqual({
      gemeente: 'altena',
      duo_verzonden: 1,
      duo_geweigerd: 1,
      duo_wachtend: 2,
      partner_wachtend: 1,
      partner_wacht_op_machtiging: 3,
    });
    // d1's WACHT_OP_DUO message was made after the period.
    expect(row(table(body, 'keten'), 'drimmelen')).toMatchObject({
      duo_verzonden: 0,
      duo_geweigerd: 1,
      duo_wachtend: 0,
    });
    expect(row(table(body, 'keten'), 'geertruidenberg')).toMatchObject({ duo_wachtend: 1 });
    expect(row(table(body, 'keten'), 'regio')).toMatchObject({
      duo_verzonden: 1,
      duo_geweigerd: 2,
      duo_wachtend: 3,
      partner_wachtend: 1,
    });
  });

  it("chain over 2026: no waiting message was made after the year, so the database's running counts serve", async () => {
    const keten = table(await figures(regio(), 'periode=2026'), 'keten');
    expect(row(keten, 'altena')).toEqual({
      gemeente: 'altena',
      duo_verzonden: 1,
      duo_geweigerd: 1,
      duo_wachtend: 2,
      partner_wachtend: 1,
      partner_wacht_op_machtiging: 3,
    });
    expect(row(keten, 'drimmelen')).toMatchObject({ duo_verzonden: 1, duo_geweigerd: 1, duo_wachtend: 1 });
    expect(row(keten, 'geertruidenberg')).toMatchObject({ duo_wachtend: 1 });
    expect(row(keten, 'regio')).toMatchObject({
      duo_verzonden: 2,
      duo_geweigerd: 2,
      duo_wachtend: 4,
      partner_wachtend: 1,
      partner_wacht_op_machtiging: 3,
    });
    // The running counts are what the messages say.
    const counts = await h.db.prisma.monitorOutboxPending.findMany({ where: { aantal: { not: 0 } } });
    expect(Object.fromEntries(counts.map((c) => [`${c.gemeente} ${c.recipient} ${c.status}`, c.aantal]))).toEqual({
      'altena CONSULENT PENDING': 1, // counted here, but not as a partner message
      'altena DUO PENDING': 1,
      'altena DUO WACHT_OP_DUO': 1,
      'altena TAALAANBIEDER WACHT_OP_PARTNER': 1,
      'altena TAALAANBIEDER HELD_NO_CONSENT': 1,
      'drimmelen DUO WACHT_OP_DUO': 1,
      'geertruidenberg DUO PENDING': 1,
    });
  });

  it('money: voorzieningen committed in 2026 against the budget, in whole cents; prestatiebekostiging', async () => {
    const res = await request(app).get('/beheer/monitor/geld?jaar=2026').set(regio());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const voorzieningen = res.body.tables.find((t: Table) => t.id === 'voorzieningen');
    // altena 2026 first PIPs: a1 asiel Z, a2 asiel B1, a7 overige migrant Onderwijs (no MAP).
    expect(row(voorzieningen, 'altena')).toMatchObject({
      trajecten: 3,
      leerroute_cent: 2_000_000,
      map_cent: 27_200,
      maatschappelijkeBegeleiding_cent: 388_800,
      pvt_cent: 64_800,
      tolk_cent: 101_300,
      totaal_cent: 2_582_100,
      totaal_euro: '25821,00',
      budget_cent: 5_000_000,
      ruimte_cent: 2_417_900,
    });
    // The framework's parts add up to € 12.713 for an asielstatushouder (its table prints € 12.712).
    expect(row(voorzieningen, 'drimmelen')).toMatchObject({ totaal_cent: 1_271_300, budget_cent: null });
    expect(row(voorzieningen, 'regio')).toMatchObject({ totaal_cent: 3_853_400, budget_cent: 5_000_000 });
    const prestatie = res.body.tables.find((t: Table) => t.id === 'prestatiebekostiging');
    // Cohort 2024 (termijn started in 2024): a7, met within the termijn.
    expect(row(prestatie, 'altena')).toMatchObject({
      cohort: 1,
      voldaan_binnen_termijn: 1,
      voldaan_pct: 100,
      nog_lopend: 0,
      prestatiedeel_cent: 500_000,
    });
  });

  it('the snapshot counts a PIP on or before the deadline as on time, also once the PIP exists', async () => {
    const res = await request(app).get('/beheer/monitor').set(h.auth('beheerder', 'altena'));
    expect(res.status).toBe(200);
    // Due: a1, a2, a7 (PIP), a3 and a4 (deadline passed); on time: a1 (deadline day), a7.
    expect(res.body.perGemeente.altena.pipOnTime).toEqual({ due: 5, onTime: 2, percentage: 40 });
    expect(Object.keys(res.body.perGemeente)).toEqual(['altena']);
  });
});

describe('tenancy of every endpoint that returns counts', () => {
  it('a gemeente beheerder sees only the own gemeente: no other row, no regio, not even a count', async () => {
    const body = await figures(h.auth('beheerder', 'altena'));
    expect(body.gemeenten).toEqual(['altena']);
    for (const t of body.tables) expect(new Set(t.rows.map((r) => r.gemeente)), t.id).toEqual(new Set(['altena']));
    const money = await request(app).get('/beheer/monitor/geld?jaar=2026').set(h.auth('beheerder', 'altena'));
    for (const t of money.body.tables as Table[]) expect(t.rows.map((r) => r.gemeente)).toEqual(['altena']);
    const list = await request(app).get('/beheer/trajectories').set(h.auth('beheerder', 'altena'));
    expect(Object.keys(list.body.counts.gemeente)).toEqual(['altena']);
    expect(list.body.total).toBe(7);
    const regional = await request(app).get('/beheer/trajectories').set(regio());
    expect(regional.body.counts.gemeente).toEqual({ altena: 7, drimmelen: 3 }); // d3 (cancelled) is listed too
    const tasks = await request(app).get('/tasks?status=OPEN').set(h.auth('beheerder', 'drimmelen'));
    expect(tasks.body.total).toBe(0);
  });

  it('the outbox list of a gemeente beheerder counts only its own messages (total too)', async () => {
    const drimmelen = await request(app).get('/beheer/outbox').set(h.auth('beheerder', 'drimmelen'));
    expect(drimmelen.status).toBe(200);
    // d1's m5, m8, m9 and d3's m10: nothing of altena, not even in the total.
    expect(drimmelen.body.total).toBe(4);
    expect(new Set(drimmelen.body.items.map((m: { trajectoryId: string }) => m.trajectoryId))).toEqual(
      new Set(['d1', 'd3']),
    );
    const altena = await request(app).get('/beheer/outbox').set(h.auth('beheerder', 'altena'));
    expect(altena.body.total).toBe(7);
    const regional = await request(app).get('/beheer/outbox').set(regio());
    expect(regional.body.total).toBe(11);
  });

  it('another gemeente → 404 naming query.gemeente, for figures, tables, money and the snapshot', async () => {
    for (const url of [
      '/beheer/monitor/cijfers?gemeente=drimmelen',
      '/beheer/monitor/cijfers/instroom?gemeente=drimmelen&formaat=csv',
      '/beheer/monitor/geld?gemeente=drimmelen',
      '/beheer/monitor?gemeente=drimmelen',
    ]) {
      const res = await request(app).get(url).set(h.auth('beheerder', 'altena'));
      expect(res.status, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'query.gemeente', message: expect.any(String) }]);
      expect(JSON.stringify(res.body)).not.toMatch(/"(asielstatushouder|rows)"/);
    }
    // A gemeente this installation does not serve is not a valid value (the document's enum): 422.
    const unknown = await request(app).get('/beheer/monitor/cijfers?gemeente=bestaatniet').set(regio());
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('query.gemeente');
    const one = await request(app)
      .get('/beheer/monitor/cijfers/instroom?gemeente=drimmelen&periode=2026-Q3')
      .set(regio());
    expect(one.body.rows.map((r: { gemeente: string }) => r.gemeente)).toEqual(['drimmelen']);
  });
});

describe('bad input', () => {
  it.each([
    ['periode=2026-Q5', 'query.periode'],
    ['periode=vorig-jaar', 'query.periode'],
    ['van=2026-02-30&tot=2026-03-01', 'query.van'],
  ])('%s → 422 naming %s (the documented pattern)', async (query, field) => {
    const res = await request(app).get(`/beheer/monitor/cijfers?${query}`).set(regio());
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it.each([
    ['van=2026-10-01&tot=2026-09-30', 'query.tot'],
    ['van=2026-10-01', 'query.tot'],
    ['periode=2026&van=2026-01-01&tot=2026-02-01', 'query.periode'],
    ['van=2000-01-01&tot=2026-01-01', 'query.tot'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await request(app).get(`/beheer/monitor/cijfers?${query}`).set(regio());
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('an unknown year → 422 naming query.jaar; an unknown table → 422', async () => {
    const year = await request(app).get('/beheer/monitor/geld?jaar=20x6').set(regio());
    expect(year.status).toBe(422);
    expect(year.body.errors[0].field).toBe('query.jaar');
    const t = await request(app).get('/beheer/monitor/cijfers/bestaatniet').set(regio());
    expect(t.status).toBe(422);
    expect(t.body.errors[0].field).toBe('params.tabel');
  });
});

describe('exports', () => {
  it('CSV: UTF-8 with BOM, ;-separated, Dutch headers, decimal comma; same numbers as the JSON', async () => {
    const res = await request(app)
      .get('/beheer/monitor/cijfers/pip?periode=2026-Q3&formaat=csv')
      .set(regio())
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=pip-2026-Q3.csv');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe(
      'Gemeente;Start termijn;Eerste PIPs in periode;Mediaan dagen tot PIP;90e percentiel dagen tot PIP;Deadline in periode (PIP of verstreken);PIP binnen 10 weken;PIP binnen 10 weken (%);Nog open',
    );
    expect(lines).toContain('altena;SS139;2;65,5;69,1;3;2;66,7;0');
    expect(lines).toContain('regio;ALLE;4;65,5;70,7;4;2;50;0');
    expect(lines).toHaveLength(1 + 5 * 3);
  });
});
