/**
 * Which PostgreSQL the run command uses: DATABASE_URL when set; otherwise the machine's
 * local server; and only when that is unreachable an embedded PGlite (a laptop without
 * PostgreSQL), served over its socket server and persisted under .data/. Tests never use
 * PGlite: they always run against a real server.
 */
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from '../config';

export interface ResolvedDatabase {
  url: string;
  kind: 'configured' | 'local' | 'embedded';
  stop(): Promise<void>;
}

const EMBEDDED_PORT = 54329;

export async function resolveDatabase(options: {
  configuredUrl: string | undefined;
  dataDir: string;
}): Promise<ResolvedDatabase> {
  if (options.configuredUrl) {
    return { url: options.configuredUrl, kind: 'configured', stop: async () => {} };
  }
  if (await isServerReachable(DEFAULT_DATABASE_URL)) {
    return { url: DEFAULT_DATABASE_URL, kind: 'local', stop: async () => {} };
  }
  return startEmbeddedDatabase(path.join(options.dataDir, 'pglite'));
}

async function isServerReachable(url: string): Promise<boolean> {
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function startEmbeddedDatabase(directory: string, port = EMBEDDED_PORT): Promise<ResolvedDatabase> {
  // Imported lazily: the WebAssembly build is only loaded on machines that need it.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(directory);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port });
  await server.start();
  return {
    // PGlite has a single database, "postgres".
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    kind: 'embedded',
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
