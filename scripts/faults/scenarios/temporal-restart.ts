/**
 * Scenario temporal-restart: stop the Temporal dev server (persisted to its SQLite file) in the
 * middle of the script and start it again. Meanwhile `/readyz` must answer 503 naming
 * `temporal`, and a partner event posted then must be accepted (202) and kept in the inbox
 * (RECEIVED), to be delivered by the inbox drain once Temporal is back. Pass: those, and every
 * end state equal to the undisturbed run (0 lost, 0 duplicated).
 */
import { todayInAmsterdam } from '../../../src/domain/today';
import { callWithRetry, newStats, scriptBsn } from '../script';
import type { Deployment } from '../stack';
import type { ScenarioContext, ScenarioResult } from './common';
import { disturbedRun } from './disturbed';

export async function temporalRestart(ctx: ScenarioContext): Promise<ScenarioResult> {
  const downMs = ctx.options.quick ? 8_000 : 20_000;
  const checks: string[] = [];
  const result = await disturbedRun(ctx, 'temporal-restart', () => [
    {
      after: Math.floor(ctx.options.trajectories * 0.4),
      async inject(deployment) {
        const witness = await prepareWitness(deployment, scriptBsn(ctx.options.seed + 7, 999));
        const stoppedAt = Date.now();
        await ctx.infra.temporal.stop();
        const readiness = await readyz(deployment);
        const during = await eventWhileDown(deployment, witness);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, downMs - (Date.now() - stoppedAt))));
        await ctx.infra.temporal.start();
        const downSeconds = (Date.now() - stoppedAt) / 1000;
        // Ready again: /readyz 200, the kept event delivered.
        const back = Date.now();
        let readyAgainMs = -1;
        let deliveredMs = -1;
        const deadline = Date.now() + 300_000;
        while (Date.now() < deadline && (readyAgainMs < 0 || deliveredMs < 0)) {
          if (readyAgainMs < 0 && (await readyz(deployment)).status === 200) readyAgainMs = Date.now() - back;
          if (deliveredMs < 0 && during.eventId) {
            const row = await deployment.prisma.inboxEvent.findUnique({ where: { id: during.eventId } });
            if (row?.status === 'DELIVERED') deliveredMs = Date.now() - back;
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        if (readiness.status !== 503 || !readiness.down.includes('temporal')) {
          checks.push(`/readyz tijdens de storing: ${readiness.status} ${JSON.stringify(readiness.down)}`);
        }
        if (during.status !== 202) checks.push(`gebeurtenis tijdens de storing: ${during.status}`);
        if (during.inboxStatus !== 'RECEIVED')
          checks.push(`gebeurtenis tijdens de storing: inbox ${during.inboxStatus}`);
        if (readyAgainMs < 0) checks.push('/readyz niet weer 200');
        if (deliveredMs < 0) checks.push('de bewaarde gebeurtenis is niet afgeleverd');
        ctx.log(
          `  Temporal ${downSeconds.toFixed(0)} s gestopt; /readyz ${readiness.status} (${readiness.down.join(', ')}); gebeurtenis ${during.status}, inbox ${during.inboxStatus}; weer gereed na ${(readyAgainMs / 1000).toFixed(1)} s, afgeleverd na ${(deliveredMs / 1000).toFixed(1)} s`,
        );
        return {
          fault: 'Temporal dev server gestopt en herstart',
          downSeconds,
          readyzDuring: readiness,
          eventDuring: during,
          readySecondsAfterRestart: readyAgainMs / 1000,
          keptEventDeliveredSecondsAfterRestart: deliveredMs / 1000,
        };
      },
    },
  ]);
  result.failures.push(...checks);
  result.passed &&= checks.length === 0;
  return result;
}

export async function readyz(deployment: Deployment): Promise<{ status: number; down: string[] }> {
  try {
    const response = await fetch(`${deployment.apiUrl}/readyz`, { signal: AbortSignal.timeout(15_000) });
    const body = (await response.json()) as { down?: string[] };
    return { status: response.status, down: body.down ?? [] };
  } catch (error) {
    return { status: 0, down: [String(error)] };
  }
}

/**
 * A trajectory outside the script (so the compared end states stay the script's), started and
 * given the taalaanbieder before the fault; the event posted to it during the fault is the witness.
 */
export async function prepareWitness(deployment: Deployment, bsn: string): Promise<string> {
  const stats = newStats();
  const started = await callWithRetry(
    `${deployment.apiUrl}/trajectories`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${deployment.token('consulent', 'drimmelen')}`,
      },
      body: JSON.stringify({
        bsn,
        naam: 'Getuige Storing',
        targetGroup: 'gezinsmigrant',
        dates: { inschrijving: todayInAmsterdam(new Date()) },
      }),
    },
    stats,
  );
  if (started.status !== 201) throw new Error(`getuige-traject niet gestart: ${started.status} ${started.body}`);
  const trajectoryId = (JSON.parse(started.body) as { trajectoryId: string }).trajectoryId;
  const assigned = await callWithRetry(
    `${deployment.apiUrl}/beheer/trajectories/${trajectoryId}/partners/dev-taalaanbieder`,
    { method: 'PUT', headers: { authorization: `Bearer ${deployment.token('beheerder', 'drimmelen')}` } },
    stats,
  );
  if (assigned.status >= 300) throw new Error(`getuige-traject: partner niet toegewezen: ${assigned.status}`);
  return trajectoryId;
}

/** A partner event posted while the fault lasts (to the witness trajectory). */
export async function eventWhileDown(
  deployment: Deployment,
  trajectoryId: string,
): Promise<{ status: number; eventId?: string; inboxStatus?: string }> {
  const answer = await callWithRetry(
    `${deployment.apiUrl}/partner/trajectories/${trajectoryId}/events`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${deployment.partnerToken('TAALAANBIEDER')}`,
        'idempotency-key': `tijdens-storing-${deployment.name}`,
      },
      body: JSON.stringify({ type: 'UREN', occurredOn: todayInAmsterdam(new Date()), kind: 'LES', hours: 1 }),
    },
    newStats(),
    { deadlineMs: 120_000 },
  );
  const eventId = answer.status === 202 ? (JSON.parse(answer.body) as { eventId: string }).eventId : undefined;
  const row = eventId ? await deployment.prisma.inboxEvent.findUnique({ where: { id: eventId } }) : null;
  return { status: answer.status, ...(eventId ? { eventId } : {}), ...(row ? { inboxStatus: row.status } : {}) };
}
