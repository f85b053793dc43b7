/**
 * The monitor's figures per gemeente and for the region over a period, from the projection's
 * typed fact columns, the tasks, the outbox and the `MonitorEvent` rows (contract:
 * src/domain/monitor-events.ts). Each figure is one SQL statement with GROUPING SETS: the
 * region's row is computed by PostgreSQL (medians cannot be summed). Every statement is
 * restricted to the gemeenten in scope: nothing is read for another gemeente.
 *
 * Counting rules shared by all tables: a trajectory that a beheerder cancelled (CANCELLED:
 * started by mistake) counts nowhere; dates are Dutch calendar days; `van` and `tot` are
 * both included; `asOf` is today (Europe/Amsterdam).
 */
import { Prisma } from '../generated/prisma/client';
import type { PrismaClient } from '../db/client';
import { addDays } from '../domain/dates';
import { halfYearsOverlapping, startOfAmsterdamDay, type Period } from '../domain/period';
import { LEERROUTES, CLOSE_REASONS, PARTNER_KINDS, type IsoDate } from '../domain/types';
import { ONTZORGEN_UITKOMSTEN, UITSTROOM_UITKOMSTEN } from '../domain/monitor-events';
import type { MonitorSettings } from '../config';
import { OUTBOX_STATUS } from '../activities/outbox';
import { defineColumns, percentage, rowsPerGemeente, type FigureTable, type Row } from './tables';

export interface FigureScope {
  prisma: PrismaClient;
  gemeenten: string[];
  period: Period;
  asOf: IsoDate;
  settings: (gemeente: string) => MonitorSettings;
}

type SqlRow = Record<string, unknown> & { gemeente: string | null };

/** Framework 4.5: the expected share of each leerroute, in %. */
export const ROUTE_EXPECTATION: Record<(typeof LEERROUTES)[number], { min: number; max: number }> = {
  ONDERWIJS: { min: 5, max: 10 },
  B1: { min: 30, max: 30 },
  Z: { min: 65, max: 65 },
};

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const round1 = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
const dateSql = (date: IsoDate) => Prisma.sql`${date}::date`;
/** The Europe/Amsterdam day of a timestamp column (stored in UTC). */
const dutchDay = (column: Prisma.Sql) =>
  Prisma.sql`((${column} AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date`;

function byGemeente(rows: SqlRow[], map: (row: SqlRow) => Row): Map<string | null, Row> {
  return new Map(rows.map((row) => [row.gemeente, map(row)]));
}

const live = Prisma.sql`status <> 'CANCELLED'`;

/** The instants a period's Dutch days span: [start of van, start of the day after tot). */
function instants(period: Pick<Period, 'van' | 'tot'>) {
  return { from: startOfAmsterdamDay(period.van), until: startOfAmsterdamDay(addDays(period.tot, 1)) };
}

/** Began by the end of `tot`: the instroom day, or (no such day known) the registration here. */
const begunBy = (tot: IsoDate) =>
  Prisma.sql`("instroomOn" <= ${dateSql(tot)} OR ("instroomOn" IS NULL AND "createdAt" < ${instants({ van: tot, tot }).until}))`;

// --- instroom and taakstelling --------------------------------------------------------------

export async function instroom(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period } = scope;
  const halves = halfYearsOverlapping(period);
  const halvesStart = halves[0]!.van;
  const rows = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente,
      count(*) FILTER (WHERE day BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)} AND NOT ondertussengroep AND "targetGroup" = 'asielstatushouder') AS asiel,
      count(*) FILTER (WHERE day BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)} AND NOT ondertussengroep AND "targetGroup" = 'gezinsmigrant') AS gezin,
      count(*) FILTER (WHERE day BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)} AND NOT ondertussengroep AND "targetGroup" = 'overige_migrant') AS overig,
      count(*) FILTER (WHERE day BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)} AND ondertussengroep) AS ondertussen,
      count(*) FILTER (WHERE NOT ondertussengroep AND "targetGroup" = 'asielstatushouder') AS asiel_halfjaren
    FROM (
      SELECT gemeente, ondertussengroep, "targetGroup",
        COALESCE("instroomOn", ${dutchDay(Prisma.sql`"createdAt"`)}) AS day
      FROM "Trajectory"
      WHERE gemeente = ANY(${gemeenten}) AND ${live}
        AND ("instroomOn" BETWEEN ${dateSql(halvesStart)} AND ${dateSql(period.tot)}
             OR ("instroomOn" IS NULL AND "createdAt" >= ${instants({ van: halvesStart, tot: period.tot }).from}
                 AND "createdAt" < ${instants({ van: halvesStart, tot: period.tot }).until}))
    ) t
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const taakstellingOf = (gemeente: string | null): number | null => {
    const scoped = gemeente === null ? gemeenten : [gemeente];
    let total = 0;
    let any = false;
    for (const g of scoped)
      for (const half of halves) {
        const value = scope.settings(g).taakstelling[half.label];
        if (value !== undefined) {
          total += value;
          any = true;
        }
      }
    return any ? total : null;
  };
  const raming = (gemeente: string | null): number | null => {
    const values = (gemeente === null ? gemeenten : [gemeente]).map((g) => scope.settings(g).ondertussengroep);
    return values.every((value) => value === null) ? null : values.reduce<number>((t, v) => t + (v ?? 0), 0);
  };
  const found = byGemeente(rows, (row) => ({
    asielstatushouder: num(row.asiel),
    gezinsmigrant: num(row.gezin),
    overige_migrant: num(row.overig),
    totaal: num(row.asiel) + num(row.gezin) + num(row.overig),
    ondertussengroep: num(row.ondertussen),
    gerealiseerd: num(row.asiel_halfjaren),
  }));
  const table = rowsPerGemeente(gemeenten, found, () => ({
    asielstatushouder: 0,
    gezinsmigrant: 0,
    overige_migrant: 0,
    totaal: 0,
    ondertussengroep: 0,
    gerealiseerd: 0,
  })).map((row) => {
    const gemeente = row.gemeente === 'regio' ? null : String(row.gemeente);
    const taakstelling = taakstellingOf(gemeente);
    return {
      ...row,
      ondertussengroep_raming: raming(gemeente),
      taakstelling_halfjaren: halves.map((half) => half.label).join(', '),
      taakstelling,
      realisatie_pct: taakstelling === null ? null : percentage(num(row.gerealiseerd), taakstelling),
    };
  });
  return {
    id: 'instroom',
    title: 'Instroom per doelgroep en taakstelling',
    description:
      'Nieuwe trajecten in de periode naar de dag van instroom (inschrijving, anders vestiging, anders koppeling, anders aanmelding in dit systeem), per doelgroep; de ondertussengroep apart (vrijwillig, oude wet). Taakstelling: de ingestelde aantallen van de halfjaren die de periode raakt; gerealiseerd: asielstatushouders ingestroomd vanaf het begin van het eerste van die halfjaren tot en met het einde van de periode.',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['asielstatushouder', 'Asielstatushouders'],
      ['gezinsmigrant', 'Gezinsmigranten'],
      ['overige_migrant', 'Overige migranten'],
      ['totaal', 'Totaal (wettelijke doelgroep)'],
      ['ondertussengroep', 'Ondertussengroep'],
      ['ondertussengroep_raming', 'Ondertussengroep (raming)'],
      ['taakstelling_halfjaren', 'Taakstelling halfjaren'],
      ['taakstelling', 'Taakstelling'],
      ['gerealiseerd', 'Gerealiseerd (asielstatushouders)'],
      ['realisatie_pct', 'Realisatie taakstelling (%)'],
    ]),
    rows: table,
  };
}

// --- PIP: time to PIP and within 10 weeks, by clock source ---------------------------------

export async function pip(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period, asOf } = scope;
  const rows = await prisma.$queryRaw<Array<SqlRow & { bron: string | null }>>`
    WITH base AS (
      SELECT gemeente, "pipClockSource" AS bron, "pipClockStart" AS clock, "firstPipDeadline" AS deadline,
             "firstPipDagtekening" AS dagtekening
      FROM "Trajectory"
      WHERE gemeente = ANY(${gemeenten}) AND ${live} AND "pipClockSource" IS NOT NULL
        AND ("firstPipDagtekening" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
             OR "firstPipDeadline" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)})
    )
    SELECT gemeente, bron,
      count(*) FILTER (WHERE dagtekening BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}) AS pips,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY dagtekening - clock)
        FILTER (WHERE dagtekening BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}) AS mediaan,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY dagtekening - clock)
        FILTER (WHERE dagtekening BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}) AS p90,
      count(*) FILTER (WHERE deadline BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
                         AND (dagtekening IS NOT NULL OR deadline < ${dateSql(asOf)})) AS beslist,
      count(*) FILTER (WHERE deadline BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
                         AND dagtekening <= deadline) AS op_tijd,
      count(*) FILTER (WHERE deadline BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
                         AND dagtekening IS NULL AND deadline >= ${dateSql(asOf)}) AS nog_open
    FROM base
    GROUP BY GROUPING SETS ((gemeente, bron), (gemeente), (bron), ())`;
  const keys: Array<string | null> = gemeenten.length > 1 ? [...gemeenten, null] : gemeenten;
  const out: Row[] = [];
  for (const gemeente of keys)
    for (const bron of ['SS139', 'INSCHRIJVING', null] as const) {
      const row = rows.find((r) => r.gemeente === gemeente && r.bron === bron);
      const beslist = num(row?.beslist);
      out.push({
        gemeente: gemeente ?? 'regio',
        bron: bron ?? 'ALLE',
        pips: num(row?.pips),
        mediaan_dagen: round1(row?.mediaan),
        p90_dagen: round1(row?.p90),
        termijn_afgelopen_of_pip: beslist,
        binnen_termijn: num(row?.op_tijd),
        binnen_termijn_pct: percentage(num(row?.op_tijd), beslist),
        nog_open: num(row?.nog_open),
      });
    }
  return {
    id: 'pip',
    title: 'PIP binnen 10 weken, naar start van de termijn',
    description:
      'Tijd tot PIP: dagen van de start van de PIP-termijn (DUO SS139 of inschrijving) tot de dagtekening van het eerste PIP, voor eerste PIPs met dagtekening in de periode (mediaan en 90e percentiel, lineair geïnterpoleerd). Binnen 10 weken: trajecten waarvan de deadline van het eerste PIP in de periode valt en die een PIP hebben of waarvan de deadline voorbij is; op tijd = dagtekening op of vóór de deadline (de deadlinedag zelf telt als op tijd). Nog open: deadline in de periode, nog niet verstreken, nog geen PIP. Trajecten die met een bestaand PIP zijn overgenomen hebben geen termijn in dit systeem en tellen niet mee.',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['bron', 'Start termijn'],
      ['pips', 'Eerste PIPs in periode'],
      ['mediaan_dagen', 'Mediaan dagen tot PIP'],
      ['p90_dagen', '90e percentiel dagen tot PIP'],
      ['termijn_afgelopen_of_pip', 'Deadline in periode (PIP of verstreken)'],
      ['binnen_termijn', 'PIP binnen 10 weken'],
      ['binnen_termijn_pct', 'PIP binnen 10 weken (%)'],
      ['nog_open', 'Nog open'],
    ]),
    rows: out,
  };
}

// --- leerroutes against the framework's expectation ----------------------------------------

export async function leerroutes(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period } = scope;
  const rows = await prisma.$queryRaw<Array<SqlRow & { leerroute: string | null; aantal: bigint }>>`
    SELECT gemeente, leerroute, count(*) AS aantal
    FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND ${live} AND leerroute IS NOT NULL
      AND "firstPipDagtekening" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
    GROUP BY GROUPING SETS ((gemeente, leerroute), (leerroute))`;
  const keys: Array<string | null> = gemeenten.length > 1 ? [...gemeenten, null] : gemeenten;
  const out: Row[] = [];
  for (const gemeente of keys) {
    const mine = rows.filter((r) => r.gemeente === gemeente);
    const total = mine.reduce((sum, r) => sum + num(r.aantal), 0);
    for (const route of LEERROUTES) {
      const aantal = num(mine.find((r) => r.leerroute === route)?.aantal);
      const share = percentage(aantal, total);
      const { min, max } = ROUTE_EXPECTATION[route];
      out.push({
        gemeente: gemeente ?? 'regio',
        leerroute: route,
        aantal,
        aandeel_pct: share,
        verwachting_min_pct: min,
        verwachting_max_pct: max,
        afwijking_procentpunt:
          share === null ? null : share < min ? round1(share - min) : share > max ? round1(share - max) : 0,
      });
    }
  }
  return {
    id: 'leerroutes',
    title: 'Leerroutes naar verwachting',
    description:
      'Huidige leerroute van de trajecten waarvan het eerste PIP in de periode is vastgesteld, met de verwachting uit het beleidskader (Onderwijsroute 5–10 %, B1-route 30 %, Z-route 65 %). Afwijking: procentpunten buiten de verwachting (0 = binnen).',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['leerroute', 'Leerroute'],
      ['aantal', 'Aantal'],
      ['aandeel_pct', 'Aandeel (%)'],
      ['verwachting_min_pct', 'Verwachting minimaal (%)'],
      ['verwachting_max_pct', 'Verwachting maximaal (%)'],
      ['afwijking_procentpunt', 'Afwijking (procentpunt)'],
    ]),
    rows: out,
  };
}

// --- voortgang and modules ------------------------------------------------------------------

export async function voortgang(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period, asOf } = scope;
  // Per task its outcome — held on or before the planned day (the day recorded with the talk,
  // else the Dutch day the task was closed), later, open, or closed without a talk — kept per
  // gemeente, planned day and outcome by the database in the same transaction as every task
  // change (MonitorTalkSummary; rule in migration monitor_talk_summary).
  const rows = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente,
      sum(aantal) AS gepland,
      coalesce(sum(aantal) FILTER (WHERE uitkomst = 'OP_TIJD'), 0) AS op_tijd,
      coalesce(sum(aantal) FILTER (WHERE uitkomst = 'TE_LAAT'), 0) AS te_laat,
      coalesce(sum(aantal) FILTER (WHERE uitkomst = 'OPEN' AND "dueDate" < ${dateSql(asOf)}), 0) AS achterstallig,
      coalesce(sum(aantal) FILTER (WHERE uitkomst = 'VERVALLEN'), 0) AS vervallen
    FROM "MonitorTalkSummary"
    WHERE gemeente = ANY(${gemeenten}) AND "dueDate" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
      AND aantal <> 0
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const escalations = await eventCounts(scope, ['VOORTGANGSGESPREK_TE_LAAT']);
  const found = byGemeente(rows, (row) => ({
    gepland: num(row.gepland),
    gevoerd_op_tijd: num(row.op_tijd),
    gevoerd_te_laat: num(row.te_laat),
    achterstallig: num(row.achterstallig),
    vervallen: num(row.vervallen),
    gevoerd_op_tijd_pct: percentage(num(row.op_tijd), num(row.gepland)),
  }));
  return {
    id: 'voortgang',
    title: 'Voortgangsgesprekken',
    description:
      'Voortgangsgesprekken met een geplande datum in de periode: gevoerd op of vóór die datum, gevoerd later, nu nog open en over datum (achterstallig), of vervallen (traject afgesloten of verhuisd). Escalaties: gesprekken die de workflow als te laat meldde, naar geplande datum in de periode.',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['gepland', 'Gepland'],
      ['gevoerd_op_tijd', 'Gevoerd op tijd'],
      ['gevoerd_op_tijd_pct', 'Gevoerd op tijd (%)'],
      ['gevoerd_te_laat', 'Gevoerd te laat'],
      ['achterstallig', 'Achterstallig'],
      ['vervallen', 'Vervallen'],
      ['escalaties', 'Escalaties (te laat gemeld)'],
    ]),
    rows: rowsPerGemeente(gemeenten, found, () => ({
      gepland: 0,
      gevoerd_op_tijd: 0,
      gevoerd_te_laat: 0,
      achterstallig: 0,
      vervallen: 0,
      gevoerd_op_tijd_pct: null,
    })).map((row) => ({ ...row, escalaties: escalations.get(row.gemeente as string)?.VOORTGANGSGESPREK_TE_LAAT ?? 0 })),
  };
}

export async function modules(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period } = scope;
  // Nearly every trajectory ran in a recent period: the open ones come summed per gemeente and
  // day of start from the incremental summary (MonitorOpenSummary, kept by the database in the
  // same transaction as every change), the closed ones that still ran in the period — closed
  // on or after its first day — from "Trajectory" (index on closedOn). Together exactly the
  // live trajectories that ran in the period: begun by its end, not closed before its start.
  const rows = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente, sum(trajecten) AS trajecten, sum(pvt) AS pvt, sum(map) AS map, sum(knm) AS knm,
      sum(uren_taal) AS uren_taal, sum(uren_participatie) AS uren_participatie,
      sum(uren_map) AS uren_map, sum(uren_pvt) AS uren_pvt
    FROM (
      SELECT gemeente, trajecten, pvt, map, knm, "hoursTaalKnm" AS uren_taal,
        "hoursParticipatie" AS uren_participatie, "hoursMap" AS uren_map, "hoursPvt" AS uren_pvt
      FROM "MonitorOpenSummary"
      WHERE gemeente = ANY(${gemeenten}) AND begun <= ${dateSql(period.tot)}
      UNION ALL
      SELECT gemeente, 1, "pvtDone"::int, "mapDone"::int, "knmDone"::int, "hoursTaalKnm",
        "hoursParticipatie", "hoursMap", "hoursPvt"
      FROM "Trajectory"
      WHERE gemeente = ANY(${gemeenten}) AND ${live} AND "closedOn" >= ${dateSql(period.van)}
        AND ${begunBy(period.tot)}
    ) ran
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const found = byGemeente(rows, (row) => ({
    trajecten: num(row.trajecten),
    pvt_afgerond: num(row.pvt),
    map_afgerond: num(row.map),
    knm_behaald: num(row.knm),
    uren_taal_knm: num(row.uren_taal),
    uren_participatie: num(row.uren_participatie),
    uren_map: num(row.uren_map),
    uren_pvt: num(row.uren_pvt),
  }));
  const zero = () => ({
    trajecten: 0,
    pvt_afgerond: 0,
    map_afgerond: 0,
    knm_behaald: 0,
    uren_taal_knm: 0,
    uren_participatie: 0,
    uren_map: 0,
    uren_pvt: 0,
  });
  return {
    id: 'modules',
    title: 'Modules en uren',
    description:
      'Stand op de peildatum van de trajecten die in de periode liepen (begonnen vóór het einde, niet afgesloten vóór het begin): PVT ondertekend, MAP-eindgesprek gevoerd, KNM behaald, en de door aanbieders gemelde uren.',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['trajecten', 'Trajecten in periode'],
      ['pvt_afgerond', 'PVT afgerond'],
      ['map_afgerond', 'MAP afgerond'],
      ['knm_behaald', 'KNM behaald'],
      ['uren_taal_knm', 'Uren taal en KNM'],
      ['uren_participatie', 'Uren participatie'],
      ['uren_map', 'Uren MAP'],
      ['uren_pvt', 'Uren PVT'],
    ]),
    rows: rowsPerGemeente(gemeenten, found, zero),
  };
}

// --- uitstroom ------------------------------------------------------------------------------

export async function uitstroom(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period } = scope;
  const rows = await prisma.$queryRaw<Array<SqlRow & { reden: string | null; aantal: bigint }>>`
    SELECT gemeente, "closeReason" AS reden, count(*) AS aantal
    FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND ${live} AND "closeReason" IS NOT NULL
      AND "closedOn" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
    GROUP BY GROUPING SETS ((gemeente, "closeReason"), ("closeReason"))`;
  const moves = await eventCounts(scope, ['VERHUISD_UIT']);
  const outcomes = await prisma.$queryRaw<Array<SqlRow & { uitkomst: string | null; aantal: bigint; uren: unknown }>>`
    SELECT gemeente, data->>'uitkomst' AS uitkomst, count(*) AS aantal, avg((data->>'urenPerWeek')::numeric) AS uren
    FROM "MonitorEvent"
    WHERE type = 'UITSTROOM' AND gemeente = ANY(${gemeenten})
      AND "occurredOn" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
    GROUP BY GROUPING SETS ((gemeente, data->>'uitkomst'), (gemeente), (data->>'uitkomst'), ())`;
  const keys: Array<string | null> = gemeenten.length > 1 ? [...gemeenten, null] : gemeenten;
  const out = keys.map((gemeente) => {
    const mine = rows.filter((r) => r.gemeente === gemeente);
    const row: Row = { gemeente: gemeente ?? 'regio' };
    let total = 0;
    for (const reason of CLOSE_REASONS) {
      const count = num(mine.find((r) => r.reden === reason)?.aantal);
      row[reason.toLowerCase()] = count;
      total += count;
    }
    const moved = moves.get(gemeente ?? 'regio')?.VERHUISD_UIT ?? 0;
    row.verhuisd_binnen_regio = moved;
    row.totaal = total + moved;
    const outcome = (value: string | null) => outcomes.find((r) => r.gemeente === gemeente && r.uitkomst === value);
    for (const uitkomst of UITSTROOM_UITKOMSTEN)
      row[`uitkomst_${uitkomst.toLowerCase()}`] = num(outcome(uitkomst)?.aantal);
    row.uitkomst_gem_uren_per_week = round1(outcome(null)?.uren ?? null);
    return row;
  });
  return {
    id: 'uitstroom',
    title: 'Uitstroom en uitkomst',
    description:
      'Afgesloten trajecten naar datum van afsluiten in de periode, per reden; verhuisd binnen de regio: verhuizingen naar een andere gemeente van dit systeem (telt als uitstroom voor de oude gemeente). Uitkomst (werk, opleiding, participatie) en gemiddelde uren per week: waar bij het einde vastgelegd.',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ...CLOSE_REASONS.map((reason): [string, string] => [reason.toLowerCase(), CLOSE_REASON_HEADERS[reason]]),
      ['verhuisd_binnen_regio', 'Verhuisd binnen de regio'],
      ['totaal', 'Totaal uitstroom'],
      ...UITSTROOM_UITKOMSTEN.map((u): [string, string] => [
        `uitkomst_${u.toLowerCase()}`,
        `Uitkomst: ${u.toLowerCase()}`,
      ]),
      ['uitkomst_gem_uren_per_week', 'Uitkomst: gemiddeld uren per week'],
    ]),
    rows: out,
  };
}

const CLOSE_REASON_HEADERS: Record<(typeof CLOSE_REASONS)[number], string> = {
  PLICHT_VOLDAAN: 'Plicht voldaan',
  ONTHEFFING: 'Ontheffing',
  VRIJSTELLING: 'Vrijstelling',
  VERHUISD: 'Verhuisd (buiten de regio)',
  OVERLEDEN: 'Overleden',
  PLICHT_VERVALLEN: 'Plicht vervallen',
};

export async function uitstroomRoute(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period } = scope;
  const rows = await prisma.$queryRaw<Array<SqlRow & { leerroute: string | null }>>`
    SELECT gemeente, COALESCE(leerroute, 'GEEN') AS leerroute, count(*) AS afgesloten,
      count(*) FILTER (WHERE "closeReason" = 'PLICHT_VOLDAAN') AS voldaan,
      count(*) FILTER (WHERE "closeReason" = 'PLICHT_VOLDAAN' AND "closedOn" < "termijnEnd") AS binnen_termijn,
      count(*) FILTER (WHERE "examLevel" = 'A2') AS a2,
      count(*) FILTER (WHERE "examLevel" = 'B1') AS b1,
      count(*) FILTER (WHERE "examLevel" = 'B2') AS b2
    FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND ${live} AND "closeReason" IS NOT NULL
      AND "closedOn" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
    GROUP BY GROUPING SETS ((gemeente, COALESCE(leerroute, 'GEEN')), (COALESCE(leerroute, 'GEEN')))`;
  const keys: Array<string | null> = gemeenten.length > 1 ? [...gemeenten, null] : gemeenten;
  const out: Row[] = [];
  for (const gemeente of keys)
    for (const route of [...LEERROUTES, 'GEEN']) {
      const row = rows.find((r) => r.gemeente === gemeente && r.leerroute === route);
      out.push({
        gemeente: gemeente ?? 'regio',
        leerroute: route,
        afgesloten: num(row?.afgesloten),
        plicht_voldaan: num(row?.voldaan),
        binnen_termijn: num(row?.binnen_termijn),
        examen_a2: num(row?.a2),
        examen_b1: num(row?.b1),
        examen_b2: num(row?.b2),
      });
    }
  return {
    id: 'uitstroom-route',
    title: 'Plicht voldaan en examenniveau per leerroute',
    description:
      'Afgesloten trajecten in de periode per leerroute: plicht voldaan, waarvan binnen de inburgeringstermijn, en het behaalde examenniveau (laagste niveau over lezen, luisteren, schrijven en spreken, als alle vier behaald zijn).',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['leerroute', 'Leerroute'],
      ['afgesloten', 'Afgesloten'],
      ['plicht_voldaan', 'Plicht voldaan'],
      ['binnen_termijn', 'Voldaan binnen termijn'],
      ['examen_a2', 'Examenniveau A2'],
      ['examen_b1', 'Examenniveau B1'],
      ['examen_b2', 'Examenniveau B2'],
    ]),
    rows: out,
  };
}

// --- handhaving, ontzorgen ------------------------------------------------------------------

/** Counts of MonitorEvent types per gemeente (and `regio`) on days in the period. */
async function eventCounts(scope: FigureScope, types: string[]): Promise<Map<string, Record<string, number>>> {
  const rows = await scope.prisma.$queryRaw<Array<SqlRow & { type: string; aantal: bigint }>>`
    SELECT gemeente, type, count(*) AS aantal FROM "MonitorEvent"
    WHERE type = ANY(${types}) AND gemeente = ANY(${scope.gemeenten})
      AND "occurredOn" BETWEEN ${dateSql(scope.period.van)} AND ${dateSql(scope.period.tot)}
    GROUP BY GROUPING SETS ((gemeente, type), (type))`;
  const out = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const key = row.gemeente ?? 'regio';
    out.set(key, { ...out.get(key), [row.type]: num(row.aantal) });
  }
  return out;
}

export async function handhaving(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period } = scope;
  const decided = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente,
      count(*) FILTER (WHERE data->>'soort' = 'WAARSCHUWING') AS waarschuwingen,
      count(*) FILTER (WHERE data->>'soort' = 'BOETE') AS boetes,
      COALESCE(sum((data->>'bedragCent')::bigint) FILTER (WHERE data->>'soort' = 'BOETE'), 0) AS boetebedrag,
      count(*) FILTER (WHERE data->>'soort' = 'AFGEZIEN') AS afgezien
    FROM "MonitorEvent"
    WHERE type = 'HANDHAVING_BESLOTEN' AND gemeente = ANY(${gemeenten})
      AND "occurredOn" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const proposals = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente, count(*) AS voorstellen FROM "Task"
    WHERE gemeente = ANY(${gemeenten}) AND type = 'HANDHAVING_BEOORDELEN'
      AND ${dutchDay(Prisma.sql`"createdAt"`)} BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const events = await eventCounts(scope, ['ONTHEFFING_VERLEEND', 'TERMIJN_VERSTREKEN']);
  const found = byGemeente(decided, (row) => ({
    waarschuwingen: num(row.waarschuwingen),
    boetes: num(row.boetes),
    boetebedrag_cent: num(row.boetebedrag),
    afgezien: num(row.afgezien),
  }));
  const proposed = byGemeente(proposals, (row) => ({ voorstellen: num(row.voorstellen) }));
  return {
    id: 'handhaving',
    title: 'Handhaving en ontheffingen',
    description:
      'Handhavingsvoorstellen (taak voor de consulent aangemaakt in de periode), besluiten in de periode: waarschuwingen, boetes (aantal en bedrag in centen) en afgezien; ontheffingen verleend; inburgeringstermijnen verstreken (DUO volgt dan).',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['voorstellen', 'Handhavingsvoorstellen'],
      ['waarschuwingen', 'Waarschuwingen'],
      ['boetes', 'Boetes'],
      ['boetebedrag_cent', 'Boetebedrag (cent)'],
      ['afgezien', 'Afgezien van sanctie'],
      ['ontheffingen', 'Ontheffingen verleend'],
      ['termijnen_verstreken', 'Termijnen verstreken'],
    ]),
    rows: rowsPerGemeente(gemeenten, found, () => ({
      waarschuwingen: 0,
      boetes: 0,
      boetebedrag_cent: 0,
      afgezien: 0,
    })).map((row) => {
      const key = row.gemeente as string;
      return {
        gemeente: key,
        voorstellen: num(proposed.get(key === 'regio' ? null : key)?.voorstellen),
        ...row,
        ontheffingen: events.get(key)?.ONTHEFFING_VERLEEND ?? 0,
        termijnen_verstreken: events.get(key)?.TERMIJN_VERSTREKEN ?? 0,
      };
    }),
  };
}

export async function ontzorgen(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period, asOf } = scope;
  const rows = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente,
      count(*) FILTER (WHERE "ontzorgenStart" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}) AS gestart,
      count(*) FILTER (WHERE "ontzorgenStart" <= ${dateSql(period.tot)} AND "ontzorgenEnd" > ${dateSql(period.tot)}
                         AND ("closedOn" IS NULL OR "closedOn" > ${dateSql(period.tot)})) AS lopend,
      count(*) FILTER (WHERE "ontzorgenEnd" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
                         AND "ontzorgenEnd" <= ${dateSql(asOf)}) AS beeindigd
    FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND ${live} AND "ontzorgenStart" IS NOT NULL
      AND "ontzorgenStart" <= ${dateSql(period.tot)} AND "ontzorgenEnd" >= ${dateSql(period.van)}
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const evaluations = await prisma.$queryRaw<Array<SqlRow & { uitkomst: string | null; aantal: bigint }>>`
    SELECT gemeente, data->>'uitkomst' AS uitkomst, count(*) AS aantal FROM "MonitorEvent"
    WHERE type = 'ONTZORGEN_GEEVALUEERD' AND gemeente = ANY(${gemeenten})
      AND "occurredOn" BETWEEN ${dateSql(period.van)} AND ${dateSql(period.tot)}
    GROUP BY GROUPING SETS ((gemeente, data->>'uitkomst'), (data->>'uitkomst'))`;
  const found = byGemeente(rows, (row) => ({
    gestart: num(row.gestart),
    lopend_einde_periode: num(row.lopend),
    beeindigd: num(row.beeindigd),
  }));
  return {
    id: 'ontzorgen',
    title: 'Financieel ontzorgen',
    description:
      'Ontzorgen (zes maanden, asielstatushouders in de bijstand): gestart in de periode, lopend aan het einde van de periode, volgens plan beëindigd in de periode; evaluaties in de periode naar uitkomst.',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['gestart', 'Gestart'],
      ['lopend_einde_periode', 'Lopend einde periode'],
      ['beeindigd', 'Beëindigd'],
      ...ONTZORGEN_UITKOMSTEN.map((u): [string, string] => [
        `evaluatie_${u.toLowerCase()}`,
        `Evaluatie: ${u.toLowerCase().replace('_', ' ')}`,
      ]),
    ]),
    rows: rowsPerGemeente(gemeenten, found, () => ({ gestart: 0, lopend_einde_periode: 0, beeindigd: 0 })).map(
      (row) => {
        const key = row.gemeente === 'regio' ? null : row.gemeente;
        const out: Row = { ...row };
        for (const uitkomst of ONTZORGEN_UITKOMSTEN)
          out[`evaluatie_${uitkomst.toLowerCase()}`] = num(
            evaluations.find((e) => e.gemeente === key && e.uitkomst === uitkomst)?.aantal,
          );
        return out;
      },
    ),
  };
}

// --- chain ----------------------------------------------------------------------------------

/**
 * Outbox statuses of a message still on its way: being sent, retried, or waiting until DUO is
 * connected (WACHT_OP_DUO) or a partner of its kind is assigned (WACHT_OP_PARTNER) — both are
 * delivered later (src/temporal/outbox-redelivery.ts), so they are pending, not lost.
 */
export const PENDING_STATUSES: string[] = [
  OUTBOX_STATUS.PENDING,
  OUTBOX_STATUS.RETRYING,
  OUTBOX_STATUS.WAITING_FOR_DUO,
  OUTBOX_STATUS.WAITING_FOR_PARTNER,
];

/** Partner messages: to a partner system — not DUO, not a notice to a consulent (e-mail). */
const PARTNER_RECIPIENTS: string[] = PARTNER_KINDS.filter((kind) => kind !== 'DUO');

export async function keten(scope: FigureScope): Promise<FigureTable> {
  const { prisma, gemeenten, period } = scope;
  const { from, until } = instants(period);
  // Each part counts its own rows straight from a covering index (status with deliveredAt or
  // createdAt, recipient, gemeente). A message counts for the gemeente that made it
  // (OutboxMessage.gemeente, filled by the database; a message of no trajectory counts nowhere).
  const waiting = [...PENDING_STATUSES, OUTBOX_STATUS.HELD_NO_CONSENT];
  // Messages on their way or held now, made before the period's end: when none was made after
  // it (the usual case: the current period), that is every one of them, counted per gemeente,
  // recipient and status by the database as they change (MonitorOutboxPending).
  const [{ later }] = await prisma.$queryRaw<[{ later: boolean }]>`
    SELECT EXISTS (SELECT 1 FROM "OutboxMessage"
      WHERE status = ANY(${waiting}) AND "createdAt" >= ${until} AND gemeente = ANY(${gemeenten})) AS later`;
  const pending = later
    ? Prisma.sql`SELECT gemeente, recipient, status, count(*) AS n FROM "OutboxMessage"
        WHERE status = ANY(${waiting}) AND "createdAt" < ${until} AND gemeente = ANY(${gemeenten})
        GROUP BY gemeente, recipient, status`
    : Prisma.sql`SELECT gemeente, recipient, status, sum(aantal) AS n FROM "MonitorOutboxPending"
        WHERE gemeente = ANY(${gemeenten}) GROUP BY gemeente, recipient, status HAVING sum(aantal) <> 0`;
  const parts = [
    Prisma.sql`status = 'DELIVERED' AND recipient = 'DUO' AND "deliveredAt" >= ${from} AND "deliveredAt" < ${until}`,
    Prisma.sql`status = 'FAILED' AND recipient = 'DUO' AND "createdAt" >= ${from} AND "createdAt" < ${until}`,
  ];
  const counted = Prisma.join(
    [
      ...parts.map(
        (part) => Prisma.sql`SELECT gemeente, recipient, status, count(*) AS n FROM "OutboxMessage"
        WHERE ${part} AND gemeente = ANY(${gemeenten}) GROUP BY gemeente, recipient, status`,
      ),
      pending,
    ],
    ' UNION ALL ',
  );
  const rows = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente,
      coalesce(sum(n) FILTER (WHERE recipient = 'DUO' AND status = 'DELIVERED'), 0) AS duo_verzonden,
      coalesce(sum(n) FILTER (WHERE recipient = 'DUO' AND status = 'FAILED'), 0) AS duo_geweigerd,
      coalesce(sum(n) FILTER (WHERE recipient = 'DUO' AND status = ANY(${PENDING_STATUSES})), 0) AS duo_wachtend,
      coalesce(sum(n) FILTER (WHERE recipient = ANY(${PARTNER_RECIPIENTS}) AND status = ANY(${PENDING_STATUSES})), 0) AS partner_wachtend,
      coalesce(sum(n) FILTER (WHERE recipient = ANY(${PARTNER_RECIPIENTS}) AND status = ${OUTBOX_STATUS.HELD_NO_CONSENT}), 0) AS partner_wacht
    FROM (${counted}) counted
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const held = await prisma.$queryRaw<SqlRow[]>`
    SELECT gemeente, sum("heldMessages") AS wacht FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND ${live} AND "heldMessages" > 0
    GROUP BY GROUPING SETS ((gemeente), ())`;
  const heldBy = byGemeente(held, (row) => ({ wacht: num(row.wacht) }));
  const found = byGemeente(rows, (row) => ({
    duo_verzonden: num(row.duo_verzonden),
    duo_geweigerd: num(row.duo_geweigerd),
    duo_wachtend: num(row.duo_wachtend),
    partner_wachtend: num(row.partner_wachtend),
    partner_wacht_outbox: num(row.partner_wacht),
  }));
  return {
    id: 'keten',
    title: 'Berichten in de keten',
    description:
      'DUO-meldingen afgeleverd in de periode, geweigerd (aangemaakt in de periode), en nu nog onderweg (wordt verstuurd, wordt opnieuw geprobeerd, of wacht op de koppeling met DUO); partnerberichten nu nog onderweg (wordt verstuurd, wordt opnieuw geprobeerd, of wacht op de toewijzing van een aanbieder); partnerberichten die nu wachten op de machtiging (in de workflow vastgehouden of in de outbox aangehouden).',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['duo_verzonden', 'DUO afgeleverd'],
      ['duo_geweigerd', 'DUO geweigerd'],
      ['duo_wachtend', 'DUO onderweg'],
      ['partner_wachtend', 'Partnerberichten onderweg'],
      ['partner_wacht_op_machtiging', 'Partnerberichten wachten op machtiging'],
    ]),
    rows: rowsPerGemeente(gemeenten, found, () => ({
      duo_verzonden: 0,
      duo_geweigerd: 0,
      duo_wachtend: 0,
      partner_wachtend: 0,
      partner_wacht_outbox: 0,
    })).map(({ partner_wacht_outbox, ...row }) => ({
      ...row,
      partner_wacht_op_machtiging:
        num(partner_wacht_outbox) + num(heldBy.get(row.gemeente === 'regio' ? null : (row.gemeente as string))?.wacht),
    })),
  };
}

export const FIGURE_TABLES = {
  instroom,
  pip,
  leerroutes,
  voortgang,
  modules,
  uitstroom,
  'uitstroom-route': uitstroomRoute,
  handhaving,
  ontzorgen,
  keten,
} as const;
export type FigureTableId = keyof typeof FIGURE_TABLES;
export const FIGURE_TABLE_IDS = Object.keys(FIGURE_TABLES) as FigureTableId[];

/** All tables, a few statements at a time (the pool is shared with the API). */
export async function allFigures(scope: FigureScope): Promise<FigureTable[]> {
  const out: FigureTable[] = [];
  const ids = [...FIGURE_TABLE_IDS];
  while (ids.length) {
    const batch = ids.splice(0, 4);
    out.push(...(await Promise.all(batch.map((id) => FIGURE_TABLES[id](scope)))));
  }
  return out;
}
