/**
 * The API's own cost per partner event, without a worker (`npm run bench:api-cost`): the same
 * K×M UREN events once as direct signals and once as `POST /partner/trajectories/:id/events`,
 * alternating for R rounds, against trajectory workflows that were started on a task queue no
 * worker polls (the server accepts and stores the signals; nothing processes them). So the
 * difference is exactly what the API adds: HTTP, authentication, validation, the inbox row,
 * the DELIVERED mark. A third target, `http`, posts the same requests to a bare `node:http`
 * server that answers 202 at once: what the HTTP client and server alone cost. Reported per
 * call: calls/s, this process's CPU time (client and server share it), p50/p95.
 *
 *   npm run bench:api-cost -- [--trajectories K] [--signals M] [--concurrency C] [--rounds R]
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client, type WorkflowHandle } from '@temporalio/client';
import pino from 'pino';
import { createApp } from '../src/api/app';
import { createApiKey } from '../src/api/auth/api-keys';
import { flushDeliveredMarks } from '../src/api/partner/delivered-marks';
import { loadConfig } from '../src/config';
import { createPrismaClient } from '../src/db/client';
import { buildDataConverter } from '../src/runtime/composition';
import {
  partnerEventSignal,
  TRAJECTORY_WORKFLOW_TYPE,
  trajectoryWorkflowId,
  type UrenEvent,
} from '../src/workflows/trajectory/messages';
import { createTestDatabase } from '../test/support/db';
import { createDevServerEnv } from '../test/support/temporal';
import { benchFlags } from './cli';
import { ErrorLog, isoDaysAgo, now, percentile, pool } from './measure';
import { benchTrajectoryInput } from './targets';

const USAGE = `Gebruik: npm run bench:api-cost -- [--trajectories K (30)] [--signals M (10)] [--concurrency C (8)]
  [--rounds R (3)]`;

function flags() {
  const { int } = benchFlags('bench:api-cost', USAGE, {
    trajectories: { type: 'string', default: '30' },
    signals: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
  });
  return {
    K: int('trajectories', 1, 500),
    M: int('signals', 1, 200),
    C: int('concurrency', 1, 64),
    R: int('rounds', 1, 20),
  };
}

interface PhaseResult {
  calls: number;
  wallMs: number;
  cpuMs: number;
  latencies: number[];
  errors: ErrorLog;
}

async function phase(
  ids: string[],
  signals: number,
  concurrency: number,
  call: (id: string, index: number) => Promise<void>,
): Promise<PhaseResult> {
  const errors = new ErrorLog();
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = now();
  await pool(
    ids,
    concurrency,
    async (id) => {
      for (let j = 0; j < signals; j++) {
        const t = now();
        await call(id, j);
        latencies.push(now() - t);
      }
    },
    errors,
  );
  const wallMs = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { calls: latencies.length, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, latencies, errors };
}

async function main(): Promise<void> {
  const { K, M, C, R } = flags();
  console.log(
    `api-cost: K=${K}, M=${M}, concurrency ${C}, ${R} rounds, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  const [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
  const apiPrisma = createPrismaClient(db.url);
  let server: Server | undefined;
  let bare: Server | undefined;
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url });
    const client = new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      dataConverter: buildDataConverter(config),
    });
    const runId = randomBytes(3).toString('hex');
    const taskQueue = `api-cost-nobody-${runId}`;
    const partnerId = 'bench-taalaanbieder';
    await db.prisma.partner.create({ data: { id: partnerId, kind: 'TAALAANBIEDER', name: 'Benchmark' } });
    const { token } = await createApiKey(db.prisma, { subject: 'bench', role: 'partner', gemeente: null, partnerId });
    const handles = new Map<string, WorkflowHandle>();
    const ids = Array.from({ length: K }, (_, i) => `cost-${runId}-${String(i).padStart(4, '0')}`);
    for (const id of ids) {
      const input = benchTrajectoryInput(id, 'consent');
      await db.prisma.trajectory.create({
        data: {
          id,
          workflowId: trajectoryWorkflowId(id),
          gemeente: input.gemeente,
          targetGroup: input.targetGroup,
          ondertussengroep: false,
          onBijstand: input.onBijstand,
          phase: 'BREDE_INTAKE',
          stateVersion: 0,
        },
      });
      await db.prisma.partnerAssignment.create({ data: { partnerId, trajectoryId: id } });
      handles.set(
        id,
        await client.workflow.start(TRAJECTORY_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: trajectoryWorkflowId(id),
          args: [input],
        }),
      );
    }
    const app = createApp({
      config,
      prisma: apiPrisma,
      temporal: client,
      logger: pino({ level: 'silent' }),
      databaseUrl: db.url,
      rateLimit: { windowMs: 60_000, limit: 1_000_000 },
    });
    server = await new Promise<Server>((resolve, reject) => {
      const listening = createServer(app).listen(0, '127.0.0.1', () => resolve(listening));
      listening.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    // What HTTP itself costs (this client + node:http, no express, no work): answers 202 at once.
    bare = await new Promise<Server>((resolve, reject) => {
      const listening = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end('{}');
        });
      }).listen(0, '127.0.0.1', () => resolve(listening));
      listening.once('error', reject);
    });
    const barePort = (bare.address() as AddressInfo).port;
    const event = () => ({ type: 'UREN' as const, occurredOn: isoDaysAgo(1), kind: 'TAAL_KNM' as const, hours: 1 });

    const direct = (round: number) => async (id: string, j: number) => {
      const uren: UrenEvent = { ...event(), eventId: `${id}-d${round}-${j}` };
      await handles.get(id)!.signal(partnerEventSignal, uren);
    };
    const post = (target: number) => (round: number) => async (id: string, j: number) => {
      const response = await fetch(`http://127.0.0.1:${target}/partner/trajectories/${id}/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `${id}-a${round}-${j}`,
        },
        body: JSON.stringify(event()),
      });
      const text = await response.text();
      if (response.status !== 202) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    };
    const api = post(port);
    const http = post(barePort);
    // Warm-up (JIT, pools, key cache), not counted.
    await phase(ids.slice(0, 4), 2, C, direct(0));
    await phase(ids.slice(0, 4), 2, C, api(0));
    await flushDeliveredMarks(apiPrisma);

    const rows: Array<{ round: number; target: string; r: PhaseResult }> = [];
    for (let round = 1; round <= R; round++) {
      rows.push({ round, target: 'direct', r: await phase(ids, M, C, direct(round)) });
      rows.push({ round, target: 'http', r: await phase(ids, M, C, http(round)) });
      rows.push({ round, target: 'api', r: await phase(ids, M, C, api(round)) });
      await flushDeliveredMarks(apiPrisma);
    }
    console.log('round  target  calls/s  CPU ms/call  p50 ms  p95 ms  errors');
    for (const { round, target, r } of rows) {
      console.log(
        [
          String(round).padEnd(5),
          target.padEnd(6),
          (r.calls / (r.wallMs / 1000)).toFixed(1).padStart(8),
          (r.cpuMs / r.calls).toFixed(2).padStart(11),
          (percentile(r.latencies, 50) ?? 0).toFixed(1).padStart(6),
          (percentile(r.latencies, 95) ?? 0).toFixed(1).padStart(6),
          `${r.errors.count}${r.errors.count ? ` (${r.errors.samples[0]})` : ''}`,
        ].join('  '),
      );
    }
    const delivered = await db.prisma.inboxEvent.count({ where: { status: 'DELIVERED' } });
    console.log(
      `inbox rows DELIVERED: ${delivered}; load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
    );
  } finally {
    for (const closing of [server, bare]) {
      if (!closing) continue;
      await new Promise<void>((resolve) => {
        closing.close(() => resolve());
        closing.closeAllConnections();
      });
    }
    await apiPrisma.$disconnect().catch(() => undefined);
    await db.drop().catch(() => undefined);
    await env.teardown().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
