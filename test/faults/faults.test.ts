/**
 * The reduced fault run in `npm test` (issue 14 §1): `npm run faults -- --ci` — every scenario
 * of the runner at its smallest size (4 trajectories, 1 kill, 60 events, PostgreSQL down 5 s,
 * one trajectory per partner-endpoint behaviour) — must pass. It starts everything itself on
 * free loopback ports in .data/faults/<run>/ (its own PostgreSQL cluster, Temporal dev server,
 * simulators, API and worker processes), so it runs beside the other test files. The full
 * run is `npm run faults`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { FaultSummary } from '../../scripts/faults/run';

const SCENARIOS = ['worker-kill', 'temporal-restart', 'api-kill', 'postgres-stop', 'partner-endpoint'];

it('every fault scenario passes at CI size: nothing lost or doubled, the trajectory never held', async () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const summaryFile = path.join(mkdtempSync(path.join(tmpdir(), 'faults-ci-')), 'summary.json');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        'scripts/faults/run.ts',
        '--ci',
        '--summary-file',
        summaryFile,
      ],
      { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', resolve);
  });
  const text = output.join('');
  expect(code, text.slice(-8000)).toBe(0);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as FaultSummary;
  expect(summary.mode).toBe('ci');
  expect(summary.scenarios.map((s) => s.name)).toEqual(SCENARIOS);
  for (const scenario of summary.scenarios) {
    expect(scenario.failures, scenario.name).toEqual([]);
    expect(scenario.passed, scenario.name).toBe(true);
  }
}, 1_500_000);
