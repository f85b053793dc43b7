/**
 * Drains the inbox (see messages.ts): lists the due rows, then delivers each as its own
 * activity, a few at a time. A row that keeps failing after its retries is left RECEIVED for
 * the next drain; it never stops the others.
 */
import { proxyActivities } from '@temporalio/workflow';
import { INBOX_LIST, INBOX_ROW } from '../../temporal/activity-presets';
import type { InboxDrainActivities, InboxDrainInput, InboxDrainResult, InboxRowRef } from './messages';

const ROWS_AT_ONCE = 5;

export async function inboxDrainWorkflow(input: InboxDrainInput): Promise<InboxDrainResult> {
  const { listDueInboxRows } = proxyActivities<InboxDrainActivities>({
    ...INBOX_LIST,
    taskQueue: input.inboxTaskQueue,
  });
  const row = proxyActivities<InboxDrainActivities>({ ...INBOX_ROW, taskQueue: input.inboxTaskQueue });
  const rows = await listDueInboxRows({ limit: input.batchSize ?? 100 });
  const outcomes: InboxDrainResult['outcomes'] = {
    DELIVERED: 0,
    IGNORED: 0,
    FAILED: 0,
    PARKED: 0,
    SKIPPED: 0,
    RETRY_LATER: 0,
  };
  const deliver = (ref: InboxRowRef) =>
    ref.kind === 'DUO' ? row.processDuoInboxRow({ id: ref.id }) : row.deliverPartnerInboxRow({ id: ref.id });
  for (let start = 0; start < rows.length; start += ROWS_AT_ONCE) {
    const settled = await Promise.allSettled(rows.slice(start, start + ROWS_AT_ONCE).map(deliver));
    for (const result of settled) outcomes[result.status === 'fulfilled' ? result.value : 'RETRY_LATER'] += 1;
  }
  return { rows: rows.length, outcomes };
}
