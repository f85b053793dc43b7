/** Werkvoorraad: list, claim, unclaim, reassign, complete. */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route';
import { ZIdParams } from '../http/primitives';
import { claimTask, findAccessibleTask, reassignTask, unclaimTask } from './assign-task';
import { completeTask } from './complete-task';
import { listTasks } from './list-tasks';
import { ZCompleteTask, ZReassignTask, ZTask, ZTaskList, ZTaskListQuery } from './schemas';
import { toTaskDto } from './task-mapper';

const TAGS = ['Werkvoorraad'];
/** People with a werkvoorraad; which tasks each works on: src/domain/task-audience.ts. */
const ROLES = ['consulent', 'teamleider', 'beheerder'] as const;
const otherRole = { description: 'De taak is voor een andere rol (`reason` TAAK_VOOR_ANDERE_ROL).' };
const notFound = { description: 'Taak bestaat niet of valt buiten uw gemeente.' };
const conflict = {
  description:
    'Taak al afgerond, door iemand anders opgepakt, of de workflow weigert het resultaat (de taak blijft open).',
};

const ZTaskResponse = z.object({ task: ZTask }).meta({ id: 'TaskResponse' });

export const taskRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/tasks',
    summary: 'Werkvoorraad: taken van mijn gemeente voor mijn rol',
    description:
      'Standaard open taken van het team voor de eigen rol (consulent: CONSULENT, teamleider: TEAMLEIDER, beheerder: BEHEERDER), vroegste vervaldatum eerst. Met `audience` een andere groep die de rol mag zien (teamleider ook CONSULENT, beheerder alle); anders 403.',
    tags: TAGS,
    roles: ROLES,
    request: { query: ZTaskListQuery },
    responses: { 200: { description: 'Een pagina taken.', schema: ZTaskList } },
    handler: async ({ deps, principal, query }) => ({ status: 200, body: await listTasks(deps, principal, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/tasks/:id',
    summary: 'Eén taak',
    tags: TAGS,
    roles: ROLES,
    request: { params: ZIdParams },
    responses: { 200: { description: 'De taak.', schema: ZTaskResponse }, 404: notFound },
    handler: async ({ deps, principal, params }) => ({
      status: 200,
      body: { task: toTaskDto(await findAccessibleTask(deps, principal, params.id)) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/claim',
    summary: 'Pak een taak op (wijs haar aan mijzelf toe)',
    tags: TAGS,
    roles: ROLES,
    request: { params: ZIdParams },
    responses: {
      200: { description: 'Toegewezen.', schema: ZTaskResponse },
      403: otherRole,
      404: notFound,
      409: conflict,
    },
    handler: async ({ deps, principal, params }) => {
      const task = await findAccessibleTask(deps, principal, params.id);
      return { status: 200, body: { task: toTaskDto(await claimTask(deps, principal, task)) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/unclaim',
    summary: 'Geef een taak terug aan het team',
    tags: TAGS,
    roles: ROLES,
    request: { params: ZIdParams },
    responses: { 200: { description: 'Niet meer toegewezen.', schema: ZTaskResponse }, 404: notFound, 409: conflict },
    handler: async ({ deps, principal, params }) => {
      const task = await findAccessibleTask(deps, principal, params.id);
      return { status: 200, body: { task: toTaskDto(await unclaimTask(deps, principal, task)) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/reassign',
    summary: 'Wijs een taak toe aan een collega-consulent van dezelfde gemeente',
    tags: TAGS,
    roles: ROLES,
    request: { params: ZIdParams, body: ZReassignTask },
    responses: { 200: { description: 'Toegewezen.', schema: ZTaskResponse }, 404: notFound, 409: conflict },
    handler: async ({ deps, principal, params, body }) => {
      const task = await findAccessibleTask(deps, principal, params.id);
      return { status: 200, body: { task: toTaskDto(await reassignTask(deps, principal, task, body.assigneeId)) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/:id/complete',
    summary: 'Rond een taak af met een getypeerd resultaat (als workflow-Update)',
    description: 'Weigert de workflow het resultaat, dan 409 met de reden en blijft de taak open.',
    tags: TAGS,
    roles: ROLES,
    request: { params: ZIdParams, body: ZCompleteTask },
    responses: {
      200: { description: 'Afgerond.', schema: ZTaskResponse },
      403: otherRole,
      404: notFound,
      409: conflict,
      503: { description: 'Temporal of de worker antwoordt niet; de taak blijft open.' },
    },
    handler: async ({ deps, principal, params, body }) => {
      const task = await findAccessibleTask(deps, principal, params.id);
      return { status: 200, body: { task: toTaskDto(await completeTask(deps, principal, task, body)) } };
    },
  }),
];
