/**
 * `npm start` stops cleanly (issue 14 §4, process shutdown): the real command (npm → node with
 * tsx as loader → API + worker + the embedded Temporal dev server) is started on free ports
 * with its own data directory, waited for until /readyz answers, then signalled:
 * - SIGTERM to the npm process only (what systemd, CI and container runtimes send);
 * - SIGINT to the whole process group (a Ctrl-C in a terminal: npm and node both get it, and
 *   npm forwards it once more) — one press, one graceful stop, not "twice = stop at once".
 * Either way: exit code 0, the graceful path taken once ("Gestopt."), every process of the tree
 * gone (also the dev server, which runs in its own process group) and every port free.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/db/migrations';
import { canConnect } from '../../src/runtime/wait-for-port';
import { readCapturedMails } from '../../src/runtime/mail-sink';
import { uniqueTestDatabaseUrl } from '../support/db';
import { freePort, waitFor } from '../../scripts/faults/stack';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** Every descendant of a process (by /proc parent links), through `ps`. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startNpm(): Promise<{
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ports: number[];
  port: number;
  dataDir: string;
}> {
  const [port, temporalPort, uiPort, partnerPort, sinkPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inburgering-start-'));
  const databaseUrl = uniqueTestDatabaseUrl();
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => dropDatabase(databaseUrl));
  const chunks: string[] = [];
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    // Its own process group, as a terminal's foreground job: SIGINT to -pid is a Ctrl-C.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      PARTNER_SIMULATOR_PORT: String(partnerPort),
      SMTP_SINK_PORT: String(sinkPort),
      SMTP_HOST: '',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      // info: the signal's log line is part of what the test checks.
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: '',
    },
  });
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    for (const pid of [child.pid!, ...descendants(child.pid!)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  await waitFor(
    'npm start gereed (/readyz 200)',
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start stopte: ${chunks.join('').slice(-3000)}`);
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3000) });
      return response.ok;
    },
    { timeoutMs: 240_000, intervalMs: 500 },
  );
  return {
    child,
    output: () => chunks.join(''),
    exited,
    ports: [port, temporalPort, uiPort, partnerPort, sinkPort],
    port,
    dataDir,
  };
}

async function expectStoppedCleanly(
  started: Awaited<ReturnType<typeof startNpm>>,
  tree: number[],
  signal: 'SIGTERM' | 'SIGINT',
): Promise<void> {
  const result = await Promise.race([
    started.exited,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 90_000)),
  ]);
  expect(result, started.output().slice(-3000)).not.toBe('timeout');
  expect(result, started.output().slice(-3000)).toEqual({ code: 0, signal: null });
  const output = started.output();
  expect(output.match(/Gestopt\./g) ?? [], output.slice(-3000)).toHaveLength(1);
  expect(output).not.toMatch(/opnieuw ontvangen: direct stoppen/);
  expect(output.match(new RegExp(`${signal} ontvangen: netjes stoppen`, 'g')) ?? []).toHaveLength(1);
  // Every process of the tree (npm, node, the dev server) is gone, every port is free.
  await waitFor('alle processen gestopt', async () => tree.every((pid) => !alive(pid)), { timeoutMs: 20_000 });
  for (const port of started.ports) expect(await canConnect('127.0.0.1', port), `poort ${port}`).toBe(false);
}

describe('npm start shuts down gracefully', () => {
  it('on SIGTERM to the npm process: API, worker and the dev server stop, ports freed', async () => {
    const started = await startNpm();
    const tree = [started.child.pid!, ...descendants(started.child.pid!)];
    expect(tree.length).toBeGreaterThan(2);
    // The embedded mail sink: a notice (an escalation: PIP term passed) lands as .eml in DATA_DIR/mail.
    expect(started.output()).toMatch(/E-mail: +ontwikkel-mailbox 127\.0\.0\.1:\d+/);
    const key = /consulent altena +(ibo_\S+)/.exec(started.output())?.[1];
    expect(key, started.output().slice(-3000)).toBeDefined();
    const inschrijving = new Date(Date.now() - 84 * 86_400_000).toISOString().slice(0, 10);
    const start = await fetch(`http://127.0.0.1:${started.port}/trajectories`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ bsn: '111222333', targetGroup: 'gezinsmigrant', dates: { inschrijving } }),
    });
    expect(start.status).toBe(201);
    const mails = await waitFor(
      'een e-mail in DATA_DIR/mail',
      async () => {
        const found = await readCapturedMails(path.join(started.dataDir, 'mail'));
        return found.find((mail) => mail.text.includes('Escalatie')) ?? false;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(mails.text).toMatch(/^To: consulent@altena/m);
    expect(mails.text).not.toContain('111222333');
    process.kill(started.child.pid!, 'SIGTERM');
    await expectStoppedCleanly(started, tree, 'SIGTERM');
  }, 400_000);

  it('on Ctrl-C (SIGINT to the process group): one graceful stop, not counted twice', async () => {
    const started = await startNpm();
    const tree = [started.child.pid!, ...descendants(started.child.pid!)];
    process.kill(-started.child.pid!, 'SIGINT');
    await expectStoppedCleanly(started, tree, 'SIGINT');
  }, 400_000);
});
