/** Decision routes: one `POST /trajectories/:id/decisions/<segment>` per registry entry (its roles: consulent, for the consulent decision also teamleider). */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route';
import { ZIdParams } from '../http/primitives';
import { findAccessibleTrajectory } from '../http/tenancy';
import { recordRegisteredDecision } from './record-decision';
import { DECISIONS } from './registry';

/** Optional on decisions: a client that sends a decision again after a timeout uses the same key. */
const ZOptionalIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'Alleen zichtbare ASCII-tekens')
    .optional()
    .meta({
      description:
        'Uniek per beslissing; hetzelfde verzoek opnieuw met dezelfde sleutel legt de beslissing niet nog eens vast.',
    }),
});

const ZDecisionResponse = (result: z.ZodType, id: string) =>
  z.object({ trajectoryId: z.string(), decision: z.string(), result }).meta({ id });

export const decisionRoutes: RouteDefinition[] = DECISIONS.map((entry) =>
  defineRoute({
    method: 'post',
    path: `/trajectories/:id/decisions/${entry.segment}`,
    summary: entry.summary,
    description:
      'Eerst gevalideerd door zod (422), dan door de workflow (409 bij een geweigerde stap). Met een Idempotency-Key geeft hetzelfde verzoek opnieuw (na een time-out of 503) hetzelfde antwoord zonder tweede effect.',
    tags: ['Beslissingen'],
    roles: entry.roles,
    request: { params: ZIdParams, headers: ZOptionalIdempotencyHeaders, body: entry.body },
    responses: {
      200: {
        description: 'Beslissing vastgelegd.',
        schema: ZDecisionResponse(entry.result, `DecisionResponse_${entry.auditAction}`),
      },
      404: { description: 'Traject bestaat niet of valt buiten uw gemeente.' },
      409: {
        description:
          'De workflow weigert de beslissing (regel geschonden); `reason` bevat de regelcode, `detail` de uitleg.',
      },
      503: { description: 'Temporal of de worker antwoordt niet.' },
    },
    handler: async ({ deps, principal, params, headers, body }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      const idempotencyKey = headers['idempotency-key'];
      const result = await recordRegisteredDecision({
        deps,
        principal,
        entry,
        trajectory,
        body,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
      return { status: 200, body: { trajectoryId: trajectory.id, decision: entry.segment, result } };
    },
  }),
);
