/**
 * The decision registry: every decision a consulent can record, once. Each entry names its
 * route segment (`POST /trajectories/:id/decisions/<segment>`), its zod schema, the workflow
 * Update it becomes, its audit action and — when completing a task *is* that decision — the
 * task type and the field of the task's result that holds it. The decision routes, task
 * completion (src/api/tasks/complete-task.ts) and the werkplek's forms all go through here.
 *
 * To add a decision: the Update and its rules in src/workflows/trajectory/ (decisions/), then
 * one `decision({...})` entry below.
 *
 * Over 300 lines because it is the one table of all decisions (one entry each, by design: adding
 * a decision is one entry here).
 */
import type { UpdateDefinition } from '@temporalio/common';
import { type z } from 'zod';
import type { TaskType } from '../../domain/tasks';
import {
  assignConsulentUpdate,
  bijstellenPipUpdate,
  closeTrajectoryUpdate,
  planOpstartklasUpdate,
  proposeHandhavingUpdate,
  recordBijstandUpdate,
  recordOntzorgenEvaluatieUpdate,
  recordHandhavingBesluitUpdate,
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordKeyDatesUpdate,
  recordModuleBeoordelingUpdate,
  recordLeerrouteGestartUpdate,
  recordModuleResultaatUpdate,
  recordOntheffingUpdate,
  recordParticipatieStatusUpdate,
  recordUrenUpdate,
  recordVerwijtbaarheidUpdate,
  recordVerzuimUpdate,
  recordVoortgangsgesprekUpdate,
  recordWarmeOverdrachtUpdate,
  vaststellenPipUpdate,
  verlengPipTermijnUpdate,
} from '../../workflows/trajectory/messages';
import type { Principal, Role } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { storePipBeschikking } from '../beschikkingen/store';
import type { PipDecisionResult } from '../../workflows/trajectory/messages';
import { requireConsulentOfGemeente } from '../tasks/assign-task';
import { storeIntakeNotes } from './intake-notes';
import {
  ZAssignConsulentInput,
  ZBijstandInput,
  ZOntzorgenEvaluatieInput,
  ZBredeIntakeBody,
  ZCloseTrajectoryInput,
  ZConsentInput,
  ZHandhavingBesluitInput,
  ZHandhavingInput,
  ZHandhavingResult,
  ZKeyDatesInput,
  ZModuleBeoordelingInput,
  ZLeerrouteGestartInput,
  ZModuleResultaatInput,
  ZOntheffingInput,
  ZOpstartklasInput,
  ZParticipatieStatusInput,
  ZPipBijstellingInput,
  ZPipDecisionResult,
  ZPipInput,
  ZPipTermijnVerlengingInput,
  ZPipTermijnVerlengingResult,
  ZUrenRegistratieInput,
  ZVerwijtbaarheidInput,
  ZVerzuimRegistratieInput,
  ZVoortgangsgesprekInput,
  ZWarmeOverdrachtInput,
} from './schemas';
import { ZTrajectoryView } from '../trajectories/schemas';

/** What a decision may do after the workflow accepted it (side data that stays in PostgreSQL). */
export interface AcceptedDecision {
  deps: ResolvedApiDeps;
  principal: Principal;
  trajectoryId: string;
  /** What the workflow answered (the Update's result). */
  result: unknown;
}

/** What a decision may check in PostgreSQL before the workflow sees it (e.g. who exists). */
export interface DecisionPrecheck {
  deps: ResolvedApiDeps;
  principal: Principal;
  trajectory: { id: string; gemeente: string };
}

/**
 * One registered decision, its types closed over: `run` takes the body as the schema parsed it
 * and calls the Update with the workflow input, so no caller needs a cast.
 */
export interface RegisteredDecision {
  segment: string;
  summary: string;
  auditAction: string;
  body: z.ZodType;
  result: z.ZodType;
  /** The task whose completion is this decision, and the field of the task result holding it. */
  task?: { type: TaskType; field: string };
  /** Who may take it (default: the consulent; the consulent decision also the teamleider). */
  roles: readonly Role[];
  /** Facts for the audit row (never free text or personal data). */
  auditDetails(body: unknown): Record<string, unknown>;
  /** The date of the decision (closes its task on that date). */
  dateOf(body: unknown): string;
  /** What the Task row keeps as its result (free text only as a count). */
  storedResult(body: unknown): unknown;
  run(
    body: unknown,
    execute: <Input, Result>(update: UpdateDefinition<Result, [Input]>, input: Input) => Promise<Result>,
  ): Promise<unknown>;
  afterAccepted(body: unknown, accepted: AcceptedDecision): Promise<void>;
  /** Refuses (throws an AppError) before the workflow is asked; nothing changes. */
  precheck(body: unknown, context: DecisionPrecheck): Promise<void>;
}

function decision<Schema extends z.ZodType, Input, Result>(spec: {
  segment: string;
  summary: string;
  auditAction: string;
  body: Schema;
  result: z.ZodType;
  update: UpdateDefinition<Result, [Input]>;
  toInput: (body: z.output<Schema>) => Input;
  dateOf: (body: z.output<Schema>) => string;
  task?: { type: TaskType; field: string };
  roles?: readonly Role[];
  audit?: (body: z.output<Schema>) => Record<string, unknown>;
  storedResult?: (body: z.output<Schema>) => unknown;
  afterAccepted?: (body: z.output<Schema>, accepted: AcceptedDecision) => Promise<void>;
  precheck?: (body: z.output<Schema>, context: DecisionPrecheck) => Promise<void>;
}): RegisteredDecision {
  const parse = (body: unknown): z.output<Schema> => spec.body.parse(body);
  return {
    segment: spec.segment,
    summary: spec.summary,
    auditAction: spec.auditAction,
    body: spec.body,
    result: spec.result,
    ...(spec.task ? { task: spec.task } : {}),
    roles: spec.roles ?? ['consulent'],
    auditDetails: (body) => spec.audit?.(parse(body)) ?? {},
    dateOf: (body) => spec.dateOf(parse(body)),
    storedResult: (body) => (spec.storedResult ? spec.storedResult(parse(body)) : body),
    run: (body, execute) => execute(spec.update, spec.toInput(parse(body))),
    afterAccepted: async (body, accepted) => {
      await spec.afterAccepted?.(parse(body), accepted);
    },
    precheck: async (body, context) => {
      await spec.precheck?.(parse(body), context);
    },
  };
}

const same = <T>(body: T): T => body;

export const DECISIONS: readonly RegisteredDecision[] = [
  decision({
    segment: 'sleuteldata',
    summary: 'Leg sleuteldata vast (inschrijving, vestiging, start plicht)',
    auditAction: 'SLEUTELDATA',
    body: ZKeyDatesInput,
    result: ZTrajectoryView,
    update: recordKeyDatesUpdate,
    toInput: same,
    dateOf: (body) => body.inschrijving ?? body.vestiging ?? body.plichtStart ?? '',
  }),
  decision({
    segment: 'warme-overdracht',
    summary: 'Leg de warme overdracht vast',
    auditAction: 'WARME_OVERDRACHT',
    body: ZWarmeOverdrachtInput,
    result: ZTrajectoryView,
    update: recordWarmeOverdrachtUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    task: { type: 'WARME_OVERDRACHT', field: 'warmeOverdracht' },
    audit: (body) => ({ form: body.form }),
  }),
  decision({
    segment: 'machtiging',
    summary: 'Leg de machtiging (toestemming gegevensuitwisseling) vast',
    auditAction: 'MACHTIGING',
    body: ZConsentInput,
    result: ZTrajectoryView,
    update: recordConsentUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    task: { type: 'MACHTIGING_VASTLEGGEN', field: 'machtiging' },
    audit: (body) => ({ scope: body.scope }),
  }),
  decision({
    segment: 'brede-intake',
    summary: 'Leg de brede intake vast (notities alleen in PostgreSQL)',
    auditAction: 'BREDE_INTAKE',
    body: ZBredeIntakeBody,
    result: ZTrajectoryView,
    update: recordBredeIntakeUpdate,
    toInput: ({ notes: _notes, ...input }) => input,
    dateOf: (body) => body.date,
    task: { type: 'BREDE_INTAKE', field: 'bredeIntake' },
    audit: (body) => ({ notes: body.notes.length }),
    storedResult: ({ notes, ...input }) => ({ ...input, notes: notes.length }),
    afterAccepted: (body, { deps, principal, trajectoryId }) =>
      storeIntakeNotes(deps.prisma, trajectoryId, body.notes, principal.subject),
  }),
  decision({
    segment: 'pip',
    summary: 'Stel het PIP vast',
    auditAction: 'PIP_VASTGESTELD',
    body: ZPipInput,
    result: ZPipDecisionResult,
    update: vaststellenPipUpdate,
    toInput: same,
    dateOf: (body) => body.dagtekening,
    task: { type: 'PIP_OPSTELLEN', field: 'pip' },
    audit: (body) => ({ leerroute: body.leerroute, level: body.level }),
    // The beschikking (PDF) only after the workflow accepted the PIP; kept in PostgreSQL.
    afterAccepted: async (_body, accepted) => {
      await storePipBeschikking('PIP_VASTGESTELD', accepted.result as PipDecisionResult, accepted);
    },
  }),
  decision({
    segment: 'pip-bijstelling',
    summary: 'Stel het PIP bij',
    auditAction: 'PIP_BIJGESTELD',
    body: ZPipBijstellingInput,
    result: ZPipDecisionResult,
    update: bijstellenPipUpdate,
    toInput: same,
    dateOf: (body) => body.dagtekening,
    audit: (body) => ({ leerroute: body.leerroute, level: body.level }),
    afterAccepted: async (_body, accepted) => {
      await storePipBeschikking('PIP_BIJGESTELD', accepted.result as PipDecisionResult, accepted);
    },
  }),
  decision({
    segment: 'pip-termijn-verlenging',
    summary: 'Verleng de PIP-termijn: de gemeente wachtte op informatie van derden (Besluit art. 5.3)',
    auditAction: 'PIP_TERMIJN_VERLENGD',
    body: ZPipTermijnVerlengingInput,
    result: ZPipTermijnVerlengingResult,
    update: verlengPipTermijnUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({ derde: body.derde, informatieOntvangenOp: body.informatieOntvangenOp }),
  }),
  decision({
    segment: 'opstartklas',
    summary: 'Plan de opstartklas',
    auditAction: 'OPSTARTKLAS',
    body: ZOpstartklasInput,
    result: ZTrajectoryView,
    update: planOpstartklasUpdate,
    toInput: same,
    dateOf: (body) => body.start,
  }),
  decision({
    segment: 'voortgangsgesprek',
    summary: 'Leg een voortgangsgesprek vast',
    auditAction: 'VOORTGANGSGESPREK',
    body: ZVoortgangsgesprekInput,
    result: ZTrajectoryView,
    update: recordVoortgangsgesprekUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    task: { type: 'VOORTGANGSGESPREK', field: 'voortgangsgesprek' },
    audit: (body) => ({ outcome: body.outcome }),
  }),
  decision({
    segment: 'ontheffing',
    summary: 'Leg een ontheffing vast',
    auditAction: 'ONTHEFFING',
    body: ZOntheffingInput,
    result: ZTrajectoryView,
    update: recordOntheffingUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({ ground: body.ground, whole: body.whole }),
  }),
  decision({
    segment: 'handhaving',
    summary: 'Vraag een handhavingsvoorstel (de workflow beboet nooit zelf)',
    auditAction: 'HANDHAVING_VOORSTEL',
    body: ZHandhavingInput,
    result: ZHandhavingResult,
    update: proposeHandhavingUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({ reason: body.reason }),
  }),
  decision({
    segment: 'handhaving-besluit',
    summary: 'Beslis over het handhavingsvoorstel: waarschuwing gegeven, boete opgelegd of afgezien',
    auditAction: 'HANDHAVING_BESLUIT',
    body: ZHandhavingBesluitInput,
    result: ZTrajectoryView,
    update: recordHandhavingBesluitUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    task: { type: 'HANDHAVING_BEOORDELEN', field: 'handhavingBesluit' },
    audit: (body) => ({
      besluit: body.besluit,
      ...(body.besluit === 'BOETE' ? { bedragCent: body.bedragCent } : {}),
      ...(body.besluit === 'AFGEZIEN' ? { reden: body.reden } : {}),
    }),
  }),
  decision({
    segment: 'verwijtbaarheid',
    summary: 'Geef de verwijtbaarheid van MAP/PVT door aan DUO (einde termijn)',
    auditAction: 'VERWIJTBAARHEID',
    body: ZVerwijtbaarheidInput,
    result: ZTrajectoryView,
    update: recordVerwijtbaarheidUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    task: { type: 'VERWIJTBAARHEID_DOORGEVEN', field: 'verwijtbaarheid' },
  }),
  decision({
    segment: 'consulent',
    summary: 'Wijs de consulent van het traject toe of wijzig hem (DUO krijgt de nieuwe contactpersoon)',
    auditAction: 'CONSULENT_TOEGEWEZEN',
    body: ZAssignConsulentInput,
    result: ZTrajectoryView,
    update: assignConsulentUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    task: { type: 'CONSULENT_TOEWIJZEN', field: 'consulent' },
    roles: ['consulent', 'teamleider'],
    audit: (body) => ({ consulentId: body.consulentId }),
    precheck: (body, { deps, trajectory }) => requireConsulentOfGemeente(deps, trajectory.gemeente, body.consulentId),
  }),
  decision({
    segment: 'uren',
    summary: 'Leg gevolgde uren over een periode vast (zonder systeem van de aanbieder)',
    auditAction: 'UREN_VASTGELEGD',
    body: ZUrenRegistratieInput,
    result: ZTrajectoryView,
    update: recordUrenUpdate,
    toInput: same,
    dateOf: (body) => body.tot,
    audit: (body) => ({ kind: body.kind, hours: body.hours, van: body.van, tot: body.tot }),
  }),
  decision({
    segment: 'verzuim',
    summary: 'Leg verzuim vast: gemiste uren in een maand (zonder systeem van de aanbieder)',
    auditAction: 'VERZUIM_VASTGELEGD',
    body: ZVerzuimRegistratieInput,
    result: ZTrajectoryView,
    update: recordVerzuimUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({ kind: body.kind, hours: body.hours }),
  }),
  decision({
    segment: 'leerroute-gestart',
    summary: 'Leg de echte start van de leerroute vast (datum van het inburgeringsaanbod aan DUO)',
    auditAction: 'LEERROUTE_GESTART',
    body: ZLeerrouteGestartInput,
    result: ZTrajectoryView,
    update: recordLeerrouteGestartUpdate,
    toInput: same,
    dateOf: (body) => body.start,
    audit: (body) => ({ start: body.start }),
  }),
  decision({
    segment: 'module-resultaat',
    summary: 'Leg een afgeronde module vast (KNM-lessen, PVT ondertekend, MAP- of Z-eindgesprek)',
    auditAction: 'MODULE_VASTGELEGD',
    body: ZModuleResultaatInput,
    result: ZTrajectoryView,
    update: recordModuleResultaatUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({ module: body.module }),
  }),
  decision({
    segment: 'module-beoordeling',
    summary: 'Beoordeel PVT of MAP als afgerond (oordeel van de gemeente)',
    auditAction: 'MODULE_BEOORDEELD',
    body: ZModuleBeoordelingInput,
    result: ZTrajectoryView,
    update: recordModuleBeoordelingUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({ module: body.module }),
  }),
  decision({
    segment: 'participatie',
    summary: 'Leg de stand van een participatieactiviteit vast (gestart, gestopt, afgerond)',
    auditAction: 'PARTICIPATIE_STATUS',
    body: ZParticipatieStatusInput,
    result: ZTrajectoryView,
    update: recordParticipatieStatusUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({
      soort: body.soort,
      status: body.status,
      ...(body.urenPerWeek !== undefined ? { urenPerWeek: body.urenPerWeek } : {}),
    }),
  }),
  decision({
    segment: 'bijstand',
    summary: 'Leg vast: bijstand gestart, beëindigd of geen bijstand (ontzorgen volgt de bijstand)',
    auditAction: 'BIJSTAND_VASTGELEGD',
    body: ZBijstandInput,
    result: ZTrajectoryView,
    update: recordBijstandUpdate,
    toInput: same,
    dateOf: (body) => body.datum,
    task: { type: 'BIJSTAND_VASTSTELLEN', field: 'bijstand' },
    audit: (body) => ({
      soort: body.soort,
      datum: body.datum,
      ...(body.soort === 'BEEINDIGD' ? { reden: body.reden } : {}),
      ...(body.soort === 'GESTART' && body.vasteLasten ? { vasteLasten: Object.keys(body.vasteLasten) } : {}),
    }),
  }),
  decision({
    segment: 'ontzorgen-evaluatie',
    summary: 'Leg de uitkomst van de evaluatie van het ontzorgen vast (zelfredzaam, budgetbeheer vervolg, schuldhulp)',
    auditAction: 'ONTZORGEN_GEEVALUEERD',
    body: ZOntzorgenEvaluatieInput,
    result: ZTrajectoryView,
    update: recordOntzorgenEvaluatieUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    task: { type: 'ONTZORGEN_EVALUATIE', field: 'evaluatie' },
    audit: (body) => ({ uitkomst: body.uitkomst }),
  }),
  decision({
    segment: 'afsluiting',
    summary: 'Sluit het traject af',
    auditAction: 'TRAJECT_AFGESLOTEN',
    body: ZCloseTrajectoryInput,
    result: ZTrajectoryView,
    update: closeTrajectoryUpdate,
    toInput: same,
    dateOf: (body) => body.date,
    audit: (body) => ({ reason: body.reason }),
  }),
];

export function decisionBySegment(segment: string): RegisteredDecision | undefined {
  return DECISIONS.find((entry) => entry.segment === segment);
}

export function decisionForTask(type: string): RegisteredDecision | undefined {
  return DECISIONS.find((entry) => entry.task?.type === type);
}
