/**
 * Signals stored partner events to their workflows after the 202, one trajectory at a time and
 * in the order they were stored, several at once when they queued up: while a trajectory's
 * signal is on its way, the events stored for it meanwhile wait and go together in the next
 * signal (`partnerEventsSignal`). A partner that reports a burst of events for one trajectory
 * costs one signal, one workflow task and one projection per burst instead of per event.
 *
 * The 202 is the promise "stored": the inbox row is written before the answer, and a row this
 * process does not signal (it stopped, Temporal was unreachable) stays RECEIVED and is signalled
 * by the inbox drain after INLINE_DELIVERY_GRACE_MS; the workflow ignores an event id it has
 * seen, so a repeat changes nothing. One API process keeps the order of the events it stored
 * per trajectory; two processes that store events for one trajectory at the same instant have
 * no order between them, as two concurrent requests never had.
 *
 * Tracing: a batch is signalled in the OpenTelemetry context of its first event's request, so
 * that request's trace reaches the workflow (without tracing the context is empty).
 */
import { context as otelContext, type Context as OtelContext } from '@opentelemetry/api';
import type { InboxEvent } from '../../generated/prisma/client';
import { deliverInboxEvents, type DeliveryDeps } from './deliver-inbox-events';

/** Most events in one signal (a longer queue goes in several, in order). */
const MAX_EVENTS_PER_SIGNAL = 100;

interface Queued {
  row: InboxEvent;
  context: OtelContext;
}

class PartnerSignalQueue {
  private readonly waiting = new Map<string, Queued[]>();
  private readonly sending = new Map<string, Promise<void>>();

  constructor(private readonly deps: DeliveryDeps) {}

  add(trajectoryId: string, row: InboxEvent): void {
    const queue = this.waiting.get(trajectoryId);
    const item = { row, context: otelContext.active() };
    if (queue) queue.push(item);
    else this.waiting.set(trajectoryId, [item]);
    if (!this.sending.has(trajectoryId)) this.send(trajectoryId);
  }

  private send(trajectoryId: string): void {
    const sending = (async () => {
      for (;;) {
        const queue = this.waiting.get(trajectoryId);
        if (!queue || queue.length === 0) break;
        const batch = queue.splice(0, MAX_EVENTS_PER_SIGNAL);
        if (queue.length === 0) this.waiting.delete(trajectoryId);
        // Never throws: a row that was not signalled stays for the inbox drain.
        await otelContext.with(batch[0]!.context, () =>
          deliverInboxEvents(
            this.deps,
            batch.map((item) => item.row),
            { batchMark: true },
          ),
        );
      }
    })().finally(() => this.sending.delete(trajectoryId));
    this.sending.set(trajectoryId, sending);
  }

  /** Resolves when every event added so far has been signalled (or its attempt recorded). */
  async flush(): Promise<void> {
    while (this.sending.size > 0) await Promise.all([...this.sending.values()]);
  }
}

const queues = new WeakMap<DeliveryDeps['temporal'], PartnerSignalQueue>();

function queueFor(deps: DeliveryDeps): PartnerSignalQueue {
  let queue = queues.get(deps.temporal);
  if (!queue) {
    queue = new PartnerSignalQueue(deps);
    queues.set(deps.temporal, queue);
  }
  return queue;
}

/** Hands a stored inbox row to its trajectory's signal queue (signalled after the 202). */
export function queuePartnerSignal(deps: DeliveryDeps, trajectoryId: string, row: InboxEvent): void {
  queueFor(deps).add(trajectoryId, row);
}

/**
 * Resolves when every event queued through `temporal` so far has been signalled (the API server
 * calls it when it closes, before the DELIVERED marks are written; tests call it before they
 * look at a workflow).
 */
export async function flushPartnerSignals(temporal: DeliveryDeps['temporal']): Promise<void> {
  await queues.get(temporal)?.flush();
}
