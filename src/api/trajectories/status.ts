/**
 * One status vocabulary for a trajectory in every API answer: the workflow's own words
 * (ACTIEF, GESCHORST, AFGESLOTEN) plus the two ends a beheerder can cause (GEANNULEERD,
 * BEEINDIGD). The projection table stores its own codes (ACTIVE, SUSPENDED, CLOSED, CANCELLED,
 * TERMINATED); they are translated here, at the edge, so a dossier never shows both ACTIEF
 * and ACTIVE.
 */
export const TRAJECTORY_STATUSES = ['ACTIEF', 'GESCHORST', 'AFGESLOTEN', 'GEANNULEERD', 'BEEINDIGD'] as const;
export type TrajectoryStatus = (typeof TRAJECTORY_STATUSES)[number];

const FROM_STORED: Record<string, TrajectoryStatus> = {
  ACTIVE: 'ACTIEF',
  SUSPENDED: 'GESCHORST',
  CLOSED: 'AFGESLOTEN',
  CANCELLED: 'GEANNULEERD',
  TERMINATED: 'BEEINDIGD',
};

/** The API's word for a stored projection status (unknown codes pass through unchanged). */
export function trajectoryStatusOf(stored: string): string {
  return FROM_STORED[stored] ?? stored;
}

/** The stored code for a status filter: the API's word, or (older clients) the stored code itself. */
export function storedTrajectoryStatus(status: string): string {
  return Object.entries(FROM_STORED).find(([, word]) => word === status)?.[0] ?? status;
}
