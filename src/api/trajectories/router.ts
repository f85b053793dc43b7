/** Trajectories: start, dossier, decisions (consulent; beheerder may start and read). */
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  bijstellenPipUpdate,
  closeTrajectoryUpdate,
  proposeHandhavingUpdate,
  planOpstartklasUpdate,
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordKeyDatesUpdate,
  recordOntheffingUpdate,
  recordVoortgangsgesprekUpdate,
  recordWarmeOverdrachtUpdate,
  vaststellenPipUpdate,
} from '../../workflows/trajectory/messages';
import { defineRoute, type RouteDefinition } from '../http/route';
import { ZIdParams } from '../http/primitives';
import { findAccessibleTrajectory } from '../http/tenancy';
import { getDossier } from './get-dossier';
import { recordDecision } from './record-decision';
import {
  ZBredeIntakeBody,
  ZCloseTrajectoryInput,
  ZConsentInput,
  ZDossier,
  ZHandhavingInput,
  ZHandhavingResult,
  ZKeyDatesInput,
  ZOntheffingInput,
  ZOpstartklasInput,
  ZPipBijstellingInput,
  ZPipDecisionResult,
  ZPipInput,
  ZStartedTrajectory,
  ZStartTrajectory,
  ZTrajectoryView,
  ZVoortgangsgesprekInput,
  ZWarmeOverdrachtInput,
} from './schemas';
import { startTrajectory } from './start-trajectory';
import { storeIntakeNotes } from './intake-notes';

const TAGS = ['Trajecten'];
const refusal = {
  description: 'De workflow weigert de beslissing (regel geschonden); `reason` bevat de regelcode, `detail` de uitleg.',
};
const notFound = { description: 'Traject bestaat niet of valt buiten uw gemeente.' };
const unavailable = { description: 'Temporal of de worker antwoordt niet.' };

const startRoute = defineRoute({
  method: 'post',
  path: '/trajectories',
  summary: 'Start een traject (idempotent op gemeente + BSN)',
  description:
    'Persoonsgegevens gaan alleen naar PostgreSQL; het trajectnummer is een pseudoniem. Een herhaald verzoek voor dezelfde persoon start geen tweede workflow en antwoordt 200 met het bestaande traject.',
  tags: TAGS,
  roles: ['consulent', 'beheerder'],
  request: { body: ZStartTrajectory },
  responses: {
    201: { description: 'Traject gestart.', schema: ZStartedTrajectory },
    200: { description: 'Traject bestond al.', schema: ZStartedTrajectory },
    403: { description: 'Andere gemeente dan de eigen, of een regionale beheerder zonder gemeente.' },
    409: {
      description:
        'Niet gestart: de persoon heeft een lopend traject in de regio (de regionale beheerder lost het op), of een meegebracht PIP dat DUO zou weigeren (`reason` = de regel).',
    },
    503: unavailable,
  },
  handler: async ({ deps, principal, body }) => {
    const started = await startTrajectory({ deps, principal, body });
    return {
      status: started.created ? 201 : 200,
      body: started,
      headers: { Location: `/trajectories/${started.trajectoryId}` },
    };
  },
});

const dossierRoute = defineRoute({
  method: 'get',
  path: '/trajectories/:id',
  summary: 'Dossier van één traject',
  description:
    'Fase, termijnen met resterende dagen, modules en uren, open taken, beslissingen en tijdlijn. `source` zegt of de workflow of de projectie antwoordde.',
  tags: TAGS,
  roles: ['consulent', 'beheerder'],
  request: { params: ZIdParams },
  responses: { 200: { description: 'Het dossier.', schema: ZDossier }, 404: notFound },
  handler: async ({ deps, principal, params }) => {
    const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
    return { status: 200, body: await getDossier(deps, trajectory) };
  },
});

interface DecisionSpec {
  segment: string;
  summary: string;
  action: string;
  body: z.ZodType;
  result: z.ZodType;
  update: UpdateDefinition<unknown, [never]>;
  /** Splits the body into the workflow input and side data (intake notes). */
  toInput?: (body: never) => unknown;
  audit?: (body: never) => Record<string, unknown>;
}

const DECISIONS: DecisionSpec[] = [
  {
    segment: 'sleuteldata',
    summary: 'Leg sleuteldata vast (inschrijving, vestiging, start plicht)',
    action: 'SLEUTELDATA',
    body: ZKeyDatesInput,
    result: ZTrajectoryView,
    update: recordKeyDatesUpdate as never,
  },
  {
    segment: 'warme-overdracht',
    summary: 'Leg de warme overdracht vast',
    action: 'WARME_OVERDRACHT',
    body: ZWarmeOverdrachtInput,
    result: ZTrajectoryView,
    update: recordWarmeOverdrachtUpdate as never,
    audit: (b: z.output<typeof ZWarmeOverdrachtInput>) => ({ form: b.form }),
  },
  {
    segment: 'machtiging',
    summary: 'Leg de machtiging (toestemming gegevensuitwisseling) vast',
    action: 'MACHTIGING',
    body: ZConsentInput,
    result: ZTrajectoryView,
    update: recordConsentUpdate as never,
    audit: (b: z.output<typeof ZConsentInput>) => ({ scope: b.scope }),
  },
  {
    segment: 'brede-intake',
    summary: 'Leg de brede intake vast (notities alleen in PostgreSQL)',
    action: 'BREDE_INTAKE',
    body: ZBredeIntakeBody,
    result: ZTrajectoryView,
    update: recordBredeIntakeUpdate as never,
    toInput: ({ notes: _notes, ...input }: z.output<typeof ZBredeIntakeBody>) => input,
    audit: (b: z.output<typeof ZBredeIntakeBody>) => ({ notes: b.notes.length }),
  },
  {
    segment: 'pip',
    summary: 'Stel het PIP vast',
    action: 'PIP_VASTGESTELD',
    body: ZPipInput,
    result: ZPipDecisionResult,
    update: vaststellenPipUpdate as never,
    audit: (b: z.output<typeof ZPipInput>) => ({ leerroute: b.leerroute, level: b.level }),
  },
  {
    segment: 'pip-bijstelling',
    summary: 'Stel het PIP bij',
    action: 'PIP_BIJGESTELD',
    body: ZPipBijstellingInput,
    result: ZPipDecisionResult,
    update: bijstellenPipUpdate as never,
    audit: (b: z.output<typeof ZPipInput>) => ({ leerroute: b.leerroute, level: b.level }),
  },
  {
    segment: 'opstartklas',
    summary: 'Plan de opstartklas',
    action: 'OPSTARTKLAS',
    body: ZOpstartklasInput,
    result: ZTrajectoryView,
    update: planOpstartklasUpdate as never,
  },
  {
    segment: 'voortgangsgesprek',
    summary: 'Leg een voortgangsgesprek vast',
    action: 'VOORTGANGSGESPREK',
    body: ZVoortgangsgesprekInput,
    result: ZTrajectoryView,
    update: recordVoortgangsgesprekUpdate as never,
    audit: (b: z.output<typeof ZVoortgangsgesprekInput>) => ({ outcome: b.outcome }),
  },
  {
    segment: 'ontheffing',
    summary: 'Leg een ontheffing vast',
    action: 'ONTHEFFING',
    body: ZOntheffingInput,
    result: ZTrajectoryView,
    update: recordOntheffingUpdate as never,
    audit: (b: z.output<typeof ZOntheffingInput>) => ({ ground: b.ground, whole: b.whole }),
  },
  {
    segment: 'handhaving',
    summary: 'Vraag een handhavingsvoorstel (de workflow beboet nooit zelf)',
    action: 'HANDHAVING_VOORSTEL',
    body: ZHandhavingInput,
    result: ZHandhavingResult,
    update: proposeHandhavingUpdate as never,
    audit: (b: z.output<typeof ZHandhavingInput>) => ({ reason: b.reason }),
  },
  {
    segment: 'afsluiting',
    summary: 'Sluit het traject af',
    action: 'TRAJECT_AFGESLOTEN',
    body: ZCloseTrajectoryInput,
    result: ZTrajectoryView,
    update: closeTrajectoryUpdate as never,
    audit: (b: z.output<typeof ZCloseTrajectoryInput>) => ({ reason: b.reason }),
  },
];

const ZDecisionResponse = (result: z.ZodType, id: string) =>
  z.object({ trajectoryId: z.string(), decision: z.string(), result }).meta({ id });

const decisionRoutes = DECISIONS.map((decision) =>
  defineRoute({
    method: 'post',
    path: `/trajectories/:id/decisions/${decision.segment}`,
    summary: decision.summary,
    description: 'Eerst gevalideerd door zod (422), dan door de workflow (409 bij een geweigerde stap).',
    tags: ['Beslissingen'],
    roles: ['consulent'],
    request: { params: ZIdParams, body: decision.body },
    responses: {
      200: {
        description: 'Beslissing vastgelegd.',
        schema: ZDecisionResponse(decision.result, `DecisionResponse_${decision.action}`),
      },
      404: notFound,
      409: refusal,
      503: unavailable,
    },
    handler: async ({ deps, principal, params, body }) => {
      const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
      const input = decision.toInput ? decision.toInput(body as never) : body;
      const result = await recordDecision({
        deps,
        principal,
        trajectory,
        action: decision.action,
        update: decision.update as UpdateDefinition<unknown, [unknown]>,
        input,
        auditDetails: decision.audit?.(body as never) ?? {},
      });
      if (decision.segment === 'brede-intake') {
        const notes = (body as z.output<typeof ZBredeIntakeBody>).notes;
        await storeIntakeNotes(deps.prisma, trajectory.id, notes, principal.subject);
      }
      return { status: 200, body: { trajectoryId: trajectory.id, decision: decision.segment, result } };
    },
  }),
);

const ZIntakeNote = z
  .object({
    id: z.string(),
    leefgebied: z.string().nullable(),
    text: z.string(),
    authorId: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'IntakeNote' });

const intakeNotesRoute = defineRoute({
  method: 'get',
  path: '/trajectories/:id/intake-notes',
  summary: 'Notities van de brede intake (alleen consulent van de gemeente)',
  tags: TAGS,
  roles: ['consulent'],
  request: { params: ZIdParams },
  responses: {
    200: { description: 'Notities, nieuwste eerst.', schema: z.object({ items: z.array(ZIntakeNote) }) },
    404: notFound,
  },
  handler: async ({ deps, principal, params }) => {
    const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
    const notes = await deps.prisma.intakeNote.findMany({
      where: { trajectoryId: trajectory.id },
      orderBy: { createdAt: 'desc' },
    });
    return { status: 200, body: { items: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) } };
  },
});

export const trajectoryRoutes: RouteDefinition[] = [startRoute, dossierRoute, intakeNotesRoute, ...decisionRoutes];
