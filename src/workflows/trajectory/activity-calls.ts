/**
 * Effect → the write that carries it out (name + input), applied with the other writes of
 * the turn and the projection in one transaction (src/activities/turn.ts). Pure: the workflow
 * hands the writes to the turn activity, the rule tests record them, so both see the same inputs.
 */
import type { TurnWrite } from '../../activities/turn';
import type { Effect, TrajectoryState } from './state';

/** One write of the turn activity (src/activities/turn.ts): its name and input. */
export type ActivityCall = TurnWrite;

export function activityCallOf(state: TrajectoryState, effect: Effect): ActivityCall {
  switch (effect.kind) {
    case 'createTask':
      return {
        activity: 'createTask',
        input: {
          key: effect.key,
          trajectoryId: state.trajectoryId,
          gemeente: state.gemeente,
          type: effect.type,
          audience: effect.audience,
          title: effect.title,
          ...(effect.dueDate !== undefined ? { dueDate: effect.dueDate } : {}),
          ...(effect.audience === 'CONSULENT' && state.consulentId !== undefined
            ? { assigneeId: state.consulentId }
            : {}),
          ...(effect.reassign ? { reassign: true } : {}),
        },
      };
    case 'closeTask':
      return { activity: 'closeTask', input: { key: effect.key, ...(effect.result ? { result: effect.result } : {}) } };
    case 'monitor':
      return {
        activity: 'recordMonitorEvent',
        input: {
          key: effect.key,
          trajectoryId: state.trajectoryId,
          // The gemeente when the rule asked for it (monitor() records it): a move's outflow
          // belongs to the gemeente the person left, even though the turn ends in the new one.
          gemeente: typeof effect.data.gemeente === 'string' ? effect.data.gemeente : state.gemeente,
          type: effect.type,
          data: effect.data,
        },
      };
    case 'outbound':
      return {
        activity: 'enqueueOutboundMessage',
        input: {
          key: effect.key,
          trajectoryId: state.trajectoryId,
          message: effect.message,
          ...(effect.consent ? { consent: effect.consent } : {}),
        },
      };
    case 'consentChanged':
      return { activity: 'recordOutboxConsent', input: { trajectoryId: state.trajectoryId, consent: effect.consent } };
    case 'consulentChanged':
      return {
        activity: 'reassignConsulentTasks',
        input: {
          trajectoryId: state.trajectoryId,
          to: effect.to,
          ...(effect.from !== undefined ? { from: effect.from } : {}),
        },
      };
  }
}
