/**
 * Scenario api-kill: `kill -9` the API process (at seeded moments, restarted each time) while a
 * client posts partner events and sends each one again — same body, same Idempotency-Key — until
 * it gets a definite answer. Pass: every event answered 202; exactly one inbox row per event,
 * all delivered; and exactly one effect each in the workflow: every trajectory's TAAL_KNM
 * hours equal the number of its events (one hour each), none counted twice, none missing.
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../../src/db/client';
import { todayInAmsterdam } from '../../../src/domain/today';
import { callWithRetry, newStats, playAll, prng, trajectoryScript } from '../script';
import { waitFor } from '../stack';
import { seedDuoPersons, targetOf, type ScenarioContext, type ScenarioResult } from './common';

export async function apiKill(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { seed, events, kills, concurrency } = ctx.options;
  const trajectoryCount = ctx.options.quick ? 4 : 20;
  const deployment = await ctx.deployment();
  const cast = ctx.nextCast();
  {
    // Trajectories with a machtiging and the taalaanbieder assigned (the script's first steps).
    const scripts = Array.from({ length: trajectoryCount }, (_, i) => {
      const script = trajectoryScript(seed, i, cast);
      return { ...script, steps: script.steps.filter((s) => s.kind !== 'event') };
    });
    seedDuoPersons(deployment.duo, scripts);
    const setupStats = newStats();
    const ids = await playAll(targetOf(deployment), scripts, { concurrency, stats: setupStats });
    const trajectoryIds = scripts.map((s) => ids.get(s.index)!);
    const baseline = await hoursPerTrajectory(ctx, deployment.prisma, trajectoryIds);

    const random = prng(seed + 2);
    const killAt = Array.from({ length: kills }, () => Math.floor((0.1 + random() * 0.8) * events)).sort(
      (a, b) => a - b,
    );
    const today = todayInAmsterdam(new Date());
    const token = deployment.partnerToken('TAALAANBIEDER');
    const stats = newStats();
    const answers = new Map<number, number>();
    const killLog: Array<{ afterEvents: number; recoveryMs: number }> = [];
    const restartErrors: string[] = [];
    let next = 0;
    let sent = 0;
    let killing: Promise<void> = Promise.resolve();
    const began = Date.now();
    const lanes = Array.from({ length: Math.max(concurrency, 8) }, async () => {
      while (next < events) {
        const n = next++;
        const trajectoryId = trajectoryIds[n % trajectoryIds.length]!;
        const key = createHash('sha256').update(`api-kill/${seed}/${cast}/${n}`).digest('hex').slice(0, 32);
        const answer = await callWithRetry(
          `${deployment.apiUrl}/partner/trajectories/${trajectoryId}/events`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
            body: JSON.stringify({ type: 'UREN', occurredOn: today, kind: 'TAAL_KNM', hours: 1 }),
          },
          stats,
          { timeoutMs: 15_000 },
        );
        answers.set(n, answer.status);
        sent++;
        while (killAt[0] !== undefined && killAt[0] <= sent) {
          const afterEvents = killAt.shift()!;
          killing = killing.then(async () => {
            await deployment.api.kill('SIGKILL');
            try {
              const recoveryMs = await deployment.api.start();
              killLog.push({ afterEvents, recoveryMs });
              ctx.log(
                `  API kill -9 na ${afterEvents} gebeurtenissen; weer gereed na ${(recoveryMs / 1000).toFixed(1)} s`,
              );
            } catch (error) {
              // Recorded as a failure of the scenario (the client keeps retrying meanwhile);
              // never an unhandled rejection that ends the run and leaves its servers behind.
              restartErrors.push(`API na kill -9 (na ${afterEvents} gebeurtenissen): ${String(error)}`);
            }
          });
        }
      }
    });
    await Promise.all(lanes);
    await killing;
    const postSeconds = (Date.now() - began) / 1000;

    // Every event has its one effect once the inbox is drained and the workflows are done.
    const expected = new Map(
      trajectoryIds.map((id, i) => [id, baseline.get(id)! + countFor(i, trajectoryIds.length, events)]),
    );
    let hours = new Map<string, number>();
    const settled = await waitFor(
      'alle gebeurtenissen verwerkt',
      async () => {
        hours = await hoursPerTrajectory(ctx, deployment.prisma, trajectoryIds);
        const received = await deployment.prisma.inboxEvent.count({ where: { status: 'RECEIVED' } });
        return received === 0 && trajectoryIds.every((id) => hours.get(id) === expected.get(id));
      },
      { timeoutMs: ctx.options.settleTimeoutMs, intervalMs: 2_000 },
    ).then(
      () => true,
      () => false,
    );
    const inboxRows = await deployment.prisma.inboxEvent.count({
      where: { type: 'UREN', trajectoryId: { in: trajectoryIds } },
    });
    const byStatus = await deployment.prisma.inboxEvent.groupBy({
      by: ['status'],
      where: { type: 'UREN', trajectoryId: { in: trajectoryIds } },
      _count: true,
    });
    const effects = trajectoryIds.reduce((total, id) => total + (hours.get(id)! - baseline.get(id)!), 0);
    const not202 = [...answers.values()].filter((status) => status !== 202).length;
    const figures = {
      events,
      trajectories: trajectoryCount,
      kills: killLog.length,
      killLog,
      recoverySecondsMax: Math.max(0, ...killLog.map((k) => k.recoveryMs / 1000)),
      exitedWhileStarting: deployment.api.failedStarts,
      postSeconds,
      retries: stats.retries,
      answered202: answers.size - not202,
      inboxRows,
      inboxByStatus: Object.fromEntries(byStatus.map((row) => [row.status, row._count])),
      effects,
      lost: Math.max(0, events - effects),
      duplicated: Math.max(0, effects - events),
    };
    const failures: string[] = [...restartErrors];
    if (killLog.length !== kills) failures.push(`${killLog.length} van ${kills} kills uitgevoerd`);
    if (not202 > 0) failures.push(`${not202} gebeurtenissen zonder 202`);
    if (inboxRows !== events) failures.push(`${inboxRows} inboxrijen voor ${events} gebeurtenissen`);
    if (!settled) failures.push('niet alle gebeurtenissen precies één keer verwerkt binnen de termijn');
    if (effects !== events) failures.push(`${effects} effecten voor ${events} gebeurtenissen`);
    return { passed: failures.length === 0, failures, figures };
  }
}

/** Events n = 0…events-1 go round-robin over the trajectories: how many trajectory i gets. */
function countFor(i: number, trajectories: number, events: number): number {
  return Math.floor(events / trajectories) + (i < events % trajectories ? 1 : 0);
}

async function hoursPerTrajectory(
  _ctx: ScenarioContext,
  prisma: PrismaClient,
  ids: string[],
): Promise<Map<string, number>> {
  const rows = await prisma.trajectory.findMany({
    where: { id: { in: ids } },
    select: { id: true, hoursTaalKnm: true },
  });
  return new Map(rows.map((row) => [row.id, row.hoursTaalKnm]));
}
