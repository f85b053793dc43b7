/**
 * The trajectory's state: its type and its creation. Plain data (carried over continue-as-new);
 * the rules that change it live beside it (effects, phases, decisions, events, timers).
 */
import { initialBijstand, type BijstandFact } from '../../domain/bijstand';
import type { CompletionProgress } from '../../domain/completion';
import { emptyCompletionProgress } from '../../domain/completion';
import { pipClockStart, type PipClockStart } from '../../domain/pip-deadline';
import { defaultStartPhase } from '../../domain/start-phase';
import { computeTermijn } from '../../domain/termijn';
import type { DuoUrenSoort } from '../../domain/duo-uren';
import type { ParticipatieActiviteit, Uitstroom } from '../../domain/participatie';
import type { VasteLastenCent } from '../../domain/ontzorgen';
import type {
  CloseReason,
  GemeenteId,
  GemeentePolicy,
  HourKind,
  IsoDate,
  Leerroute,
  Phase,
  TargetGroup,
} from '../../domain/types';
import type {
  ConsentDecision,
  ConsentInput,
  DecisionView,
  FirstPipFacts,
  ModulesView,
  OpenTaskView,
  OpstartklasInput,
  OutboundMessage,
  PartnerMessage,
  PipRecord,
  RoutePartnerKind,
  TimelineEntry,
  TrajectoryDates,
  TrajectoryInput,
  TrajectoryView,
} from './messages';
import { trajectoryWorkflowId } from './messages';

/** What the workflow asks its activities to do; the main loop runs them in order. */
export type Effect =
  | {
      kind: 'createTask';
      key: string;
      type: OpenTaskView['type'];
      audience: OpenTaskView['audience'];
      title: string;
      dueDate?: IsoDate;
      /** Replace the assignee of an open task (with the trajectory's consulent, or none). */
      reassign?: boolean;
    }
  | { kind: 'closeTask'; key: string; result?: Record<string, string | number | boolean> }
  | { kind: 'monitor'; key: string; type: string; data: Record<string, string | number | boolean | null> }
  | { kind: 'outbound'; key: string; message: OutboundMessage; consent?: ConsentDecision }
  /** A new machtiging: partner messages still on their way follow it (the delivery's consent gate). */
  | { kind: 'consentChanged'; consent: ConsentDecision }
  /** A new consulent: the trajectory's open consulent tasks of the previous one (or of nobody) follow. */
  | { kind: 'consulentChanged'; from?: string; to: string };

/** A partner message waiting for a machtiging that covers its recipient. */
export interface HeldMessage {
  key: string;
  message: PartnerMessage;
}

/** Gevolgde uren reported to DUO (duo-reports.ts). */
export interface DuoUrenState {
  /** Totals last reported to DUO, per soort. */
  reported: Partial<Record<DuoUrenSoort, number>>;
  /** The next report (first day of the month after new hours came in). */
  due?: IsoDate;
}

export interface TrajectoryState {
  version: 1;
  stateVersion: number;
  workflowId: string;
  trajectoryId: string;
  gemeente: GemeenteId;
  policy: GemeentePolicy;
  /** Policies of the served gemeenten (TrajectoryInput.policies), for a transfer. */
  policies?: Record<GemeenteId, GemeentePolicy>;
  servedGemeenten: GemeenteId[];
  targetGroup: TargetGroup;
  ondertussengroep: boolean;
  /** Mirrors `bijstand.status === 'LOPEND'` (the offer reads it). */
  onBijstand: boolean;
  /** The bijstand fact (src/domain/bijstand.ts); changed by a decision or the income department. */
  bijstand?: BijstandFact;
  /** Fixed costs per month (cents) named with the start of the bijstand; the rest from the policy. */
  vasteLastenCent?: Partial<VasteLastenCent>;
  consulentId?: string;
  /** How often the consulent was set or changed by a decision (numbers the Contactpersoon reports). */
  consulentChanges?: number;
  dates: TrajectoryDates;
  status: TrajectoryView['status'];
  phase: Phase;
  closeReason?: CloseReason;
  closedOn?: IsoDate;
  pipClock?: PipClockStart;
  pip?: PipRecord;
  firstPipDagtekening?: IsoDate;
  /** The first PIP's deadline, clock and dagtekening, recorded once (TrajectoryView.firstPip). */
  firstPip?: FirstPipFacts;
  pipBijstellingen: number;
  /** A move to another served gemeente: the new gemeente issues a new PIP (same leerroute). */
  pipReissueRequired: boolean;
  requiredLeerroute?: Leerroute;
  /** True when DUO knows an earlier PIP of this person (any gemeente). */
  hadEarlierPip: boolean;
  termijn?: TrajectoryView['termijn'];
  consent?: ConsentInput;
  warmeOverdracht?: { date: IsoDate; form: string; backgroundHandedOver: boolean };
  coaOverdrachtOn?: IsoDate;
  bredeIntake?: TrajectoryView['bredeIntake'];
  leerbaarheidstoets?: TrajectoryView['leerbaarheidstoets'];
  ontheffing?: TrajectoryView['ontheffing'];
  progress: CompletionProgress & { hours: Record<HourKind, number>; inPersonLessonHours: number };
  mb?: ModulesView['maatschappelijkeBegeleiding'];
  ontzorgen?: ModulesView['ontzorgen'];
  opstartklas?: OpstartklasInput;
  leerrouteStart?: IsoDate;
  /** The real start reported by the provider or recorded by the consulent (LEERROUTE_GESTART): DUO's aanbod date. */
  leerrouteGestartOn?: IsoDate;
  /** Participation activities and their status (src/domain/participatie.ts). */
  participatie?: ParticipatieActiviteit[];
  /** The outcome at the end (set when the trajectory closes). */
  uitstroom?: Uitstroom;
  voortgang: { nextDue?: IsoDate; lastTalk?: IsoDate; held: number };
  /** Missed hours per calendar month (`2026-03` → hours), reported or recorded (follow-ups, src/domain/follow-ups.ts). */
  verzuim?: Record<string, number>;
  duoUren?: DuoUrenState;
  afrondingTaskKey?: string;
  openTasks: Record<string, OpenTaskView>;
  /** Titles of the open tasks (with their parameters), to re-issue them after a transfer. */
  taskTitles: Record<string, string>;
  heldMessages: HeldMessage[];
  /** Partner kinds a message went out to: they hear about the route from then on (effects.ts). */
  informedPartners?: RoutePartnerKind[];
  firedTimers: string[];
  decisions: DecisionView[];
  timeline: TimelineEntry[];
  /**
   * Handhaving: proposals asked, warnings given (decided by a person — a proposed warning does
   * not count), boetes imposed (count and whole cents).
   */
  handhaving: { proposals: number; warnings: number; boetes?: number; boeteCent?: number };
  seenEventIds: string[];
  effects: Effect[];
  /** Bookkeeping of the main loop, carried over continue-as-new. */
  projectedVersion: number;
  searchAttributesFingerprint: string;
}

/**
 * The state of a new trajectory, before anything happened (no effects yet): `beginTrajectory`
 * (phases.ts) then records the start and enters the first phase.
 */
export function createInitialState(input: TrajectoryInput): TrajectoryState {
  const existing = input.existing ?? {};
  const state: TrajectoryState = {
    version: 1,
    stateVersion: 1,
    workflowId: trajectoryWorkflowId(input.trajectoryId),
    trajectoryId: input.trajectoryId,
    gemeente: input.gemeente,
    policy: input.policy,
    ...(input.policies !== undefined ? { policies: input.policies } : {}),
    servedGemeenten: input.servedGemeenten,
    targetGroup: input.targetGroup,
    ondertussengroep: input.ondertussengroep,
    onBijstand: input.onBijstand,
    bijstand: initialBijstand({
      onBijstand: input.onBijstand,
      ...(input.bijstandOnbekend !== undefined ? { onbekend: input.bijstandOnbekend } : {}),
      // No start date given: beginTrajectory takes the start day.
      ...(input.bijstandStart !== undefined ? { start: input.bijstandStart } : {}),
    }),
    ...(input.consulentId !== undefined ? { consulentId: input.consulentId } : {}),
    dates: { ...input.dates },
    status: 'ACTIEF',
    phase: input.startPhase ?? defaultStartPhase(input),
    pipBijstellingen: existing.pipBijstellingen ?? 0,
    pipReissueRequired: false,
    hadEarlierPip: existing.currentPip !== undefined,
    progress: {
      ...emptyCompletionProgress(),
      hours: { TAAL_KNM: 0, PARTICIPATIE: 0, MAP: 0, PVT: 0, LES: 0 },
      inPersonLessonHours: 0,
    },
    voortgang: { held: 0 },
    openTasks: {},
    taskTitles: {},
    heldMessages: [],
    firedTimers: [],
    decisions: [],
    timeline: [],
    handhaving: { proposals: 0, warnings: 0 },
    seenEventIds: [],
    effects: [],
    projectedVersion: 0,
    searchAttributesFingerprint: '',
  };
  const clock = pipClockStart({ ss139Date: input.dates.ss139, inschrijvingDate: input.dates.inschrijving });
  if (clock) state.pipClock = clock;
  if (existing.consent) state.consent = existing.consent;
  if (existing.currentPip) {
    state.pip = existing.currentPip;
    state.firstPipDagtekening = existing.firstPipDagtekening ?? existing.currentPip.dagtekening;
    const computed = computeTermijn(state.firstPipDagtekening);
    state.termijn = existing.termijnEnd
      ? { start: computed.start, end: existing.termijnEnd, source: 'BESTAAND' }
      : { ...computed, source: 'EERSTE_PIP' };
  }
  return state;
}
