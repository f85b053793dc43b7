import { z } from 'zod';
import { ZPageInfo, zGemeente, zPage, zPageSize, zQueryBoolean, zQueryInt, zStatusToken } from '../http/primitives';
import { ZProjectionSummary, ZTrajectoryView, zLeerroute, zPhase, zTargetGroup } from '../trajectories/schemas';

export const ZTrajectoryListQuery = z
  .object({
    gemeente: zGemeente.optional(),
    phase: zPhase.optional(),
    leerroute: zLeerroute.optional(),
    targetGroup: zTargetGroup.optional(),
    status: zStatusToken.optional().meta({ description: 'ACTIEF, GESCHORST, AFGESLOTEN, GEANNULEERD of BEEINDIGD.' }),
    deadlineWithinDays: z
      .string()
      .regex(/^(0|[1-9][0-9]{0,2}|[1-2][0-9]{3}|3[0-5][0-9]{2}|36[0-4][0-9]|3650)$/, 'Een geheel getal van 0 t/m 3650')
      .transform(Number)
      .optional()
      .meta({ description: 'PIP-deadline of termijneinde binnen N dagen.' }),
    overdue: zQueryBoolean.optional().meta({ description: 'PIP-deadline verstreken zonder PIP.' }),
    stuck: zQueryBoolean.optional().meta({
      description:
        'Alleen trajecten met een falende activiteit of workflow-taak (vraagt Temporal; max. 200 kandidaten).',
    }),
    page: zPage,
    pageSize: zPageSize,
  })
  .strict();

const zCounts = z.record(z.string(), z.number());
export const ZTrajectoryList = z
  .object({
    items: z.array(ZProjectionSummary.extend({ stuck: z.array(z.string()).optional() })),
    ...ZPageInfo.shape,
    counts: z.object({ gemeente: zCounts, phase: zCounts, leerroute: zCounts, targetGroup: zCounts }).meta({
      description: 'Aantallen per filterwaarde (met de andere filters toegepast).',
    }),
  })
  .meta({ id: 'TrajectoryList' });

export const ZInspectQuery = z
  .object({ historyPage: zPage, historyPageSize: zQueryInt(/^([1-9][0-9]{0,2}|1000)$/, 1000, 100) })
  .strict();

export const ZWorkflowInspection = z
  .object({
    trajectoryId: z.string(),
    workflow: z.object({
      workflowId: z.string(),
      runId: z.string(),
      type: z.string(),
      status: z.string(),
      taskQueue: z.string(),
      startTime: z.string(),
      closeTime: z.string().nullable(),
      historyLength: z.number(),
    }),
    stuck: z.array(z.string()),
    pendingActivities: z.array(
      z.object({
        activityId: z.string(),
        activityType: z.string(),
        state: z.string(),
        attempt: z.number(),
        maximumAttempts: z.number(),
        lastFailure: z.string().nullable(),
        lastAttemptCompleteTime: z.string().nullable(),
        nextAttemptScheduleTime: z.string().nullable(),
      }),
    ),
    pendingWorkflowTask: z.object({ attempt: z.number(), state: z.string() }).nullable(),
    pendingTimers: z.array(
      z.object({
        timerId: z.string(),
        startedAt: z.string().nullable(),
        fireAt: z.string().nullable(),
        startedEventId: z.number(),
      }),
    ),
    history: z.object({
      ...ZPageInfo.shape,
      events: z.array(z.object({ eventId: z.number(), eventType: z.string(), eventTime: z.string().nullable() })),
    }),
    searchAttributes: z.record(z.string(), z.unknown()),
    state: z.object({
      source: z.enum(['workflow', 'projection']),
      view: ZTrajectoryView.nullable().meta({
        description:
          'null als de workflow niet antwoordt (bijv. vastgelopen) en er nog geen toestand geprojecteerd is.',
      }),
      projection: ZProjectionSummary,
    }),
  })
  .meta({ id: 'WorkflowInspection' });

const ZMonitorFigures = z.object({
  trajectories: z.number(),
  perPhase: zCounts,
  routeMix: zCounts,
  pipOnTime: z.object({ due: z.number(), onTime: z.number(), percentage: z.number().nullable() }),
  openTasks: z.number(),
  overdueTasks: z.number(),
  ontzorgenRunning: z.number(),
  termijnenEndingWithin6Months: z.number(),
});
export const ZMonitor = z
  .object({ asOf: z.string(), perGemeente: z.record(z.string(), ZMonitorFigures), regio: ZMonitorFigures.nullable() })
  .meta({ id: 'Monitor' });

export const ZInboxEvent = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    trajectoryId: z
      .string()
      .nullable()
      .meta({ description: 'Leeg bij een DUO-notificatie over een persoon zonder traject.' }),
    type: z.string(),
    status: z.string(),
    attempts: z.number(),
    lastError: z.string().nullable(),
    receivedAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'InboxEvent' });

export const ZOutboxMessage = z
  .object({
    id: z.string(),
    key: z.string(),
    trajectoryId: z.string().nullable(),
    recipient: z.string(),
    type: z.string(),
    status: z.string(),
    attempts: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxMessage' });

export const ZStatusQuery = z.object({ status: zStatusToken.optional(), page: zPage, pageSize: zPageSize }).strict();
