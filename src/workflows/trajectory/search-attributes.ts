/**
 * The search attributes a trajectory shows in Temporal (the beheerder's filters in the Web UI
 * and `/beheer`): facts only — gemeente, phase, leerroute, target group, the running PIP deadline
 * (none while suspended) — never
 * personal data. The fingerprint tells the workflow when they changed.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { GemeenteKey, LeerrouteKey, PhaseKey, PipDeadlineKey, TargetGroupKey } from '../../temporal/search-attributes';
import { pipDeadlineOf } from './phases';
import type { TrajectoryState } from './state';

export function searchAttributesOf(state: TrajectoryState): {
  fingerprint: string;
  updates: SearchAttributeUpdatePair[];
} {
  // No running PIP deadline once there is a PIP, after closing, or while the plicht is suspended.
  const pipDeadline = state.pip || state.status !== 'ACTIEF' ? undefined : pipDeadlineOf(state);
  const leerroute = state.pip?.leerroute;
  return {
    fingerprint: [state.gemeente, state.phase, leerroute ?? '', state.targetGroup, pipDeadline ?? ''].join('|'),
    updates: [
      { key: GemeenteKey, value: state.gemeente },
      { key: PhaseKey, value: state.phase },
      { key: TargetGroupKey, value: state.targetGroup },
      { key: LeerrouteKey, value: leerroute ?? null },
      // A calendar date, stored as its UTC midnight (the attribute type is a datetime).
      { key: PipDeadlineKey, value: pipDeadline ? new Date(`${pipDeadline}T00:00:00.000Z`) : null },
    ],
  };
}
