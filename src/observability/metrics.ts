/**
 * Prometheus metrics of this process (prom-client, one registry per process), for operators:
 * - `inburgering_http_request_duration_seconds{method,route,status}` (histogram; `route` is
 *   the route pattern, e.g. `/trajectories/:id`, never the path with ids; unknown paths are
 *   `unmatched`);
 * - `inburgering_partner_events_total{kind,result}`: partner events accepted, duplicate
 *   (same Idempotency-Key again) or refused (any 4xx);
 * - `inburgering_duo_calls_total{operation,status}`: calls to DUO's M2M interface by HTTP
 *   status (`geen_antwoord` when DUO did not answer);
 * - read from PostgreSQL at each scrape (`registerDatabaseGauges`): inbox and outbox depth
 *   and age of the oldest row per waiting status, tasks open and overdue per gemeente;
 * - Node's default process metrics (`inburgering_process_*`, `inburgering_nodejs_*`).
 * The worker's Temporal SDK metrics (workflow/activity task latencies, slots, polls) are
 * exported by the Temporal runtime itself on its own address (src/temporal/runtime.ts).
 * Labels never carry personal data or trajectory ids.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'inburgering_' });

export const httpRequestDuration = new Histogram({
  name: 'inburgering_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status, with their duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const partnerEvents = new Counter({
  name: 'inburgering_partner_events_total',
  help: 'Partner events by partner kind and result (accepted, duplicate, refused)',
  labelNames: ['kind', 'result'] as const,
  registers: [metricsRegistry],
});

export const duoCalls = new Counter({
  name: 'inburgering_duo_calls_total',
  help: "Calls to DUO's M2M interface by operation and HTTP status (geen_antwoord: no answer)",
  labelNames: ['operation', 'status'] as const,
  registers: [metricsRegistry],
});

/** Counts one DUO call (src/integrations/duo/client.ts). */
export function recordDuoCall(operation: string, status: number | 'geen_antwoord'): void {
  duoCalls.inc({ operation, status: String(status) });
}

const PARTNER_EVENTS_ROUTE = '/partner/trajectories/:id/events';

export type RoutedRequest = IncomingMessage & {
  baseUrl?: string;
  route?: { path?: unknown };
  principal?: { partnerKind?: string | null };
};

/** The route pattern that answered (e.g. `/trajectories/:id`), never the path with ids; else `unmatched`. */
export function routePatternOf(req: RoutedRequest): string {
  return typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
}

/** Express middleware: observes every request once it is answered. */
export function httpMetrics() {
  return (req: RoutedRequest, res: ServerResponse, next: () => void): void => {
    const end = httpRequestDuration.startTimer();
    res.once('finish', () => {
      const pattern = routePatternOf(req);
      const status = res.statusCode;
      end({ method: req.method ?? 'GET', route: pattern, status: String(status) });
      if (pattern === PARTNER_EVENTS_ROUTE && req.method === 'POST') {
        const result =
          status === 202
            ? res.getHeader('Idempotent-Replayed') === 'true'
              ? 'duplicate'
              : 'accepted'
            : status < 500
              ? 'refused'
              : 'error';
        partnerEvents.inc({ kind: req.principal?.partnerKind ?? 'onbekend', result });
      }
    });
    next();
  };
}

/** The queries the database gauges need (a Prisma client fits). */
export interface MetricsDatabase {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}

interface DatabaseFigures {
  inbox: Array<{ status: string; depth: bigint; oldest: Date | null }>;
  outbox: Array<{ status: string; depth: bigint; oldest: Date | null }>;
  tasks: Array<{ gemeente: string; open: bigint; overdue: bigint }>;
}

/**
 * Inbox/outbox depth and age, tasks open/overdue per gemeente: read at scrape time (one set of
 * queries per scrape, shared by the gauges). `today` is the Europe/Amsterdam date.
 */
export function registerDatabaseGauges(db: MetricsDatabase, today: () => string): void {
  for (const name of [
    'inburgering_inbox_depth',
    'inburgering_inbox_oldest_age_seconds',
    'inburgering_outbox_depth',
    'inburgering_outbox_oldest_age_seconds',
    'inburgering_tasks_open',
    'inburgering_tasks_overdue',
  ]) {
    metricsRegistry.removeSingleMetric(name);
  }
  let pending: { at: number; figures: Promise<DatabaseFigures | undefined> } | undefined;
  const figures = (): Promise<DatabaseFigures | undefined> => {
    const now = Date.now();
    if (pending && now - pending.at < 1_000) return pending.figures;
    const day = today();
    const read = async (): Promise<DatabaseFigures | undefined> => {
      try {
        const [inbox, outbox, tasks] = await Promise.all([
          db.$queryRaw<DatabaseFigures['inbox']>`
            SELECT status, count(*) AS depth, min("receivedAt") AS oldest FROM "InboxEvent"
            WHERE status NOT IN ('DELIVERED', 'IGNORED') GROUP BY status`,
          db.$queryRaw<DatabaseFigures['outbox']>`
            SELECT status, count(*) AS depth, min("createdAt") AS oldest FROM "OutboxMessage"
            WHERE status <> 'DELIVERED' GROUP BY status`,
          db.$queryRaw<DatabaseFigures['tasks']>`
            SELECT gemeente, count(*) AS open, count(*) FILTER (WHERE "dueDate" < ${day}::date) AS overdue
            FROM "Task" WHERE status = 'OPEN' GROUP BY gemeente`,
        ]);
        return { inbox, outbox, tasks };
      } catch {
        return undefined; // database down: the gauges are absent (readyz says why)
      }
    };
    pending = { at: now, figures: read() };
    return pending.figures;
  };
  const ageSeconds = (oldest: Date | null): number =>
    oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0;

  const gauge = (
    name: string,
    help: string,
    label: 'status' | 'gemeente',
    fill: (g: Gauge<string>, f: DatabaseFigures) => void,
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        const current = await figures();
        if (current) fill(this, current);
      },
    });
  };
  gauge('inburgering_inbox_depth', 'Inbox rows not (yet) delivered, by status', 'status', (g, f) => {
    for (const row of f.inbox) g.set({ status: row.status }, Number(row.depth));
  });
  gauge('inburgering_inbox_oldest_age_seconds', 'Age of the oldest inbox row per waiting status', 'status', (g, f) => {
    for (const row of f.inbox) g.set({ status: row.status }, ageSeconds(row.oldest));
  });
  gauge('inburgering_outbox_depth', 'Outbox messages not (yet) delivered, by status', 'status', (g, f) => {
    for (const row of f.outbox) g.set({ status: row.status }, Number(row.depth));
  });
  gauge('inburgering_outbox_oldest_age_seconds', 'Age of the oldest outbox message per status', 'status', (g, f) => {
    for (const row of f.outbox) g.set({ status: row.status }, ageSeconds(row.oldest));
  });
  gauge('inburgering_tasks_open', 'Open tasks per gemeente', 'gemeente', (g, f) => {
    for (const row of f.tasks) g.set({ gemeente: row.gemeente }, Number(row.open));
  });
  gauge('inburgering_tasks_overdue', 'Open tasks past their due date per gemeente', 'gemeente', (g, f) => {
    for (const row of f.tasks) g.set({ gemeente: row.gemeente }, Number(row.overdue));
  });
}

/** The exposition text and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/**
 * Who may read /metrics: with METRICS_TOKEN set, a caller with `Authorization: Bearer <token>`
 * (401 otherwise); without it, anyone only when the service is bound to loopback (HOST), and
 * nobody on a network-facing bind (404: not exposed).
 */
export function metricsAccess(
  settings: { token?: string | undefined; host: string; loopback: boolean },
  authorization: string | undefined,
): 'ok' | 'unauthorized' | 'hidden' {
  if (!settings.token) return settings.loopback ? 'ok' : 'hidden';
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  const expected = Buffer.from(settings.token);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? 'ok' : 'unauthorized';
}

/** Answers GET /metrics on a plain node:http server or express (same rules as metricsAccess). */
export async function serveMetrics(
  settings: { token?: string | undefined; host: string; loopback: boolean },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const access = metricsAccess(settings, req.headers.authorization);
  if (access !== 'ok') {
    const status = access === 'hidden' ? 404 : 401;
    res.writeHead(status, {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
    });
    res.end(
      JSON.stringify({
        type: 'about:blank',
        title: status === 404 ? 'Niet gevonden' : 'Niet aangemeld',
        status,
        detail: status === 404 ? 'Onbekend pad.' : 'Geef het metrics-token mee (Authorization: Bearer …).',
      }),
    );
    return;
  }
  const { contentType, body } = await renderMetrics();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
