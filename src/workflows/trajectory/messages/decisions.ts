/** Inputs and results of the decisions people take (workflow Updates with validators). */
import type { ParticipatieMeldingStatus, UitstroomUitkomst } from '../../../domain/participatie';
import type {
  ParticipatieSoort,
  ParticipatieAfspraak,
  PipAfspraak,
  PipInstemming,
  PipWarning,
} from '../../../domain/pip-plan';
import type { PipDerde } from '../../../domain/pip-deadline';
import type { JudgedModule } from '../../../domain/completion';
import type { AfzienReden, EnforcementReason, SanctionProposal } from '../../../domain/enforcement';
import type { BijstandEindeReden, BijstandSoort } from '../../../domain/bijstand';
import type { OntzorgenEvaluatieUitkomst, VasteLastenCent } from '../../../domain/ontzorgen';
import type { CompletedModule } from '../../../domain/partner-reports';
import type {
  CloseReason,
  ExamPart,
  HourKind,
  IsoDate,
  Leefgebied,
  LeerbaarheidResult,
  Leerroute,
  Level,
  OntheffingGround,
  WarmeOverdrachtForm,
} from '../../../domain/types';
import type { PipRecord } from './input';

export interface KeyDatesInput {
  inschrijving?: IsoDate;
  vestiging?: IsoDate;
  plichtStart?: IsoDate;
}

export interface WarmeOverdrachtInput {
  date: IsoDate;
  form: WarmeOverdrachtForm;
  /** Background (activities in AZC, motivation…) received; the content itself is stored in PostgreSQL. */
  backgroundHandedOver: boolean;
}

export interface BredeIntakeInput {
  date: IsoDate;
  /** All 13 leefgebieden, each done (true) or not done (false). */
  leefgebieden: Record<Leefgebied, boolean>;
  /** Entered result; required when no SS131 came. */
  leerbaarheidstoets?: LeerbaarheidResult;
}

export interface PipInput {
  dagtekening: IsoDate;
  leerroute: Leerroute;
  level: Level;
  alfabetisering: boolean;
  b1Intensity?: number;
  afspraken?: PipAfspraak[];
  participatie?: ParticipatieAfspraak[];
  instemming?: PipInstemming;
}

export interface PipBijstellingInput extends PipInput {
  /** Lesson hours followed in person (for afschalen); defaults to all LES hours. */
  inPersonLessonHours?: number;
}

export interface PipDecisionResult {
  pip: PipRecord;
  termijnStart: IsoDate;
  termijnEnd: IsoDate;
  bijstellingen: number;
  /** Remarks the consulent should see (e.g. the route contradicts the leerbaarheidstoets); never a refusal. */
  waarschuwingen: PipWarning[];
}

/**
 * Besluit art. 5.3: the gemeente waited for information from a third party; the PIP deadline
 * runs until two weeks after it came in (`informatieOntvangenOp`).
 */
export interface PipTermijnVerlengingInput {
  /** The day of the decision. */
  date: IsoDate;
  derde: PipDerde;
  informatieOntvangenOp: IsoDate;
}

export interface PipTermijnVerlengingResult {
  vorigeDeadline: IsoDate;
  nieuweDeadline: IsoDate;
}

export interface OpstartklasInput {
  start: IsoDate;
  end: IsoDate;
}

export type VoortgangOutcome = 'OP_SCHEMA' | 'ACHTERSTAND' | 'NIET_VERSCHENEN';
export interface VoortgangsgesprekInput {
  date: IsoDate;
  outcome: VoortgangOutcome;
}

export interface OntheffingInput {
  date: IsoDate;
  ground: OntheffingGround;
  whole: boolean;
  /** Partial ontheffing: the exam parts covered. */
  parts?: ExamPart[];
  /** Cap on participation hours (Z-route). */
  maxParticipatieHours?: number;
}

export interface HandhavingInput {
  date: IsoDate;
  reason: EnforcementReason;
}
export interface HandhavingResult {
  proposal: SanctionProposal;
  taskKey?: string;
}

/**
 * The decision on a handhaving proposal (completion of HANDHAVING_BEOORDELEN): a warning given, a
 * boete imposed (whole cents, at most 80 000; only after a given warning; for an
 * asielstatushouder only with `individueleAfweging`), or afgezien with a reason code.
 */
export type HandhavingBesluitInput =
  | { besluit: 'WAARSCHUWING'; date: IsoDate }
  | { besluit: 'BOETE'; date: IsoDate; bedragCent: number; individueleAfweging?: boolean }
  | { besluit: 'AFGEZIEN'; date: IsoDate; reden: AfzienReden };

export interface CloseTrajectoryInput {
  date: IsoDate;
  reason: CloseReason;
  /** The outcome at the end; left out: derived from the participation activities running that day. */
  uitstroom?: UitstroomInput;
}

/**
 * The consulent records a participation activity's status change (src/domain/participatie.ts):
 * the same effect as a partner's PARTICIPATIE_STATUS, with the hours required at the start of
 * paid work and, for an asielstatushouder only, a decision under the Participatiewet (8.1.4).
 */
export interface ParticipatieStatusInput {
  date: IsoDate;
  soort: ParticipatieSoort;
  status: ParticipatieMeldingStatus;
  urenPerWeek?: number;
  participatiewet?: boolean;
}

/** The outcome at the end (work with hours per week, education, other participation, none). */
export interface UitstroomInput {
  uitkomst: UitstroomUitkomst;
  urenPerWeek?: number;
}

/**
 * The trajectory's consulent is set or changed (framework 4.2, 5.8): the open tasks of the
 * previous consulent (or of nobody) follow, and DUO gets the new Contactpersoon.
 */
export interface AssignConsulentInput {
  date: IsoDate;
  /** The consulent's stable user id (API key subject or OIDC subject; no name). */
  consulentId: string;
}

/** A person finished a task in the werkvoorraad (the API reports it). */
export interface CloseTaskInput {
  taskKey: string;
  date: IsoDate;
}

/**
 * Completion of the VERWIJTBAARHEID_DOORGEVEN task: per module whether not finishing it in
 * the termijn is the inburgeraar's fault (true = 'Verwijtbaar: Ja'). Leave a module out when
 * it needs no report (done in time, or not part of the route); with neither, the task just
 * closes. DUO accepts 'Nee' only in the last two months of the termijn and 'Ja' only once the
 * termijn is overschreden; the validator refuses anything else.
 */
export interface VerwijtbaarheidInput {
  date: IsoDate;
  mapVerwijtbaar?: boolean;
  pvtVerwijtbaar?: boolean;
}

/**
 * Progress the gemeente records itself (no provider system): hours over a period, the same
 * effect as a provider's UREN event. One registration per hour kind and period (van–tot): the
 * same again is refused (DUBBELE_MELDING), as a partner's repeated event id is ignored.
 */
export interface UrenRegistratieInput {
  kind: HourKind;
  hours: number;
  /** LES: the klassikale part. */
  inPersonHours?: number;
  van: IsoDate;
  tot: IsoDate;
}

/** The real start of the leerroute, recorded by the consulent (same effect as LEERROUTE_GESTART). */
export interface LeerrouteGestartInput {
  start: IsoDate;
}

/** A module result recorded by the consulent (same effect as MODULE_AFGEROND); exams come from DUO only. */
export interface ModuleResultaatInput {
  date: IsoDate;
  module: CompletedModule;
}

/** The gemeente's own judgement that PVT or MAP is completed (4.5.2–4.5.3). */
export interface ModuleBeoordelingInput {
  date: IsoDate;
  module: JudgedModule;
}

/**
 * Bijstand gestart / beëindigd / geen (framework 4.4): the fact that decides ontzorgen. GESTART
 * may name the fixed costs the ontzorgen provider takes over (cents per month); BEEINDIGD needs
 * a reason (WERK ends ontzorgen early, as every end does).
 */
export interface BijstandInput {
  soort: BijstandSoort;
  /** GESTART: first day of the bijstand; BEEINDIGD: the day it stops; GEEN: the day established. */
  datum: IsoDate;
  reden?: BijstandEindeReden;
  vasteLasten?: Partial<VasteLastenCent>;
}

/**
 * Verzuim recorded by the gemeente (no provider system): hours of soort `kind` missed in the
 * calendar month of `date`, the same effect as a provider's VERZUIM event. One registration per
 * soort and day: the same again is refused (DUBBELE_MELDING).
 */
export interface VerzuimRegistratieInput {
  date: IsoDate;
  kind: HourKind;
  hours: number;
}

/** The evaluation of ontzorgen (after its end; the task ONTZORGEN_EVALUATIE at six months). */
export interface OntzorgenEvaluatieInput {
  date: IsoDate;
  uitkomst: OntzorgenEvaluatieUitkomst;
}
