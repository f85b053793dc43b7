// Offline migrations (src/db/migrations.ts) against the real PostgreSQL server.
// Every test works on its own throw-away database and, where it changes files, on a temporary
// copy of prisma/schema.prisma and prisma/migrations: the repository is never touched.
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  deployMigrations,
  dropDatabase,
  MigrationHistoryError,
  pendingMigrations,
  readMigrations,
} from '../../src/db/migrations';
import { applyMigrationsWithEngine, createMigration, diagnoseMigrationHistory } from '../../scripts/db/schema-engine';
import { createTestDatabase, uniqueTestDatabaseUrl } from '../support/db';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newDatabaseUrl(): string {
  const url = uniqueTestDatabaseUrl();
  cleanups.push(() => dropDatabase(url));
  return url;
}

/** A temporary copy of prisma/schema.prisma and prisma/migrations. */
async function tempPrismaDir(): Promise<{ schemaPath: string; migrationsDir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'inburgering-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const schemaPath = path.join(dir, 'schema.prisma');
  const migrationsDir = path.join(dir, 'migrations');
  await cp(DEFAULT_SCHEMA_PATH, schemaPath);
  await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
  return { schemaPath, migrationsDir };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

describe('the repository migrations', () => {
  it('has at least the init migration and a lock file', async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations[0]?.name).toMatch(/^\d{14}_init$/);
    const lock = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8');
    expect(lock).toContain('provider = "postgresql"');
  });
});

describe('deployMigrations', () => {
  it('creates the database, applies every migration and records it like Prisma', async () => {
    const url = newDatabaseUrl();
    const local = await readMigrations();
    const logs: string[] = [];

    const applied = await deployMigrations(url, { log: (m) => logs.push(m) });

    expect(applied).toEqual(local.map((m) => m.name));
    expect(logs.some((l) => l.startsWith('created database'))).toBe(true);
    const rows = await query<MigrationRow>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at');
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const file = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.checksum).toBe(local[i]?.checksum);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ tablename: string }>(
      url,
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['Trajectory', 'Task', 'InboxEvent']));
    expect(await pendingMigrations(url)).toEqual([]);
  });

  it('is a no-op the second time', async () => {
    const url = newDatabaseUrl();
    await deployMigrations(url);
    const before = await query<MigrationRow>(url, 'SELECT * FROM "_prisma_migrations"');

    expect(await deployMigrations(url)).toEqual([]);

    expect(await query<MigrationRow>(url, 'SELECT * FROM "_prisma_migrations"')).toEqual(before);
  });

  it('serialises concurrent deploys (each migration applied once)', async () => {
    const url = newDatabaseUrl();
    const results = await Promise.all([deployMigrations(url), deployMigrations(url), deployMigrations(url)]);
    const local = (await readMigrations()).map((m) => m.name);
    expect(results.flat().sort()).toEqual(local.sort());
    expect(await query(url, 'SELECT * FROM "_prisma_migrations"')).toHaveLength(local.length);
  });

  it('reports and then applies a new migration', async () => {
    const url = newDatabaseUrl();
    const { migrationsDir } = await tempPrismaDir();
    await deployMigrations(url, { migrationsDir });
    const name = '99990101000000_add_widget';
    await mkdir(path.join(migrationsDir, name));
    await writeFile(
      path.join(migrationsDir, name, 'migration.sql'),
      'CREATE TABLE "Widget" ("id" TEXT PRIMARY KEY);\n',
    );

    expect(await pendingMigrations(url, { migrationsDir })).toEqual([name]);
    expect(await deployMigrations(url, { migrationsDir })).toEqual([name]);
    expect(await pendingMigrations(url, { migrationsDir })).toEqual([]);
    expect(await query(url, 'SELECT * FROM "Widget"')).toEqual([]);
  });

  it('reports every migration as pending on a database without a migrations table', async () => {
    const url = newDatabaseUrl();
    await deployMigrations(url, { migrationsDir: path.join(tmpdir(), 'no-such-migrations-dir') });
    await query(url, 'DROP TABLE "_prisma_migrations"');
    expect(await pendingMigrations(url)).toEqual((await readMigrations()).map((m) => m.name));
  });

  it('refuses when an applied migration was edited', async () => {
    const url = newDatabaseUrl();
    const { migrationsDir } = await tempPrismaDir();
    await deployMigrations(url, { migrationsDir });
    const [first] = await readMigrations(migrationsDir);
    await writeFile(path.join(migrationsDir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);

    const attempt = deployMigrations(url, { migrationsDir });
    await expect(attempt).rejects.toBeInstanceOf(MigrationHistoryError);
    await expect(attempt).rejects.toThrow(/changed after they were applied.*checksum.*_init/s);
  });

  it('accepts a checked-out copy with CRLF line endings, as Prisma does', async () => {
    const url = newDatabaseUrl();
    const { migrationsDir } = await tempPrismaDir();
    await deployMigrations(url, { migrationsDir });
    for (const m of await readMigrations(migrationsDir)) {
      await writeFile(path.join(migrationsDir, m.name, 'migration.sql'), m.sql.replace(/\n/g, '\r\n'));
    }
    expect(await deployMigrations(url, { migrationsDir })).toEqual([]);
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const url = newDatabaseUrl();
    const { migrationsDir } = await tempPrismaDir();
    await deployMigrations(url, { migrationsDir });
    const name = '99990101000000_broken';
    await mkdir(path.join(migrationsDir, name));
    await writeFile(
      path.join(migrationsDir, name, 'migration.sql'),
      'CREATE TABLE "Half" ("id" TEXT);\nSELECT * FROM "does_not_exist";\n',
    );

    await expect(deployMigrations(url, { migrationsDir })).rejects.toThrow(
      /99990101000000_broken failed.*does_not_exist/,
    );

    expect(await query(url, `SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
    expect(await pendingMigrations(url, { migrationsDir })).toEqual([name]);
  });
});

describe('compatibility with Prisma’s schema engine (prisma migrate status / deploy)', () => {
  it('Prisma sees a database deployed here as up to date with unchanged checksums', async () => {
    const url = newDatabaseUrl();
    await deployMigrations(url);
    const diagnostic = await diagnoseMigrationHistory(url);
    expect(diagnostic).toMatchObject({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  it('a database migrated by Prisma’s engine is up to date here', async () => {
    const url = newDatabaseUrl();
    const local = (await readMigrations()).map((m) => m.name);
    expect(await applyMigrationsWithEngine(url)).toEqual(local);
    expect(await pendingMigrations(url)).toEqual([]);
    expect(await deployMigrations(url)).toEqual([]);
  });
});

describe('createMigration', () => {
  it('writes and applies the SQL diff after a schema change, and nothing when unchanged', async () => {
    const url = newDatabaseUrl();
    const { schemaPath, migrationsDir } = await tempPrismaDir();
    const before = await readdir(migrationsDir);

    // Unchanged schema: nothing to write (the database is brought up to date first).
    expect(await createMigration(url, { name: 'noop', schemaPath, migrationsDir })).toBeNull();
    expect(await readdir(migrationsDir)).toEqual(before);

    const schema = await readFile(schemaPath, 'utf8');
    await writeFile(
      schemaPath,
      schema.replace('model ApiKey {', 'model ApiKey {\n  note       String?\n  expiresAt  DateTime?'),
    );
    const created = await createMigration(url, { name: 'Add API key note', schemaPath, migrationsDir });

    expect(created?.name).toMatch(/^\d{14}_add_api_key_note$/);
    expect(created?.sql).toMatch(
      /ALTER TABLE "ApiKey" ADD COLUMN\s+"expiresAt" TIMESTAMP\(3\),\s*ADD COLUMN\s+"note" TEXT;/,
    );
    const written = await readFile(path.join(migrationsDir, created!.name, 'migration.sql'), 'utf8');
    expect(written).toBe(created?.sql);
    expect(await pendingMigrations(url, { migrationsDir })).toEqual([]);
    const columns = await query<{ column_name: string }>(
      url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'ApiKey'`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(expect.arrayContaining(['note', 'expiresAt']));

    // And now the history matches the schema again.
    expect(await createMigration(url, { name: 'again', schemaPath, migrationsDir })).toBeNull();

    // No shadow database is left behind.
    const prefix = new URL(url).pathname.slice(1, 31);
    const shadows = await query(url, `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}\\_shadow\\_%'`);
    expect(shadows).toEqual([]);
  });

  it('creates the first migration from an empty migrations directory, without applying when asked', async () => {
    const url = newDatabaseUrl();
    const { schemaPath, migrationsDir } = await tempPrismaDir();
    await rm(migrationsDir, { recursive: true });

    const created = await createMigration(url, { name: 'init', schemaPath, migrationsDir, apply: false });

    expect(created?.sql).toContain('CREATE TABLE "Trajectory"');
    expect(await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain(
      'provider = "postgresql"',
    );
    expect(await pendingMigrations(url, { migrationsDir })).toEqual([created?.name]);
  });

  it('refuses when the database has drifted from the migration history', async () => {
    const url = newDatabaseUrl();
    const { schemaPath, migrationsDir } = await tempPrismaDir();
    await deployMigrations(url, { migrationsDir });
    await query(url, 'CREATE TABLE "Unmanaged" ("id" INTEGER)');
    const before = await readdir(migrationsDir);

    await expect(createMigration(url, { name: 'x', schemaPath, migrationsDir })).rejects.toThrow(/drifted/);
    expect(await readdir(migrationsDir)).toEqual(before);
  });
});

describe('createTestDatabase', () => {
  const created: Array<{ drop(): Promise<void> }> = [];
  afterAll(async () => {
    for (const db of created) await db.drop();
  });

  it('gives a migrated database with a working Prisma client, dropped afterwards', async () => {
    const db = await createTestDatabase();
    created.push(db);

    const trajectory = await db.prisma.trajectory.create({
      data: {
        id: 't-1',
        workflowId: 'trajectory-t-1',
        gemeente: '0363',
        targetGroup: 'ASIELMIGRANT',
        phase: 'BREDE_INTAKE',
        pipDeadline: new Date('2026-03-01'),
        person: { create: { gemeente: '0363', bsnHash: 'h', bsn: '123456782' } },
      },
      include: { person: true },
    });
    expect(trajectory.person?.bsn).toBe('123456782');
    expect(await db.prisma.trajectory.count()).toBe(1);

    await db.drop();
    await db.drop(); // idempotent
    const exists = await query(
      `${process.env.TEST_DATABASE_BASE_URL || 'postgresql://postgres@127.0.0.1:5432'}/postgres`,
      `SELECT 1 FROM pg_database WHERE datname = '${new URL(db.url).pathname.slice(1)}'`,
    );
    expect(exists).toEqual([]);
  });
});
