/**
 * Named timeout and retry presets for the activities the workflows call — the one retry
 * mechanism of the service (Temporal's), shared by the workflows that schedule the activities
 * and the activities that throw the failure types named here. A trajectory lives for years: a
 * database or outbox outage must delay a step, not fail the workflow, so database writes retry
 * without limit (backing off to 10 minutes).
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';

/**
 * One turn of a trajectory (its effects and projection in one transaction, src/activities/turn.ts),
 * first as a local activity: run by the worker that runs the workflow task, no round trip
 * through the server. A few quick attempts; when those fail (a database outage) the workflow
 * runs the same turn as a regular activity (TRAJECTORY_TURN_RETRY).
 */
export const TRAJECTORY_TURN_LOCAL: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumAttempts: 3 },
};

/**
 * The turn again, as a regular activity: it retries without limit (backing off to 10 minutes,
 * a trajectory lives for years), and a beheerder sees it failing (pending activity, attempt,
 * last failure: the stuck list of /beheer/trajectories).
 */
export const TRAJECTORY_TURN_RETRY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
  },
};

/** Error types of outbox delivery that a retry cannot fix (a partner's or DUO's 4xx, DUO's rules). */
export const DELIVERY_REJECTED = 'DeliveryRejected';
export const DELIVERY_UNAVAILABLE = 'DeliveryUnavailable';
export const NON_RETRYABLE_DELIVERY_ERRORS = [DELIVERY_REJECTED, 'DuoRejected', 'DuoRuleRefused'];

/**
 * Delivering one outbox message to a partner or DUO: an outage (5xx, timeout) is retried with
 * backoff up to an hour between attempts, for as long as it takes; a refusal is final (the
 * activity has made a task for a person by then).
 */
export const OUTBOX_DELIVERY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    nonRetryableErrorTypes: NON_RETRYABLE_DELIVERY_ERRORS,
  },
};

/** Listing the inbox rows a drain delivers. */
export const INBOX_LIST: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
};

/**
 * Delivering one inbox row (a signal, or DUO's details pulled and signalled): a few quick
 * retries within the drain; a row that still fails stays RECEIVED and the next drain (a minute
 * later) tries it again, so one broken row never holds the others.
 */
export const INBOX_ROW: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3 },
};
