/**
 * Finding a person's trajectory by keyed BSN hash across the gemeenten this installation
 * serves (Person rows exist only for those). Shared by the DUO notification processing and the
 * API's start operation, so both agree on what counts as a person's running trajectory.
 */
import type { PrismaClient } from './client';

/**
 * Trajectory.status values of a trajectory that no longer runs (the projection writes them). The
 * partial unique index "Trajectory_one_running_per_person" (prisma/migrations) names the same.
 */
export const ENDED_TRAJECTORY_STATUSES = ['CLOSED', 'CANCELLED', 'TERMINATED'];

export interface PersonTrajectory {
  trajectoryId: string;
  gemeente: string;
  running: boolean;
}

/**
 * The person's trajectory in any served gemeente. DUO addresses SS120/SS121 (and everything
 * after a move) to the NEW gemeente, while the trajectory still belongs to the old one until the
 * workflow has accepted the transfer (the projection then moves the Person row): looking only in
 * one gemeente would start a second trajectory. A running trajectory wins over an ended one,
 * `gemeente`'s over another's; an ended trajectory elsewhere does not count (the person starts
 * anew here).
 */
export async function findPersonAcrossGemeenten(
  prisma: PrismaClient,
  bsnHash: string,
  gemeente: string,
): Promise<PersonTrajectory | undefined> {
  const persons = await prisma.person.findMany({
    where: { bsnHash },
    select: { trajectoryId: true, gemeente: true, trajectory: { select: { status: true } } },
    // Newest first: after a new plicht (SS110 path) the person has an older, ended trajectory too.
    orderBy: { createdAt: 'desc' },
  });
  const running = persons.filter((person) => !ENDED_TRAJECTORY_STATUSES.includes(person.trajectory.status));
  const pick =
    running.find((person) => person.gemeente === gemeente) ??
    running.sort((a, b) => a.gemeente.localeCompare(b.gemeente))[0] ??
    persons.find((person) => person.gemeente === gemeente);
  return pick
    ? { trajectoryId: pick.trajectoryId, gemeente: pick.gemeente, running: running.includes(pick) }
    : undefined;
}
