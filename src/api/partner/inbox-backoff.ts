/** Backoff of inbox deliveries: 5 s · 2^(attempts−1), capped at 5 min (InboxEvent.nextAttemptAt). */
export const INBOX_BACKOFF_BASE_MS = 5_000;
export const INBOX_BACKOFF_MAX_MS = 5 * 60_000;

/** Wait before the next attempt after `attempts` failed ones. */
export function inboxBackoffMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 20));
  return Math.min(INBOX_BACKOFF_MAX_MS, INBOX_BACKOFF_BASE_MS * 2 ** exponent);
}
