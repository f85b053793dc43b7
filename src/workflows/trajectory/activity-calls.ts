/**
 * Effect → the activity call that carries it out (activity name + input). Pure: the workflow
 * runs the call, the rule tests record it, so both see the same inputs.
 */
import type { CloseTaskInput, CreateTaskInput, ReassignConsulentTasksInput } from '../../activities/tasks';
import type { MonitorEventInput } from '../../activities/monitor';
import type { OutboxConsentInput } from '../../activities/outbox';
import type { OutboundEnvelope } from './messages';
import type { Effect, TrajectoryState } from './state';

export type ActivityCall =
  | { activity: 'createTask'; input: CreateTaskInput }
  | { activity: 'closeTask'; input: CloseTaskInput }
  | { activity: 'recordMonitorEvent'; input: MonitorEventInput }
  | { activity: 'enqueueOutboundMessage'; input: OutboundEnvelope }
  | { activity: 'recordOutboxConsent'; input: OutboxConsentInput }
  | { activity: 'reassignConsulentTasks'; input: ReassignConsulentTasksInput };

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
          gemeente: state.gemeente,
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
