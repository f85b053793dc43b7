/** Beschikkingen of a trajectory: the list and the PDF (consulent of the gemeente; every download audited). */
import { z } from 'zod';
import { zId, ZIdParams } from '../http/primitives';
import { defineRoute, type RouteDefinition } from '../http/route';
import { downloadBeschikking, listBeschikkingen } from './store';

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
  handler: async ({ deps, principal, params }) => ({
    status: 200,
    body: { items: await listBeschikkingen(deps, principal, params.id) },
  }),
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
    const file = await downloadBeschikking(deps, principal, params.id, params.beschikkingId);
    return { status: 200, file: { contentType: 'application/pdf', ...file } };
  },
});

export const beschikkingRoutes: RouteDefinition[] = [listRoute, downloadRoute];
