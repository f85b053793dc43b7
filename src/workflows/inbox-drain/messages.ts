/**
 * The public contract of the inbox drain: the workflow a Temporal Schedule starts every minute
 * (overlap SKIP: one drain at a time) to deliver inbox rows that are still RECEIVED — partner
 * events whose signal failed when they came in (Temporal was down, the API process stopped) and
 * DUO notifications whose details could not be pulled yet. Each row is one activity with the
 * INBOX_ROW retry preset; a row that still fails waits for the next drain.
 *
 * The activities run in the API process (which owns the inbox and DUO's Notificatie API) on
 * their own task queue, so the worker process never loads the API.
 */
export const INBOX_DRAIN_WORKFLOW_TYPE = 'inboxDrainWorkflow';
/** One schedule per task queue (per deployment): installations or test runs on one namespace never share it. */
export const inboxDrainScheduleId = (taskQueue: string) => `inbox-drain-${taskQueue}`;

/** The task queue of the inbox activities, next to the workflows' task queue. */
export function inboxTaskQueue(workflowTaskQueue: string): string {
  return `${workflowTaskQueue}-inbox`;
}

export interface InboxDrainInput {
  inboxTaskQueue: string;
  /** Rows per drain (default 100). */
  batchSize?: number;
}

export interface InboxRowRef {
  id: string;
  /** DUO notifications are pulled from DUO first; partner events are signalled as they are. */
  kind: 'PARTNER' | 'DUO';
}

export type InboxRowOutcome = 'DELIVERED' | 'IGNORED' | 'FAILED' | 'PARKED' | 'SKIPPED';

/** Implemented by src/api/inbox/activities.ts. */
export interface InboxDrainActivities {
  /** RECEIVED rows that are due (not within the grace of their own inline delivery), oldest first. */
  listDueInboxRows(input: { limit: number }): Promise<InboxRowRef[]>;
  /** Signals one partner event; throws (retryable) while its workflow cannot be reached. */
  deliverPartnerInboxRow(input: { id: string }): Promise<InboxRowOutcome>;
  /** Pulls one DUO notification's details and signals them; throws (retryable) while DUO or Temporal fails. */
  processDuoInboxRow(input: { id: string }): Promise<InboxRowOutcome>;
}

export interface InboxDrainResult {
  rows: number;
  outcomes: Record<InboxRowOutcome | 'RETRY_LATER', number>;
}
