/**
 * Replays the recorded histories (scripts/record-histories.ts) against the current workflow
 * code: a change that is not deterministic for running trajectories fails here. Until 1.0.0 a
 * workflow change re-records the baseline; from 1.0.0 on such changes are guarded with a patch
 * (src/workflows/trajectory/context.ts) and every patch id must appear in a recorded history.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATCHES } from '../../src/workflows/trajectory/context';
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
  it('has the recorded baseline: one history (or chain of runs) per scenario', () => {
    const scenarios = new Set(files.map((file) => file.split('.')[0]));
    expect(scenarios.size).toBeGreaterThanOrEqual(8);
  });

  it('every patch of the workflow code is exercised by a recorded history', () => {
    const recorded = new Set(
      files.flatMap((file) => patchMarkers(JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')))),
    );
    const patchIds: string[] = Object.values(PATCHES);
    expect([...recorded].sort()).toEqual(expect.arrayContaining(patchIds.sort()));
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
