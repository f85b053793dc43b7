/**
 * The Temporal Schedule of the quarterly CBS delivery: at 06:00 Amsterdam time on the first
 * day of January, April, July and October it starts `swiScheduledWorkflow`, which prepares
 * the quarter that just ended. Created (or brought up to date) when the worker starts, so the
 * served gemeenten and the task queue follow the configuration.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { swiScheduleId, type SwiScheduledInput } from '../workflows/swi/messages';

export const SWI_SCHEDULE_TIMEZONE = 'Europe/Amsterdam';

export function swiScheduleOptions(options: { taskQueue: string; gemeenten: string[] }): ScheduleOptions {
  const input: SwiScheduledInput = { gemeenten: options.gemeenten };
  return {
    scheduleId: swiScheduleId(options.taskQueue),
    spec: {
      calendars: [{ month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 6, minute: 0 }],
      timezone: SWI_SCHEDULE_TIMEZONE,
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'swiScheduledWorkflow',
      workflowId: swiScheduleId(options.taskQueue),
      taskQueue: options.taskQueue,
      args: [input],
    },
    // A run missed while the cluster was down is caught up within a week.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
    memo: { doel: 'CBS Statistiek Wet inburgering: kwartaallevering per gemeente' },
  };
}

/** Creates the schedule, or updates it to the current configuration when it exists. */
export async function ensureSwiSchedule(
  client: Client,
  options: { taskQueue: string; gemeenten: string[] },
): Promise<'CREATED' | 'UPDATED'> {
  const wanted = swiScheduleOptions(options);
  try {
    await client.schedule.create(wanted);
    return 'CREATED';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(swiScheduleId(options.taskQueue)).update((current) => ({
      ...current,
      spec: wanted.spec,
      action: wanted.action,
      policies: { ...current.policies, ...wanted.policies },
    }));
    return 'UPDATED';
  }
}
