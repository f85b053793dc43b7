/**
 * The reduced fuzz run in `npm test` (issue 14 §2): `npm run fuzz -- --quick` — Schemathesis
 * with every check, as each kind of caller and as DUO over mutual TLS — must pass: 0 responses
 * 5xx, 0 schema violations, 0 other check failures. The full run (≥ 5,000 requests) is
 * `npm run fuzz`. Uses the run's Temporal dev server; everything else the script starts itself.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, inject, it } from 'vitest';
import type { ProfileResult } from '../../scripts/fuzz';
import { PARTNER_KINDS } from '../../src/domain/types';

it('Schemathesis finds nothing: no 5xx, no schema violation, no failed check, for every caller', async () => {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/fuzz.ts', '--quick'],
      {
        cwd: root,
        env: { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', resolve);
  });
  const text = output.join('');
  expect(code, text.slice(-6000)).toBe(0);
  const runs = readdirSync(path.join(root, '.data', 'fuzz')).sort();
  const summary = JSON.parse(readFileSync(path.join(root, '.data', 'fuzz', runs.at(-1)!, 'summary.json'), 'utf8')) as {
    passed: boolean;
    results: ProfileResult[];
  };
  expect(summary.passed).toBe(true);
  const profiles = summary.results.map((r) => r.profile);
  expect(profiles).toEqual(
    expect.arrayContaining([
      'consulent (altena)',
      'teamleider (altena)',
      'beheerder (altena)',
      'beheerder (regio)',
      'duo-notificatie (mTLS)',
    ]),
  );
  // One profile per partner kind (a development partner of each kind).
  expect(profiles.filter((p) => p.startsWith('partner ('))).toHaveLength(PARTNER_KINDS.length);
  for (const result of summary.results) {
    expect(result.requests, result.profile).toBeGreaterThan(0);
    expect(result.serverErrors + result.schemaViolations + result.otherFailures + result.errors, result.profile).toBe(
      0,
    );
  }
}, 900_000);
