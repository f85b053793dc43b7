// Throw-away PostgreSQL databases for tests: uniquely named, migrated, dropped after.
//   const db = await createTestDatabase();   // in beforeAll
//   ... db.prisma / db.url ...
//   await db.drop();                          // in afterAll
// Server: TEST_DATABASE_BASE_URL (default postgresql://postgres@127.0.0.1:5432).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPrismaClient, type PrismaClient } from '../../src/db/client';
import { deployMigrations, dropDatabase, withDatabase } from '../../src/db/migrations';

export const TEST_DATABASE_PREFIX = 'inburgering_test_';
const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

export interface TestDatabase {
  /** postgresql://… URL of the new database. */
  url: string;
  prisma: PrismaClient;
  /** Disconnects the client and drops the database (idempotent). */
  drop(): Promise<void>;
}

export function testDatabaseBaseUrl(): string {
  return process.env.TEST_DATABASE_BASE_URL || 'postgresql://postgres@127.0.0.1:5432';
}

/** A fresh, empty database URL on the test server (not created). */
export function uniqueTestDatabaseUrl(): string {
  const name = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return withDatabase(`${testDatabaseBaseUrl().replace(/\/+$/, '')}/postgres`, name);
}

let staleSweep: Promise<void> | undefined;

/** Best effort: drop test databases left behind by runs that were killed more than 12 h ago. */
function sweepStaleTestDatabases(): Promise<void> {
  staleSweep ??= (async () => {
    const client = new pg.Client({ connectionString: withDatabase(uniqueTestDatabaseUrl(), 'postgres') });
    try {
      await client.connect();
      const res = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `${TEST_DATABASE_PREFIX}%`,
      ]);
      for (const { datname } of res.rows) {
        const stamp = parseInt(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0] ?? '', 36);
        if (Number.isFinite(stamp) && Date.now() - stamp > STALE_AFTER_MS) {
          await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
        }
      }
    } catch {
      // Not essential.
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return staleSweep;
}

/** Creates a uniquely named database, applies all migrations and returns a client on it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await sweepStaleTestDatabases();
  const url = uniqueTestDatabaseUrl();
  try {
    await deployMigrations(url);
  } catch (error) {
    await dropDatabase(url).catch(() => undefined);
    throw error;
  }
  const prisma = createPrismaClient(url, { poolMax: 5 });
  let dropped: Promise<void> | undefined;
  return {
    url,
    prisma,
    drop: () =>
      (dropped ??= (async () => {
        await prisma.$disconnect().catch(() => undefined);
        await dropDatabase(url);
      })()),
  };
}
