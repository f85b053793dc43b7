/**
 * The system under fault: every part a separate, killable process or server of its own.
 *
 * - Infra (one per `npm run faults` run): a PostgreSQL cluster (initdb/pg_ctl, pg-cluster.ts)
 *   and a Temporal dev server persisted to a SQLite file, both stoppable and restartable.
 * - A deployment (one per phase: the undisturbed run and the faulted run each get their own):
 *   a database on that cluster, the DUO simulator and a partner endpoint (scripts/partner-simulator.ts)
 *   in this process, and the API and the worker as two child processes (`node --import tsx
 *   src/main.ts api|worker`, as in docker-compose) that can be killed with SIGKILL and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { DefaultLogger } from '@temporalio/worker';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { developmentPartnerId, seedDevelopmentKeys, type DevelopmentKey } from '../../src/api/auth/seed-dev-keys';
import { createPrismaClient, type PrismaClient } from '../../src/db/client';
import { deployMigrations, ensureDatabase } from '../../src/db/migrations';
import { PARTNER_KINDS } from '../../src/domain/types';
import { startDevTemporal, type DevTemporal } from '../../src/runtime/dev-temporal';
import { PROJECT_ROOT } from '../../src/temporal/binaries';
import { bundleWorkflows } from '../../src/worker';
import { devPkiFile, SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator, type DuoSimulator } from '../duo/simulator';
import { startPartnerSimulator, type PartnerSimulator } from '../partner-simulator';
import { createPgCluster, type PgCluster } from './pg-cluster';

export const GEMEENTEN = ['altena', 'drimmelen', 'geertruidenberg', 'oosterhout'] as const;

/** Every gemeente is connected to DUO (the simulator): altena with the simulator's own OIN. */
const GEMEENTE_OINS = GEMEENTEN.map(
  (gemeente, i) => [gemeente, i === 0 ? SIM_GEMEENTE_OIN : `0000000100123456${7100 + i}`] as const,
);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
  throw new Error(`${what}: niet gelukt binnen ${options.timeoutMs / 1000} s${last ? ` (${String(last)})` : ''}`);
}

export interface Infra {
  dir: string;
  /** The workflow code, bundled once for every worker (re)start of the run. */
  workflowBundlePath: string;
  pg: PgCluster;
  temporal: { address: string; stop(): Promise<void>; start(): Promise<void>; running(): boolean };
  close(): Promise<void>;
}

export async function startInfra(dir: string): Promise<Infra> {
  mkdirSync(dir, { recursive: true });
  const [pgPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const pg = await createPgCluster({ dir: path.join(dir, 'pg'), port: pgPort });
  const temporalDir = path.join(dir, 'temporal');
  let server: DevTemporal | null = null;
  const temporal = {
    address: `127.0.0.1:${temporalPort}`,
    running: () => server !== null,
    async start() {
      server = await startDevTemporal({ dataDir: temporalDir, port: temporalPort, uiPort });
    },
    async stop() {
      const current = server;
      server = null;
      await current?.stop();
    },
  };
  await temporal.start();
  const { code } = await bundleWorkflows(new DefaultLogger('WARN'));
  const workflowBundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, code);
  return {
    dir,
    workflowBundlePath,
    pg,
    temporal,
    async close() {
      await temporal.stop().catch(() => undefined);
      await pg.destroy().catch(() => undefined);
    },
  };
}

class ExitedWhileStarting extends Error {}

/** SERVICE_CPU_PROF_DIR: every service process writes a V8 CPU profile there when it exits (benches). */
function profileArgs(): string[] {
  const dir = process.env.SERVICE_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** One of the service's processes (`src/main.ts api|worker`), killable and restartable. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly log: WriteStream;
  starts = 0;

  constructor(
    readonly role: 'api' | 'worker',
    private readonly env: Record<string, string>,
    logFile: string,
    private readonly ready: () => Promise<boolean>,
    /** The script to run (the benches' baseline worker has its own). */
    private readonly entry = 'src/main.ts',
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  running(): boolean {
    return this.child !== null;
  }

  /** Starts that exited before they were ready (each started again, as a supervisor would). */
  failedStarts = 0;

  /**
   * Starts the process and waits until it is ready (API: /readyz 200; worker: /healthz 200).
   * At load 40+ on two cores a restart took 146 s (worker) and over 180 s (API): the wait is
   * generous, and the measured time is reported as the recovery time. A process that exits
   * while starting (at load 40 the worker's Temporal client timed out connecting and the
   * process ended) is started again, as docker-compose's `restart: unless-stopped` does;
   * those exits are counted in `failedStarts`.
   */
  async start(timeoutMs = 600_000): Promise<number> {
    const began = Date.now();
    for (;;) {
      try {
        await this.spawnAndWait(Math.max(1_000, timeoutMs - (Date.now() - began)));
        return Date.now() - began;
      } catch (error) {
        if (!(error instanceof ExitedWhileStarting) || Date.now() - began >= timeoutMs) throw error;
        this.failedStarts++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private async spawnAndWait(timeoutMs: number): Promise<void> {
    const child = spawn(process.execPath, [...profileArgs(), '--import', 'tsx', this.entry, this.role], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts++;
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (this.child === child) this.child = null;
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child !== child) {
        throw new ExitedWhileStarting(`${this.role} stopte tijdens het starten (zie ${this.log.path})`);
      }
      if (await this.ready()) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.role} gereed: niet gelukt binnen ${timeoutMs / 1000} s`);
  }

  /** Sends a signal (SIGKILL: no chance to clean up) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child) return;
    this.child.kill(signal);
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await this.kill('SIGTERM');
    clearTimeout(timer);
  }
}

export interface Deployment {
  name: string;
  apiUrl: string;
  databaseUrl: string;
  prisma: PrismaClient;
  keys: DevelopmentKey[];
  duo: DuoSimulator;
  partner: PartnerSimulator;
  api: ServiceProcess;
  worker: ServiceProcess;
  token(role: 'consulent' | 'beheerder', gemeente: string | null): string;
  partnerToken(kind: string): string;
  close(): Promise<void>;
}

/** Whether `url` answers 2xx within 3 s (readiness polling). */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function startDeployment(
  infra: Infra,
  options: { name: string; pseudonymKey: string; env?: Record<string, string> },
): Promise<Deployment> {
  const databaseUrl = infra.pg.url(`faults_${options.name.replace(/\W/g, '_')}`);
  await ensureDatabase(databaseUrl);
  await deployMigrations(databaseUrl);
  const prisma = createPrismaClient(databaseUrl, { poolMax: 5 });
  const keys = await seedDevelopmentKeys(prisma, GEMEENTEN);
  const [apiPort, duoListenerPort, workerHealthPort] = [await freePort(), await freePort(), await freePort()];
  const duo = await startDuoSimulator({
    notifyUrl: `https://127.0.0.1:${duoListenerPort}/duo/v1/notificaties`,
    gemeenteOins: GEMEENTE_OINS.map(([, oin]) => oin),
  });
  const partner = await startPartnerSimulator({});
  // Every development partner delivers to the receiving test server (which counts what arrives).
  await prisma.partner.updateMany({
    where: { id: { in: PARTNER_KINDS.map((kind) => developmentPartnerId(kind)) } },
    data: { endpointUrl: partner.deliveryUrl },
  });
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: infra.temporal.address,
    TEMPORAL_TASK_QUEUE: `faults-${options.name}`,
    WORKFLOW_BUNDLE_PATH: infra.workflowBundlePath,
    PSEUDONYM_KEY: options.pseudonymKey,
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_FAILURE_LIMIT: '1000000',
    WORKER_HEALTH_PORT: String(workerHealthPort),
    DUO_BASE_URL: duo.url,
    DUO_OIN: SIM_DUO_OIN,
    DUO_GEMEENTE_OINS: GEMEENTE_OINS.map(([gemeente, oin]) => `${gemeente}:${oin}`).join(','),
    DUO_CONTACT_TEAMS: JSON.stringify(
      Object.fromEntries(
        GEMEENTEN.map((gemeente) => [
          gemeente,
          { email: `inburgering@${gemeente}.example`, telefoonnummer: '0162-000000' },
        ]),
      ),
    ),
    DUO_NOTIFICATIE_AUTH: 'mtls',
    DUO_NOTIFICATIE_PORT: String(duoListenerPort),
    DUO_NOTIFICATIE_TLS_CERT_PATH: devPkiFile('server.pem'),
    DUO_NOTIFICATIE_TLS_KEY_PATH: devPkiFile('server-key.pem'),
    DUO_NOTIFICATIE_CLIENT_CA_PATH: devPkiFile('ca.pem'),
    ...options.env,
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = new ServiceProcess('api', env, path.join(infra.dir, `${options.name}-api.log`), () =>
    httpOk(`${apiUrl}/readyz`),
  );
  const worker = new ServiceProcess('worker', env, path.join(infra.dir, `${options.name}-worker.log`), () =>
    httpOk(`http://127.0.0.1:${workerHealthPort}/healthz`),
  );
  await api.start();
  await worker.start();
  const find = (predicate: (key: DevelopmentKey) => boolean) => {
    const key = keys.find(predicate);
    if (!key) throw new Error('development key missing');
    return key.key;
  };
  return {
    name: options.name,
    apiUrl,
    databaseUrl,
    prisma,
    keys,
    duo,
    partner,
    api,
    worker,
    token: (role, gemeente) => find((k) => k.role === role && k.gemeente === gemeente && !k.partnerId),
    partnerToken: (kind) => find((k) => k.partnerId === developmentPartnerId(kind)),
    async close() {
      await Promise.all([api.stop(), worker.stop()]);
      await Promise.all([duo.close(), partner.close()]).catch(() => undefined);
      await prisma.$disconnect().catch(() => undefined);
    },
  };
}
