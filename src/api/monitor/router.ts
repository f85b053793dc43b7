/** Monitor and verantwoording: figure tables per period, money per year (JSON or CSV). */
import { monitorSettingsFor } from '../../config';
import { amsterdamDateOf } from '../../domain/period';
import { allFigures, FIGURE_TABLES, type FigureScope } from '../../monitor/figures';
import { MONEY_TABLES, type MoneyScope } from '../../monitor/money';
import { tableToCsv, type FigureTable } from '../../monitor/tables';
import { AppError } from '../http/errors';
import type { ResolvedApiDeps } from '../http/deps';
import { defineRoute, type Reply, type RouteDefinition } from '../http/route';
import type { Principal } from '../auth/principal';
import { monitorGemeenten, periodFromQuery } from './scope';
import {
  ZFigures,
  ZFigureTable,
  ZFigureTableParams,
  ZFigureTableQuery,
  ZFiguresQuery,
  ZMoney,
  ZMoneyQuery,
  ZMoneyTableParams,
  ZMoneyTableQuery,
} from './schemas';

export const MONITOR_TAGS = ['monitor'];
const badInput = {
  400: { description: 'Onbekende periode, tot vóór van, of een ongeldig jaar; `errors` noemt de parameter.' },
  404: { description: 'Gemeente onbekend of buiten uw bevoegdheid (`errors` noemt query.gemeente).' },
};
const csvFile = { 'text/csv': 'De tabel als CSV: `;`-gescheiden, UTF-8 met BOM, Nederlandse kolomkoppen.' };

function figureScope(
  deps: ResolvedApiDeps,
  principal: Principal,
  query: {
    periode?: string | undefined;
    van?: string | undefined;
    tot?: string | undefined;
    gemeente?: string | undefined;
  },
): FigureScope {
  const asOf = amsterdamDateOf(new Date());
  // Scope first: nothing is computed, not even the period, for a gemeente outside it.
  const gemeenten = monitorGemeenten(principal, deps.config, query.gemeente);
  return {
    prisma: deps.prisma,
    gemeenten,
    period: periodFromQuery(query, asOf),
    asOf,
    settings: (gemeente) => monitorSettingsFor(deps.config, gemeente),
  };
}

function moneyScope(
  deps: ResolvedApiDeps,
  principal: Principal,
  query: { jaar?: string | undefined; gemeente?: string | undefined },
): MoneyScope {
  const gemeenten = monitorGemeenten(principal, deps.config, query.gemeente);
  const year = query.jaar === undefined ? Number(amsterdamDateOf(new Date()).slice(0, 4)) : Number(query.jaar);
  if (!/^\d{4}$/.test(query.jaar ?? '2000') || year < 2000 || year > 2100) {
    throw new AppError('BAD_REQUEST', `Ongeldig jaar "${query.jaar}" (JJJJ).`, {
      errors: [{ field: 'query.jaar', message: 'Verwacht een jaartal JJJJ (2000–2100)' }],
    });
  }
  return { prisma: deps.prisma, gemeenten, year, settings: (gemeente) => monitorSettingsFor(deps.config, gemeente) };
}

function tableReply(table: FigureTable, formaat: 'json' | 'csv', name: string): Reply {
  if (formaat === 'csv')
    return {
      status: 200,
      file: { contentType: 'text/csv; charset=utf-8', filename: `${name}.csv`, content: tableToCsv(table) },
    };
  return { status: 200, body: table };
}

export const monitorRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/beheer/monitor/cijfers',
    summary: 'Alle cijfertabellen over een periode, per gemeente en voor de regio',
    description:
      'Tabellen: instroom (met taakstelling), pip (tijd tot PIP en binnen 10 weken per termijnstart), leerroutes (naar verwachting), voortgang, modules, uitstroom, uitstroom-route, handhaving, ontzorgen, keten. Elke tabel beschrijft in `description` hoe zij telt.',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: { query: ZFiguresQuery },
    responses: { 200: { description: 'De cijfers.', schema: ZFigures }, ...badInput },
    handler: async ({ deps, principal, query }) => {
      const scope = figureScope(deps, principal, query);
      return {
        status: 200,
        body: { periode: scope.period, asOf: scope.asOf, gemeenten: scope.gemeenten, tables: await allFigures(scope) },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/monitor/cijfers/:tabel',
    summary: 'Eén cijfertabel (JSON of CSV)',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: { params: ZFigureTableParams, query: ZFigureTableQuery },
    responses: { 200: { description: 'De tabel.', schema: ZFigureTable, files: csvFile }, ...badInput },
    handler: async ({ deps, principal, params, query }) => {
      const scope = figureScope(deps, principal, query);
      const table = await FIGURE_TABLES[params.tabel](scope);
      return tableReply(table, query.formaat, `${params.tabel}-${scope.period.label}`);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/monitor/geld',
    summary: 'Geld per gemeente en jaar: voorzieningen tegenover budget, prestatiebekostiging',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: { query: ZMoneyQuery },
    responses: { 200: { description: 'De tabellen (bedragen in hele centen).', schema: ZMoney }, ...badInput },
    handler: async ({ deps, principal, query }) => {
      const scope = moneyScope(deps, principal, query);
      const tables = await Promise.all(Object.values(MONEY_TABLES).map((table) => table(scope)));
      return { status: 200, body: { jaar: scope.year, gemeenten: scope.gemeenten, tables } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/monitor/geld/:tabel',
    summary: 'Eén geldtabel (JSON of CSV)',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: { params: ZMoneyTableParams, query: ZMoneyTableQuery },
    responses: { 200: { description: 'De tabel.', schema: ZFigureTable, files: csvFile }, ...badInput },
    handler: async ({ deps, principal, params, query }) => {
      const scope = moneyScope(deps, principal, query);
      return tableReply(await MONEY_TABLES[params.tabel](scope), query.formaat, `${params.tabel}-${scope.year}`);
    },
  }),
];
