/**
 * Beheerder: trajectory list, workflow inspection, actions with audit, monitor, inbox/outbox.
 * Over 300 lines because it is a route table (definitions with their OpenAPI schemas); the work
 * itself is in the modules beside it (list-trajectories, workflow-actions, inspect-workflow, …).
 */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route';
import { ZAuditedAction, ZIdParams, ZPageInfo, zGemeente, zId, zPartnerId } from '../http/primitives';
import { AppError } from '../http/errors';
import type { ResolvedApiDeps } from '../http/deps';
import type { Principal } from '../auth/principal';
import { findAccessibleTrajectory, writeAudit } from '../http/tenancy';
import { inspectWorkflow } from './inspect-workflow';
import { redeliverWaitingMessages } from '../../temporal/outbox-redelivery';
import { OUTBOX_STATUS } from '../../activities/outbox';
import { listTrajectories } from './list-trajectories';
import { movesRoute } from './moves';
import { monitorFigures } from './monitor';
import { monitorGemeenten } from '../monitor/scope';
import {
  cancelWorkflow,
  gemeentePage,
  resendInboxEvent,
  retryOutboxMessage,
  terminateWorkflow,
} from './workflow-actions';
import {
  ZInboxEvent,
  ZInspectQuery,
  ZMonitor,
  ZOutboxMessage,
  ZStatusQuery,
  ZTrajectoryList,
  ZTrajectoryListQuery,
  ZWorkflowInspection,
} from './schemas';

const TAGS = ['Beheer'];
const notFound = { description: 'Bestaat niet of valt buiten uw gemeente.' };
const ZActionDone = z
  .object({ trajectoryId: z.string(), action: z.string(), reason: z.string() })
  .meta({ id: 'ActionDone' });

export const inboxDto = (row: {
  id: string;
  partnerId: string;
  trajectoryId: string | null;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  deliveredAt: Date | null;
}) => ({
  id: row.id,
  partnerId: row.partnerId,
  trajectoryId: row.trajectoryId,
  type: row.type,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  receivedAt: row.receivedAt.toISOString(),
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
});
export const outboxDto = (row: {
  id: string;
  key: string;
  trajectoryId: string | null;
  recipient: string;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}) => ({
  id: row.id,
  key: row.key,
  trajectoryId: row.trajectoryId,
  recipient: row.recipient,
  type: row.type,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
});

const ZPartnerParams = z.object({
  id: zId,
  partnerId: zPartnerId.meta({
    description:
      'Id van de partner (lijst: GET /admin/partners; in de werkplek onder Koppelingen). Ontwikkelpartners: dev-coa, dev-duo, dev-taalaanbieder, dev-maatschappelijke-begeleiding, dev-ontzorgen.',
    example: 'dev-taalaanbieder',
  }),
});

export const beheerRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/beheer/trajectories',
    summary: 'Trajecten filteren, met aantallen per filterwaarde',
    tags: TAGS,
    roles: ['beheerder'],
    request: { query: ZTrajectoryListQuery },
    responses: { 200: { description: 'Een pagina trajecten.', schema: ZTrajectoryList } },
    handler: async ({ deps, principal, query }) => ({
      status: 200,
      body: await listTrajectories(deps, principal, query),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/trajectories/:id/workflow',
    summary: 'Inspecteer de workflow van één traject',
    description:
      'Temporal-status, lopende activiteiten (pogingen, laatste fout), timers met tijdstip, geschiedenis (gepagineerd), search attributes en de zakelijke toestand.',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams, query: ZInspectQuery },
    responses: {
      200: { description: 'De inspectie.', schema: ZWorkflowInspection },
      404: notFound,
      503: { description: 'Temporal niet bereikbaar.' },
    },
    handler: async ({ deps, principal, params, query }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      return { status: 200, body: await inspectWorkflow(deps, trajectory, query) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/beheer/trajectories/:id/cancel',
    summary: 'Annuleer de workflow (met reden; audit)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams, body: ZAuditedAction },
    responses: {
      200: { description: 'Annulering aangevraagd.', schema: ZActionDone },
      404: notFound,
      409: { description: 'Workflow loopt niet.' },
    },
    handler: async ({ deps, principal, params, body }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      await cancelWorkflow(deps, principal, trajectory, body.reason);
      return { status: 200, body: { trajectoryId: trajectory.id, action: 'cancel', reason: body.reason } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/beheer/trajectories/:id/terminate',
    summary: 'Beëindig de workflow direct (met reden; audit)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams, body: ZAuditedAction },
    responses: {
      200: { description: 'Beëindigd.', schema: ZActionDone },
      404: notFound,
      409: { description: 'Workflow loopt niet.' },
    },
    handler: async ({ deps, principal, params, body }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      await terminateWorkflow(deps, principal, trajectory, body.reason);
      return { status: 200, body: { trajectoryId: trajectory.id, action: 'terminate', reason: body.reason } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/beheer/trajectories/:id/partners/:partnerId',
    summary: 'Wijs een partner toe aan een traject',
    description:
      'Berichten van deze partnersoort die op een toewijzing wachtten (WACHT_OP_PARTNER), mislukt waren (FAILED) of op de machtiging wachtten, worden opnieuw afgeleverd; de taak "wijs een aanbieder toe" voor die soort sluit.',
    tags: TAGS,
    roles: ['beheerder', 'consulent'],
    request: { params: ZPartnerParams },
    responses: { 204: { description: 'Toegewezen (of was al toegewezen).' }, 404: notFound },
    handler: async ({ deps, principal, params }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      const partner = await deps.prisma.partner.findUnique({ where: { id: params.partnerId } });
      if (!partner) throw new AppError('NOT_FOUND', 'Onbekende partner.');
      // The assignment and its audit record in one transaction.
      await deps.prisma.$transaction(async (tx) => {
        const { count } = await tx.partnerAssignment.createMany({
          data: [{ partnerId: params.partnerId, trajectoryId: trajectory.id }],
          skipDuplicates: true,
        });
        if (count)
          await writeAudit(tx, {
            principal,
            action: 'PARTNER_TOEGEWEZEN',
            trajectoryId: trajectory.id,
            details: { partnerId: params.partnerId },
          });
      });
      await redeliverForAssignedPartner(deps, trajectory.id, partner.kind);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/beheer/trajectories/:id/partners/:partnerId',
    summary: 'Trek een partnertoewijzing in',
    tags: TAGS,
    roles: ['beheerder', 'consulent'],
    request: { params: ZPartnerParams },
    responses: { 204: { description: 'Niet (meer) toegewezen.' }, 404: notFound },
    handler: async ({ deps, principal, params }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      await deps.prisma.$transaction(async (tx) => {
        const { count } = await tx.partnerAssignment.deleteMany({
          where: { partnerId: params.partnerId, trajectoryId: trajectory.id },
        });
        if (count)
          await writeAudit(tx, {
            principal,
            action: 'PARTNER_INGETROKKEN',
            trajectoryId: trajectory.id,
            details: { partnerId: params.partnerId },
          });
      });
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/monitor',
    summary: 'Monitor vandaag: stand per gemeente en voor de regio',
    description:
      'Momentopname: trajecten per fase, % PIP binnen 10 weken (alle trajecten met een verstreken deadline of een PIP), leerroutes, open en verlopen taken, lopend ontzorgen, termijnen die binnen 6 maanden eindigen. Cijfers over een periode: /beheer/monitor/cijfers.',
    tags: ['monitor'],
    roles: ['beheerder'],
    request: { query: z.object({ gemeente: zGemeente.optional() }).strict() },
    responses: {
      200: { description: 'Cijfers.', schema: ZMonitor },
      404: { description: 'Gemeente onbekend of buiten uw bevoegdheid.' },
    },
    handler: async ({ deps, principal, query }) => ({
      status: 200,
      body: await monitorFigures(deps, monitorGemeenten(principal, deps.config, query.gemeente)),
    }),
  }),
  movesRoute,
  defineRoute({
    method: 'get',
    path: '/beheer/inbox',
    summary: 'Ontvangen partnergebeurtenissen (inbox)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { query: ZStatusQuery },
    responses: {
      200: {
        description: 'Gebeurtenissen, nieuwste eerst.',
        schema: z.object({ items: z.array(ZInboxEvent), ...ZPageInfo.shape }),
      },
    },
    handler: async ({ deps, principal, query }) => ({
      status: 200,
      body: await listInboxEvents(deps, principal, query),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/beheer/inbox/:id/resend',
    summary: 'Stuur een partnergebeurtenis opnieuw naar de workflow (met reden; audit)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams, body: ZAuditedAction },
    responses: {
      200: { description: 'Opnieuw verstuurd; `status` zegt of het lukte.', schema: ZInboxEvent },
      404: notFound,
      409: {
        description:
          'Niet opnieuw te versturen: een DUO-notificatie (`reason: DUO_NOTIFICATIE`, de DUO-koppeling verwerkt die zelf) of een traject dat een beheerder beëindigde (`reason: TRAJECT_AFGESLOTEN`).',
      },
      503: { description: 'Temporal niet bereikbaar.' },
    },
    handler: async ({ deps, principal, params, body }) => ({
      status: 200,
      body: inboxDto(await resendInboxEvent(deps, principal, params.id, body.reason)),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/outbox',
    summary: 'Uitgaande berichten (outbox)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { query: ZStatusQuery },
    responses: {
      200: {
        description: 'Berichten, nieuwste eerst.',
        schema: z.object({ items: z.array(ZOutboxMessage), ...ZPageInfo.shape }),
      },
    },
    handler: async ({ deps, principal, query }) => ({
      status: 200,
      body: await listOutboxMessages(deps, principal, query),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/beheer/outbox/:id/retry',
    summary: 'Lever een vastgelopen uitgaand bericht opnieuw af (met reden; audit)',
    description:
      'Zet het bericht weer op PENDING en start een nieuwe aflevering (workflow `outbox-<key>-retry-<tijdstip>`); de aflevering zet het op DELIVERED of legt de nieuwe fout vast.',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams, body: ZAuditedAction },
    responses: {
      200: { description: 'Aflevering gestart (meestal nog PENDING).', schema: ZOutboxMessage },
      404: notFound,
      409: { description: 'Al afgeleverd.' },
      503: { description: 'Temporal niet bereikbaar; het bericht houdt zijn vorige status.' },
    },
    handler: async ({ deps, principal, params, body }) => ({
      status: 200,
      body: outboxDto(await retryOutboxMessage(deps, principal, params.id, body.reason)),
    }),
  }),
];

type StatusQuery = { status?: string | undefined; page: number; pageSize: number };

/** Received partner events, newest first (a gemeente beheerder's through their trajectories). */
export async function listInboxEvents(deps: ResolvedApiDeps, principal: Principal, query: StatusQuery) {
  const orderBy = [{ receivedAt: 'desc' as const }, { id: 'asc' as const }];
  const { rows, total } = await pageOfList(deps, principal, 'inbox', query, {
    byIds: (ids) => deps.prisma.inboxEvent.findMany({ where: { id: { in: ids } }, orderBy }),
    count: (where) => deps.prisma.inboxEvent.count({ where }),
    page: (where, skip, take) => deps.prisma.inboxEvent.findMany({ where, orderBy, skip, take }),
  });
  return { items: rows.map(inboxDto), page: query.page, pageSize: query.pageSize, total };
}

/** Outbound messages, newest first (a gemeente beheerder's through their trajectories). */
export async function listOutboxMessages(deps: ResolvedApiDeps, principal: Principal, query: StatusQuery) {
  const orderBy = [{ createdAt: 'desc' as const }, { id: 'asc' as const }];
  const { rows, total } = await pageOfList(deps, principal, 'outbox', query, {
    byIds: (ids) => deps.prisma.outboxMessage.findMany({ where: { id: { in: ids } }, orderBy }),
    count: (where) => deps.prisma.outboxMessage.count({ where }),
    page: (where, skip, take) => deps.prisma.outboxMessage.findMany({ where, orderBy, skip, take }),
  });
  return { items: rows.map(outboxDto), page: query.page, pageSize: query.pageSize, total };
}

/**
 * One page of the inbox or outbox, newest first: a gemeente beheerder's through their
 * trajectories (joined in SQL), the regional beheerder's over everything.
 */
async function pageOfList<Row>(
  deps: ResolvedApiDeps,
  principal: Principal,
  list: 'inbox' | 'outbox',
  query: { status?: string | undefined; page: number; pageSize: number },
  load: {
    byIds: (ids: string[]) => Promise<Row[]>;
    count: (where: { status?: string }) => Promise<number>;
    page: (where: { status?: string }, skip: number, take: number) => Promise<Row[]>;
  },
): Promise<{ rows: Row[]; total: number }> {
  if (principal.gemeente !== null) {
    const { ids, total } = await gemeentePage(deps, list, principal.gemeente, query);
    return { rows: await load.byIds(ids), total };
  }
  const where = query.status ? { status: query.status } : {};
  const [total, rows] = await Promise.all([
    load.count(where),
    load.page(where, (query.page - 1) * query.pageSize, query.pageSize),
  ]);
  return { rows, total };
}

/**
 * A partner of `kind` is now assigned: its open "wijs een aanbieder toe" task closes and the
 * messages of that kind that waited or failed are delivered again (src/temporal/outbox-redelivery.ts).
 */
async function redeliverForAssignedPartner(deps: ResolvedApiDeps, trajectoryId: string, kind: string): Promise<void> {
  await deps.prisma.task.updateMany({
    where: { key: { endsWith: `/aanbieder-toewijzen/${kind}` }, trajectoryId, status: 'OPEN' },
    data: { status: 'CLOSED', closedAt: new Date(), result: { reason: 'partner toegewezen' } },
  });
  await redeliverWaitingMessages(deps.temporal, deps.prisma, deps.config.TEMPORAL_TASK_QUEUE, {
    recipient: kind,
    trajectoryId,
    statuses: [OUTBOX_STATUS.WAITING_FOR_PARTNER, OUTBOX_STATUS.FAILED, OUTBOX_STATUS.HELD_NO_CONSENT],
  });
}
