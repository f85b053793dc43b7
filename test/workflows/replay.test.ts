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

describe('replay of recorded histories', () => {
  it('has recorded histories', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
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
