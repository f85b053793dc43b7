// Creating migrations (development only; applying them is src/db/migrations.ts): Prisma's
// WebAssembly schema engine (`@prisma/schema-engine-wasm`) through `@prisma/adapter-pg` replays
// the existing migrations into a temporary shadow database (created and dropped here, never the
// main one) and diffs the result against `prisma/schema.prisma` — `prisma migrate dev` without
// the native engine it would download.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import type * as WasmBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type {
  DiagnoseMigrationHistoryOutput,
  MigrationList,
  SchemaEngine,
} from '@prisma/schema-engine-wasm/schema_engine_bg';
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
  LOCK_FILE,
  LOCK_FILE_CONTENT,
  MIGRATION_FILE,
  MigrationHistoryError,
  databaseName,
  deployMigrations,
  dropDatabase,
  ensureDatabase,
  readMigrations,
  withDatabase,
  type DeployOptions,
  type MigrationsDirOption,
} from '../../src/db/migrations';

type WasmModule = typeof WasmBindings;

let wasmModule: Promise<WasmModule> | undefined;

/**
 * Loads `@prisma/schema-engine-wasm` by hand: its entry point imports the `.wasm` file as an ES
 * module, which Node 20 only supports behind --experimental-wasm-modules.
 */
function loadSchemaEngineWasm(): Promise<WasmModule> {
  wasmModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindings: WasmModule = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
    // The project's TypeScript lib has no WebAssembly typings (no DOM lib): a minimal shape.
    const { WebAssembly: wa } = globalThis as unknown as {
      WebAssembly: {
        instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: unknown } }>;
      };
    };
    const { instance } = await wa.instantiate(bytes, { './schema_engine_bg.js': bindings });
    (bindings as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bindings;
  })();
  return wasmModule;
}

// OIDs of PostgreSQL catalog types that @prisma/adapter-pg cannot map when the engine describes a
// schema (it throws "Unsupported column type"). Their text form is what the engine expects.
const CATALOG_TYPES_AS_TEXT = new Set([
  18, // "char"
]);
const TEXT_OID = 25;

function retypeFields(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as Array<{ fields?: Array<{ dataTypeID: number }> } | undefined>) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** A pg pool whose results report PostgreSQL's internal `"char"` columns as text. */
function enginePool(url: string, resources: EngineResources): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  resources.pools.push(pool);
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        const callback = last as (e: unknown, r: unknown) => void;
        args[args.length - 1] = (err: unknown, res: unknown) => callback(err, err ? res : retypeFields(res));
        return original(...args);
      }
      const ret = original(...args);
      return ret instanceof Promise ? ret.then(retypeFields) : ret;
    };
  });
  return pool;
}

interface EngineResources {
  /** Shadow database URLs created for the engine. */
  shadows: string[];
  pools: pg.Pool[];
}

/**
 * The engine's adapter: main connections go to `url`; every shadow connection gets a fresh,
 * uniquely named temporary database (the stock adapter's shadow connection would reach the main
 * database when given a connection string).
 */
async function engineAdapterFactory(url: string, resources: EngineResources): Promise<object> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  // A new (patched, tracked) pool per connection: PrismaPg would otherwise fall back to a plain
  // pool of its own if the engine connected again after disposing the first connection.
  const connectTo = async (target: string) => {
    const adapter = await new PrismaPg(enginePool(target, resources), { disposeExternalPool: true }).connect();
    // A migration script runs as one simple-protocol query, as src/db/migrations.ts applies it:
    // the stock adapter splits it on every ';', also inside function bodies and comments.
    const queryable = adapter as unknown as {
      client: { query(sql: string): Promise<unknown> };
      onError(error: unknown): never;
      executeScript(script: string): Promise<void>;
    };
    queryable.executeScript = async (script: string) => {
      try {
        await queryable.client.query(script);
      } catch (error) {
        queryable.onError(error);
      }
    };
    return adapter;
  };
  const factory = {
    provider: 'postgres' as const,
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(url),
    connectToShadowDb: async () => {
      const base = databaseName(url).slice(0, 30);
      const name = `${base}_shadow_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      const shadowUrl = withDatabase(url, name);
      await ensureDatabase(shadowUrl);
      resources.shadows.push(shadowUrl);
      const adapter = await connectTo(shadowUrl);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await dropDatabase(shadowUrl);
      };
      return adapter;
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory as never);
}

async function migrationList(migrationsDir: string): Promise<MigrationList> {
  const local = await readMigrations(migrationsDir);
  const lockPath = path.join(migrationsDir, LOCK_FILE);
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: LOCK_FILE,
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: local.map((m) => ({
      path: m.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: 'ok' as const, value: m.sql } },
    })),
  };
}

function engineErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

async function withSchemaEngine<T>(
  url: string,
  schemaPath: string,
  fn: (engine: SchemaEngine, schema: { path: string; content: string }) => Promise<T>,
): Promise<T> {
  const wasm = await loadSchemaEngineWasm();
  const content = await readFile(schemaPath, 'utf8');
  const resources: EngineResources = { shadows: [], pools: [] };
  const adapter = await engineAdapterFactory(url, resources);
  const debug = process.env.DEBUG_SCHEMA_ENGINE ? (log: string) => console.error('[schema-engine]', log) : () => {};
  let engine: SchemaEngine | undefined;
  try {
    engine = await wasm.SchemaEngine.new({ datamodels: [[schemaPath, content]] }, debug, adapter);
    return await fn(engine, { path: schemaPath, content });
  } catch (error) {
    throw new Error(`Schema engine: ${engineErrorMessage(error)}`, { cause: error });
  } finally {
    engine?.free();
    // The engine does not always dispose its connections: close every pool and drop every
    // shadow database it was given (idle pools would keep the process alive for 10 s).
    for (const pool of resources.pools) if (!pool.ended) await pool.end().catch(() => undefined);
    for (const shadowUrl of resources.shadows) await dropDatabase(shadowUrl).catch(() => undefined);
  }
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface CreateMigrationOptions extends DeployOptions {
  /** The migration's name; it is slugified and prefixed with a UTC timestamp. */
  name: string;
  /** The Prisma schema to migrate to; default `prisma/schema.prisma`. */
  schemaPath?: string;
  /** Apply the new migration (and any pending ones) to `url`; default true. */
  apply?: boolean;
}

export interface CreatedMigration {
  name: string;
  directory: string;
  sql: string;
}

export function slugifyMigrationName(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200);
  if (!slug) throw new Error(`Invalid migration name: ${JSON.stringify(name)}`);
  return slug;
}

/**
 * `prisma migrate dev --name <name>`, offline: brings the database at `url` up to date, checks it
 * for drift, diffs the existing migrations (replayed in a temporary shadow database) against the
 * schema and writes `<migrationsDir>/<timestamp>_<name>/migration.sql` (+ migration_lock.toml),
 * then applies it unless `apply: false`. Returns null, writing nothing, when there is no change.
 */
export async function createMigration(url: string, options: CreateMigrationOptions): Promise<CreatedMigration | null> {
  const log = options.log;
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const slug = slugifyMigrationName(options.name);

  const applied = await deployMigrations(url, { migrationsDir, log });
  if (applied.length) log?.(`brought ${databaseName(url)} up to date first (${applied.length} migration(s))`);

  const created = await withSchemaEngine(url, schemaPath, async (engine, schema) => {
    const migrationsList = await migrationList(migrationsDir);
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (diagnostic.action.tag === 'reset') {
      throw new MigrationHistoryError(
        `The database ${databaseName(url)} has drifted from the migration history and would need a reset:\n` +
          `${diagnostic.action.reason}\n` +
          `Nothing was written. For a development database: npm run db:migrate -- --reset --name ${slug}`,
      );
    }
    const out = await engine.createMigration({
      draft: false,
      migrationName: slug,
      migrationsList,
      schema: { files: [schema] },
      filters: NO_FILTERS,
    });
    if (out.migrationScript === null) return null;
    return { name: out.generatedMigrationName, sql: out.migrationScript };
  });

  if (!created) {
    log?.('No schema changes: the migrations already match the Prisma schema. Nothing was written.');
    return null;
  }

  const directory = path.join(migrationsDir, created.name);
  if (existsSync(directory)) throw new Error(`${directory} already exists`);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, MIGRATION_FILE), created.sql);
  await writeLockfile(migrationsDir);
  log?.(`wrote ${path.relative(process.cwd(), path.join(directory, MIGRATION_FILE))}`);

  if (options.apply !== false) await deployMigrations(url, { migrationsDir, log });
  return { name: created.name, directory, sql: created.sql };
}

export interface EngineOptions extends MigrationsDirOption {
  schemaPath?: string;
}

/**
 * Prisma's own view of the database's migration history (the schema engine's
 * `diagnoseMigrationHistory`, as used by `prisma migrate status`): edited and failed migrations,
 * and whether the database is behind. Used to check that this module's bookkeeping matches Prisma's.
 */
export async function diagnoseMigrationHistory(
  url: string,
  options: EngineOptions = {},
): Promise<DiagnoseMigrationHistoryOutput> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  return withSchemaEngine(url, options.schemaPath ?? DEFAULT_SCHEMA_PATH, async (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: await migrationList(migrationsDir),
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    }),
  );
}

/** Applies pending migrations with Prisma's schema engine (`prisma migrate deploy`), for comparison. */
export async function applyMigrationsWithEngine(url: string, options: EngineOptions = {}): Promise<string[]> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  await ensureDatabase(url);
  const out = await withSchemaEngine(url, options.schemaPath ?? DEFAULT_SCHEMA_PATH, async (engine) =>
    engine.applyMigrations({ migrationsList: await migrationList(migrationsDir), filters: NO_FILTERS }),
  );
  return out.appliedMigrationNames;
}

async function writeLockfile(migrationsDir: string): Promise<void> {
  const lockPath = path.join(migrationsDir, LOCK_FILE);
  if (existsSync(lockPath)) {
    const content = await readFile(lockPath, 'utf8');
    const provider = /provider\s*=\s*"([^"]+)"/.exec(content)?.[1];
    if (provider && provider !== 'postgresql') {
      throw new Error(`${lockPath} is for provider ${provider}, not postgresql`);
    }
    if (provider) return;
  }
  await writeFile(lockPath, LOCK_FILE_CONTENT);
}

/** Drops every object in the database (development only): `prisma migrate reset` without the seed. */
export async function resetDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  await ensureDatabase(url);
}
