/**
 * The public contract of the trajectory workflow: its type name, workflow id, input, and every
 * signal, update and query with their payload and result types, plus the outbound messages it
 * sends. The API imports this module only (never the workflow body). Plain TypeScript types,
 * no zod: validation of the shape is the API's job; the workflow's update validators check
 * the *rules*.
 *
 * A refused decision: the update's validator throws an ApplicationFailure (non-retryable)
 * whose `type` is the rule code (e.g. PIP_BIJSTELLING_LIMIET) and whose `message` is the Dutch
 * reason. The client sees WorkflowUpdateFailedError with that failure as `cause`; the API maps
 * it to 409. A refusal leaves no trace in history.
 *
 * Privacy: nothing here carries a burgerservicenummer, names or notes — only the pseudonymous
 * trajectory id and facts (dates, codes, counts).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AssignConsulentInput,
  BijstandInput,
  BredeIntakeInput,
  CloseTaskInput,
  CloseTrajectoryInput,
  HandhavingBesluitInput,
  HandhavingInput,
  HandhavingResult,
  KeyDatesInput,
  ModuleBeoordelingInput,
  LeerrouteGestartInput,
  ModuleResultaatInput,
  OntheffingInput,
  OntzorgenEvaluatieInput,
  OpstartklasInput,
  ParticipatieStatusInput,
  PipBijstellingInput,
  PipDecisionResult,
  PipInput,
  PipTermijnVerlengingInput,
  PipTermijnVerlengingResult,
  UrenRegistratieInput,
  VerwijtbaarheidInput,
  VerzuimRegistratieInput,
  VoortgangsgesprekInput,
  WarmeOverdrachtInput,
} from './decisions';
import type { ConsentInput } from './input';
import type { PartnerEvent } from './partner-events';
import type { TrajectoryView } from './view';

export type * from './decisions';
export type * from './input';
export type * from './outbound';
export type * from './partner-events';
export type * from './view';
export { DUO_EVENT_CODES } from './partner-events';
export { TRAJECTORY_VIEW_SCHEMA_VERSION } from './view';

export const TRAJECTORY_WORKFLOW_TYPE = 'trajectoryWorkflow';

/** Business key → workflow id; starting twice with the same id is refused by Temporal (safe). */
export function trajectoryWorkflowId(trajectoryId: string): string {
  return `trajectory-${trajectoryId}`;
}

export const partnerEventSignal = defineSignal<[PartnerEvent]>('partnerEvent');
/** Several events of one trajectory in the order they were stored (the API's signal queue). */
export const partnerEventsSignal = defineSignal<[PartnerEvent[]]>('partnerEvents');

export const recordKeyDatesUpdate = defineUpdate<TrajectoryView, [KeyDatesInput]>('recordKeyDates');
export const recordWarmeOverdrachtUpdate = defineUpdate<TrajectoryView, [WarmeOverdrachtInput]>(
  'recordWarmeOverdracht',
);
export const recordConsentUpdate = defineUpdate<TrajectoryView, [ConsentInput]>('recordConsent');
export const recordBredeIntakeUpdate = defineUpdate<TrajectoryView, [BredeIntakeInput]>('recordBredeIntake');
export const vaststellenPipUpdate = defineUpdate<PipDecisionResult, [PipInput]>('vaststellenPip');
export const bijstellenPipUpdate = defineUpdate<PipDecisionResult, [PipBijstellingInput]>('bijstellenPip');
export const verlengPipTermijnUpdate = defineUpdate<PipTermijnVerlengingResult, [PipTermijnVerlengingInput]>(
  'verlengPipTermijn',
);
export const planOpstartklasUpdate = defineUpdate<TrajectoryView, [OpstartklasInput]>('planOpstartklas');
export const recordVoortgangsgesprekUpdate = defineUpdate<TrajectoryView, [VoortgangsgesprekInput]>(
  'recordVoortgangsgesprek',
);
export const recordOntheffingUpdate = defineUpdate<TrajectoryView, [OntheffingInput]>('recordOntheffing');
export const proposeHandhavingUpdate = defineUpdate<HandhavingResult, [HandhavingInput]>('proposeHandhaving');
export const recordHandhavingBesluitUpdate = defineUpdate<TrajectoryView, [HandhavingBesluitInput]>(
  'recordHandhavingBesluit',
);
export const closeTrajectoryUpdate = defineUpdate<TrajectoryView, [CloseTrajectoryInput]>('closeTrajectory');
export const closeTaskUpdate = defineUpdate<TrajectoryView, [CloseTaskInput]>('closeTask');
export const recordVerwijtbaarheidUpdate = defineUpdate<TrajectoryView, [VerwijtbaarheidInput]>(
  'recordVerwijtbaarheid',
);

export const assignConsulentUpdate = defineUpdate<TrajectoryView, [AssignConsulentInput]>('assignConsulent');
export const recordUrenUpdate = defineUpdate<TrajectoryView, [UrenRegistratieInput]>('recordUren');
export const recordVerzuimUpdate = defineUpdate<TrajectoryView, [VerzuimRegistratieInput]>('recordVerzuim');
export const recordLeerrouteGestartUpdate = defineUpdate<TrajectoryView, [LeerrouteGestartInput]>(
  'recordLeerrouteGestart',
);
export const recordModuleResultaatUpdate = defineUpdate<TrajectoryView, [ModuleResultaatInput]>(
  'recordModuleResultaat',
);
export const recordModuleBeoordelingUpdate = defineUpdate<TrajectoryView, [ModuleBeoordelingInput]>(
  'recordModuleBeoordeling',
);
export const recordBijstandUpdate = defineUpdate<TrajectoryView, [BijstandInput]>('recordBijstand');
export const recordOntzorgenEvaluatieUpdate = defineUpdate<TrajectoryView, [OntzorgenEvaluatieInput]>(
  'recordOntzorgenEvaluatie',
);

export const recordParticipatieStatusUpdate = defineUpdate<TrajectoryView, [ParticipatieStatusInput]>(
  'recordParticipatieStatus',
);

export const trajectoryViewQuery = defineQuery<TrajectoryView>('trajectoryView');
