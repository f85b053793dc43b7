/**
 * Replays the recorded histories (scripts/record-histories.ts) against the current workflow
 * code: a change that is not deterministic for running trajectories fails here. Guard such
 * changes with patched() instead of re-recording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATCHES } from '../../src/workflows/trajectory/patches';
import { bundleWorkflows } from './helpers';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

const FIXTURES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const files = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .sort();

let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  workflowBundle = await bundleWorkflows();
});

/** Patch ids recorded in a history (core_patch markers). */
function patchMarkers(history: { events?: Array<Record<string, unknown>> }): string[] {
  const ids: string[] = [];
  for (const event of history.events ?? []) {
    const marker = event.markerRecordedEventAttributes as
      { markerName?: string; details?: Record<string, { payloads?: Array<{ data?: string }> }> } | undefined;
    if (marker?.markerName !== 'core_patch') continue;
    for (const payload of marker.details?.['patch-data']?.payloads ?? []) {
      ids.push((JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8')) as { id: string }).id);
    }
  }
  return ids;
}

describe('replay of recorded histories', () => {
  it('has recorded histories: the first generation and the current one (.v2)', () => {
    expect(files.filter((file) => !/\.v\d+\.json$/.test(file)).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((file) => file.endsWith('.v2.json')).length).toBeGreaterThanOrEqual(6);
  });

  it('every patch of the workflow code is exercised by a recorded history', () => {
    const recorded = new Set(
      files.flatMap((file) => patchMarkers(JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')))),
    );
    expect([...recorded].sort()).toEqual(expect.arrayContaining(Object.values(PATCHES).sort()));
  });

  it('replays every recorded history without nondeterminism', async () => {
    const histories = files.map((file) => ({
      workflowId: file,
      history: proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
