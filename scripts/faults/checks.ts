/**
 * Pure checks of the fault runs, kept apart so they can be unit-tested (test/unit/faults-checks.test.ts).
 */

/**
 * The delivery's retry schedule (src/temporal/activity-presets.ts OUTBOX_DELIVERY): the pause
 * before retry n (n = 1, 2, …) is at least `initialSeconds` × 2^(n-1), capped at `maximumSeconds`.
 * Temporal adds no jitter, but it never starts a retry early; on a busy machine a retry starts
 * later than scheduled, so a pause may be longer than the next one (22.6 s, then 21.8 s at load
 * 40) — the schedule is a lower bound per pause, not an order between measured pauses.
 */
export function scheduledPauseSeconds(retry: number, initialSeconds: number, maximumSeconds = 3600): number {
  return Math.min(initialSeconds * 2 ** (retry - 1), maximumSeconds);
}

/**
 * The pauses (seconds between two arrivals of one message at the endpoint) shorter than the
 * schedule allows. An arrival is at least the backoff after the previous arrival (the previous
 * attempt had reached the endpoint before it could fail), so `toleranceSeconds` only covers
 * timer and clock granularity.
 */
export function backoffShortfalls(
  pauses: number[],
  initialSeconds: number,
  toleranceSeconds = 0.5,
): Array<{ retry: number; pause: number; scheduled: number }> {
  return pauses
    .map((pause, i) => ({ retry: i + 1, pause, scheduled: scheduledPauseSeconds(i + 1, initialSeconds) }))
    .filter(({ pause, scheduled }) => pause < scheduled - toleranceSeconds);
}
