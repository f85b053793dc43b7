/**
 * Scenario partner-endpoint: partner endpoints that fail while trajectories send them messages.
 * Three TAALAANBIEDER organisations, each with its own endpoint on a receiving test server:
 * - `fout500`: answers 500, always;
 * - `hangt`: never answers (the connection stays open until the sender gives up);
 * - `traag`: answers after 2.5 s (longer than the delivery timeout) the first two times a
 *   message arrives, then after 0.6 s (slow, but in time).
 * Each trajectory (start, the organisation assigned, machtiging, brede intake, PIP) gets
 * messages for its organisation. Pass:
 * - retries with backoff: every message at `fout500` and `hangt` arrives exactly
 *   OUTBOX_DELIVERY_MAX_ATTEMPTS times, each pause between attempts at least the schedule's
 *   (10 s doubling: 10, 20, 40, 80 s; a busy machine only makes a pause longer, so a measured
 *   pause may exceed the next one); then the message is FAILED and one open AFLEVERING_MISLUKT task for the
 *   beheerder names it; `traag`'s messages are DELIVERED on the third attempt, without a task;
 * - the trajectory is never held: a partner event posted while its organisation's messages are
 *   still undelivered is applied (the trajectory's projection moves on) within seconds, and
 *   again after the delivery gave up.
 * Runs on a deployment of its own (a small retry budget, a 1 s delivery timeout).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatApiKey, hashApiKey } from '../../../src/api/auth/api-keys';
import { LEEFGEBIEDEN } from '../../../src/domain/types';
import { todayInAmsterdam } from '../../../src/domain/today';
import { backoffShortfalls, scheduledPauseSeconds } from '../checks';
import { callWithRetry, newStats, scriptBsn, type CallStats } from '../script';
import { startDeployment, waitFor, type Deployment } from '../stack';
import { seedDuoPersons, type ScenarioContext, type ScenarioResult } from './common';

type Behaviour = 'fout500' | 'hangt' | 'traag';
const BEHAVIOURS: Behaviour[] = ['fout500', 'hangt', 'traag'];
/** Per delivery attempt (OUTBOX_DELIVERY_TIMEOUT_MS; the configuration's minimum). */
const DELIVERY_TIMEOUT_MS = 1000;
/** `traag`: this many slow-beyond-the-timeout answers per message before the timely ones. */
const SLOW_FIRST = 2;
/** OUTBOX_DELIVERY's initialInterval (src/temporal/activity-presets.ts), doubling per retry. */
const INITIAL_BACKOFF_SECONDS = 10;

interface Arrival {
  behaviour: Behaviour;
  key: string;
  trajectoryId: string;
  type: string;
  at: number;
}

/** The receiving test server: one path per behaviour; records every arrival. */
async function startFaultyPartners() {
  const arrivals: Arrival[] = [];
  const seen = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const behaviour = (req.url ?? '').slice(1) as Behaviour;
      const key = String(req.headers['idempotency-key'] ?? '');
      let body: { trajectoryId?: string; type?: string } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        // not JSON: recorded without trajectory
      }
      arrivals.push({ behaviour, key, trajectoryId: body.trajectoryId ?? '', type: body.type ?? '', at: Date.now() });
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      const answer = (status: number) => () => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      };
      if (behaviour === 'fout500') answer(500)();
      else if (behaviour === 'hangt')
        return; // never answers
      else if (behaviour === 'traag') setTimeout(answer(202), count <= SLOW_FIRST ? 2500 : 600);
      else answer(404)();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    arrivals,
    endpoint: (behaviour: Behaviour) => `${url}/${behaviour}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Played {
  behaviour: Behaviour;
  trajectoryId: string;
  /** ms from posting the partner event until the projection moved on; null: it did not. */
  heldMs: number | null;
  /** Whether the organisation's messages were all still undelivered when it moved on. */
  undeliveredMeanwhile: boolean;
  afterGivingUpMs?: number | null;
}

const json = { 'content-type': 'application/json' };

async function stateVersion(deployment: Deployment, trajectoryId: string): Promise<number> {
  const row = await deployment.prisma.trajectory.findUnique({ where: { id: trajectoryId } });
  return row?.stateVersion ?? -1;
}

/** Posts an UREN event as the organisation and waits until the projection moved past `before`. */
async function eventApplied(
  deployment: Deployment,
  trajectoryId: string,
  token: string,
  key: string,
  stats: CallStats,
): Promise<{ ms: number | null; status: number }> {
  const before = await stateVersion(deployment, trajectoryId);
  const began = Date.now();
  const answer = await callWithRetry(
    `${deployment.apiUrl}/partner/trajectories/${trajectoryId}/events`,
    {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: JSON.stringify({ type: 'UREN', occurredOn: todayInAmsterdam(new Date()), kind: 'LES', hours: 2 }),
    },
    stats,
  );
  if (answer.status !== 202) return { ms: null, status: answer.status };
  try {
    await waitFor('projectie bijgewerkt', async () => (await stateVersion(deployment, trajectoryId)) > before, {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    return { ms: Date.now() - began, status: answer.status };
  } catch {
    return { ms: null, status: answer.status };
  }
}

export async function partnerEndpoint(ctx: ScenarioContext): Promise<ScenarioResult> {
  const budget = ctx.options.quick ? 3 : 5;
  const perBehaviour = ctx.options.partnerPerBehaviour;
  const partners = await startFaultyPartners();
  const deployment = await startDeployment(ctx.infra, {
    name: 'partner-endpoint',
    pseudonymKey: `faults-partner-pseudonym-${ctx.options.seed}`,
    env: {
      OUTBOX_DELIVERY_MAX_ATTEMPTS: String(budget),
      OUTBOX_DELIVERY_TIMEOUT_MS: String(DELIVERY_TIMEOUT_MS),
    },
  });
  try {
    // Three organisations of one kind, each with its endpoint and an API key of its own.
    const tokens = new Map<Behaviour, string>();
    for (const behaviour of BEHAVIOURS) {
      const id = `faults-taal-${behaviour}`;
      await deployment.prisma.partner.create({
        data: {
          id,
          kind: 'TAALAANBIEDER',
          name: `Storingstaal ${behaviour}`,
          endpointUrl: partners.endpoint(behaviour),
        },
      });
      const prefix = `faults-${behaviour}`;
      const token = formatApiKey(prefix, `partner-endpoint-${ctx.options.seed}-${behaviour}`);
      await deployment.prisma.apiKey.create({
        data: {
          prefix,
          hash: hashApiKey(token),
          label: `partner ${id}`,
          subject: `partner:${id}`,
          role: 'partner',
          gemeente: null,
          partnerId: id,
        },
      });
      tokens.set(behaviour, token);
    }

    const stats = newStats();
    const today = todayInAmsterdam(new Date());
    const consulent = deployment.token('consulent', 'altena');
    const beheerder = deployment.token('beheerder', 'altena');
    const cast = ctx.nextCast();
    const people = BEHAVIOURS.flatMap((behaviour, b) =>
      Array.from({ length: perBehaviour }, (_, i) => ({
        behaviour,
        bsn: scriptBsn(ctx.options.seed + cast * 7919, b * 100 + i),
      })),
    );
    seedDuoPersons(
      deployment.duo,
      people.map((p, index) => ({ index, bsn: p.bsn, gemeente: 'altena', steps: [] })),
    );
    const began = Date.now();
    ctx.log(
      `  ${people.length} trajecten, ${perBehaviour} per gedrag (fout500, hangt, traag); budget ${budget} pogingen, time-out ${DELIVERY_TIMEOUT_MS} ms`,
    );
    const played: Played[] = await Promise.all(
      people.map(async ({ behaviour, bsn }, index): Promise<Played> => {
        const call = (method: string, path: string, token: string, body?: unknown, key?: string) =>
          callWithRetry(
            `${deployment.apiUrl}${path}`,
            {
              method,
              headers: { ...json, authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
              ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            },
            stats,
          );
        const started = await call('POST', '/trajectories', consulent, {
          bsn,
          naam: `Partner Proef ${index}`,
          targetGroup: 'asielstatushouder',
          dates: { inschrijving: today },
        });
        const trajectoryId = (JSON.parse(started.body) as { trajectoryId: string }).trajectoryId;
        const steps: Array<[string, string, string, unknown?, string?]> = [
          ['PUT', `/beheer/trajectories/${trajectoryId}/partners/faults-taal-${behaviour}`, beheerder],
          [
            'POST',
            `/trajectories/${trajectoryId}/decisions/machtiging`,
            consulent,
            { date: today, scope: ['TAALAANBIEDER'] },
            `${trajectoryId}-machtiging`,
          ],
          [
            'POST',
            `/trajectories/${trajectoryId}/decisions/brede-intake`,
            consulent,
            {
              date: today,
              leefgebieden: Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, true])),
              leerbaarheidstoets: 'B1_HAALBAAR',
            },
            `${trajectoryId}-intake`,
          ],
          [
            'POST',
            `/trajectories/${trajectoryId}/decisions/pip`,
            consulent,
            { dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false },
            `${trajectoryId}-pip`,
          ],
        ];
        for (const [method, path, token, body, key] of steps) {
          const answer = await call(method, path, token, body, key);
          if (answer.status >= 300) {
            stats.unexpected.push({ index, step: path, status: answer.status, body: answer.body.slice(0, 200) });
          }
        }
        // The organisation's first message has reached its endpoint (and, but for `traag`'s
        // third attempt, will not be delivered for a while): now the trajectory must go on.
        await waitFor('eerste aflevering', async () => partners.arrivals.some((a) => a.trajectoryId === trajectoryId), {
          timeoutMs: 120_000,
          intervalMs: 200,
        }).catch(() => undefined);
        const probe = await eventApplied(
          deployment,
          trajectoryId,
          tokens.get(behaviour)!,
          `${trajectoryId}-uren-1`,
          stats,
        );
        const delivered = await deployment.prisma.outboxMessage.count({
          where: { trajectoryId, recipient: 'TAALAANBIEDER', status: 'DELIVERED' },
        });
        return { behaviour, trajectoryId, heldMs: probe.ms, undeliveredMeanwhile: delivered === 0 };
      }),
    );

    // Every message to the organisations ends: FAILED after the budget, or DELIVERED.
    const trajectoryIds = played.map((p) => p.trajectoryId);
    const backoffSeconds = 10 * (2 ** (budget - 1) - 1);
    const settleMs = (backoffSeconds + budget * 3 + 180) * 1000;
    const terminal = await waitFor(
      'alle partnerberichten afgerond',
      async () => {
        const open = await deployment.prisma.outboxMessage.count({
          where: {
            trajectoryId: { in: trajectoryIds },
            recipient: 'TAALAANBIEDER',
            status: { notIn: ['FAILED', 'DELIVERED'] },
          },
        });
        return open === 0;
      },
      { timeoutMs: settleMs, intervalMs: 1000 },
    )
      .then(() => true)
      .catch(() => false);
    // …and the trajectory still goes on after its organisation's delivery gave up.
    for (const p of played) {
      const probe = await eventApplied(
        deployment,
        p.trajectoryId,
        tokens.get(p.behaviour)!,
        `${p.trajectoryId}-uren-2`,
        stats,
      );
      p.afterGivingUpMs = probe.ms;
    }

    const messages = await deployment.prisma.outboxMessage.findMany({
      where: { trajectoryId: { in: trajectoryIds }, recipient: 'TAALAANBIEDER' },
      select: { key: true, trajectoryId: true, type: true, status: true, attempts: true },
    });
    const tasks = await deployment.prisma.task.findMany({
      where: { trajectoryId: { in: trajectoryIds }, type: 'AFLEVERING_MISLUKT' },
      select: { key: true, status: true, audience: true },
    });
    const behaviourOf = new Map(played.map((p) => [p.trajectoryId, p.behaviour]));
    const failures: string[] = [];
    if (!terminal) failures.push('niet alle partnerberichten afgerond binnen de termijn');
    const figures: Record<string, unknown> = {
      trajectories: played.length,
      budget,
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      apiCalls: stats.calls,
      apiRetries: stats.retries,
      seconds: (Date.now() - began) / 1000,
    };
    for (const behaviour of BEHAVIOURS) {
      const own = messages.filter((m) => behaviourOf.get(m.trajectoryId ?? '') === behaviour);
      const attemptsAt = own.map((m) => partners.arrivals.filter((a) => a.key === m.key).map((a) => a.at));
      const pauses = attemptsAt.map((times) => times.slice(1).map((t, i) => (t - times[i]!) / 1000));
      const expectedAttempts = behaviour === 'traag' ? SLOW_FIRST + 1 : budget;
      const expectedStatus = behaviour === 'traag' ? 'DELIVERED' : 'FAILED';
      const wrongStatus = own.filter((m) => m.status !== expectedStatus).length;
      const wrongAttempts = attemptsAt.filter((times) => times.length !== expectedAttempts).length;
      // Backoff: every pause at least the schedule's (10 s, 20 s, 40 s …; a busy machine only adds).
      const noBackoff = pauses.filter(
        (gaps) => gaps.length === 0 || backoffShortfalls(gaps, INITIAL_BACKOFF_SECONDS).length > 0,
      ).length;
      const taskKeys = own.map((m) => `${m.key}/aflevering-opgegeven`);
      const ownTasks = tasks.filter((t) => taskKeys.includes(t.key));
      const heldMs = played.filter((p) => p.behaviour === behaviour).map((p) => p.heldMs);
      const afterMs = played.filter((p) => p.behaviour === behaviour).map((p) => p.afterGivingUpMs ?? null);
      const held = [...heldMs, ...afterMs].filter((ms) => ms === null).length;
      const movedOnWhileUndelivered = played.filter(
        (p) => p.behaviour === behaviour && p.heldMs !== null && p.undeliveredMeanwhile,
      ).length;
      figures[behaviour] = {
        messages: own.length,
        statuses: Object.fromEntries(
          [...new Set(own.map((m) => m.status))].map((s) => [s, own.filter((m) => m.status === s).length]),
        ),
        attemptsPerMessage: [...new Set(attemptsAt.map((times) => times.length))].sort(),
        pausesSeconds: pauses[0]?.map((gap) => Number(gap.toFixed(1))) ?? [],
        // Per retry: the shortest and longest pause over the messages, and the schedule's minimum.
        pausesSecondsRange: (pauses[0] ?? []).map((_, i) => {
          const gaps = pauses.map((p) => p[i]).filter((gap): gap is number => gap !== undefined);
          return {
            scheduled: scheduledPauseSeconds(i + 1, INITIAL_BACKOFF_SECONDS),
            min: Number(Math.min(...gaps).toFixed(1)),
            max: Number(Math.max(...gaps).toFixed(1)),
          };
        }),
        beheerderTasks: ownTasks.length,
        trajectoryMovedOnMs: {
          max: Math.max(...heldMs.map((ms) => ms ?? Number.POSITIVE_INFINITY)),
          afterGivingUpMax: Math.max(...afterMs.map((ms) => ms ?? Number.POSITIVE_INFINITY)),
        },
        movedOnWhileUndelivered,
      };
      if (own.length === 0) failures.push(`${behaviour}: geen berichten verstuurd`);
      if (wrongStatus) failures.push(`${behaviour}: ${wrongStatus} berichten niet ${expectedStatus}`);
      if (wrongAttempts)
        failures.push(`${behaviour}: ${wrongAttempts} berichten niet precies ${expectedAttempts} keer aangeboden`);
      if (noBackoff) {
        failures.push(`${behaviour}: ${noBackoff} berichten met een pauze korter dan het schema (10 s, 20 s, 40 s …)`);
      }
      if (held) failures.push(`${behaviour}: ${held} keer liep het traject niet door (gebeurtenis niet verwerkt)`);
      if (behaviour === 'traag') {
        if (ownTasks.length) failures.push(`traag: ${ownTasks.length} onterechte beheerderstaken`);
      } else {
        if (ownTasks.length !== own.length) {
          failures.push(`${behaviour}: ${ownTasks.length} beheerderstaken voor ${own.length} opgegeven berichten`);
        }
        if (ownTasks.some((t) => t.audience !== 'BEHEERDER' || t.status !== 'OPEN')) {
          failures.push(`${behaviour}: een taak niet open of niet voor de beheerder`);
        }
        if (movedOnWhileUndelivered !== perBehaviour) {
          failures.push(
            `${behaviour}: ${perBehaviour - movedOnWhileUndelivered} trajecten niet verder terwijl de aflevering faalde`,
          );
        }
      }
    }
    if (stats.unexpected.length) failures.push(`${stats.unexpected.length} onverwachte antwoorden van de API`);
    return {
      passed: failures.length === 0,
      failures,
      figures,
      details: { unexpected: stats.unexpected.slice(0, 10) },
    };
  } finally {
    await deployment.close().catch(() => undefined);
    await partners.close();
  }
}
