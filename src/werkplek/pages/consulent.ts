/**
 * Consulent pages: werkvoorraad (my tasks and the team's unassigned ones, soonest due first,
 * filters and search), one task (claim, give back, hand over, complete — a decision task opens
 * its decision form), my caseload and search. Every action calls the API's own operation.
 */
import type express from 'express';
import { listCaseload, searchTrajectories } from '../../api/caseload/find-trajectories';
import { claimTask, findAccessibleTask, listColleagues, reassignTask, unclaimTask } from '../../api/tasks/assign-task';
import { completeTaskWithDecision } from '../../api/tasks/complete-task';
import { listTasks } from '../../api/tasks/list-tasks';
import { ZCompleteTask, ZTaskListQuery } from '../../api/tasks/schemas';
import { toTaskDto } from '../../api/tasks/task-mapper';
import { AppError, fieldErrorsFromZod } from '../../api/http/errors';
import { todayIso } from '../../api/http/primitives';
import { addDays } from '../../domain/dates';
import { PHASE_LABELS, TARGET_GROUP_LABELS, TASK_TYPE_LABELS } from '../../domain/labels';
import { TASK_TYPES } from '../../domain/tasks';
import { PHASES, TARGET_GROUPS } from '../../domain/types';
import { queryTrajectoryView } from '../../api/trajectories/get-dossier';
import { errorsByField, formForTask, warningsOf, type FieldSpec, type FormValues } from '../decision-forms';
import { redirectWithMessage } from '../render';
import type { PageContext } from '../page-context';

/** The werkvoorraad shows up to this many tasks per page (the bench renders a full page). */
export const WERKVOORRAAD_PAGE_SIZE = 500;

const FILTERS = [
  { value: 'available', label: 'Mijn taken en niet-toegewezen' },
  { value: 'mine', label: 'Alleen mijn taken' },
  { value: 'unassigned', label: 'Niet-toegewezen' },
  { value: 'team', label: 'Alle taken van het team' },
];

/** Closing a task that is not a decision: what was done. */
const SIMPLE_COMPLETION_FIELDS: FieldSpec[] = [
  { name: 'date', label: 'Datum', type: 'date', required: true },
  {
    name: 'outcome',
    label: 'Resultaat',
    type: 'radio',
    required: true,
    options: [
      { value: 'AFGEHANDELD', label: 'Afgehandeld' },
      { value: 'NIET_NODIG', label: 'Niet nodig' },
    ],
  },
  {
    name: 'toelichting',
    label: 'Toelichting',
    type: 'textarea',
    hint: 'Blijft bij de taak; gaat niet naar de procesmotor.',
  },
];

function single(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function registerConsulentPages(router: express.Router, { deps, render, allow }: PageContext): void {
  router.get('/werkvoorraad', allow('consulent', 'teamleider', 'beheerder'), async (req, res) => {
    const raw = {
      filter: single(req.query.filter) ?? (req.session.user!.role === 'consulent' ? 'available' : 'team'),
      type: single(req.query.type),
      phase: single(req.query.phase),
      targetGroup: single(req.query.targetGroup),
      q: single(req.query.q),
      page: single(req.query.page),
    };
    const parsed = ZTaskListQuery.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
    const errors = parsed.success
      ? {}
      : Object.fromEntries(fieldErrorsFromZod(parsed.error).map((e) => [e.field, e.message]));
    const query = parsed.success ? parsed.data : ZTaskListQuery.parse({ filter: 'available' });
    const list = await listTasks(deps, req.principal!, { ...query, pageSize: WERKVOORRAAD_PAGE_SIZE });
    const today = todayIso();
    render.page(req, res, 'werkvoorraad', {
      title: 'Werkvoorraad',
      list,
      raw,
      errors,
      today,
      weekEnd: addDays(today, 7),
      filters: FILTERS,
      typeOptions: TASK_TYPES.map((type) => ({ value: type, label: TASK_TYPE_LABELS[type] })),
      phaseOptions: PHASES.map((phase) => ({ value: phase, label: PHASE_LABELS[phase] })),
      targetGroupOptions: TARGET_GROUPS.map((group) => ({ value: group, label: TARGET_GROUP_LABELS[group] })),
      pages: Math.max(1, Math.ceil(list.total / WERKVOORRAAD_PAGE_SIZE)),
    });
  });

  const showTask = async (
    req: express.Request,
    res: express.Response,
    state: { values?: FormValues; errors?: Record<string, string>; refusal?: string; status?: number } = {},
  ) => {
    const task = await findAccessibleTask(deps, req.principal!, String(req.params.id));
    const trajectory = task.trajectoryId
      ? await deps.prisma.trajectory.findUniqueOrThrow({
          where: { id: task.trajectoryId },
          include: { person: { select: { naam: true } } },
        })
      : null;
    const form = trajectory && task.status === 'OPEN' ? formForTask(task.type) : undefined;
    const view = form && trajectory ? await queryTrajectoryView(deps, trajectory.workflowId) : null;
    const today = todayIso();
    const fields = form ? form.fields(view ?? (trajectory?.state as never)) : SIMPLE_COMPLETION_FIELDS;
    const values =
      state.values ??
      (form ? form.prefill(view ?? (trajectory?.state as never), today) : { date: today, outcome: 'AFGEHANDELD' });
    render.page(
      req,
      res,
      'task',
      {
        title: task.title,
        task: toTaskDto(task, today),
        trajectory: trajectory
          ? { id: trajectory.id, naam: trajectory.person?.naam ?? null, phase: trajectory.phase }
          : null,
        form,
        fields,
        values,
        errors: state.errors ?? {},
        refusal: state.refusal,
        colleagues:
          req.principal!.role === 'consulent' || req.principal!.gemeente
            ? await listColleagues(deps, task.gemeente)
            : [],
      },
      state.status ?? 200,
    );
  };

  router.get('/taken/:id', allow('consulent', 'teamleider', 'beheerder'), (req, res) => showTask(req, res));

  const taskAction =
    (action: (req: express.Request) => Promise<string>) => async (req: express.Request, res: express.Response) => {
      try {
        redirectWithMessage(req, res, `/taken/${encodeURIComponent(String(req.params.id))}`, await action(req));
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 404 || error.status >= 500) throw error;
        await showTask(req, res, { refusal: error.message, status: error.status });
      }
    };

  router.post(
    '/taken/:id/oppakken',
    allow('consulent', 'teamleider', 'beheerder'),
    taskAction(async (req) => {
      const task = await findAccessibleTask(deps, req.principal!, String(req.params.id));
      await claimTask(deps, req.principal!, task);
      return 'U hebt de taak opgepakt.';
    }),
  );
  router.post(
    '/taken/:id/teruggeven',
    allow('consulent', 'teamleider', 'beheerder'),
    taskAction(async (req) => {
      const task = await findAccessibleTask(deps, req.principal!, String(req.params.id));
      await unclaimTask(deps, req.principal!, task);
      return 'De taak is teruggegeven aan het team.';
    }),
  );
  router.post(
    '/taken/:id/overdragen',
    allow('consulent', 'teamleider', 'beheerder'),
    taskAction(async (req) => {
      const task = await findAccessibleTask(deps, req.principal!, String(req.params.id));
      const assigneeId = single(req.body?.assigneeId);
      if (!assigneeId) throw new AppError('VALIDATION_FAILED', 'Kies een collega.');
      await reassignTask(deps, req.principal!, task, assigneeId);
      return 'De taak is overgedragen.';
    }),
  );

  router.post('/taken/:id/afronden', allow('consulent', 'teamleider', 'beheerder'), async (req, res) => {
    const task = await findAccessibleTask(deps, req.principal!, String(req.params.id));
    const form = formForTask(task.type);
    const values = req.body as FormValues;
    const body = form
      ? { type: task.type, [form.task!.key]: form.toBody(values) }
      : {
          type: task.type,
          date: single(values.date),
          outcome: single(values.outcome),
          ...(single(values.toelichting) ? { toelichting: values.toelichting } : {}),
        };
    const parsed = ZCompleteTask.safeParse(body);
    const prefix = form ? `${form.task!.key}.` : '';
    if (!parsed.success) {
      const errors = errorsByField(form ?? {}, fieldErrorsFromZod(parsed.error), prefix, values);
      return showTask(req, res, { values, errors, status: 422 });
    }
    let decisionResult: unknown;
    try {
      ({ decisionResult } = await completeTaskWithDecision(deps, req.principal!, task, parsed.data));
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404 || error.status >= 500) throw error;
      if (error.code === 'VALIDATION_FAILED' && error.errors.length) {
        return showTask(req, res, {
          values,
          errors: errorsByField(form ?? {}, error.errors, `body.${prefix}`, values),
          status: 422,
        });
      }
      // The workflow refused (409): nothing changed, the task stays open; show why, in place.
      return showTask(req, res, { values, refusal: error.message, status: error.status });
    }
    redirectWithMessage(
      req,
      res,
      task.trajectoryId ? `/dossiers/${encodeURIComponent(task.trajectoryId)}` : '/werkvoorraad',
      `Taak afgerond: ${task.title}${warningsOf(decisionResult)}`,
    );
  });

  router.get('/mijn-caseload', allow('consulent'), async (req, res) => {
    render.page(req, res, 'caseload', {
      title: 'Mijn caseload',
      items: await listCaseload(deps, req.principal!),
      today: todayIso(),
    });
  });

  router.get('/zoeken', allow('consulent', 'teamleider', 'beheerder'), async (req, res) => {
    const q = single(req.query.q)?.trim();
    const tooShort = q !== undefined && q.length < 2;
    const items = q && !tooShort ? await searchTrajectories(deps, req.principal!, q) : null;
    render.page(req, res, 'search', { title: 'Zoeken', q: q ?? '', items, tooShort, today: todayIso() });
  });
}
