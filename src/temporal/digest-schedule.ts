/**
 * The Temporal Schedule of the consulenten's daily digest: every day at NOTICE_DIGEST_HOUR
 * (Amsterdam time) it starts `consulentDigestWorkflow`. Created (or brought up to date) when the
 * worker starts, as the SWI schedule.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { CONSULENT_DIGEST_WORKFLOW_TYPE, consulentDigestScheduleId } from '../workflows/consulent-digest/messages';

export function digestScheduleOptions(options: { taskQueue: string; hour: number }): ScheduleOptions {
  return {
    scheduleId: consulentDigestScheduleId(options.taskQueue),
    spec: { calendars: [{ hour: options.hour, minute: 0 }], timezone: 'Europe/Amsterdam' },
    action: {
      type: 'startWorkflow',
      workflowType: CONSULENT_DIGEST_WORKFLOW_TYPE,
      workflowId: consulentDigestScheduleId(options.taskQueue),
      taskQueue: options.taskQueue,
      args: [],
    },
    // A morning missed while the cluster was down is caught up the same day.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '12 hours' },
    memo: { doel: 'Dagoverzicht van meldingen per consulent' },
  };
}

export async function ensureDigestSchedule(
  client: Client,
  options: { taskQueue: string; hour: number },
): Promise<'CREATED' | 'UPDATED'> {
  const wanted = digestScheduleOptions(options);
  try {
    await client.schedule.create(wanted);
    return 'CREATED';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(wanted.scheduleId).update((current) => ({
      ...current,
      spec: wanted.spec,
      action: wanted.action,
      policies: { ...current.policies, ...wanted.policies },
    }));
    return 'UPDATED';
  }
}
