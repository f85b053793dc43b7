/**
 * The bare Temporal baseline of the benchmark (bench/run.ts): the same shape of traffic as
 * the trajectory workflow gets — signals with a partner-event payload, a query, one update —
 * but trivial handlers, no activities, no database. It completes once it has seen
 * `expectedSignals` distinct events and the update.
 *
 * Workflow code: deterministic, imports only @temporalio/workflow (bundled by the worker).
 */
import { condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export interface BaselineInput {
  id: string;
  expectedSignals: number;
}

/** Same fields as an UREN partner event, so payload sizes are comparable. */
export interface BaselineEvent {
  eventId: string;
  occurredOn: string;
  type: string;
  kind: string;
  hours: number;
}

export interface BaselineView {
  id: string;
  stateVersion: number;
  signals: number;
  hours: number;
  lastEventId?: string;
  decided: boolean;
}

export const baselineEventSignal = defineSignal<[BaselineEvent]>('baselineEvent');
export const baselineViewQuery = defineQuery<BaselineView>('baselineView');
export const baselineDecisionUpdate = defineUpdate<BaselineView, [{ date: string }]>('baselineDecision');

export async function baselineWorkflow(input: BaselineInput): Promise<BaselineView> {
  const seen = new Set<string>();
  const view: BaselineView = { id: input.id, stateVersion: 0, signals: 0, hours: 0, decided: false };

  setHandler(baselineEventSignal, (event) => {
    if (seen.has(event.eventId)) return;
    seen.add(event.eventId);
    view.signals += 1;
    view.hours += event.hours;
    view.lastEventId = event.eventId;
    view.stateVersion += 1;
  });
  setHandler(baselineViewQuery, () => view);
  setHandler(baselineDecisionUpdate, () => {
    view.decided = true;
    view.stateVersion += 1;
    return view;
  });

  await condition(() => view.signals >= input.expectedSignals && view.decided);
  return view;
}
