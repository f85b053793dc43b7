/**
 * Start requests (startverzoeken): a consulent started a person whose trajectory runs in another
 * gemeente of this installation. The consulent's answer (202) names neither that gemeente nor
 * the trajectory (src/api/trajectories/start-trajectory.ts); the regional beheerder, who sees
 * every gemeente, resolves the request:
 *
 * - `STARTEN`: start it now, as asked, in the requesting gemeente. Only legal once the other
 *   trajectory has ended (otherwise 409 naming it — the regional beheerder may know where it runs);
 * - `AFWIJZEN`: decline, with a reason (e.g. the move goes through DUO, SS120/SS121).
 *
 * Both are audited (who, why, the outcome) and leave a task for the consulent who asked, with
 * the outcome but without the other gemeente.
 */
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { ZIdParams, zReason } from '../http/primitives';
import { defineRoute, type RouteDefinition } from '../http/route';
import { requireRegional, writeAudit } from '../http/tenancy';
import { ZStartTrajectory, type StartTrajectoryBody } from '../trajectories/schemas';
import { isStartRequested, startTrajectory } from '../trajectories/start-trajectory';
import { ENDED_TRAJECTORY_STATUSES } from '../../db/person-lookup';
import { taskAudience, taskTitle } from '../../domain/tasks';

const TAGS = ['Beheer'];

const regional = (principal: Principal) => requireRegional(principal, 'beoordeelt startverzoeken');

const ZStartRequest = z
  .object({
    id: z.string(),
    gemeente: z.string().meta({ description: 'De gemeente waarvoor de start gevraagd is.' }),
    requestedBy: z.string(),
    status: z.enum(['OPEN', 'GESTART', 'AFGEWEZEN']),
    reason: z.string().nullable(),
    trajectoryId: z.string().nullable().meta({ description: 'GESTART: het nieuwe traject.' }),
    runningIn: z
      .array(z.object({ trajectoryId: z.string(), gemeente: z.string(), status: z.string() }))
      .meta({ description: 'De lopende trajecten van deze persoon in de installatie (alleen voor de regio).' }),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'StartRequest' });

const ZResolveStartRequest = z
  .object({ besluit: z.enum(['STARTEN', 'AFWIJZEN']), reason: zReason })
  .strict()
  .meta({ id: 'ResolveStartRequest' });

async function toDto(deps: ResolvedApiDeps, row: StartRequestRow) {
  const running = await deps.prisma.trajectory.findMany({
    where: { bsnHash: row.bsnHash, status: { notIn: ENDED_TRAJECTORY_STATUSES } },
    select: { id: true, gemeente: true, status: true },
  });
  return {
    id: row.id,
    gemeente: row.gemeente,
    requestedBy: row.requestedBy,
    status: row.status as 'OPEN' | 'GESTART' | 'AFGEWEZEN',
    reason: row.reason,
    trajectoryId: row.trajectoryId,
    runningIn: running.map((t) => ({ trajectoryId: t.id, gemeente: t.gemeente, status: t.status })),
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

interface StartRequestRow {
  id: string;
  gemeente: string;
  bsnHash: string;
  body: unknown;
  requestedBy: string;
  status: string;
  reason: string | null;
  trajectoryId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

async function findRequest(deps: ResolvedApiDeps, id: string): Promise<StartRequestRow> {
  const row = await deps.prisma.startRequest.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', `Startverzoek ${id} bestaat niet.`);
  return row;
}

export async function resolveStartRequest(
  deps: ResolvedApiDeps,
  principal: Principal,
  id: string,
  decision: { besluit: 'STARTEN' | 'AFWIJZEN'; reason: string },
) {
  regional(principal);
  const row = await findRequest(deps, id);
  if (row.status !== 'OPEN') {
    throw new AppError('CONFLICT', `Dit startverzoek is al afgehandeld (${row.status}).`, {
      extra: { reason: 'AL_AFGEHANDELD' },
    });
  }
  let trajectoryId: string | null = null;
  if (decision.besluit === 'STARTEN') {
    const running = await deps.prisma.trajectory.findFirst({
      where: { bsnHash: row.bsnHash, status: { notIn: ENDED_TRAJECTORY_STATUSES } },
      select: { id: true, gemeente: true },
    });
    if (running && running.gemeente !== row.gemeente) {
      throw new AppError(
        'CONFLICT',
        `De persoon heeft nog een lopend traject in ${running.gemeente} (${running.id}); beëindig of verhuis dat eerst, of wijs het verzoek af.`,
        { extra: { reason: 'LOPEND_ELDERS' } },
      );
    }
    const body = ZStartTrajectory.parse(row.body) as StartTrajectoryBody;
    const started = await startTrajectory({ deps, principal, body: { ...body, gemeente: row.gemeente } });
    if (isStartRequested(started)) throw new AppError('CONFLICT', 'De persoon heeft nog een lopend traject elders.');
    trajectoryId = started.trajectoryId;
  }
  const status = decision.besluit === 'STARTEN' ? 'GESTART' : 'AFGEWEZEN';
  await writeAudit(deps.prisma, {
    principal,
    action: `STARTVERZOEK_${status}`,
    ...(trajectoryId ? { trajectoryId } : {}),
    reason: decision.reason,
    details: { startverzoekId: row.id, gemeente: row.gemeente },
  });
  const updated = await deps.prisma.startRequest.update({
    where: { id: row.id },
    data: { status, reason: decision.reason, trajectoryId, resolvedBy: principal.subject, resolvedAt: new Date() },
  });
  // The consulent who asked hears the outcome (in their werkvoorraad), not where the person is.
  await deps.prisma.task.createMany({
    data: [
      {
        key: `startverzoek:${row.id}`,
        trajectoryId,
        gemeente: row.gemeente,
        type: 'STARTVERZOEK_BEOORDEELD',
        title: taskTitle('STARTVERZOEK_BEOORDEELD', { started: status === 'GESTART' }),
        description: `Toelichting van de regionale beheerder: ${decision.reason}`,
        audience: taskAudience('STARTVERZOEK_BEOORDEELD'),
        assigneeId: row.requestedBy.startsWith('system:') ? null : row.requestedBy,
      },
    ],
    skipDuplicates: true,
  });
  return toDto(deps, updated);
}

export const startRequestRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/beheer/startverzoeken',
    summary: 'Startverzoeken (regionale beheerder)',
    description:
      'Starts van een persoon met een lopend traject in een andere gemeente: de consulent kreeg 202 zonder te horen waar. Open verzoeken eerst.',
    tags: TAGS,
    roles: ['beheerder'],
    responses: {
      200: { description: 'De verzoeken.', schema: z.object({ items: z.array(ZStartRequest) }) },
      403: { description: 'Geen regionale beheerder.' },
    },
    handler: async ({ deps, principal }) => {
      regional(principal);
      const rows = await deps.prisma.startRequest.findMany({
        orderBy: [{ status: 'desc' }, { createdAt: 'asc' }],
        take: 200,
      });
      const items = [];
      for (const row of rows) items.push(await toDto(deps, row));
      return { status: 200, body: { items } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/startverzoeken/:id',
    summary: 'Eén startverzoek (regionale beheerder)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams },
    responses: {
      200: { description: 'Het verzoek.', schema: ZStartRequest },
      403: { description: 'Geen regionale beheerder.' },
      404: { description: 'Bestaat niet.' },
    },
    handler: async ({ deps, principal, params }) => {
      regional(principal);
      return { status: 200, body: await toDto(deps, await findRequest(deps, params.id)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/beheer/startverzoeken/:id/besluit',
    summary: 'Beoordeel een startverzoek: starten of afwijzen (regionale beheerder; audit)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams, body: ZResolveStartRequest },
    responses: {
      200: { description: 'Afgehandeld.', schema: ZStartRequest },
      403: { description: 'Geen regionale beheerder.' },
      404: { description: 'Bestaat niet.' },
      409: { description: 'Al afgehandeld, of (STARTEN) de persoon heeft nog een lopend traject elders.' },
    },
    handler: async ({ deps, principal, params, body }) => ({
      status: 200,
      body: await resolveStartRequest(deps, principal, params.id, body),
    }),
  }),
];
