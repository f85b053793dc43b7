/**
 * A throw-away PostgreSQL cluster of its own (initdb + pg_ctl) for the fault runs: it can be
 * stopped and started again without touching the machine's PostgreSQL. Trust authentication on
 * 127.0.0.1 only. When this process runs as root (containers, CI), the cluster runs as the
 * `postgres` system user (initdb refuses root).
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PgCluster {
  port: number;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string;
  start(): Promise<void>;
  /** Fast shutdown: open connections are cut, as in an outage. */
  stop(): Promise<void>;
  running(): Promise<boolean>;
  destroy(): Promise<void>;
}

/** initdb/pg_ctl: on PATH, else the newest /usr/lib/postgresql/<version>/bin. */
function pgBinary(name: string): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin', name);
  }
  return name;
}

/** Root cannot run initdb: then the cluster belongs to the `postgres` system user. */
function systemUser(): { name: string } | null {
  return process.getuid?.() === 0 ? { name: 'postgres' } : null;
}

async function asOwner(user: ReturnType<typeof systemUser>, command: string, args: string[]): Promise<string> {
  const { stdout } = user
    ? await run('runuser', ['-u', user.name, '--', command, ...args], { maxBuffer: 16 * 1024 * 1024 })
    : await run(command, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export async function createPgCluster(options: { dir: string; port: number }): Promise<PgCluster> {
  const user = systemUser();
  const dataDir = path.join(options.dir, 'pgdata');
  const logFile = path.join(options.dir, 'postgres.log');
  mkdirSync(options.dir, { recursive: true });
  if (user) {
    const { stdout } = await run('id', ['-u', user.name]);
    const { stdout: gid } = await run('id', ['-g', user.name]);
    chownSync(options.dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await asOwner(user, pgBinary('initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const pgCtl = (...args: string[]) => asOwner(user, pgBinary('pg_ctl'), ['-D', dataDir, ...args]);
  const settings = [
    `-p ${options.port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${options.dir}`,
    '-c fsync=off',
    '-c max_connections=200',
  ].join(' ');
  const cluster: PgCluster = {
    port: options.port,
    url: (database) => `postgresql://postgres@127.0.0.1:${options.port}/${database}`,
    async start() {
      await pgCtl('-l', logFile, '-o', settings, '-w', '-t', '60', 'start');
    },
    async stop() {
      await pgCtl('-m', 'fast', '-w', '-t', '60', 'stop');
    },
    async running() {
      const client = new pg.Client({ connectionString: cluster.url('postgres'), connectionTimeoutMillis: 2000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async destroy() {
      await pgCtl('-m', 'immediate', '-w', '-t', '30', 'stop').catch(() => undefined);
    },
  };
  await cluster.start();
  return cluster;
}
