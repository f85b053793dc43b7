/** The public contract of the daily consulent digest (schedule id, workflow type). */

/** One schedule per task queue, so two installations on one namespace never share it. */
export const consulentDigestScheduleId = (taskQueue: string) => `meldingen-dagoverzicht-${taskQueue}`;
export const CONSULENT_DIGEST_WORKFLOW_TYPE = 'consulentDigestWorkflow';

export interface ConsulentDigestResult {
  /** The Amsterdam date of the run. */
  date: string;
  /** Digests queued (one per consulent with waiting notices). */
  digests: number;
}
