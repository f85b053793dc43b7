/**
 * The dossier (header, timeline, deadlines, modules against their targets, PIP and its history,
 * consent and partners, open tasks, intake notes for consulenten) and the decision forms. A form
 * is validated by the API's own schema; the workflow's refusal (409) is shown in place and
 * nothing changes.
 */
import type express from 'express';
import { AppError, fieldErrorsFromZod } from '../../api/http/errors';
import { todayIso } from '../../api/http/primitives';
import { findAccessibleTrajectory } from '../../api/http/tenancy';
import { getDossier } from '../../api/trajectories/get-dossier';
import { downloadBeschikking, listBeschikkingen } from '../../api/beschikkingen/store';
import { recordRegisteredDecision } from '../../api/decisions/record-decision';
import { decisionBySegment } from '../../api/decisions/registry';
import type { TrajectoryView } from '../../workflows/trajectory/messages';
import { DECISION_FORMS, decisionForm, errorsByField, warningsOf, type FormValues } from '../decision-forms';
import { redirectWithMessage } from '../render';
import type { PageContext } from '../page-context';

/** Targets the modules are measured against (framework 4.5.4, 4.6, 4.7). */
export const MODULE_TARGETS = [
  {
    kind: 'PVT',
    label: 'PVT (participatieverklaringstraject)',
    hours: 12,
    applies: (v: TrajectoryView) => v.offer.pvt,
  },
  { kind: 'MAP', label: 'MAP (arbeidsmarkt en participatie)', hours: 40, applies: (v: TrajectoryView) => v.offer.map },
  {
    kind: 'TAAL_KNM',
    label: 'Z-route: taal en KNM',
    hours: 800,
    applies: (v: TrajectoryView) => v.pip?.leerroute === 'Z',
  },
  {
    kind: 'PARTICIPATIE',
    label: 'Z-route: participatie en activering',
    hours: 800,
    applies: (v: TrajectoryView) => v.pip?.leerroute === 'Z',
  },
] as const;

export function moduleProgress(view: TrajectoryView | null) {
  if (!view) return [];
  return MODULE_TARGETS.filter((target) => target.applies(view)).map((target) => {
    const done = view.modules.hours[target.kind] ?? 0;
    return {
      label: target.label,
      done,
      target: target.hours,
      percentage: Math.min(100, Math.round((100 * done) / target.hours)),
    };
  });
}

export function registerDossierPages(router: express.Router, { deps, render, allow }: PageContext): void {
  router.get('/dossiers/:id', allow('consulent', 'teamleider', 'beheerder'), async (req, res) => {
    const trajectory = await findAccessibleTrajectory(deps.prisma, req.principal!, String(req.params.id));
    const dossier = await getDossier(deps, trajectory);
    const notes =
      req.principal!.role === 'consulent'
        ? await deps.prisma.intakeNote.findMany({
            where: { trajectoryId: trajectory.id },
            orderBy: { createdAt: 'desc' },
          })
        : [];
    const view = dossier.view as TrajectoryView | null;
    render.page(req, res, 'dossier', {
      title: dossier.person?.naam ?? `Traject ${trajectory.id}`,
      dossier,
      view,
      notes,
      beschikkingen:
        req.principal!.role === 'consulent' ? await listBeschikkingen(deps, req.principal!, trajectory.id) : [],
      modules: moduleProgress(view),
      pipHistory: (view?.decisions ?? []).filter((d) => d.kind === 'PIP_VASTGESTELD' || d.kind === 'PIP_BIJGESTELD'),
      // The decisions this role takes (a teamleider: the consulent of the trajectory).
      decisions: DECISION_FORMS.filter(
        (form) => !form.taskOnly && decisionBySegment(form.segment)?.roles.includes(req.principal!.role),
      ),
      today: todayIso(),
    });
  });

  router.get('/dossiers/:id/beschikkingen/:beschikkingId', allow('consulent'), async (req, res) => {
    const file = await downloadBeschikking(
      deps,
      req.principal!,
      String(req.params.id),
      String(req.params.beschikkingId),
    );
    res.setHeader('Content-Type', 'application/pdf').attachment(file.filename).send(file.content);
  });

  const showForm = async (
    req: express.Request,
    res: express.Response,
    state: { values?: FormValues; errors?: Record<string, string>; refusal?: string; status?: number } = {},
  ) => {
    const form = decisionForm(String(req.params.segment));
    if (!form || form.taskOnly) throw new AppError('NOT_FOUND', 'Deze beslissing bestaat niet.');
    requireDecisionRole(req, String(req.params.segment));
    const trajectory = await findAccessibleTrajectory(deps.prisma, req.principal!, String(req.params.id));
    const dossier = await getDossier(deps, trajectory);
    const view = dossier.view as TrajectoryView | null;
    render.page(
      req,
      res,
      'decision',
      {
        title: form.title,
        form,
        dossier,
        fields: form.fields(view),
        values: state.values ?? form.prefill(view, todayIso()),
        errors: state.errors ?? {},
        refusal: state.refusal,
      },
      state.status ?? 200,
    );
  };

  router.get('/dossiers/:id/beslissingen/:segment', allow('consulent', 'teamleider'), (req, res) => showForm(req, res));

  router.post('/dossiers/:id/beslissingen/:segment', allow('consulent', 'teamleider'), async (req, res) => {
    const form = decisionForm(String(req.params.segment));
    const decision = decisionBySegment(String(req.params.segment));
    if (!form || !decision) throw new AppError('NOT_FOUND', 'Deze beslissing bestaat niet.');
    requireDecisionRole(req, decision.segment);
    const trajectory = await findAccessibleTrajectory(deps.prisma, req.principal!, String(req.params.id));
    const values = req.body as FormValues;
    const body = form.toBody(values);
    const parsed = decision.body.safeParse(body);
    if (!parsed.success) {
      return showForm(req, res, {
        values,
        errors: errorsByField(form, fieldErrorsFromZod(parsed.error), 'body.', values),
        status: 422,
      });
    }
    let result: unknown;
    try {
      result = await recordRegisteredDecision({ deps, principal: req.principal!, entry: decision, trajectory, body });
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404 || error.status >= 500) throw error;
      return showForm(req, res, { values, refusal: error.message, status: error.status });
    }
    redirectWithMessage(
      req,
      res,
      `/dossiers/${encodeURIComponent(trajectory.id)}`,
      `${form.title}: vastgelegd.${warningsOf(result)}`,
    );
  });
}

/** The decision's own roles (the API route's): a teamleider only the consulent decision. */
function requireDecisionRole(req: express.Request, segment: string): void {
  const roles = decisionBySegment(segment)?.roles ?? [];
  if (!roles.includes(req.principal!.role))
    throw new AppError('FORBIDDEN', `Deze beslissing neemt een ${roles.join(' of ')}.`);
}
