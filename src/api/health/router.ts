/**
 * GET /healthz: the process is up. GET /readyz: PostgreSQL reachable, Temporal reachable,
 * migrations applied — 200, or 503 naming what is down. Public (for load balancers and
 * container health checks); no details beyond up/down.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express from 'express';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrations';
import type { ResolvedApiDeps } from '../http/deps';
import { withTimeout } from '../http/temporal-errors';

const ZCheck = z.object({ status: z.enum(['up', 'down']), detail: z.string().optional() });
export const ZReadiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({ postgres: ZCheck, temporal: ZCheck, migrations: ZCheck }),
    down: z.array(z.string()),
  })
  .meta({ id: 'Readiness' });
export const ZHealth = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }).meta({ id: 'Health' });

type Check = z.infer<typeof ZCheck>;

async function check(ms: number, fn: () => Promise<string | void>): Promise<Check> {
  try {
    const detail = await withTimeout(ms, fn);
    return detail ? { status: 'up', detail } : { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: (error as Error)?.message?.slice(0, 200) ?? 'onbekende fout' };
  }
}

export async function readiness(deps: ResolvedApiDeps): Promise<z.infer<typeof ZReadiness>> {
  const ms = deps.timeouts.readinessMs;
  const [postgres, temporal, migrations] = await Promise.all([
    check(ms, async () => {
      await deps.prisma.$queryRaw`SELECT 1`;
    }),
    check(ms, async () => {
      await deps.temporal.withDeadline(Date.now() + ms, () => deps.temporal.workflowService.getSystemInfo({}));
    }),
    check(ms, async () => {
      const pending = await pendingMigrations(deps.databaseUrl);
      if (pending.length) throw new Error(`niet toegepast: ${pending.join(', ')}`);
    }),
  ]);
  const checks = { postgres, temporal, migrations };
  const down = Object.entries(checks)
    .filter(([, c]) => c.status === 'down')
    .map(([name]) => name);
  return { status: down.length ? 'not_ready' : 'ready', checks, down };
}

export function healthRouter(deps: ResolvedApiDeps): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', async (_req, res) => {
    const result = await readiness(deps);
    res.status(result.down.length ? 503 : 200).json(result);
  });
  return router;
}

export function registerHealth(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Proces draait',
    tags: ['Gezondheid'],
    responses: { 200: { description: 'OK', content: { 'application/json': { schema: ZHealth } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Klaar voor verkeer (PostgreSQL, Temporal, migraties)',
    tags: ['Gezondheid'],
    responses: {
      200: { description: 'Alles bereikbaar.', content: { 'application/json': { schema: ZReadiness } } },
      503: {
        description: '`down` noemt wat niet bereikbaar is.',
        content: { 'application/json': { schema: ZReadiness } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus-metrieken (met METRICS_TOKEN als Bearer-token; zonder token alleen bij een loopback-bind)',
    tags: ['Gezondheid'],
    responses: {
      200: {
        description: 'Metrieken in het Prometheus-tekstformaat.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
      401: { description: 'Geen of een onjuist token.' },
      404: { description: 'Zonder METRICS_TOKEN op een netwerk-bind niet beschikbaar.' },
    },
  });
}
