/** The trajectory workflow's input (start and continue-as-new) and result. */
import type { ParticipatieAfspraak, PipAfspraak, PipInstemming } from '../../../domain/pip-plan';
import type {
  CloseReason,
  GemeenteId,
  GemeentePolicy,
  IsoDate,
  Leerroute,
  Level,
  Phase,
  PartnerKind,
  TargetGroup,
} from '../../../domain/types';

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
  /** Agreements on the mandatory parts, each with start and provider (src/domain/pip-plan.ts). */
  afspraken?: PipAfspraak[];
  /** Agreements on participation (work, volunteering, internship, education, day activities). */
  participatie?: ParticipatieAfspraak[];
  /** Whether the inburgeraar agreed to the PIP, and when. */
  instemming?: PipInstemming;
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
  /** onBijstand: the day the bijstand started (default: the start day). Ontzorgen counts from it. */
  bijstandStart?: IsoDate;
  /**
   * Started without the bijstand fact (e.g. by DUO's notification): onBijstand is then false
   * until a consulent establishes it (task BIJSTAND_VASTSTELLEN).
   */
  bijstandOnbekend?: boolean;
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

/** A machtiging: recorded by a decision, or brought along by a trajectory that ran before. */
export interface ConsentInput {
  date: IsoDate;
  /** Partner kinds the machtiging covers. */
  scope: PartnerKind[];
}
