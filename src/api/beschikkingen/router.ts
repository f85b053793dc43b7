/** Beschikkingen of a trajectory: the list and the PDF (consulent of the gemeente; every download audited). */
import { z } from 'zod';
import { AppError } from '../http/errors';
import { zId, ZIdParams } from '../http/primitives';
import { defineRoute, type RouteDefinition } from '../http/route';
import { findAccessibleTrajectory, writeAudit } from '../http/tenancy';

const TAGS = ['Trajecten'];
const notFound = { description: 'Traject of beschikking bestaat niet of valt buiten uw gemeente.' };

export const ZBeschikking = z
  .object({
    id: z.string(),
    kind: z.string(),
    dagtekening: z.string(),
    sha256: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Beschikking' });

const listRoute = defineRoute({
  method: 'get',
  path: '/trajectories/:id/beschikkingen',
  summary: 'Beschikkingen van een traject (PIP), nieuwste eerst',
  tags: TAGS,
  roles: ['consulent'],
  request: { params: ZIdParams },
  responses: {
    200: { description: 'De beschikkingen (zonder inhoud).', schema: z.object({ items: z.array(ZBeschikking) }) },
    404: notFound,
  },
  handler: async ({ deps, principal, params }) => {
    const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
    const rows = await deps.prisma.beschikking.findMany({
      where: { trajectoryId: trajectory.id },
      orderBy: { createdAt: 'desc' },
      select: { id: true, kind: true, dagtekening: true, sha256: true, createdBy: true, createdAt: true },
    });
    return { status: 200, body: { items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) } };
  },
});

const downloadRoute = defineRoute({
  method: 'get',
  path: '/trajectories/:id/beschikkingen/:beschikkingId',
  summary: 'Download een beschikking (PDF; wordt gelogd)',
  tags: TAGS,
  roles: ['consulent'],
  request: { params: z.object({ id: zId, beschikkingId: zId }).strict() },
  responses: {
    200: { description: 'De beschikking.', files: { 'application/pdf': 'De beschikking als PDF.' } },
    404: notFound,
  },
  handler: async ({ deps, principal, params }) => {
    const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
    const row = await deps.prisma.beschikking.findFirst({
      where: { id: params.beschikkingId, trajectoryId: trajectory.id },
    });
    if (!row) throw new AppError('NOT_FOUND', 'Deze beschikking bestaat niet.');
    await writeAudit(deps.prisma, {
      principal,
      action: 'BESCHIKKING_GEDOWNLOAD',
      trajectoryId: trajectory.id,
      details: { beschikkingId: row.id, kind: row.kind },
    });
    return {
      status: 200,
      file: {
        contentType: 'application/pdf',
        filename: `beschikking-${row.kind.toLowerCase().replace('_', '-')}-${row.dagtekening}.pdf`,
        content: Buffer.from(row.pdf),
      },
    };
  },
});

export const beschikkingRoutes: RouteDefinition[] = [listRoute, downloadRoute];
