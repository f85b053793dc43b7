/** Decision routes: one `POST /trajectories/:id/decisions/<segment>` per registry entry (consulent). */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route';
import { ZIdParams } from '../http/primitives';
import { findAccessibleTrajectory } from '../http/tenancy';
import { recordRegisteredDecision } from './record-decision';
import { DECISIONS } from './registry';

const ZDecisionResponse = (result: z.ZodType, id: string) =>
  z.object({ trajectoryId: z.string(), decision: z.string(), result }).meta({ id });

export const decisionRoutes: RouteDefinition[] = DECISIONS.map((entry) =>
  defineRoute({
    method: 'post',
    path: `/trajectories/:id/decisions/${entry.segment}`,
    summary: entry.summary,
    description: 'Eerst gevalideerd door zod (422), dan door de workflow (409 bij een geweigerde stap).',
    tags: ['Beslissingen'],
    roles: ['consulent'],
    request: { params: ZIdParams, body: entry.body },
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
    handler: async ({ deps, principal, params, body }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      const result = await recordRegisteredDecision({ deps, principal, entry, trajectory, body });
      return { status: 200, body: { trajectoryId: trajectory.id, decision: entry.segment, result } };
    },
  }),
);
