/** The optional second ratio: the REST API in front of the subject. */
import type pg from 'pg';
import { type PrismaClient } from '../src/db/client';
import { createApiKey } from '../src/api/auth/api-keys';
import { ErrorLog, isoDaysAgo, now, percentile, pool } from './measure';
import { type Params } from './params';
import { pollProjection } from './targets';

/** Passes of K×M POSTs to other trajectories before the measured one (see measureApi). */
const API_WARMUP_PASSES = 4;

// --- API (optional second ratio) ---------------------------------------------------------

export interface ApiFigures {
  status: 'measured' | 'skipped';
  note: string;
  events?: number;
  /** First POST → last 202. */
  seconds?: number;
  eventsPerSecond?: number;
  latencyP50Ms?: number | null;
  latencyP95Ms?: number | null;
  /** First POST → every projection row shows all API events (null: not within the timeout). */
  processedSeconds?: number | null;
  processedPerSecond?: number | null;
  errors?: { count: number; samples: string[] };
}

export interface ApiContext {
  params: Params;
  /** The API process (bench/processes.ts). */
  apiUrl: string;
  prisma: PrismaClient;
  pgClient: pg.Client;
  /** Subject trajectories that already got M direct signals. */
  trajectoryIds: string[];
  /** Other subject trajectories, for the API's warm-up. */
  warmupIds: string[];
}

/**
 * POST /partner/trajectories/:id/events to the API process for the subject's trajectories:
 * M UREN events each, one Idempotency-Key per event, as a TAALAANBIEDER partner assigned to
 * them. The API process runs with the rate limit raised (the default, 600 per minute per key,
 * would otherwise be what we measure).
 */
export async function measureApi(ctx: ApiContext): Promise<ApiFigures> {
  const { params } = ctx;
  if (params.api === 'off') return { status: 'skipped', note: 'uitgezet met --api off' };
  const existing = await ctx.pgClient.query<{ id: string }>(`SELECT id FROM "Trajectory" WHERE id = ANY($1::text[])`, [
    ctx.trajectoryIds,
  ]);
  const ids = existing.rows.map((row) => row.id).sort();
  const warmupIds = ctx.warmupIds.filter((id) => !ids.includes(id));
  if (ids.length === 0)
    return { status: 'skipped', note: 'geen geprojecteerde trajecten in PostgreSQL: de API zou 404 geven' };

  const partnerId = 'bench-taalaanbieder';
  await ctx.prisma.partner.upsert({
    where: { id: partnerId },
    create: { id: partnerId, kind: 'TAALAANBIEDER', name: 'Benchmark' },
    update: {},
  });
  await ctx.prisma.partnerAssignment.createMany({
    data: [...ids, ...warmupIds].map((trajectoryId) => ({ partnerId, trajectoryId })),
    skipDuplicates: true,
  });
  const { token } = await createApiKey(ctx.prisma, { subject: 'bench', role: 'partner', gemeente: null, partnerId });

  const post = (ids: string[], keyPrefix: string, errors: ErrorLog, latencies: number[]) =>
    pool(
      ids,
      params.concurrency,
      async (id) => {
        for (let j = 0; j < params.signals; j++) {
          const t = now();
          const response = await fetch(`${ctx.apiUrl}/partner/trajectories/${encodeURIComponent(id)}/events`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': `${id}-${keyPrefix}-${j}`,
            },
            body: JSON.stringify({ type: 'UREN', occurredOn: isoDaysAgo(1), kind: 'TAAL_KNM', hours: 1 }),
          });
          const text = await response.text();
          latencies.push(now() - t);
          if (response.status !== 202) errors.add(new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`));
        }
      },
      errors,
    );

  // Warm-up (not counted), as the workers had theirs in the earlier rounds: the API process's
  // first requests load its modules and run unoptimised code. Measured outside the bench (1,500
  // POSTs at a time, 8 in flight): 4.5, 3.8 then 2.8 ms CPU per request; a long-running API
  // process is warm, so the figure is taken after API_WARMUP_PASSES passes.
  const warmupErrors = new ErrorLog();
  for (let pass = 0; pass < API_WARMUP_PASSES; pass++) await post(warmupIds, `api-warm${pass}`, warmupErrors, []);
  if (warmupErrors.count > 0) return { status: 'skipped', note: `API-opwarmen mislukt: ${warmupErrors.samples[0]}` };

  const errors = new ErrorLog();
  const latencies: number[] = [];
  const t0 = now();
  await post(ids, 'api', errors, latencies);
  const t1 = now();
  // Processed: the projection shows the direct M hours plus the M hours posted here.
  const target = 2 * params.signals;
  const seen = await pollProjection(
    ctx.pgClient,
    now() + params.projectionTimeoutSeconds * 1000,
    ids.map((id) => ({ id, value: String(target) })),
    `SELECT t.id FROM "Trajectory" t JOIN unnest($1::text[], $2::numeric[]) AS p(id, h) ON t.id = p.id
     WHERE COALESCE((t.state->'modules'->'hours'->>'TAAL_KNM')::numeric, 0) >= p.h`,
  );
  const processed = seen.size === ids.length ? Math.max(t1, ...seen.values()) - t0 : null;
  const events = latencies.length;
  return {
    status: 'measured',
    note: `${ids.length} trajecten × ${params.signals} POSTs, ${params.concurrency} tegelijk, na ${API_WARMUP_PASSES} × ${warmupIds.length} × ${params.signals} om op te warmen; rate limit opgehoogd`,
    events,
    seconds: (t1 - t0) / 1000,
    eventsPerSecond: events / ((t1 - t0) / 1000),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    processedSeconds: processed === null ? null : processed / 1000,
    processedPerSecond: processed === null ? null : events / (processed / 1000),
    ...(errors.count > 0 ? { errors: { count: errors.count, samples: errors.samples } } : {}),
  };
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
