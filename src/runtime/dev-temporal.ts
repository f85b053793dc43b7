/**
 * The embedded Temporal dev server (`temporal server start-dev`) of the run command,
 * persisted to a SQLite file under .data/ so trajectories survive a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { requireBinary, TEMPORAL_CLI_PATH } from '../temporal/binaries';
import { devServerSearchAttributeArgs } from '../temporal/search-attributes';
import { waitForPort } from './wait-for-port';

export interface DevTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export interface DevTemporalOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  /** The API's codec endpoint, so the Web UI can show decrypted payloads to beheerders. */
  codecEndpoint?: string;
}

/** The dev server's command line: the frontend and the Web UI both on loopback only. */
export function devServerArgs(options: DevTemporalOptions): string[] {
  return [
    'server',
    'start-dev',
    '--db-filename',
    path.join(options.dataDir, 'temporal.db'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    // The Web UI has no sign-in, roles, tenancy or audit: never beyond this machine.
    '--ui-ip',
    '127.0.0.1',
    '--log-level',
    'warn',
    ...devServerSearchAttributeArgs(),
    ...(options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
  ];
}

export async function startDevTemporal(options: DevTemporalOptions): Promise<DevTemporal> {
  mkdirSync(options.dataDir, { recursive: true });
  const log = createWriteStream(path.join(options.dataDir, 'temporal.log'), { flags: 'a' });
  const child = spawn(
    requireBinary(TEMPORAL_CLI_PATH),
    devServerArgs(options),
    // Its own process group: a Ctrl-C in the terminal reaches the run command, which stops the
    // dev server last (after the worker drained), not this child at once.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // Should this process exit without its orderly shutdown, the dev server goes with it.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const started = await Promise.race([
    waitForPort('127.0.0.1', options.port, 60_000).then(() => true),
    exited.then(() => false),
  ]);
  if (!started) {
    throw new Error(
      `De Temporal dev server is gestopt tijdens het starten (poort ${options.port} bezet?); zie ${path.join(options.dataDir, 'temporal.log')}`,
    );
  }
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    stop: async () => {
      await stopChild(child, exited);
      process.removeListener('exit', killOnExit);
    },
  };
}

/** SIGTERM, then SIGKILL after 10 s: the dev server flushes its SQLite file on SIGTERM. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timeout);
}
