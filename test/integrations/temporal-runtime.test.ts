/**
 * The process's Temporal runtime (src/temporal/runtime.ts), in a child process as the service
 * installs it: one log stream — every stdout line is one JSON object (pino), the SDK's own
 * messages among them — and the worker's Temporal SDK metrics served in Prometheus format on
 * TEMPORAL_METRICS_BIND.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const PROBE = fileURLToPath(new URL('./support/runtime-probe.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [PROBE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('Temporal runtime: one JSON log stream and the SDK metrics', () => {
  it('every stdout line is JSON (the SDK through pino), and the worker metrics are scraped', async () => {
    const bind = `127.0.0.1:${await freePort()}`;
    const { code, stdout, stderr } = await run([inject('temporalAddress'), bind]);
    expect(code, stderr).toBe(0);

    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const sdk = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.component === 'temporal-sdk');
    expect(sdk.length, stdout).toBeGreaterThan(0);
    // The worker's own messages (state changes, bundling) arrive as single JSON lines with their fields.
    expect(sdk.some((l) => typeof l.msg === 'string' && /worker|bundle/i.test(l.msg as string))).toBe(true);

    const metrics = /--- metrics ---\n([\s\S]*)\n--- end ---/.exec(stderr)?.[1] ?? '';
    expect(metrics).toMatch(/^temporal_\w+/m);
    expect(metrics).toContain(`task_queue="runtime-probe-`);
  });
});
