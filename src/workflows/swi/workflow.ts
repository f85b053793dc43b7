/**
 * The quarterly CBS delivery (Statistiek Wet inburgering). A Temporal Schedule
 * (src/swi/schedule.ts) starts `swiScheduledWorkflow` on the first day of each quarter; it
 * starts `swiQuarterWorkflow` for the quarter that just ended under a fixed id
 * (`swi-2026-Q4`), so that the API can signal it and a second start is refused.
 *
 * The quarter workflow prepares each gemeente's delivery (extract + the beheerder's task),
 * waits until every gemeente reported its delivery or the due day (four weeks after the
 * quarter) has passed in Amsterdam, escalates the late ones to their teamleider, and keeps
 * waiting for them until the next quarter's due day.
 */
import { condition, proxyActivities, setHandler, startChild, ParentClosePolicy } from '@temporalio/workflow';
import { addDays, addMonths } from '../../domain/dates';
import { amsterdamDateOf, parsePeriode, previousQuarter, startOfAmsterdamDay, swiDueDate } from '../../domain/period';
import type { createSwiActivities } from '../../swi/activities';
import {
  swiDeliveredSignal,
  swiQuarterWorkflowId,
  type SwiQuarterInput,
  type SwiQuarterResult,
  type SwiScheduledInput,
} from './messages';

const { prepareSwiDelivery, escalateSwiDelivery } = proxyActivities<ReturnType<typeof createSwiActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

export async function swiScheduledWorkflow(input: SwiScheduledInput): Promise<string> {
  const quarter = previousQuarter(amsterdamDateOf(new Date())).label;
  await startChild(swiQuarterWorkflow, {
    workflowId: swiQuarterWorkflowId(quarter),
    args: [{ ...input, quarter }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  return quarter;
}

const msUntil = (instant: Date) => Math.max(0, instant.getTime() - Date.now());

export async function swiQuarterWorkflow(input: SwiQuarterInput): Promise<SwiQuarterResult> {
  const period = parsePeriode(input.quarter);
  if (period?.kind !== 'KWARTAAL') throw new Error(`geen kwartaal: ${input.quarter}`);
  const delivered = new Set<string>();
  setHandler(swiDeliveredSignal, ({ gemeente }) => {
    if (input.gemeenten.includes(gemeente)) delivered.add(gemeente);
  });
  for (const gemeente of input.gemeenten) {
    const prepared = await prepareSwiDelivery({ gemeente, quarter: input.quarter });
    if (prepared.delivered) delivered.add(gemeente);
  }
  const allDelivered = () => input.gemeenten.every((gemeente) => delivered.has(gemeente));
  const due = swiDueDate(period);
  // Late from the first moment of the day after the due day (Amsterdam time).
  await condition(allDelivered, msUntil(startOfAmsterdamDay(addDays(due, 1))));
  const late: string[] = [];
  for (const gemeente of input.gemeenten.filter((g) => !delivered.has(g))) {
    if (await escalateSwiDelivery({ gemeente, quarter: input.quarter })) late.push(gemeente);
    else delivered.add(gemeente); // reported in the database meanwhile (e.g. the signal got lost)
  }
  if (!allDelivered()) await condition(allDelivered, msUntil(startOfAmsterdamDay(addMonths(due, 3))));
  return {
    quarter: input.quarter,
    delivered: input.gemeenten.filter((g) => delivered.has(g)),
    late,
    undelivered: input.gemeenten.filter((g) => !delivered.has(g)),
  };
}
