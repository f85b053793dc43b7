/** Partner systems report progress events (inbox first, then signal). */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route';
import { zId } from '../http/primitives';
import { AppError } from '../http/errors';
import { assertPartnerAssigned } from '../http/tenancy';
import { receivePartnerEvent } from './receive-partner-event';
import { partnerKindMayReport, ZAcceptedEvent, ZIdempotencyHeaders, ZPartnerEventBody } from './schemas';

export const partnerRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'post',
    path: '/partner/trajectories/:id/events',
    summary: 'Meld een voortgangsgebeurtenis (met Idempotency-Key)',
    description:
      'Eerst opgeslagen (inbox), dan aan de workflow gemeld; ook als Temporal even niet bereikbaar is gaat een geaccepteerde gebeurtenis niet verloren. Zelfde sleutel + zelfde body: zelfde antwoord (header Idempotent-Replayed: true); zelfde sleutel + andere body: 409. Welke typen (en welke soorten uren en modules) een partner mag sturen hangt af van zijn soort (anders 403, `reason: SOORT_PARTNER`): taalaanbieder lessen, KNM-lessen, PVT/MAP; maatschappelijk begeleider rapportage, PVT en participatie; werkmakelaar/jobcoach (WERK) MAP en participatie; afdeling inkomen (INKOMEN) de bijstand. Examenuitslagen komen alleen van DUO (SS199).',
    tags: ['Partners'],
    roles: ['partner'],
    request: {
      params: z.object({ id: zId }),
      headers: ZIdempotencyHeaders,
      body: ZPartnerEventBody,
    },
    responses: {
      202: {
        description: 'Geaccepteerd (opgeslagen; de melding aan de workflow volgt of is gedaan).',
        schema: ZAcceptedEvent,
        headers: {
          'Idempotent-Replayed': { description: '"true" bij een herhaald verzoek', schema: { type: 'string' } },
        },
      },
      400: { description: 'Idempotency-Key ontbreekt of ongeldige JSON.' },
      403: { description: 'Dit type gebeurtenis mag deze soort partner niet melden.' },
      404: { description: 'Traject onbekend of niet aan deze partner toegewezen.' },
      409: {
        description:
          'Idempotency-Key al gebruikt voor een andere gebeurtenis, of het traject is door de gemeente beëindigd of geannuleerd (`reason: TRAJECT_AFGESLOTEN`).',
      },
    },
    handler: async ({ deps, principal, params, headers, body }) => {
      const allowed = partnerKindMayReport(principal.partnerKind, body);
      if (!allowed.ok) {
        // 404 (not assigned) still comes before 403, as for every trajectory route.
        await assertPartnerAssigned(deps.prisma, principal, params.id);
        throw new AppError('FORBIDDEN', allowed.reason, { extra: { reason: allowed.rule } });
      }
      // Not assigned → 404: checked by receivePartnerEvent in the statement that stores the event.
      const accepted = await receivePartnerEvent({
        prisma: deps.prisma,
        temporal: deps.temporal,
        logger: deps.logger,
        signalTimeoutMs: deps.timeouts.rpcMs,
        partnerId: principal.partnerId!,
        idempotencyKey: headers['idempotency-key'],
        trajectoryId: params.id,
        event: body,
      });
      const { replayed, ...answer } = accepted;
      return { status: 202, body: answer, headers: { 'Idempotent-Replayed': String(replayed) } };
    },
  }),
];
