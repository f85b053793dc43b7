/** Werkvoorraad schemas. */
import { z } from 'zod';
import { TASK_AUDIENCES, TASK_TYPES, type TaskType } from '../../domain/tasks';
import {
  ZPageInfo,
  zDateIn,
  zGemeente,
  zIsoDate,
  zPage,
  zPageSize,
  zQueryBoolean,
  zSearchText,
  zSubject,
  zText,
  zTrajectoryId,
} from '../http/primitives';
import { DECISIONS } from '../decisions/registry';
import { zPhase, zTargetGroup } from '../trajectories/schemas';

export const TASK_STATUSES = ['OPEN', 'CLOSED'] as const;

/** `A,B,C`: one or more of `values`, comma-separated, no blanks (the pattern says exactly that). */
const csvOf = <T extends readonly [string, ...string[]]>(values: T) => {
  const one = `(${values.join('|')})`;
  return z
    .string()
    .regex(new RegExp(`^${one}(,${one})*$`), `Eén of meer van: ${values.join(', ')} (komma-gescheiden)`)
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(values)).min(1));
};

export const ZTaskListQuery = z
  .object({
    filter: z.enum(['mine', 'unassigned', 'available', 'team']).default('team').meta({
      description:
        'mine: aan mij toegewezen; unassigned: niemand; available: mijn taken en die van niemand; team: alle taken van de gemeente.',
    }),
    status: z.enum(TASK_STATUSES).default('OPEN'),
    type: csvOf(TASK_TYPES).optional().meta({ description: 'Eén of meer taaktypen, komma-gescheiden.' }),
    audience: z.enum(TASK_AUDIENCES).optional(),
    overdue: zQueryBoolean.optional().meta({ description: 'true: alleen taken waarvan de vervaldatum verstreken is.' }),
    dueBefore: zIsoDate.optional().meta({ description: 'Alleen taken met een vervaldatum vóór deze datum.' }),
    gemeente: zGemeente.optional().meta({ description: 'Alleen voor een regionale beheerder.' }),
    trajectoryId: zTrajectoryId.optional(),
    phase: zPhase.optional().meta({ description: 'Alleen taken van trajecten in deze fase.' }),
    targetGroup: zTargetGroup.optional().meta({ description: 'Alleen taken van trajecten van deze doelgroep.' }),
    q: zSearchText.optional().meta({
      description: 'Alleen taken van trajecten die passen bij naam, BSN of trajectnummer (zie GET /trajectories?q=).',
    }),
    sort: z.enum(['dueDate', '-dueDate', 'createdAt', '-createdAt']).default('dueDate'),
    page: zPage,
    pageSize: zPageSize,
  })
  .strict();

export const ZTask = z
  .object({
    id: z.string(),
    key: z.string(),
    trajectoryId: z
      .string()
      .nullable()
      .meta({ description: 'Leeg bij een taak van de gemeente als geheel (bijv. de CBS-levering SWI).' }),
    gemeente: z.string(),
    type: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    dueDate: zIsoDate.nullable(),
    daysLeft: z.number().int().nullable(),
    overdue: z.boolean(),
    audience: z.string(),
    status: z.string(),
    assigneeId: z.string().nullable(),
    result: z.unknown().optional(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
    trajectory: z
      .object({ naam: z.string().nullable(), phase: z.string(), targetGroup: z.string() })
      .optional()
      .meta({ description: 'In lijsten: naam, fase en doelgroep van het traject.' }),
  })
  .meta({ id: 'Task' });

export const ZTaskList = z
  .object({
    items: z.array(ZTask),
    ...ZPageInfo.shape,
    totalCapped: z.boolean().meta({
      description: 'true: er zijn meer taken dan `total`; de telling stopt bij 10.000 (de lijst zelf niet).',
    }),
  })
  .meta({ id: 'TaskList' });

export const ZReassignTask = z.object({ assigneeId: zSubject }).strict().meta({ id: 'ReassignTask' });

/** Tasks whose completion *is* a decision (the registry's entries with a task): the typed result is that decision. */
const DECISION_TASKS = DECISIONS.flatMap((entry) => (entry.task ? [{ ...entry.task, body: entry.body }] : []));
const DECISION_TASK_TYPES: readonly string[] = DECISION_TASKS.map((task) => task.type);
const OTHER_TASK_TYPES = TASK_TYPES.filter((type) => !DECISION_TASK_TYPES.includes(type)) as [TaskType, ...TaskType[]];

const ZOtherTaskCompletion = z
  .object({
    type: z.enum(OTHER_TASK_TYPES),
    date: zDateIn('process'),
    outcome: z.enum(['AFGEHANDELD', 'NIET_NODIG']),
    toelichting: zText({ max: 2000, multiline: true })
      .optional()
      .meta({ description: 'Blijft in PostgreSQL (Task.result), gaat niet naar de workflow.' }),
  })
  .strict();

export const ZCompleteTask = z
  .discriminatedUnion('type', [
    ZOtherTaskCompletion,
    ...DECISION_TASKS.map((task) => {
      const shape: { type: z.ZodLiteral<string> } & Record<string, z.ZodType> = {
        type: z.literal(task.type),
        [task.field]: task.body,
      };
      return z.object(shape).strict();
    }),
  ])
  .meta({
    id: 'CompleteTask',
    description:
      '`type` moet gelijk zijn aan het type van de taak. Voor beslistaken is het resultaat de beslissing zelf; de workflow valideert die.',
  });
/** A decision task's body carries its decision under the registry's field name. */
export type CompleteTaskBody = z.output<typeof ZCompleteTask>;
