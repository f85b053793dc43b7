/**
 * Every decision the trajectory takes from people, one entry per workflow Update. The
 * workflow registers each (validator + handler); tests run them as plain functions. To add a
 * decision: its input/result types and `define*Update` in messages/, a `defineDecision` in the
 * file of its area, and an entry here (the API's decision registry maps it to a route).
 */
import { closeTaskDecision, closeTrajectoryDecision } from './closing';
import type { Decision } from './define';
import { recordBredeIntake, recordConsent, recordKeyDates, recordWarmeOverdracht } from './intake';
import { bijstellenPip, vaststellenPip, verlengPipTermijn } from './pip';
import { recordModuleBeoordeling, recordModuleResultaat, recordUren, recordVerzuim } from './progress';
import { proposeHandhaving, recordHandhavingBesluit } from './handhaving';
import { planOpstartklas, recordOntheffing, recordVoortgangsgesprek } from './route';
import { assignConsulent } from './consulent';
import { recordBijstand, recordOntzorgenEvaluatie } from './bijstand';
import { recordVerwijtbaarheid } from './verwijtbaarheid';
import { recordParticipatieStatus } from './participatie';
import { recordLeerrouteGestartDecision } from './leerroute-gestart';

export type { Decision } from './define';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of decisions of different input types
export const TRAJECTORY_DECISIONS: readonly Decision<any, any>[] = [
  recordKeyDates,
  recordWarmeOverdracht,
  recordConsent,
  recordBredeIntake,
  vaststellenPip,
  bijstellenPip,
  verlengPipTermijn,
  planOpstartklas,
  recordVoortgangsgesprek,
  recordOntheffing,
  proposeHandhaving,
  recordHandhavingBesluit,
  closeTrajectoryDecision,
  closeTaskDecision,
  recordVerwijtbaarheid,
  assignConsulent,
  recordUren,
  recordVerzuim,
  recordLeerrouteGestartDecision,
  recordModuleResultaat,
  recordModuleBeoordeling,
  recordParticipatieStatus,
  recordBijstand,
  recordOntzorgenEvaluatie,
];
