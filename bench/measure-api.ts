/** The optional second ratio: the REST API in front of the subject. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type pg from 'pg';
import pino from 'pino';
import { type Client } from '@temporalio/client';
import { createPrismaClient, type PrismaClient } from '../src/db/client';
import { loadConfig } from '../src/config';
import { createApiKey } from '../src/api/auth/api-keys';
import { ErrorLog, isoDaysAgo, now, percentile, pool } from './measure';
import { type Params } from './params';
import { pollProjection } from './targets';

const API_APP_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'api', 'app.ts');

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
  databaseUrl: string;
  prisma: PrismaClient;
  temporal: Client;
  pgClient: pg.Client;
  /** Subject trajectories that already got M direct signals. */
  trajectoryIds: string[];
}

/**
 * POST /partner/trajectories/:id/events on a real listener (127.0.0.1, ephemeral port) for the
 * subject's trajectories: M UREN events each, one Idempotency-Key per event, as a
 * TAALAANBIEDER partner assigned to them. The rate limit is raised for the run (the default,
 * 600 per minute per key, would otherwise be what we measure).
 */
export async function measureApi(ctx: ApiContext): Promise<ApiFigures> {
  const { params } = ctx;
  if (params.api === 'off') return { status: 'skipped', note: 'uitgezet met --api off' };
  if (!existsSync(API_APP_PATH)) return { status: 'skipped', note: 'src/api/app.ts bestaat (nog) niet' };
  let createApp: (deps: Record<string, unknown>) => Express;
  try {
    const mod = (await import(pathToFileURL(API_APP_PATH).href)) as { createApp?: unknown };
    if (typeof mod.createApp !== 'function')
      return { status: 'skipped', note: 'src/api/app.ts exporteert (nog) geen createApp' };
    createApp = mod.createApp as typeof createApp;
  } catch (error) {
    return { status: 'skipped', note: `src/api/app.ts laden mislukt: ${firstLine(error)}` };
  }
  const existing = await ctx.pgClient.query<{ id: string }>(`SELECT id FROM "Trajectory" WHERE id = ANY($1::text[])`, [
    ctx.trajectoryIds,
  ]);
  const ids = existing.rows.map((row) => row.id).sort();
  if (ids.length === 0)
    return { status: 'skipped', note: 'geen geprojecteerde trajecten in PostgreSQL: de API zou 404 geven' };

  const partnerId = 'bench-taalaanbieder';
  await ctx.prisma.partner.upsert({
    where: { id: partnerId },
    create: { id: partnerId, kind: 'TAALAANBIEDER', name: 'Benchmark' },
    update: {},
  });
  await ctx.prisma.partnerAssignment.createMany({
    data: ids.map((trajectoryId) => ({ partnerId, trajectoryId })),
    skipDuplicates: true,
  });
  const { token } = await createApiKey(ctx.prisma, { subject: 'bench', role: 'partner', gemeente: null, partnerId });

  // The API process's own pool, like in production.
  const apiPrisma = createPrismaClient(ctx.databaseUrl);
  let server: Server | undefined;
  try {
    const app = createApp({
      config: loadConfig(),
      prisma: apiPrisma,
      temporal: ctx.temporal,
      logger: pino({ level: 'silent' }),
      databaseUrl: ctx.databaseUrl,
      rateLimit: { windowMs: 60_000, limit: 1_000_000 },
    });
    server = await new Promise<Server>((resolve, reject) => {
      const listening = createServer(app).listen(0, '127.0.0.1', () => resolve(listening));
      listening.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const errors = new ErrorLog();
    const latencies: number[] = [];
    const t0 = now();
    await pool(
      ids,
      params.concurrency,
      async (id) => {
        for (let j = 0; j < params.signals; j++) {
          const t = now();
          const response = await fetch(
            `http://127.0.0.1:${port}/partner/trajectories/${encodeURIComponent(id)}/events`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
                'idempotency-key': `${id}-api-${j}`,
              },
              body: JSON.stringify({ type: 'UREN', occurredOn: isoDaysAgo(1), kind: 'TAAL_KNM', hours: 1 }),
            },
          );
          const text = await response.text();
          latencies.push(now() - t);
          if (response.status !== 202) errors.add(new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`));
        }
      },
      errors,
    );
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
      note: `${ids.length} trajecten × ${params.signals} POSTs, ${params.concurrency} tegelijk, rate limit opgehoogd`,
      events,
      seconds: (t1 - t0) / 1000,
      eventsPerSecond: events / ((t1 - t0) / 1000),
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      processedSeconds: processed === null ? null : processed / 1000,
      processedPerSecond: processed === null ? null : events / (processed / 1000),
      ...(errors.count > 0 ? { errors: { count: errors.count, samples: errors.samples } } : {}),
    };
  } finally {
    if (server) {
      const closing = server;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    }
    await apiPrisma.$disconnect().catch(() => undefined);
  }
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
