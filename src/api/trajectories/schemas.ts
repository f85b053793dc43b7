/**
 * Request and response schemas of the trajectory resource: start, the workflow's view, the
 * dossier. The decisions' schemas are in src/api/decisions/schemas.ts.
 *
 * Over 300 lines because it is the documented contract (the view schema mirrors the workflow's
 * view type field by field); splitting it would scatter one schema over several files.
 */
import { z } from 'zod';
import { BIJSTAND_EINDE_REDENEN, BIJSTAND_STATUSES } from '../../domain/bijstand';
import { ONTZORGEN_EVALUATIE_UITKOMSTEN } from '../../domain/ontzorgen';
import { DEADLINE_KINDS } from '../../domain/deadlines';
import {
  CLOSE_REASONS,
  EXAM_PARTS,
  HOUR_KINDS,
  LEEFGEBIEDEN,
  LEERBAARHEID_RESULTS,
  ONTHEFFING_GROUNDS,
  PHASES,
  TARGET_GROUPS,
} from '../../domain/types';
import { TASK_AUDIENCES, TASK_TYPES } from '../../domain/tasks';
import { UITSTROOM_KEUZES } from '../../domain/participatie';
import { PARTICIPATIE_SOORTEN, PARTICIPATIE_STATUSSEN } from '../../domain/pip-plan';
import type { TrajectoryView } from '../../workflows/trajectory/messages';
import { ZConsent, ZConsentInput, ZPipInput, ZPipRecord, zLeerroute, zLevel, zPartnerKind } from '../decisions/schemas';
import { zDateIn, zGemeente, zIsoDate, zSubject, zText } from '../http/primitives';
import { isValidBsn } from './pseudonym';

/** Shared with the beheer schemas. */
export { zLeerroute, zLevel, zPartnerKind };

export const zPhase = z.enum(PHASES);
export const zTargetGroup = z.enum(TARGET_GROUPS);

// --- start ------------------------------------------------------------------------------

export const ZTrajectoryDates = z
  .object({
    koppeling: zIsoDate.optional(),
    inschrijving: zIsoDate.optional(),
    vestiging: zIsoDate.optional(),
    plichtStart: zIsoDate.optional(),
    ss139: zIsoDate.optional(),
  })
  .strict()
  .meta({ id: 'TrajectoryDates' });

/** The key dates as a client gives them: each in the plausible window (src/domain/date-windows.ts). */
const zProcessDate = zDateIn('process');
export const ZTrajectoryDatesInput = z
  .object({
    koppeling: zProcessDate.optional(),
    inschrijving: zProcessDate.optional(),
    vestiging: zProcessDate.optional(),
    plichtStart: zProcessDate.optional(),
    ss139: zProcessDate.optional(),
  })
  .strict()
  .meta({ id: 'TrajectoryDatesInput' });

export const ZStartTrajectory = z
  .object({
    bsn: z.string().refine(isValidBsn, { message: 'Ongeldig BSN (9 cijfers, elfproef)' }).meta({
      // A custom JSON Schema format: 9 digits passing the elfproef (`npm run fuzz` generates them, scripts/fuzz_hooks.py).
      format: 'bsn',
      pattern: '^[0-9]{9}$',
      description:
        'Burgerservicenummer: 9 cijfers die de elfproef doorstaan (format `bsn`). Wordt alleen in PostgreSQL bewaard (tabel Person), nooit in Temporal.',
      example: '111222333',
    }),
    naam: zText({ max: 200 }).optional(),
    geboortedatum: zDateIn('birth').optional(),
    gemeente: zGemeente
      .optional()
      .meta({ description: 'Verplicht voor een regionale beheerder; anders de eigen gemeente.' }),
    targetGroup: zTargetGroup,
    ondertussengroep: z.boolean().default(false),
    onBijstand: z.boolean().default(false),
    bijstandStart: zProcessDate.optional().meta({
      description:
        'Bij onBijstand: de eerste dag van de bijstand (standaard de startdag). Het ontzorgen telt zes maanden vanaf deze dag.',
    }),
    bijstandOnbekend: z.boolean().optional().meta({
      description:
        'true: nog niet bekend of de persoon bijstand heeft (zoals bij een start door DUO); de consulent krijgt de taak dat vast te stellen.',
    }),
    consulentId: zSubject.optional(),
    dates: ZTrajectoryDatesInput.default({}),
    startPhase: zPhase.exclude(['AFGEROND']).optional(),
    nieuwePlicht: z.boolean().optional().meta({
      description:
        'true: een nieuwe inburgeringsplicht na een beëindigd traject van deze persoon in deze gemeente (bijv. na SS110): er start een nieuw traject, het oude blijft als geschiedenis. Zonder dit antwoordt een start na een beëindigd traject 409 (`reason` TRAJECT_BEEINDIGD).',
    }),
    existing: z
      .object({
        currentPip: ZPipInput.optional(),
        firstPipDagtekening: zProcessDate.optional(),
        pipBijstellingen: z.number().int().min(0).max(10).optional(),
        termijnEnd: zProcessDate.optional(),
        leerrouteStart: zProcessDate.optional(),
        consent: ZConsentInput.optional(),
        bredeIntakeDone: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((body, context) => {
    // A case started at a later phase must bring the facts that phase needs, or it would wait
    // forever for a decision that can no longer be taken.
    const hasPip = body.existing?.currentPip !== undefined;
    if ((body.startPhase === 'OPSTARTKLAS' || body.startPhase === 'LEERROUTE') && !hasPip) {
      context.addIssue({
        code: 'custom',
        path: ['existing', 'currentPip'],
        message: `Verplicht bij startfase ${body.startPhase}: het geldende PIP`,
      });
    }
    if (hasPip && body.startPhase !== 'OPSTARTKLAS' && body.startPhase !== 'LEERROUTE') {
      context.addIssue({
        code: 'custom',
        path: ['existing', 'currentPip'],
        message: 'Een geldend PIP hoort bij startfase OPSTARTKLAS of LEERROUTE',
      });
    }
  })
  .meta({
    id: 'StartTrajectory',
    // The refinement above, as JSON Schema: the documented schema is as strict as the server.
    'x-json-schema': {
      if: { required: ['startPhase'], properties: { startPhase: { enum: ['OPSTARTKLAS', 'LEERROUTE'] } } },
      then: { required: ['existing'], properties: { existing: { required: ['currentPip'] } } },
      else: { properties: { existing: { not: { required: ['currentPip'] } } } },
    },
  });
export type StartTrajectoryBody = z.output<typeof ZStartTrajectory>;

export const ZStartedTrajectory = z
  .object({
    trajectoryId: z.string(),
    workflowId: z.string(),
    gemeente: z.string(),
    created: z.boolean().meta({
      description: 'false: het traject bestond al (zelfde gemeente + BSN); er is geen tweede workflow gestart.',
    }),
  })
  .meta({ id: 'StartedTrajectory' });

export const ZStartRequested = z
  .object({
    startverzoekId: z.string(),
    status: z.literal('IN_BEHANDELING'),
  })
  .meta({
    id: 'StartRequested',
    description:
      'Niet gestart: de regionale beheerder beoordeelt deze start eerst (GET /beheer/startverzoeken). Het antwoord noemt geen andere gemeente of traject.',
  });

// --- the workflow's view -------------------------------------------------------------------

const zHours = z.object(
  Object.fromEntries(HOUR_KINDS.map((kind) => [kind, z.number()])) as Record<(typeof HOUR_KINDS)[number], z.ZodNumber>,
);
const zExamResults = z.object(
  Object.fromEntries(EXAM_PARTS.map((part) => [part, zLevel.optional()])) as Record<
    (typeof EXAM_PARTS)[number],
    z.ZodOptional<typeof zLevel>
  >,
);

export const ZTrajectoryView = z
  .object({
    schemaVersion: z.literal(1),
    stateVersion: z.number(),
    asOf: zIsoDate,
    trajectoryId: z.string(),
    gemeente: z.string(),
    targetGroup: zTargetGroup,
    ondertussengroep: z.boolean(),
    onBijstand: z.boolean(),
    bijstand: z
      .object({
        status: z.enum(BIJSTAND_STATUSES),
        start: zIsoDate.optional(),
        einde: zIsoDate.optional(),
        reden: z.enum(BIJSTAND_EINDE_REDENEN).optional(),
      })
      .optional()
      .meta({ description: 'De bijstand: ONBEKEND (nog vast te stellen), GEEN, LOPEND (sinds start) of BEEINDIGD.' }),
    consulentId: z.string().optional(),
    status: z.enum(['ACTIEF', 'GESCHORST', 'AFGESLOTEN']),
    phase: zPhase,
    closeReason: z.enum(CLOSE_REASONS).optional(),
    closedOn: zIsoDate.optional(),
    offer: z.object({
      maatschappelijkeBegeleiding: z.boolean(),
      ontzorgen: z.boolean(),
      leerrouteOffer: z.boolean(),
      alfabetisering: z.boolean(),
      map: z.boolean(),
      pvt: z.boolean(),
      bredeIntake: z.boolean(),
      pip: z.boolean(),
    }),
    dates: ZTrajectoryDates,
    pipClock: z.object({ date: zIsoDate, source: z.enum(['SS139', 'INSCHRIJVING']) }).optional(),
    pipDeadline: zIsoDate.optional(),
    pip: ZPipRecord.optional(),
    firstPipDagtekening: zIsoDate.optional(),
    firstPip: z
      .object({
        dagtekening: zIsoDate,
        deadline: zIsoDate.optional(),
        clockSource: z.enum(['SS139', 'INSCHRIJVING']).optional(),
        clockStart: zIsoDate.optional(),
      })
      .optional(),
    pipBijstellingen: z.number(),
    requiredLeerroute: zLeerroute.optional(),
    termijn: z.object({ start: zIsoDate, end: zIsoDate, source: z.string() }).optional(),
    consent: ZConsent.optional(),
    bredeIntake: z
      .object({ date: zIsoDate, done: z.array(z.enum(LEEFGEBIEDEN)), notDone: z.array(z.enum(LEEFGEBIEDEN)) })
      .optional(),
    leerbaarheidstoets: z
      .object({ result: z.enum(LEERBAARHEID_RESULTS), source: z.enum(['SS131', 'CONSULENT']) })
      .optional(),
    ontheffing: z
      .object({
        ground: z.enum(ONTHEFFING_GROUNDS),
        whole: z.boolean(),
        parts: z.array(z.enum(EXAM_PARTS)),
        maxParticipatieHours: z.number().optional(),
      })
      .optional(),
    modules: z.object({
      hours: zHours,
      inPersonLessonHours: z.number(),
      examResults: zExamResults,
      knmPassed: z.boolean(),
      pvtSigned: z.boolean(),
      mapEindgesprek: z.boolean(),
      zRouteEindgesprek: z.boolean(),
      onderwijsProgrammeDone: z.boolean(),
      pvtBeoordeeld: z.boolean().meta({ description: 'De gemeente beoordeelde het PVT als afgerond (4.5.2–4.5.3).' }),
      mapBeoordeeld: z.boolean().meta({ description: 'De gemeente beoordeelde de MAP als afgerond (4.5.2–4.5.3).' }),
      maatschappelijkeBegeleiding: z
        .object({ startedOn: zIsoDate, status: z.enum(['LOPEND', 'AANDACHT_NODIG', 'AFGEROND', 'AANGEMELD']) })
        .optional(),
      ontzorgen: z
        .object({
          start: zIsoDate,
          end: zIsoDate,
          status: z.enum(['LOPEND', 'BEEINDIGD']),
          checkInsDone: z.number(),
          eindeReden: z.string().optional(),
          evaluatie: z.object({ datum: zIsoDate, uitkomst: z.enum(ONTZORGEN_EVALUATIE_UITKOMSTEN) }).optional(),
        })
        .optional(),
      opstartklas: z.object({ start: zIsoDate, end: zIsoDate }).optional(),
      leerrouteStart: zIsoDate.optional(),
      leerrouteGestart: zIsoDate.optional(),
    }),
    completion: z
      .object({ complete: z.boolean(), missing: z.array(z.object({ code: z.string(), label: z.string() })) })
      .optional(),
    deadlines: z.array(
      z.object({
        kind: z.enum(DEADLINE_KINDS),
        date: zIsoDate,
        source: z.string(),
        daysRemaining: z.number(),
        paused: z.literal(true).optional().meta({ description: 'Plicht geschorst (SS109): deze termijn loopt niet.' }),
      }),
    ),
    openTasks: z.array(
      z.object({
        key: z.string(),
        type: z.enum(TASK_TYPES),
        audience: z.enum(TASK_AUDIENCES),
        dueDate: zIsoDate.optional(),
        createdOn: zIsoDate,
      }),
    ),
    pendingPartnerMessages: z.array(z.object({ key: z.string(), recipientKind: zPartnerKind, type: z.string() })),
    decisions: z.array(
      z.object({
        kind: z.string(),
        date: zIsoDate,
        details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
      }),
    ),
    timeline: z.array(z.object({ on: zIsoDate, what: z.string(), eventId: z.string().optional() })),
    handhavingVoorstellen: z.number(),
    participatie: z
      .array(
        z.object({
          soort: z.enum(PARTICIPATIE_SOORTEN),
          status: z.enum(PARTICIPATIE_STATUSSEN),
          sinds: zIsoDate,
          afgesproken: zIsoDate
            .optional()
            .meta({ description: 'De start volgens het PIP (ontbreekt: niet in het PIP).' }),
          urenPerWeek: z.number().optional(),
          participatiewet: z.boolean().optional(),
        }),
      )
      .optional()
      .meta({ description: 'Participatieactiviteiten en hun stand.' }),
    uitstroom: z
      .object({
        datum: zIsoDate,
        uitkomst: z.enum(UITSTROOM_KEUZES),
        urenPerWeek: z.number().optional(),
        bron: z.enum(['CONSULENT', 'PARTICIPATIE']),
      })
      .optional()
      .meta({
        description:
          'De uitkomst bij het einde van het traject (werk met uren per week, opleiding, participatie, geen).',
      }),
  })
  .meta({
    id: 'TrajectoryView',
    description: 'De toestand van het traject (versie 1), uit de workflow of uit de projectie.',
  });

export const ZProjectionSummary = z
  .object({
    trajectoryId: z.string(),
    workflowId: z.string(),
    gemeente: z.string(),
    targetGroup: z.string(),
    ondertussengroep: z.boolean(),
    onBijstand: z.boolean(),
    phase: z.string(),
    leerroute: z.string().nullable(),
    consulentId: z.string().nullable(),
    pipDeadline: zIsoDate.nullable(),
    termijnEnd: zIsoDate.nullable(),
    status: z.string().meta({
      description:
        'ACTIEF, GESCHORST, AFGESLOTEN (zoals `view.status`), GEANNULEERD of BEEINDIGD (door een beheerder gestopt).',
    }),
    closeReason: z.string().nullable(),
    stateVersion: z.number(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TrajectoryProjection' });

export const ZTimelineItem = z
  .object({
    date: zIsoDate,
    kind: z.enum(['GEBEURD', 'VERWACHT']),
    category: z.enum(['BESLISSING', 'GEBEURTENIS', 'FASE', 'BERICHT', 'TERMIJN']),
    text: z.string().meta({ example: 'Warme overdracht (videobellen)' }),
    sentence: z.string().meta({ example: '10 nov 2026 — Warme overdracht (videobellen)' }),
  })
  .meta({ id: 'TimelineItem' });

export const ZDossier = z
  .object({
    source: z.enum(['workflow', 'projection']).meta({
      description:
        "'workflow': live antwoord van de workflow-query; 'projection': de PostgreSQL-projectie (de worker antwoordde niet op tijd).",
    }),
    trajectoryId: z.string(),
    view: ZTrajectoryView.nullable().meta({
      description: 'null als er nog geen toestand geprojecteerd is en de workflow niet antwoordt.',
    }),
    timeline: z.array(ZTimelineItem).meta({
      description:
        'De tijdlijn voor mensen: wat er gebeurde (beslissingen, meldingen van partners en DUO, berichten met hun afleverstatus) en wat er verwacht wordt (termijnen), als Nederlandse zinnen op datumvolgorde. `view.timeline` bevat de ruwe codes van de workflow.',
    }),
    partners: z
      .array(z.object({ id: z.string(), name: z.string(), kind: z.string(), receivesData: z.boolean() }))
      .meta({
        description:
          'Toegewezen partners; `receivesData`: of zij gegevens krijgen (DUO altijd, andere alleen binnen de machtiging).',
      }),
    projection: ZProjectionSummary,
    person: z
      .object({ naam: z.string().nullable(), geboortedatum: zIsoDate.nullable(), bsnLaatsteCijfers: z.string() })
      .nullable(),
    openTasks: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        title: z.string(),
        dueDate: zIsoDate.nullable(),
        assigneeId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Dossier' });
export type Dossier = z.infer<typeof ZDossier>;

// --- drift check against the workflow's view (compile time only) -----------------------------

type Assignable<From, To> = [From] extends [To] ? true : false;
function assertTrue<T extends true>(): T | undefined {
  return undefined;
}
assertTrue<Assignable<TrajectoryView, z.input<typeof ZTrajectoryView>>>();
