/**
 * `npm run seed:monitor`: an example quarter of the monitor from a known data set. Fills a
 * database (dropped and made again; default `inburgering_monitor_voorbeeld` on the local
 * PostgreSQL) with the deterministic data set of the monitor bench (bench/monitor-seed.ts:
 * N trajectories over the four gemeenten, 2024–2026, with voortgang tasks, outbox messages and
 * handhaving events), sets the framework's 2021 taakstelling and ondertussengroep figures as
 * the example configuration, and prints every figure table of one quarter for each gemeente
 * and the region, as the regional beheerder sees them (Markdown tables, Dutch headers).
 *
 *   npm run seed:monitor                                   # 2 000 trajectories, 2026-Q3
 *   npm run seed:monitor -- --trajectories 400 --periode 2026-Q2 --per 2026-10-01
 *   npm run seed:monitor -- --database-url postgresql://postgres@127.0.0.1:5432/andere
 *
 * `--per` is the day the figures are counted on ("today": open PIPs, overdue talks); by default
 * the day after the quarter, so the output does not depend on when it runs. The database
 * stays, to be explored with the API (`DATABASE_URL=… npm start`) or psql.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seedMonitorData } from '../bench/monitor-seed';
import { loadConfig, monitorSettingsFor } from '../src/config';
import { createPrismaClient } from '../src/db/client';
import { deployMigrations, dropDatabase, ensureDatabase, redactUrl } from '../src/db/migrations';
import { addDays } from '../src/domain/dates';
import { halfYearsOverlapping, parsePeriode } from '../src/domain/period';
import { DEFAULT_GEMEENTEN } from '../src/domain/types';
import { allFigures } from '../src/monitor/figures';
import type { FigureTable } from '../src/monitor/tables';

/** The framework's 2021 figures (taakstelling per half year, ondertussengroep), as the example. */
const FRAMEWORK_2021: Record<string, { taakstelling: number; ondertussengroep: number }> = {
  altena: { taakstelling: 43, ondertussengroep: 40 },
  drimmelen: { taakstelling: 21, ondertussengroep: 50 },
  geertruidenberg: { taakstelling: 22, ondertussengroep: 23 },
  oosterhout: { taakstelling: 43, ondertussengroep: 60 },
};

const { values } = parseArgs({
  options: {
    trajectories: { type: 'string', default: '2000' },
    periode: { type: 'string', default: '2026-Q3' },
    per: { type: 'string' },
    'database-url': {
      type: 'string',
      default:
        process.env.MONITOR_VOORBEELD_URL ?? 'postgresql://postgres@127.0.0.1:5432/inburgering_monitor_voorbeeld',
    },
  },
});

function markdown(table: FigureTable): string {
  const cell = (value: unknown) =>
    value === null || value === undefined
      ? '—'
      : typeof value === 'number'
        ? String(value).replace('.', ',')
        : String(value);
  const header = table.columns.map((c) => c.header);
  const lines = [
    `### ${table.title}`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${table.columns.map((c) => cell(row[c.key])).join(' | ')} |`),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const n = Number(values.trajectories);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error('--trajectories: een geheel getal 1–1 000 000');
  const period = parsePeriode(values.periode);
  if (!period) throw new Error(`--periode: onbekende periode "${values.periode}" (bijv. 2026-Q3)`);
  const asOf = values.per ?? addDays(period.tot, 1);
  const url = values['database-url'];
  const halfYears = halfYearsOverlapping(period).map((h) => h.label);
  const monitor = Object.fromEntries(
    Object.entries(FRAMEWORK_2021).map(([gemeente, f]) => [
      gemeente,
      {
        taakstelling: Object.fromEntries(halfYears.map((h) => [h, f.taakstelling])),
        ondertussengroep: f.ondertussengroep,
      },
    ]),
  );
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    PSEUDONYM_KEY: 'monitor-voorbeeld-pseudonym-key-0123',
    GEMEENTE_MONITOR: JSON.stringify(monitor),
    LOG_LEVEL: 'silent',
  });

  await dropDatabase(url);
  await ensureDatabase(url);
  await deployMigrations(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seedMonitorData(client, n);
  } finally {
    await client.end();
  }
  const prisma = createPrismaClient(url, { poolMax: 4 });
  try {
    const counts = {
      trajecten: await prisma.trajectory.count(),
      taken: await prisma.task.count(),
      berichten: await prisma.outboxMessage.count(),
      gebeurtenissen: await prisma.monitorEvent.count(),
    };
    const tables = await allFigures({
      prisma,
      gemeenten: [...DEFAULT_GEMEENTEN],
      period,
      asOf,
      settings: (gemeente: string) => monitorSettingsFor(config, gemeente),
    });
    console.log(`# Monitor, voorbeeldkwartaal ${values.periode} (${period.van} t/m ${period.tot}), geteld op ${asOf}`);
    console.log('');
    console.log(
      `Database ${redactUrl(url)}: ${counts.trajecten} trajecten, ${counts.taken} taken, ${counts.berichten} uitgaande berichten, ${counts.gebeurtenissen} monitorgebeurtenissen (npm run seed:monitor -- --trajectories ${n} --periode ${values.periode}). Taakstelling en ondertussengroep: de cijfers 2021 uit het beleidskader, per halfjaar ${halfYears.join(', ')}.`,
    );
    for (const table of tables) console.log(`\n${markdown(table)}`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
