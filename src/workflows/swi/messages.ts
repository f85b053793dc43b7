/** The public contract of the SWI workflows (ids, input, the delivered signal). */
import { defineSignal } from '@temporalio/workflow';

/**
 * One schedule per task queue (per deployment), so two installations — or two test runs — on one
 * Temporal namespace never share (and overwrite) each other's schedule.
 */
export const swiScheduleId = (taskQueue: string) => `swi-kwartaallevering-${taskQueue}`;
export const swiQuarterWorkflowId = (quarter: string) => `swi-${quarter}`;

export interface SwiScheduledInput {
  /** The gemeenten served (their beheerders each get a task). */
  gemeenten: string[];
}

export interface SwiQuarterInput extends SwiScheduledInput {
  /** `2026-Q4` */
  quarter: string;
}

export interface SwiQuarterResult {
  quarter: string;
  delivered: string[];
  late: string[];
  /** Not delivered when the workflow stopped waiting (at the next quarter's due day). */
  undelivered: string[];
}

/** The beheerder reported the delivery of `gemeente` (the API sends it after recording it). */
export const swiDeliveredSignal = defineSignal<[{ gemeente: string }]>('swiGeleverd');
