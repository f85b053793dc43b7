/** Trajectories: start, dossier, intake notes (consulent; beheerder may start and read). Decisions: src/api/decisions/. */
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route';
import { ZIdParams } from '../http/primitives';
import { findAccessibleTrajectory } from '../http/tenancy';
import { getDossier } from './get-dossier';
import { ZDossier, ZStartedTrajectory, ZStartRequested, ZStartTrajectory } from './schemas';
import { isStartRequested, startTrajectory } from './start-trajectory';

const TAGS = ['Trajecten'];
const notFound = { description: 'Traject bestaat niet of valt buiten uw gemeente.' };
const unavailable = { description: 'Temporal of de worker antwoordt niet.' };

const startRoute = defineRoute({
  method: 'post',
  path: '/trajectories',
  summary: 'Start een traject (idempotent op gemeente + BSN)',
  description:
    'Persoonsgegevens gaan alleen naar PostgreSQL; het trajectnummer is een pseudoniem. Een herhaald verzoek voor dezelfde persoon met dezelfde gegevens start geen tweede workflow en antwoordt 200 met het bestaande traject; met andere gegevens (bijv. een andere doelgroep) 409 met elk verschil. Eén lopend traject per persoon in de hele installatie (databaseregel). Loopt er een traject van de persoon in een andere gemeente, dan wordt de start een startverzoek voor de regionale beheerder (202); het antwoord zegt niet waar of dat er een traject loopt. Na een beëindigd traject in deze gemeente start een nieuw traject alleen met `nieuwePlicht: true`.',
  tags: TAGS,
  roles: ['consulent', 'beheerder'],
  request: { body: ZStartTrajectory },
  responses: {
    201: { description: 'Traject gestart.', schema: ZStartedTrajectory },
    200: { description: 'Traject bestond al (zelfde gegevens).', schema: ZStartedTrajectory },
    202: { description: 'Startverzoek: de regionale beheerder beoordeelt het.', schema: ZStartRequested },
    403: { description: 'Andere gemeente dan de eigen, of een regionale beheerder zonder gemeente.' },
    409: {
      description:
        'Niet gestart: een lopend traject met andere gegevens (`reason` ANDERE_GEGEVENS, `errors` per verschil), een beëindigd traject zonder `nieuwePlicht` (`reason` TRAJECT_BEEINDIGD), een meegebracht PIP dat DUO zou weigeren (`reason` = de regel), of een `consulentId` die geen consulent van de gemeente is (`reason` GEEN_CONSULENT_VAN_GEMEENTE).',
    },
    503: unavailable,
  },
  handler: async ({ deps, principal, body }) => {
    const started = await startTrajectory({ deps, principal, body });
    if (isStartRequested(started)) {
      return { status: 202, body: started, headers: { Location: `/beheer/startverzoeken/${started.startverzoekId}` } };
    }
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
  roles: ['consulent', 'teamleider', 'beheerder'],
  request: { params: ZIdParams },
  responses: { 200: { description: 'Het dossier.', schema: ZDossier }, 404: notFound },
  handler: async ({ deps, principal, params }) => {
    const trajectory = await findAccessibleTrajectory(deps.prisma, principal, params.id);
    return { status: 200, body: await getDossier(deps, trajectory) };
  },
});

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

export const trajectoryRoutes: RouteDefinition[] = [startRoute, dossierRoute, intakeNotesRoute];
