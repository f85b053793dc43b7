/**
 * `npm run bench:werkvoorraad`: how long the werkplek takes to render a werkvoorraad of 500 open
 * tasks on the server (target: under 200 ms), measured, not asserted.
 *
 * A throw-away PostgreSQL database gets 500 trajectories (person, phase) with one open task
 * each, in one gemeente. The real app (API + werkplek, as `npm start` builds it) listens on a
 * loopback port; a signed-in consulent's session is put in the session store directly (signing
 * in is not what is measured). Then, after warm-up, N requests `GET /werkvoorraad` (all 500 rows
 * in one page): wall time per request from the client (query + template + transfer over
 * loopback), and separately the template alone (Eta, same data). Baseline in the same run:
 * `GET /healthz` on the same server (the HTTP round trip without work), reported as a ratio.
 * Temporal is not needed for this page: the app gets a lazy client that never connects.
 *
 *   npm run bench:werkvoorraad                  # 500 tasks, 30 requests
 *   npm run bench:werkvoorraad -- --tasks 1000 --requests 50
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../src/api/app';
import { listTasks } from '../src/api/tasks/list-tasks';
import { ZTaskListQuery } from '../src/api/tasks/schemas';
import { resolveDeps } from '../src/api/app';
import { loadConfig } from '../src/config';
import { addDays } from '../src/domain/dates';
import type { Principal } from '../src/api/auth/principal';
import { createViews, helpers } from '../src/werkplek/render';
import { createTestDatabase } from '../test/support/db';
import { benchFlags } from './cli';

const USAGE = 'Gebruik: npm run bench:werkvoorraad -- [--tasks N (500; 1–5000)] [--requests R (30; 5–500)]';
const flags = benchFlags('bench:werkvoorraad', USAGE, {
  tasks: { type: 'string', default: '500' },
  requests: { type: 'string', default: '30' },
});
const TASKS = flags.int('tasks', 1, 5000);
const REQUESTS = flags.int('requests', 5, 500);
const GEMEENTE = 'altena';
const SUBJECT = 'consulent@altena';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

async function main(): Promise<void> {
  const db = await createTestDatabase();
  let server: Server | undefined;
  let app: ReturnType<typeof createApp> | undefined;
  try {
    const today = new Date().toISOString().slice(0, 10);
    const trajectories = Array.from({ length: TASKS }, (_, i) => ({
      id: `trj_bench_${String(i).padStart(5, '0')}`,
      workflowId: `trajectory-trj_bench_${i}`,
      gemeente: GEMEENTE,
      targetGroup: i % 3 === 0 ? 'asielstatushouder' : 'gezinsmigrant',
      phase: ['BREDE_INTAKE', 'PIP', 'LEERROUTE'][i % 3]!,
    }));
    await db.prisma.trajectory.createMany({ data: trajectories });
    await db.prisma.person.createMany({
      data: trajectories.map((t, i) => ({
        trajectoryId: t.id,
        gemeente: GEMEENTE,
        bsn: String(100000000 + i),
        bsnHash: `bench-${i}`,
        naam: `Inburgeraar ${i}`,
      })),
    });
    await db.prisma.task.createMany({
      data: trajectories.map((t, i) => ({
        key: `bench-${i}`,
        trajectoryId: t.id,
        gemeente: GEMEENTE,
        type: 'PIP_OPSTELLEN',
        title: `Stel het PIP op met de inburgeraar (uiterlijk ${addDays(today, (i % 60) - 10)})`,
        dueDate: new Date(`${addDays(today, (i % 60) - 10)}T00:00:00Z`),
        assigneeId: i % 4 === 0 ? SUBJECT : null,
      })),
    });

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const deps = { config, prisma: db.prisma, temporal, logger: pino({ level: 'silent' }), databaseUrl: db.url };
    app = createApp(deps);
    const listen = app;
    server = await new Promise<Server>((resolve) => {
      const listening = listen.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // A signed-in consulent: a session row as the sign-in would store it, and its signed cookie.
    const sid = randomBytes(24).toString('base64url');
    const user = { subject: SUBJECT, name: 'Consulent Altena', role: 'consulent', gemeente: GEMEENTE };
    const expire = new Date(Date.now() + 3_600_000);
    await db.prisma.werkplekSession.create({
      data: {
        sid,
        expire,
        sess: {
          cookie: {
            originalMaxAge: 1_800_000,
            expires: expire.toISOString(),
            httpOnly: true,
            path: '/',
            sameSite: 'lax',
          },
          user,
          lastSeenAt: Date.now(),
        },
      },
    });
    // express-session's signed cookie: `s:<sid>.<base64 HMAC-SHA256 of sid, without padding>`.
    const mac = createHmac('sha256', config.SESSION_SECRET!).update(sid).digest('base64').replace(/=+$/, '');
    const cookie = `werkplek.sid=${encodeURIComponent(`s:${sid}.${mac}`)}`;

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
      const body = await response.text();
      return { ms: performance.now() - started, status: response.status, body };
    };
    const first = await get('/werkvoorraad?filter=team', { cookie });
    const rows = (first.body.match(/<tr class="utrecht-table__row">/g) ?? []).length - 1;
    if (first.status !== 200 || rows !== TASKS) throw new Error(`unexpected page: HTTP ${first.status}, ${rows} rows`);
    for (let i = 0; i < 5; i++) await get('/werkvoorraad?filter=team', { cookie });

    const page: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      baseline.push((await get('/healthz')).ms);
      page.push((await get('/werkvoorraad?filter=team', { cookie })).ms);
    }

    // The template alone, with the same data the page gets.
    const principal: Principal = {
      subject: SUBJECT,
      role: 'consulent',
      gemeente: GEMEENTE,
      partnerId: null,
      partnerKind: null,
      credentialId: 'bench',
      method: 'oidc',
    };
    const list = await listTasks(resolveDeps(deps), principal, {
      ...ZTaskListQuery.parse({ filter: 'team' }),
      pageSize: TASKS,
    });
    const views = createViews({ cache: true });
    const data = {
      title: 'Werkvoorraad',
      list,
      raw: { filter: 'team' },
      errors: {},
      today,
      weekEnd: addDays(today, 7),
      filters: [],
      typeOptions: [],
      phaseOptions: [],
      targetGroupOptions: [],
      pages: 1,
      h: helpers,
      user,
      flash: undefined,
      nav: [],
      currentPath: '/werkvoorraad',
      csrfToken: 'x',
      gemeente: 'Altena',
    };
    views.render('werkvoorraad', data);
    const template: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      views.render('werkvoorraad', data);
      template.push(performance.now() - started);
    }

    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `\nWerkvoorraad server-side render, ${TASKS} tasks in one page (${REQUESTS} requests after warm-up; HTML ${(first.body.length / 1024).toFixed(0)} KiB)`,
    );
    console.log('| measure | median | p95 |');
    console.log('| --- | --- | --- |');
    console.log(`| GET /werkvoorraad (query + render + loopback) | ${fmt(median(page))} | ${fmt(p95(page))} |`);
    console.log(`| Eta template alone | ${fmt(median(template))} | ${fmt(p95(template))} |`);
    console.log(`| baseline GET /healthz (same server) | ${fmt(median(baseline))} | ${fmt(p95(baseline))} |`);
    console.log(`| ratio page / baseline | ${(median(page) / median(baseline)).toFixed(1)}× | |`);
    console.log(`\ntarget < 200 ms: ${median(page) < 200 ? 'met' : 'NOT met'} (median ${fmt(median(page))})`);
  } finally {
    if (server)
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeAllConnections();
      });
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
