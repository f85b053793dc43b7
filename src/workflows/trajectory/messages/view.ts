/** The query shape: the trajectory as people and machines read it (versioned, no personal data). */
import type { BijstandFact } from '../../../domain/bijstand';
import type { OntzorgenEvaluatie } from '../../../domain/ontzorgen';
import type { CompletionResult } from '../../../domain/completion';
import type { DeadlineKind } from '../../../domain/deadlines';
import type { Offer } from '../../../domain/offer';
import type { ParticipatieActiviteit, Uitstroom } from '../../../domain/participatie';
import type { PipClockSource } from '../../../domain/pip-deadline';
import type { TaskAudience, TaskType } from '../../../domain/tasks';
import type {
  CloseReason,
  ExamPart,
  GemeenteId,
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
} from '../../../domain/types';
import type { OpstartklasInput } from './decisions';
import type { ConsentInput, PipRecord, TrajectoryDates } from './input';
import type { MbRapportageEvent } from './partner-events';

export type { DeadlineKind };

/** See `TrajectoryView.firstPip`. No deadline/clock when the first PIP was set without a running clock. */
export interface FirstPipFacts {
  dagtekening: IsoDate;
  deadline?: IsoDate;
  clockSource?: PipClockSource;
  clockStart?: IsoDate;
}

export const TRAJECTORY_VIEW_SCHEMA_VERSION = 1 as const;

export interface DeadlineView {
  kind: DeadlineKind;
  date: IsoDate;
  /** Where the date comes from, e.g. SS139, INSCHRIJVING, EERSTE_PIP, SS103, BELEID. */
  source: string;
  /** Days from `asOf` (negative when past). */
  daysRemaining: number;
  /** A deadline of the plicht while it is suspended (GESCHORST, DUO SS109): not running. */
  paused?: true;
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
    | 'PIP_TERMIJN_VERLENGD'
    | 'OPSTARTKLAS'
    | 'VOORTGANGSGESPREK'
    | 'ONTHEFFING'
    | 'HANDHAVING_VOORSTEL'
    | 'HANDHAVING_BESLUIT'
    | 'VERWIJTBAARHEID'
    | 'CONSULENT_TOEGEWEZEN'
    | 'UREN_VASTGELEGD'
    | 'VERZUIM_VASTGELEGD'
    | 'MODULE_VASTGELEGD'
    | 'LEERROUTE_GESTART'
    | 'MODULE_BEOORDEELD'
    | 'PARTICIPATIE_VASTGELEGD'
    | 'BIJSTAND_VASTGELEGD'
    | 'ONTZORGEN_GEEVALUEERD'
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

export interface OntzorgenView {
  start: IsoDate;
  /** The day it stops: start + 6 months, or earlier when the bijstand ended. */
  end: IsoDate;
  status: 'LOPEND' | 'BEEINDIGD';
  checkInsDone: number;
  /** Why it ended (ZES_MAANDEN_VERSTREKEN, BIJSTAND_BEEINDIGD_WERK, …). */
  eindeReden?: string;
  /** The evaluation's outcome (zelfredzaam, budgetbeheer vervolg, schuldhulp). */
  evaluatie?: OntzorgenEvaluatie;
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
  /** PVT / MAP judged completed by the gemeente (4.5.2–4.5.3). */
  pvtBeoordeeld: boolean;
  mapBeoordeeld: boolean;
  maatschappelijkeBegeleiding?: { startedOn: IsoDate; status: MbRapportageEvent['status'] | 'AANGEMELD' };
  ontzorgen?: OntzorgenView;
  opstartklas?: OpstartklasInput;
  leerrouteStart?: IsoDate;
  /** The real start reported by the provider or recorded by the consulent: DUO's aanbod date. */
  leerrouteGestart?: IsoDate;
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
  /** The bijstand fact (ONBEKEND until someone establishes it; src/domain/bijstand.ts). */
  bijstand?: BijstandFact;
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
  /**
   * Facts of the first PIP of this trajectory, kept as they were on its dagtekening: the
   * deadline that applied, the clock it ran from and the dagtekening. A later SS139, bijstelling,
   * re-issue after a move or continue-as-new never changes them (the monitor's "PIP binnen 10
   * weken" and time to PIP read them). Absent until the first PIP, and for a trajectory taken
   * over with a PIP already in force.
   */
  firstPip?: FirstPipFacts;
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
  /** Participation activities (agreed in the PIP or started later) and their status. */
  participatie?: ParticipatieActiviteit[];
  /** The outcome at the end of the trajectory (set when it closed). */
  uitstroom?: Uitstroom;
}
