/**
 * The public contract of the trajectory workflow: its type name, workflow id, input, and every
 * signal, update and query with their payload and result types. The API imports this module
 * only (never the workflow body). Plain TypeScript types, no zod: validation of the shape is
 * the API's job; the workflow's update validators check the *rules*.
 *
 * Privacy: nothing here carries a burgerservicenummer, names or notes — only the pseudonymous trajectory id and
 * facts (dates, codes, counts).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CompletionResult, MissingItem } from '../../domain/completion';
import type { EnforcementReason, SanctionProposal } from '../../domain/enforcement';
import type { Offer } from '../../domain/offer';
import type { PipClockSource } from '../../domain/pip-deadline';
import type { TaskAudience, TaskType } from '../../domain/tasks';
import type {
  CloseReason,
  ExamPart,
  GemeenteId,
  GemeentePolicy,
  HourKind,
  IsoDate,
  Leefgebied,
  LeerbaarheidResult,
  Leerroute,
  Level,
  OntheffingGround,
  PartnerKind,
  Phase,
  TargetGroup,
  WarmeOverdrachtForm,
} from '../../domain/types';

export const TRAJECTORY_WORKFLOW_TYPE = 'trajectoryWorkflow';

/** Business key → workflow id; starting twice with the same id is refused by Temporal (safe). */
export function trajectoryWorkflowId(trajectoryId: string): string {
  return `trajectory-${trajectoryId}`;
}

// --- input ------------------------------------------------------------------------------

export interface TrajectoryDates {
  /** COA links the person to the gemeente. */
  koppeling?: IsoDate;
  /** Registration (inschrijving) in the BRP of the gemeente: PIP clock start when no SS139 came. */
  inschrijving?: IsoDate;
  /** Settled (vestiging) in the gemeente. */
  vestiging?: IsoDate;
  /** Start of the inburgeringsplicht. */
  plichtStart?: IsoDate;
  /** DUO's SS139 date, when already known at start. */
  ss139?: IsoDate;
}

/** A PIP as the workflow keeps it. */
export interface PipRecord {
  dagtekening: IsoDate;
  leerroute: Leerroute;
  level: Level;
  alfabetisering: boolean;
  b1Intensity?: number;
}

/**
 * Facts of a trajectory that was already running before this service (or an
 * ondertussengroep case): used together with `startPhase`.
 */
export interface ExistingTrajectoryFacts {
  /** The PIP in force now. */
  currentPip?: PipRecord;
  /** Dagtekening of the first PIP (termijn start − 1); defaults to currentPip's. */
  firstPipDagtekening?: IsoDate;
  pipBijstellingen?: number;
  /** Termijn end (exclusive) when DUO already moved it. */
  termijnEnd?: IsoDate;
  /** Start of the leerroute (voortgangsgesprek cadence counts from it). */
  leerrouteStart?: IsoDate;
  consent?: ConsentInput;
  /** Set when the brede intake was done before (skips it). */
  bredeIntakeDone?: boolean;
}

export interface TrajectoryInput {
  /** Pseudonymous id (never the burgerservicenummer). */
  trajectoryId: string;
  gemeente: GemeenteId;
  /** The gemeente's policy (configuration, resolved by the starter). */
  policy: GemeentePolicy;
  /** Gemeenten served by this installation: a move inside this list transfers, outside closes. */
  servedGemeenten: GemeenteId[];
  /**
   * The policy of every served gemeente (resolved by the starter): a transfer switches to the
   * new gemeente's. Optional: without it (older starters) a transfer keeps the current policy.
   */
  policies?: Record<GemeenteId, GemeentePolicy>;
  targetGroup: TargetGroup;
  ondertussengroep: boolean;
  onBijstand: boolean;
  consulentId?: string;
  dates: TrajectoryDates;
  /** Start at a later phase (cases already running); default KOPPELING (asiel) / BREDE_INTAKE. */
  startPhase?: Phase;
  existing?: ExistingTrajectoryFacts;
  /** Continue-as-new when the history grows beyond this many events (default 10 000). */
  continueAsNewAfterHistoryLength?: number;
  /** Internal: state carried over continue-as-new. Starters leave it out. */
  carried?: unknown;
}

export interface TrajectoryResult {
  trajectoryId: string;
  closeReason: CloseReason;
  closedOn: IsoDate;
}

// --- partner events (one signal) ----------------------------------------------------------

interface PartnerEventBase {
  /** Unique per event (the API's inbox id); a repeated id is ignored. */
  eventId: string;
  occurredOn: IsoDate;
}

/** DUO gebeurtenissen the workflow acts on (../shared/duo/Gebeurtenissen). */
export const DUO_EVENT_CODES = [
  'SS101',
  'SS102',
  'SS103',
  'SS104',
  'SS106',
  'SS107',
  'SS108',
  'SS109',
  'SS110',
  'SS111',
  'SS120',
  'SS121',
  'SS124',
  'SS125',
  'SS128',
  'SS130',
  'SS131',
  'SS139',
  'SS199',
] as const;
export type DuoEventCode = (typeof DUO_EVENT_CODES)[number];

/** SS101 new plicht; SS128 new plicht, AOW age within 6 months. */
export interface DuoPlichtEvent extends PartnerEventBase {
  type: 'SS101' | 'SS128';
  plichtStart?: IsoDate;
}
/** SS139: the 10-week PIP term started (again, after leaving COA). Clock start = clockStart ?? occurredOn. */
export interface DuoPipClockEvent extends PartnerEventBase {
  type: 'SS139';
  clockStart?: IsoDate;
}
/** SS102: termijn started (DUO's own record; the workflow keeps its computed dates unless `end` is given). */
export interface DuoTermijnStartedEvent extends PartnerEventBase {
  type: 'SS102';
  start?: IsoDate;
  end?: IsoDate;
}
/** SS103 ambtshalve, SS104 op verzoek, SS130 temporary vrijstelling withdrawn (plicht resumes): new end or months. */
export interface DuoTermijnExtendedEvent extends PartnerEventBase {
  type: 'SS103' | 'SS104' | 'SS130';
  newEnd?: IsoDate;
  months?: number;
}
/** SS106 diploma, SS107 whole vrijstelling, SS108 whole ontheffing: plicht met. */
export interface DuoPlichtVoldaanEvent extends PartnerEventBase {
  type: 'SS106' | 'SS107' | 'SS108';
}
/** SS109 temporary vrijstelling (suspends), SS110 plicht withdrawn, SS111 deceased. */
export interface DuoPlichtIngetrokkenEvent extends PartnerEventBase {
  type: 'SS109' | 'SS110' | 'SS111';
}
/** SS120 settled without PIP, SS121 settled with a previous gemeente's PIP. */
export interface DuoVerhuizingEvent extends PartnerEventBase {
  type: 'SS120' | 'SS121';
  /** The gemeente the person is now settled in. */
  gemeente: GemeenteId;
  vestiging?: IsoDate;
  /** SS121: leerroute of the previous gemeente's PIP (a new PIP keeps it). */
  previousLeerroute?: Leerroute;
}
/** SS124 asiel → gezins/overige migrant; SS125 → asielstatushouder. */
export interface DuoDoelgroepEvent extends PartnerEventBase {
  type: 'SS124' | 'SS125';
  /** SS124 only: which non-asiel group (default overige_migrant). */
  newTargetGroup?: Exclude<TargetGroup, 'asielstatushouder'>;
}
export interface DuoLeerbaarheidEvent extends PartnerEventBase {
  type: 'SS131';
  result: LeerbaarheidResult;
}
/** SS199: exam result; passed parts count at `level`. */
export interface DuoExamEvent extends PartnerEventBase {
  type: 'SS199';
  part: ExamPart;
  level: Level;
  passed: boolean;
}

/** COA handover via TVS: only facts, the background itself is stored in PostgreSQL. */
export interface CoaOverdrachtEvent extends PartnerEventBase {
  type: 'COA_OVERDRACHT';
  backgroundAvailable: boolean;
}
/** Provider hours (additive). For LES, inPersonHours counts the klassikale part. */
export interface UrenEvent extends PartnerEventBase {
  type: 'UREN';
  kind: HourKind;
  hours: number;
  inPersonHours?: number;
}
export type CompletedModule =
  'PVT_ONDERTEKEND' | 'MAP_EINDGESPREK' | 'KNM_EXAMEN' | 'Z_EINDGESPREK' | 'ONDERWIJS_PROGRAMMA';
export interface ModuleAfgerondEvent extends PartnerEventBase {
  type: 'MODULE_AFGEROND';
  module: CompletedModule;
}
export interface MbRapportageEvent extends PartnerEventBase {
  type: 'MB_RAPPORTAGE';
  status: 'LOPEND' | 'AANDACHT_NODIG' | 'AFGEROND';
}
export interface OntzorgenStatusEvent extends PartnerEventBase {
  type: 'ONTZORGEN_STATUS';
  status: 'GESTART' | 'LOPEND' | 'GESTOPT' | 'AFGEROND';
}

export type PartnerEvent =
  | DuoPlichtEvent
  | DuoPipClockEvent
  | DuoTermijnStartedEvent
  | DuoTermijnExtendedEvent
  | DuoPlichtVoldaanEvent
  | DuoPlichtIngetrokkenEvent
  | DuoVerhuizingEvent
  | DuoDoelgroepEvent
  | DuoLeerbaarheidEvent
  | DuoExamEvent
  | CoaOverdrachtEvent
  | UrenEvent
  | ModuleAfgerondEvent
  | MbRapportageEvent
  | OntzorgenStatusEvent;

export type PartnerEventType = PartnerEvent['type'];

export const partnerEventSignal = defineSignal<[PartnerEvent]>('partnerEvent');

// --- decisions (updates with validators) --------------------------------------------------

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

export interface ConsentInput {
  date: IsoDate;
  /** Partner kinds the machtiging covers. */
  scope: PartnerKind[];
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

export interface CloseTrajectoryInput {
  date: IsoDate;
  reason: CloseReason;
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

export const recordKeyDatesUpdate = defineUpdate<TrajectoryView, [KeyDatesInput]>('recordKeyDates');
export const recordWarmeOverdrachtUpdate = defineUpdate<TrajectoryView, [WarmeOverdrachtInput]>(
  'recordWarmeOverdracht',
);
export const recordConsentUpdate = defineUpdate<TrajectoryView, [ConsentInput]>('recordConsent');
export const recordBredeIntakeUpdate = defineUpdate<TrajectoryView, [BredeIntakeInput]>('recordBredeIntake');
export const vaststellenPipUpdate = defineUpdate<PipDecisionResult, [PipInput]>('vaststellenPip');
export const bijstellenPipUpdate = defineUpdate<PipDecisionResult, [PipBijstellingInput]>('bijstellenPip');
export const planOpstartklasUpdate = defineUpdate<TrajectoryView, [OpstartklasInput]>('planOpstartklas');
export const recordVoortgangsgesprekUpdate = defineUpdate<TrajectoryView, [VoortgangsgesprekInput]>(
  'recordVoortgangsgesprek',
);
export const recordOntheffingUpdate = defineUpdate<TrajectoryView, [OntheffingInput]>('recordOntheffing');
export const proposeHandhavingUpdate = defineUpdate<HandhavingResult, [HandhavingInput]>('proposeHandhaving');
export const closeTrajectoryUpdate = defineUpdate<TrajectoryView, [CloseTrajectoryInput]>('closeTrajectory');
export const closeTaskUpdate = defineUpdate<TrajectoryView, [CloseTaskInput]>('closeTask');
export const recordVerwijtbaarheidUpdate = defineUpdate<TrajectoryView, [VerwijtbaarheidInput]>(
  'recordVerwijtbaarheid',
);

/**
 * A refused decision: the update's validator throws an ApplicationFailure (non-retryable)
 * whose `type` is the rule code (e.g. PIP_BIJSTELLING_LIMIET, or one of the codes below) and
 * whose `message` is the Dutch reason. The client sees WorkflowUpdateFailedError with that
 * failure as `cause`; the API maps it to 409. A refusal leaves no trace in history.
 */
export const WORKFLOW_REFUSAL_CODES = [
  'TRAJECT_AFGESLOTEN',
  'VERKEERDE_FASE',
  'DATUM_IN_TOEKOMST',
  'ONGELDIGE_INVOER',
  'PIP_NOG_NIET_VASTGESTELD',
  'PIP_AL_VASTGESTELD',
  'BREDE_INTAKE_ONVOLLEDIG',
  'LEERBAARHEIDSTOETS_ONTBREEKT',
  'OPSTARTKLAS_DUUR',
  'HANDHAVING_ONDERTUSSENGROEP',
  'AFRONDING_ONVOLLEDIG',
  'TAAK_ONBEKEND',
  'VERWIJTBAAR_BUITEN_VENSTER',
  'VERWIJTBAAR_NIET_VAN_TOEPASSING',
] as const;
export type WorkflowRefusalCode = (typeof WORKFLOW_REFUSAL_CODES)[number];

// --- query: the versioned view --------------------------------------------------------------

export const TRAJECTORY_VIEW_SCHEMA_VERSION = 1 as const;

export type DeadlineKind =
  | 'PIP'
  | 'PIP_WAARSCHUWING'
  | 'TERMIJN_EINDE'
  | 'TERMIJN_WAARSCHUWING'
  | 'VERWIJTBAAR_VENSTER'
  | 'ONTZORGEN_EINDE'
  | 'VOORTGANGSGESPREK'
  | 'OPSTARTKLAS_EINDE';

export interface DeadlineView {
  kind: DeadlineKind;
  date: IsoDate;
  /** Where the date comes from, e.g. SS139, INSCHRIJVING, EERSTE_PIP, SS103, BELEID. */
  source: string;
  /** Days from `asOf` (negative when past). */
  daysRemaining: number;
}

export interface OpenTaskView {
  key: string;
  type: TaskType;
  audience: TaskAudience;
  dueDate?: IsoDate;
  createdOn: IsoDate;
}

export interface DecisionView {
  kind:
    | 'SLEUTELDATA'
    | 'WARME_OVERDRACHT'
    | 'MACHTIGING'
    | 'BREDE_INTAKE'
    | 'PIP_VASTGESTELD'
    | 'PIP_BIJGESTELD'
    | 'OPSTARTKLAS'
    | 'VOORTGANGSGESPREK'
    | 'ONTHEFFING'
    | 'HANDHAVING_VOORSTEL'
    | 'VERWIJTBAARHEID'
    | 'AFGESLOTEN';
  date: IsoDate;
  /** Facts of the decision (codes, dates, counts — no personal data). */
  details: Record<string, string | number | boolean | string[]>;
}

export interface TimelineEntry {
  on: IsoDate;
  /** Partner event type, decision kind, or timer key. */
  what: string;
  eventId?: string;
}

export interface ModulesView {
  hours: Record<HourKind, number>;
  inPersonLessonHours: number;
  examResults: Partial<Record<ExamPart, Level>>;
  knmPassed: boolean;
  pvtSigned: boolean;
  mapEindgesprek: boolean;
  zRouteEindgesprek: boolean;
  onderwijsProgrammeDone: boolean;
  maatschappelijkeBegeleiding?: { startedOn: IsoDate; status: MbRapportageEvent['status'] | 'AANGEMELD' };
  ontzorgen?: { start: IsoDate; end: IsoDate; status: 'LOPEND' | 'BEEINDIGD'; checkInsDone: number };
  opstartklas?: OpstartklasInput;
  leerrouteStart?: IsoDate;
}

export interface PendingPartnerMessageView {
  key: string;
  recipientKind: PartnerKind;
  type: string;
}

export interface TrajectoryView {
  schemaVersion: typeof TRAJECTORY_VIEW_SCHEMA_VERSION;
  /** Increases with every state change (projection guard). */
  stateVersion: number;
  /** Workflow date the view was computed on. */
  asOf: IsoDate;
  trajectoryId: string;
  gemeente: GemeenteId;
  targetGroup: TargetGroup;
  ondertussengroep: boolean;
  onBijstand: boolean;
  consulentId?: string;
  status: 'ACTIEF' | 'GESCHORST' | 'AFGESLOTEN';
  phase: Phase;
  closeReason?: CloseReason;
  closedOn?: IsoDate;
  offer: Offer;
  dates: TrajectoryDates;
  pipClock?: { date: IsoDate; source: PipClockSource };
  pipDeadline?: IsoDate;
  pip?: PipRecord;
  firstPipDagtekening?: IsoDate;
  pipBijstellingen: number;
  /** Leerroute the next PIP must keep (after a move, SS121). */
  requiredLeerroute?: Leerroute;
  termijn?: { start: IsoDate; end: IsoDate; source: string };
  consent?: ConsentInput;
  bredeIntake?: { date: IsoDate; done: Leefgebied[]; notDone: Leefgebied[] };
  leerbaarheidstoets?: { result: LeerbaarheidResult; source: 'SS131' | 'CONSULENT' };
  ontheffing?: { ground: OntheffingGround; whole: boolean; parts: ExamPart[]; maxParticipatieHours?: number };
  modules: ModulesView;
  completion?: CompletionResult;
  deadlines: DeadlineView[];
  openTasks: OpenTaskView[];
  pendingPartnerMessages: PendingPartnerMessageView[];
  decisions: DecisionView[];
  /** Most recent entries, bounded. */
  timeline: TimelineEntry[];
  handhavingVoorstellen: number;
}

export type { MissingItem };

export const trajectoryViewQuery = defineQuery<TrajectoryView>('trajectoryView');
