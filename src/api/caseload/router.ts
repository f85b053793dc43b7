/** People's lists: my caseload, and search within my gemeente (PostgreSQL only). */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route';
import { zSearchText } from '../http/primitives';
import { listCaseload, searchTrajectories } from './find-trajectories';

const TAGS = ['Trajecten'];

export const ZTrajectoryListItem = z
  .object({
    trajectoryId: z.string(),
    naam: z.string().nullable(),
    bsnLaatsteCijfers: z.string().nullable().meta({ description: 'Alleen de laatste drie cijfers.' }),
    gemeente: z.string(),
    targetGroup: z.string(),
    phase: z.string(),
    leerroute: z.string().nullable(),
    status: z.string(),
    consulentId: z.string().nullable(),
    nextDeadline: z.object({ kind: z.string(), date: z.string() }).nullable(),
    openTasks: z.number().int(),
  })
  .meta({ id: 'TrajectoryListItem' });

const ZItems = z.object({ items: z.array(ZTrajectoryListItem) });

export const ZSearchQuery = z
  .object({
    q: zSearchText.meta({
      description:
        'Naam (deel van), BSN (9 cijfers, elfproef; bijvoorbeeld 111222333) of trajectnummer (trj_…). Alleen binnen uw gemeente.',
      example: 'Voorbeeld',
    }),
  })
  .strict();

export const caseloadRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/caseload',
    summary: 'Mijn caseload: de trajecten waarvan ik de consulent ben',
    description: 'Met fase, eerstvolgende termijn en aantal open taken; vroegste termijn eerst.',
    tags: TAGS,
    roles: ['consulent'],
    responses: { 200: { description: 'Trajecten.', schema: ZItems } },
    handler: async ({ deps, principal }) => ({ status: 200, body: { items: await listCaseload(deps, principal) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/trajectories',
    summary: 'Zoek een traject op naam, BSN of trajectnummer (binnen uw gemeente)',
    description: 'Zoekt alleen in PostgreSQL (nooit in Temporal). Hoogstens 50 resultaten.',
    tags: TAGS,
    roles: ['consulent', 'teamleider', 'beheerder'],
    request: { query: ZSearchQuery },
    responses: { 200: { description: 'Gevonden trajecten.', schema: ZItems } },
    handler: async ({ deps, principal, query }) => ({
      status: 200,
      body: { items: await searchTrajectories(deps, principal, query.q) },
    }),
  }),
];
