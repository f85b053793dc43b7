/**
 * Money per gemeente and year (framework chapter 6; rules in src/domain/money.ts), in whole
 * cents: the voorzieningen committed by the trajectories whose first PIP was vastgesteld in
 * the year, against the budget set for the gemeente, and the prestatiebekostiging indicator.
 */
import type { PrismaClient } from '../db/client';
import type { MonitorSettings } from '../config';
import {
  centsToEuroText,
  committedVoorzieningen,
  moneyGroupOf,
  prestatieCohortYear,
  prestatieDeelCent,
  VOORZIENINGEN,
} from '../domain/money';
import type { Leerroute, TargetGroup } from '../domain/types';
import { defineColumns, percentage, REGIO, type FigureTable, type Row } from './tables';

export interface MoneyScope {
  prisma: PrismaClient;
  gemeenten: string[];
  year: number;
  settings: (gemeente: string) => MonitorSettings;
}

const VOORZIENING_HEADERS: Record<(typeof VOORZIENINGEN)[number], string> = {
  leerroute: 'Leerroutes',
  map: 'MAP',
  maatschappelijkeBegeleiding: 'Maatschappelijke begeleiding',
  pvt: 'PVT',
  tolk: 'Tolkvoorziening',
};

/** Adds a row per gemeente into the region's row (money and counts add up). */
function withRegion(gemeenten: string[], rows: Row[], sumKeys: string[]): Row[] {
  if (gemeenten.length < 2) return rows;
  const region: Row = { gemeente: REGIO };
  for (const key of sumKeys) region[key] = rows.reduce((sum, row) => sum + Number(row[key] ?? 0), 0);
  return [...rows, region];
}

export async function voorzieningen(scope: MoneyScope): Promise<FigureTable> {
  const { prisma, gemeenten, year } = scope;
  const groups = await prisma.$queryRaw<
    Array<{ gemeente: string; targetGroup: TargetGroup; leerroute: Leerroute | null; aantal: bigint }>
  >`
    SELECT gemeente, "targetGroup", leerroute, count(*) AS aantal FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND status <> 'CANCELLED' AND NOT ondertussengroep
      AND "firstPipDagtekening" BETWEEN ${`${year}-01-01`}::date AND ${`${year}-12-31`}::date
    GROUP BY gemeente, "targetGroup", leerroute`;
  const running = await prisma.$queryRaw<Array<{ gemeente: string; lopend: bigint }>>`
    SELECT gemeente, count(*) AS lopend FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND status = 'ACTIVE' AND NOT ondertussengroep
      AND "firstPipDagtekening" IS NOT NULL
    GROUP BY gemeente`;
  const rows: Row[] = gemeenten.map((gemeente) => {
    const amounts = scope.settings(gemeente).bedragenCent;
    const row: Row = { gemeente, trajecten: 0 };
    for (const voorziening of VOORZIENINGEN) row[`${voorziening}_cent`] = 0;
    for (const group of groups.filter((g) => g.gemeente === gemeente)) {
      const count = Number(group.aantal);
      row.trajecten = Number(row.trajecten) + count;
      for (const voorziening of committedVoorzieningen({ ...group, ondertussengroep: false })) {
        row[`${voorziening}_cent`] =
          Number(row[`${voorziening}_cent`]) + count * amounts[moneyGroupOf(group.targetGroup)][voorziening];
      }
    }
    const total = VOORZIENINGEN.reduce((sum, v) => sum + Number(row[`${v}_cent`]), 0);
    const budget = scope.settings(gemeente).voorzieningenBudgetCent[String(year)] ?? null;
    return {
      ...row,
      totaal_cent: total,
      budget_cent: budget,
      ruimte_cent: budget === null ? null : budget - total,
      lopend_nu: Number(running.find((r) => r.gemeente === gemeente)?.lopend ?? 0),
    };
  });
  const centKeys = [...VOORZIENINGEN.map((v) => `${v}_cent`), 'totaal_cent'];
  const withTotals = withRegion(gemeenten, rows, ['trajecten', ...centKeys, 'lopend_nu']).map((row) => {
    if (row.gemeente !== REGIO) return row;
    const budgets = gemeenten.map((g) => scope.settings(g).voorzieningenBudgetCent[String(year)]);
    const budget = budgets.every((b) => b === undefined) ? null : budgets.reduce<number>((t, b) => t + (b ?? 0), 0);
    return { ...row, budget_cent: budget, ruimte_cent: budget === null ? null : budget - Number(row.totaal_cent) };
  });
  return {
    id: 'voorzieningen',
    title: `Voorzieningen ${year}: toegezegd tegenover budget`,
    description:
      'Per traject waarvan het eerste PIP in het jaar is vastgesteld (wettelijke doelgroep; de ondertussengroep valt onder ander geld) de bedragen per voorziening die het aanbod omvat (leerroute en maatschappelijke begeleiding voor asielstatushouders, MAP behalve in de Onderwijsroute, PVT en tolk voor iedereen), tegen de per gemeente ingestelde bedragen (standaard die van het beleidskader). Bedragen in hele centen; de kolommen _euro geven hetzelfde in euro met decimale komma. Lopend nu: trajecten met een PIP die nu lopen.',
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['trajecten', 'Trajecten met eerste PIP'],
      ...VOORZIENINGEN.map((v): [string, string] => [`${v}_cent`, `${VOORZIENING_HEADERS[v]} (cent)`]),
      ['totaal_cent', 'Totaal toegezegd (cent)'],
      ['totaal_euro', 'Totaal toegezegd (euro)'],
      ['budget_cent', 'Budget (cent)'],
      ['ruimte_cent', 'Ruimte (cent)'],
      ['ruimte_euro', 'Ruimte (euro)'],
      ['lopend_nu', 'Lopend nu'],
    ]),
    rows: withTotals.map((row) => ({
      ...row,
      totaal_euro: centsToEuroText(Number(row.totaal_cent)),
      ruimte_euro: row.ruimte_cent === null ? null : centsToEuroText(Number(row.ruimte_cent)),
    })),
  };
}

export async function prestatiebekostiging(scope: MoneyScope): Promise<FigureTable> {
  const { prisma, gemeenten, year } = scope;
  const cohortYear = prestatieCohortYear(year);
  const counts = await prisma.$queryRaw<Array<{ gemeente: string; cohort: bigint; voldaan: bigint; lopend: bigint }>>`
    SELECT gemeente, count(*) AS cohort,
      count(*) FILTER (WHERE "closeReason" = 'PLICHT_VOLDAAN' AND "closedOn" < "termijnEnd") AS voldaan,
      count(*) FILTER (WHERE "closeReason" IS NULL) AS lopend
    FROM "Trajectory"
    WHERE gemeente = ANY(${gemeenten}) AND status <> 'CANCELLED' AND NOT ondertussengroep
      AND "termijnStart" BETWEEN ${`${cohortYear}-01-01`}::date AND ${`${cohortYear}-12-31`}::date
    GROUP BY gemeente`;
  const rows: Row[] = gemeenten.map((gemeente) => {
    const found = counts.find((c) => c.gemeente === gemeente);
    const budget = scope.settings(gemeente).voorzieningenBudgetCent[String(year)];
    return {
      gemeente,
      cohort: Number(found?.cohort ?? 0),
      voldaan_binnen_termijn: Number(found?.voldaan ?? 0),
      nog_lopend: Number(found?.lopend ?? 0),
      prestatiedeel_cent: budget === undefined ? null : prestatieDeelCent(year, budget),
    };
  });
  return {
    id: 'prestatiebekostiging',
    title: `Prestatiebekostiging ${year} (cohort ${cohortYear})`,
    description: `Vanaf 2026 hangt 10 % van het voorzieningenbudget af van de prestatie over jaar t−2: het aandeel van het cohort (inburgeringstermijn begonnen in ${cohortYear}) dat de plicht binnen de termijn voldeed. Nog lopend: trajecten van het cohort die nog niet zijn afgesloten (het percentage kan dan nog stijgen). Prestatiedeel: 10 % van het ingestelde budget van ${year}, in centen.`,
    columns: defineColumns([
      ['gemeente', 'Gemeente'],
      ['cohort', `Cohort ${cohortYear}`],
      ['voldaan_binnen_termijn', 'Voldaan binnen termijn'],
      ['voldaan_pct', 'Voldaan binnen termijn (%)'],
      ['nog_lopend', 'Nog lopend'],
      ['prestatiedeel_cent', 'Prestatiedeel budget (cent)'],
    ]),
    rows: withRegion(gemeenten, rows, ['cohort', 'voldaan_binnen_termijn', 'nog_lopend']).map((row) => ({
      ...row,
      voldaan_pct: percentage(Number(row.voldaan_binnen_termijn), Number(row.cohort)),
      prestatiedeel_cent:
        row.gemeente === REGIO
          ? rows.every((r) => r.prestatiedeel_cent === null)
            ? null
            : rows.reduce((sum, r) => sum + Number(r.prestatiedeel_cent ?? 0), 0)
          : (row.prestatiedeel_cent ?? null),
    })),
  };
}

export const MONEY_TABLES = { voorzieningen, prestatiebekostiging } as const;
export type MoneyTableId = keyof typeof MONEY_TABLES;
