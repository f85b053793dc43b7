/**
 * The quarterly CBS delivery (SWI) for beheerders: list, (re)generate, download (audited: the
 * files contain BSNs), report delivered. Tenancy as for the figures: a gemeente beheerder
 * only the own gemeente (another → 404), the regional beheerder every gemeente.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { SwiDelivery } from '../../generated/prisma/client';
import { markSwiDelivered, prepareSwiDelivery } from '../../swi/deliveries';
import { swiDeliveredSignal, swiQuarterWorkflowId } from '../../workflows/swi/messages';
import { AppError } from '../http/errors';
import { defineRoute, type RouteDefinition } from '../http/route';
import { writeAudit } from '../http/tenancy';
import type { ResolvedApiDeps } from '../http/deps';
import type { Principal } from '../auth/principal';
import { zGemeente } from '../http/primitives';
import { amsterdamDateOf, parsePeriode } from '../../domain/period';
import { monitorGemeenten } from './scope';
import { MONITOR_TAGS } from './router';
import { KWARTAAL_PATTERN } from './schemas';

const zKwartaal = z
  .string()
  .regex(KWARTAAL_PATTERN, 'Verwacht een kwartaal JJJJ-Qn (jaar 2000–2100), bijv. 2026-Q4')
  .meta({ example: '2026-Q4', description: 'Kwartaal JJJJ-Qn (jaar 2000–2100).' });
const ZSwiParams = z.object({ kwartaal: zKwartaal, gemeente: zGemeente });
const iso = (value: Date | null) => value?.toISOString() ?? null;

export const ZSwiDelivery = z
  .object({
    gemeente: z.string(),
    kwartaal: z.string(),
    status: z.enum(['OPEN', 'DELIVERED']),
    uiterlijk: z.string().meta({ description: 'Laatste dag van aanlevering (vier weken na het kwartaal).' }),
    records: z.number().int(),
    aangemaakt: z.string().nullable(),
    gedownload: z.string().nullable(),
    geleverd: z.string().nullable(),
    geleverdDoor: z.string().nullable(),
    geescaleerd: z.string().nullable(),
  })
  .meta({ id: 'SwiDelivery' });

const toDto = (row: SwiDelivery): z.infer<typeof ZSwiDelivery> => ({
  gemeente: row.gemeente,
  kwartaal: row.quarter,
  status: row.status as 'OPEN' | 'DELIVERED',
  uiterlijk: row.dueDate.toISOString().slice(0, 10),
  records: row.records,
  aangemaakt: iso(row.generatedAt),
  gedownload: iso(row.downloadedAt),
  geleverd: iso(row.deliveredAt),
  geleverdDoor: row.deliveredBy,
  geescaleerd: iso(row.escalatedAt),
});

const notFound = { description: 'Geen levering voor dit kwartaal, of de gemeente valt buiten uw bevoegdheid.' };

async function findDelivery(
  deps: ResolvedApiDeps,
  principal: Principal,
  params: { kwartaal: string; gemeente: string },
) {
  monitorGemeenten(principal, deps.config, params.gemeente, 'params.gemeente');
  const row = await deps.prisma.swiDelivery.findUnique({
    where: { gemeente_quarter: { gemeente: params.gemeente, quarter: params.kwartaal } },
  });
  if (!row) throw new AppError('NOT_FOUND', `Geen SWI-levering ${params.kwartaal} voor ${params.gemeente}.`);
  return row;
}

export const swiRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/beheer/swi',
    summary: 'CBS-leveringen (SWI) per gemeente en kwartaal',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: {
      query: z
        .object({
          kwartaal: zKwartaal.optional(),
          status: z.enum(['OPEN', 'DELIVERED']).optional(),
          gemeente: zGemeente.optional(),
        })
        .strict(),
    },
    responses: {
      200: { description: 'Leveringen, nieuwste kwartaal eerst.', schema: z.object({ items: z.array(ZSwiDelivery) }) },
      404: { description: 'Gemeente buiten uw bevoegdheid.' },
    },
    handler: async ({ deps, principal, query }) => {
      const gemeenten = monitorGemeenten(principal, deps.config, query.gemeente);
      const rows = await deps.prisma.swiDelivery.findMany({
        where: {
          gemeente: { in: gemeenten },
          ...(query.kwartaal ? { quarter: query.kwartaal } : {}),
          ...(query.status ? { status: query.status } : {}),
        },
        orderBy: [{ quarter: 'desc' }, { gemeente: 'asc' }],
        take: 500,
      });
      return { status: 200, body: { items: rows.map(toDto) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/beheer/swi/:kwartaal/:gemeente/genereer',
    summary: 'Maak het SWI-bestand (opnieuw) aan en open de taak',
    description:
      'Normaal doet het kwartaalschema dit op de eerste dag na het kwartaal. Opnieuw aanmaken kan zolang de levering niet gemeld is.',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: { params: ZSwiParams },
    responses: {
      200: { description: 'Aangemaakt en gevalideerd tegen het schema.', schema: ZSwiDelivery },
      404: notFound,
      409: {
        description:
          'Al geleverd (`reason: AL_GELEVERD`), of het kwartaal is nog niet voorbij (`reason: KWARTAAL_NIET_VOORBIJ`).',
      },
    },
    handler: async ({ deps, principal, params }) => {
      monitorGemeenten(principal, deps.config, params.gemeente, 'params.gemeente');
      const quarter = parsePeriode(params.kwartaal);
      if (quarter?.kind !== 'KWARTAAL')
        throw new AppError('BAD_REQUEST', `Onbekend kwartaal "${params.kwartaal}".`, {
          errors: [{ field: 'params.kwartaal', message: 'Verwacht een kwartaal JJJJ-Qn (jaar 2000–2100)' }],
        });
      if (quarter.tot >= amsterdamDateOf(new Date()))
        throw new AppError('CONFLICT', `Het kwartaal ${params.kwartaal} is nog niet voorbij.`, {
          extra: { reason: 'KWARTAAL_NIET_VOORBIJ' },
        });
      const prepared = await prepareSwiDelivery(deps.prisma, { gemeente: params.gemeente, quarter: params.kwartaal });
      if (prepared.delivered)
        throw new AppError('CONFLICT', 'Deze levering is al gemeld als geleverd.', {
          extra: { reason: 'AL_GELEVERD' },
        });
      await writeAudit(deps.prisma, {
        principal,
        action: 'SWI_AANGEMAAKT',
        details: { gemeente: params.gemeente, kwartaal: params.kwartaal, records: prepared.records },
      });
      return { status: 200, body: toDto(await findDelivery(deps, principal, params)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/beheer/swi/:kwartaal/:gemeente/bestand',
    summary: 'Download het SWI-bestand (XML of CSV; bevat BSNs, wordt gelogd)',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: {
      params: ZSwiParams,
      query: z.object({ formaat: z.enum(['xml', 'csv']).default('xml') }).strict(),
    },
    responses: {
      200: {
        description: 'Het bestand.',
        files: {
          'application/xml': 'Volgens src/swi/schema/swi-levering.xsd (gevalideerd).',
          'text/csv': 'Dezelfde records als CSV (`;`, UTF-8 met BOM).',
        },
      },
      404: notFound,
    },
    handler: async ({ deps, principal, params, query }) => {
      const row = await findDelivery(deps, principal, params);
      const content = query.formaat === 'xml' ? row.xml : row.csv;
      if (content === null) throw new AppError('NOT_FOUND', 'Het bestand is nog niet aangemaakt.');
      await writeAudit(deps.prisma, {
        principal,
        action: 'SWI_GEDOWNLOAD',
        details: { gemeente: row.gemeente, kwartaal: row.quarter, formaat: query.formaat, records: row.records },
      });
      await deps.prisma.swiDelivery.update({
        where: { gemeente_quarter: { gemeente: row.gemeente, quarter: row.quarter } },
        data: { downloadedAt: new Date() },
      });
      return {
        status: 200,
        file: {
          contentType: query.formaat === 'xml' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8',
          filename: `swi-${row.gemeente}-${row.quarter}.${query.formaat}`,
          content,
        },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/beheer/swi/:kwartaal/:gemeente/geleverd',
    summary: 'Meld dat het SWI-bestand bij het CBS is aangeleverd',
    description: 'Sluit de taak (en een escalatie), legt vast wie het meldde, en laat de kwartaalworkflow het weten.',
    tags: MONITOR_TAGS,
    roles: ['beheerder'],
    request: { params: ZSwiParams },
    responses: {
      200: { description: 'Gemeld.', schema: ZSwiDelivery },
      404: notFound,
      409: { description: 'Al gemeld.' },
    },
    handler: async ({ deps, principal, params }) => {
      await findDelivery(deps, principal, params);
      if (
        !(await markSwiDelivered(deps.prisma, {
          gemeente: params.gemeente,
          quarter: params.kwartaal,
          by: principal.subject,
        }))
      )
        throw new AppError('CONFLICT', 'Deze levering is al gemeld.', { extra: { reason: 'AL_GELEVERD' } });
      await writeAudit(deps.prisma, {
        principal,
        action: 'SWI_GELEVERD',
        details: { gemeente: params.gemeente, kwartaal: params.kwartaal },
      });
      try {
        await deps.temporal.workflow
          .getHandle(swiQuarterWorkflowId(params.kwartaal))
          .signal(swiDeliveredSignal, { gemeente: params.gemeente });
      } catch (error) {
        // Generated by hand (no quarter workflow), or the workflow already ended: the row is the truth.
        if (!(error instanceof WorkflowNotFoundError)) deps.logger.warn({ err: error }, 'SWI-signaal niet verstuurd');
      }
      return { status: 200, body: toDto(await findDelivery(deps, principal, params)) };
    },
  }),
];
