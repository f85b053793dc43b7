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
  zSubject,
  zText,
  zTrajectoryId,
} from '../http/primitives';
import {
  ZBredeIntakeBody,
  ZConsentInput,
  ZPipInput,
  ZVoortgangsgesprekInput,
  ZWarmeOverdrachtInput,
} from '../trajectories/schemas';
import type { VerwijtbaarheidInput } from '../../workflows/trajectory/messages';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const TASK_STATUSES = ['OPEN', 'CLOSED'] as const;

/** Completion of VERWIJTBAARHEID_DOORGEVEN (workflow Update recordVerwijtbaarheid). */
export const ZVerwijtbaarheidInput = z
  .object({
    date: zDateIn('process'),
    mapVerwijtbaar: z.boolean().optional().meta({
      description: "MAP niet afgerond: verwijtbaar (true → 'Ja') of niet (false → 'Nee'). Weglaten: niets te melden.",
    }),
    pvtVerwijtbaar: z.boolean().optional().meta({
      description:
        "PVT niet ondertekend: verwijtbaar (true → 'Ja') of niet (false → 'Nee'). Weglaten: niets te melden.",
    }),
  })
  .strict()
  .meta({
    id: 'VerwijtbaarheidInput',
    description:
      "DUO neemt 'Nee' alleen aan in de laatste twee maanden van de termijn, 'Ja' pas na overschrijding; de workflow weigert het anders (409).",
  });
const verwijtbaarheidMatches: Same<z.output<typeof ZVerwijtbaarheidInput>, VerwijtbaarheidInput> = true;
void verwijtbaarheidMatches;

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
    filter: z
      .enum(['mine', 'unassigned', 'team'])
      .default('team')
      .meta({ description: 'mine: aan mij toegewezen; unassigned: niemand; team: alle taken van de gemeente.' }),
    status: z.enum(TASK_STATUSES).default('OPEN'),
    type: csvOf(TASK_TYPES).optional().meta({ description: 'Eén of meer taaktypen, komma-gescheiden.' }),
    audience: z.enum(TASK_AUDIENCES).optional(),
    overdue: zQueryBoolean.optional().meta({ description: 'true: alleen taken waarvan de vervaldatum verstreken is.' }),
    dueBefore: zIsoDate.optional().meta({ description: 'Alleen taken met een vervaldatum vóór deze datum.' }),
    gemeente: zGemeente.optional().meta({ description: 'Alleen voor een regionale beheerder.' }),
    trajectoryId: zTrajectoryId.optional(),
    sort: z.enum(['dueDate', '-dueDate', 'createdAt', '-createdAt']).default('dueDate'),
    page: zPage,
    pageSize: zPageSize,
  })
  .strict();

export const ZTask = z
  .object({
    id: z.string(),
    key: z.string(),
    trajectoryId: z.string(),
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
  })
  .meta({ id: 'Task' });

export const ZTaskList = z.object({ items: z.array(ZTask), ...ZPageInfo.shape }).meta({ id: 'TaskList' });

export const ZReassignTask = z.object({ assigneeId: zSubject }).strict().meta({ id: 'ReassignTask' });

/** Tasks whose completion *is* a decision: the typed result is that decision. */
export const DECISION_TASK_TYPES = [
  'WARME_OVERDRACHT',
  'MACHTIGING_VASTLEGGEN',
  'BREDE_INTAKE',
  'PIP_OPSTELLEN',
  'VOORTGANGSGESPREK',
  'VERWIJTBAARHEID_DOORGEVEN',
] as const;
const OTHER_TASK_TYPES = TASK_TYPES.filter((type) => !(DECISION_TASK_TYPES as readonly string[]).includes(type)) as [
  Exclude<TaskType, (typeof DECISION_TASK_TYPES)[number]>,
  ...Exclude<TaskType, (typeof DECISION_TASK_TYPES)[number]>[],
];

export const ZCompleteTask = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('WARME_OVERDRACHT'), warmeOverdracht: ZWarmeOverdrachtInput }).strict(),
    z.object({ type: z.literal('MACHTIGING_VASTLEGGEN'), machtiging: ZConsentInput }).strict(),
    z.object({ type: z.literal('BREDE_INTAKE'), bredeIntake: ZBredeIntakeBody }).strict(),
    z.object({ type: z.literal('PIP_OPSTELLEN'), pip: ZPipInput }).strict(),
    z.object({ type: z.literal('VOORTGANGSGESPREK'), voortgangsgesprek: ZVoortgangsgesprekInput }).strict(),
    z.object({ type: z.literal('VERWIJTBAARHEID_DOORGEVEN'), verwijtbaarheid: ZVerwijtbaarheidInput }).strict(),
    z
      .object({
        type: z.enum(OTHER_TASK_TYPES),
        date: zDateIn('process'),
        outcome: z.enum(['AFGEHANDELD', 'NIET_NODIG']),
        toelichting: zText({ max: 2000, multiline: true })
          .optional()
          .meta({ description: 'Blijft in PostgreSQL (Task.result), gaat niet naar de workflow.' }),
      })
      .strict(),
  ])
  .meta({
    id: 'CompleteTask',
    description:
      '`type` moet gelijk zijn aan het type van de taak. Voor beslistaken is het resultaat de beslissing zelf; de workflow valideert die.',
  });
export type CompleteTaskBody = z.output<typeof ZCompleteTask>;
