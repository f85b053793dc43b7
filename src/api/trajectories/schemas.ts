/**
 * Request and response schemas of the trajectory resource. Decision inputs mirror the update
 * argument types in `src/workflows/trajectory/messages.ts`; compile-time checks at the bottom
 * fail the typecheck when the two drift apart.
 */
import { z } from 'zod';
import { ENFORCEMENT_REASONS } from '../../domain/enforcement';
import {
  CLOSE_REASONS,
  HOUR_KINDS,
  LEEFGEBIEDEN,
  LEERBAARHEID_RESULTS,
  LEERROUTES,
  LEVELS,
  ONTHEFFING_GROUNDS,
  PARTNER_KINDS,
  PHASES,
  TARGET_GROUPS,
  WARME_OVERDRACHT_FORMS,
  type Leefgebied,
} from '../../domain/types';
import { TASK_AUDIENCES, TASK_TYPES } from '../../domain/tasks';
import type {
  BredeIntakeInput,
  CloseTrajectoryInput,
  ConsentInput,
  HandhavingInput,
  HandhavingResult,
  KeyDatesInput,
  OntheffingInput,
  OpstartklasInput,
  PipBijstellingInput,
  PipDecisionResult,
  PipInput,
  TrajectoryView,
  VoortgangsgesprekInput,
  WarmeOverdrachtInput,
} from '../../workflows/trajectory/messages';
import { zDateIn, zGemeente, zIsoDate, zQuarterHours, zSubject, zText } from '../http/primitives';
import { isValidBsn } from './pseudonym';

const EXAM_PARTS = ['LE', 'LU', 'SC', 'SP', 'KNM'] as const;

export const zLeerroute = z.enum(LEERROUTES);
export const zLevel = z.enum(LEVELS);
export const zPhase = z.enum(PHASES);
export const zTargetGroup = z.enum(TARGET_GROUPS);
export const zPartnerKind = z.enum(PARTNER_KINDS);

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

export const ZPipRecord = z
  .object({
    dagtekening: zIsoDate,
    leerroute: zLeerroute,
    level: zLevel,
    alfabetisering: z.boolean(),
    // DUO's geschatteIntensiteitB1Route: whole hours, 1..9999.
    b1Intensity: z.number().int().min(1).max(9999).optional(),
  })
  .meta({ id: 'PipRecord' });

const ZPipRecordInput = ZPipRecord.extend({ dagtekening: zProcessDate }).strict().meta({ id: 'PipRecordInput' });

/** A recorded machtiging as the view shows it. */
export const ZConsent = z.object({ date: zIsoDate, scope: z.array(zPartnerKind) }).meta({ id: 'Consent' });

export const ZConsentInput = z
  .object({
    date: zProcessDate,
    scope: z
      .array(zPartnerKind)
      .min(1, 'Noem minstens één soort partner')
      .meta({ description: 'Soorten partners waarvoor de machtiging geldt.' }),
  })
  .strict()
  .meta({ id: 'ConsentInput' });

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
    consulentId: zSubject.optional(),
    dates: ZTrajectoryDatesInput.default({}),
    startPhase: zPhase.exclude(['AFGEROND']).optional(),
    existing: z
      .object({
        currentPip: ZPipRecordInput.optional(),
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
      maatschappelijkeBegeleiding: z
        .object({ startedOn: zIsoDate, status: z.enum(['LOPEND', 'AANDACHT_NODIG', 'AFGEROND', 'AANGEMELD']) })
        .optional(),
      ontzorgen: z
        .object({ start: zIsoDate, end: zIsoDate, status: z.enum(['LOPEND', 'BEEINDIGD']), checkInsDone: z.number() })
        .optional(),
      opstartklas: z.object({ start: zIsoDate, end: zIsoDate }).optional(),
      leerrouteStart: zIsoDate.optional(),
    }),
    completion: z
      .object({ complete: z.boolean(), missing: z.array(z.object({ code: z.string(), label: z.string() })) })
      .optional(),
    deadlines: z.array(
      z.object({
        kind: z.enum([
          'PIP',
          'PIP_WAARSCHUWING',
          'TERMIJN_EINDE',
          'TERMIJN_WAARSCHUWING',
          'VERWIJTBAAR_VENSTER',
          'ONTZORGEN_EINDE',
          'VOORTGANGSGESPREK',
          'OPSTARTKLAS_EINDE',
        ]),
        date: zIsoDate,
        source: z.string(),
        daysRemaining: z.number(),
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
    status: z.string(),
    closeReason: z.string().nullable(),
    stateVersion: z.number(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TrajectoryProjection' });

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

// --- decisions ------------------------------------------------------------------------------

export const ZKeyDatesInput = z
  .object({
    inschrijving: zProcessDate.optional(),
    vestiging: zProcessDate.optional(),
    plichtStart: zProcessDate.optional(),
  })
  .strict()
  .meta({ id: 'KeyDatesInput' });

export const ZWarmeOverdrachtInput = z
  .object({ date: zProcessDate, form: z.enum(WARME_OVERDRACHT_FORMS), backgroundHandedOver: z.boolean() })
  .strict()
  .meta({ id: 'WarmeOverdrachtInput' });

const zLeefgebiedenDone = z
  .object(Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, z.boolean()])) as Record<Leefgebied, z.ZodBoolean>)
  .strict();

export const ZIntakeNoteInput = z
  .object({ leefgebied: z.enum(LEEFGEBIEDEN).optional(), text: zText({ max: 10_000, multiline: true }) })
  .strict()
  .meta({ id: 'IntakeNoteInput' });

export const ZBredeIntakeBody = z
  .object({
    date: zProcessDate,
    leefgebieden: zLeefgebiedenDone.meta({ description: 'Alle 13 leefgebieden: besproken (true) of niet (false).' }),
    leerbaarheidstoets: z.enum(LEERBAARHEID_RESULTS).optional(),
    notes: z.array(ZIntakeNoteInput).max(50).default([]).meta({
      description:
        'Vrije tekst (kan gezondheidsgegevens bevatten): alleen in PostgreSQL (IntakeNote), nooit naar de workflow.',
    }),
  })
  .strict()
  .meta({ id: 'BredeIntakeDecision' });

export const ZPipInput = z
  .object({
    dagtekening: zProcessDate,
    leerroute: zLeerroute,
    level: zLevel,
    alfabetisering: z.boolean(),
    // DUO's geschatteIntensiteitB1Route: whole hours, 1..9999.
    b1Intensity: z.number().int().min(1).max(9999).optional(),
  })
  .strict()
  .meta({ id: 'PipInput' });

export const ZPipBijstellingInput = ZPipInput.extend({
  inPersonLessonHours: zQuarterHours(0, 9999).optional(),
})
  .strict()
  .meta({ id: 'PipBijstellingInput' });

export const ZOpstartklasInput = z
  .object({ start: zProcessDate, end: zProcessDate })
  .strict()
  .meta({ id: 'OpstartklasInput' });

export const ZVoortgangsgesprekInput = z
  .object({ date: zProcessDate, outcome: z.enum(['OP_SCHEMA', 'ACHTERSTAND', 'NIET_VERSCHENEN']) })
  .strict()
  .meta({ id: 'VoortgangsgesprekInput' });

export const ZOntheffingInput = z
  .object({
    date: zProcessDate,
    ground: z.enum(ONTHEFFING_GROUNDS),
    whole: z.boolean(),
    parts: z.array(z.enum(EXAM_PARTS)).optional(),
    maxParticipatieHours: zQuarterHours(0, 9999).optional(),
  })
  .strict()
  .meta({ id: 'OntheffingInput' });

export const ZHandhavingInput = z
  .object({ date: zProcessDate, reason: z.enum(ENFORCEMENT_REASONS) })
  .strict()
  .meta({ id: 'HandhavingInput' });

export const ZCloseTrajectoryInput = z
  .object({ date: zProcessDate, reason: z.enum(CLOSE_REASONS) })
  .strict()
  .meta({ id: 'CloseTrajectoryInput' });

export const ZPipDecisionResult = z
  .object({ pip: ZPipRecord, termijnStart: zIsoDate, termijnEnd: zIsoDate, bijstellingen: z.number() })
  .meta({ id: 'PipDecisionResult' });

export const ZHandhavingResult = z
  .object({
    proposal: z.object({
      kind: z.enum(['NONE', 'WAARSCHUWING', 'BOETE_VOORSTEL']),
      maxAmountEur: z.number().optional(),
      flags: z.array(z.string()),
      reason: z.string(),
    }),
    taskKey: z.string().optional(),
  })
  .meta({ id: 'HandhavingResult' });

// --- drift checks against messages.ts (compile time only) -----------------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assignable<From, To> = [From] extends [To] ? true : false;
function assertTrue<T extends true>(): T | undefined {
  return undefined;
}
assertTrue<Same<z.output<typeof ZKeyDatesInput>, KeyDatesInput>>();
assertTrue<Same<z.output<typeof ZWarmeOverdrachtInput>, WarmeOverdrachtInput>>();
assertTrue<Same<z.output<typeof ZConsentInput>, ConsentInput>>();
assertTrue<Assignable<Omit<z.output<typeof ZBredeIntakeBody>, 'notes'>, BredeIntakeInput>>();
assertTrue<Same<z.output<typeof ZPipInput>, PipInput>>();
assertTrue<Same<z.output<typeof ZPipBijstellingInput>, PipBijstellingInput>>();
assertTrue<Same<z.output<typeof ZOpstartklasInput>, OpstartklasInput>>();
assertTrue<Same<z.output<typeof ZVoortgangsgesprekInput>, VoortgangsgesprekInput>>();
assertTrue<Same<z.output<typeof ZOntheffingInput>, OntheffingInput>>();
assertTrue<Same<z.output<typeof ZHandhavingInput>, HandhavingInput>>();
assertTrue<Same<z.output<typeof ZCloseTrajectoryInput>, CloseTrajectoryInput>>();
assertTrue<Assignable<PipDecisionResult, z.input<typeof ZPipDecisionResult>>>();
assertTrue<Assignable<HandhavingResult, z.input<typeof ZHandhavingResult>>>();
assertTrue<Assignable<TrajectoryView, z.input<typeof ZTrajectoryView>>>();
