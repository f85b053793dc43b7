/**
 * Statuses of an InboxEvent row — partner events and DUO notifications alike:
 * RECEIVED until it reached its workflow (a DUO notification: until its details were pulled
 * and signalled), then DELIVERED; IGNORED for a DUO notification without a trajectory event;
 * FAILED when it can never be delivered (the trajectory's workflow no longer runs); PARKED when
 * the trajectory was ended by a beheerder (the event stays visible in /beheer/inbox).
 */
export const INBOX_STATUS = {
  RECEIVED: 'RECEIVED',
  DELIVERED: 'DELIVERED',
  IGNORED: 'IGNORED',
  FAILED: 'FAILED',
  PARKED: 'PARKED',
} as const;
export type InboxStatus = (typeof INBOX_STATUS)[keyof typeof INBOX_STATUS];
