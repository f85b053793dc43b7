/**
 * Beheerder pages: overzicht (stuck and failing first, then the list with the API's filters and
 * counts), inspection (business state beside Temporal's technical state, audited actions with a
 * reason and a confirmation step), koppelingen (inbox, outbox, partners, API keys for the
 * regional beheerder) and the monitor (charts + CSV). All on the API's operation functions.
 */
import type express from 'express';

import { createApiKeyAsAdmin, listApiKeys, listPartners, revokeApiKey, ZCreateApiKey } from '../../api/admin/router';
import { inspectWorkflow } from '../../api/beheer/inspect-workflow';
import { listTrajectories } from '../../api/beheer/list-trajectories';
import { listMovesOut } from '../../api/beheer/moves';
import { monitorFigures } from '../../api/beheer/monitor';
import { listInboxEvents, listOutboxMessages, inboxDto, outboxDto } from '../../api/beheer/router';
import { ZTrajectoryListQuery } from '../../api/beheer/schemas';
import {
  cancelWorkflow,
  resendInboxEvent,
  retryOutboxMessage,
  terminateWorkflow,
} from '../../api/beheer/workflow-actions';
import { AppError, fieldErrorsFromZod } from '../../api/http/errors';
import { zReason } from '../../api/http/primitives';
import { findAccessibleTrajectory, gemeenteScope } from '../../api/http/tenancy';
import { PHASE_LABELS, LEERROUTE_NAMES, TARGET_GROUP_LABELS, labelOf } from '../../domain/labels';
import { LEERROUTES, PHASES, TARGET_GROUPS } from '../../domain/types';
import { barChart } from '../charts';
import { gemeenteName, redirectWithMessage } from '../render';
import type { PageContext } from '../page-context';

const single = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The audited actions of the inspection page: what they do, in Dutch, for the confirmation. */
const ACTIONS = {
  annuleren: { label: 'Workflow annuleren', warning: 'De workflow stopt netjes; het traject loopt daarna niet meer.' },
  beeindigen: {
    label: 'Workflow direct beëindigen',
    warning: 'De workflow stopt meteen, zonder opruimen. Alleen als annuleren niet werkt.',
  },
  'bericht-opnieuw': {
    label: 'Bericht opnieuw afleveren',
    warning: 'Het uitgaande bericht wordt opnieuw afgeleverd (een partner krijgt het hoogstens één keer).',
  },
  'gebeurtenis-opnieuw': {
    label: 'Gebeurtenis opnieuw verwerken',
    warning: 'De partnergebeurtenis gaat opnieuw naar de workflow (dubbele worden genegeerd).',
  },
} as const;
type ActionName = keyof typeof ACTIONS;
const isAction = (value: unknown): value is ActionName => typeof value === 'string' && value in ACTIONS;

export function registerBeheerPages(router: express.Router, { deps, render, allow, temporalUiUrl }: PageContext): void {
  router.get('/overzicht', allow('beheerder'), async (req, res) => {
    const raw = {
      gemeente: single(req.query.gemeente),
      phase: single(req.query.phase),
      leerroute: single(req.query.leerroute),
      targetGroup: single(req.query.targetGroup),
      overdue: single(req.query.overdue),
      page: single(req.query.page),
    };
    const parsed = ZTrajectoryListQuery.safeParse(
      Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
    );
    const errors = parsed.success
      ? {}
      : Object.fromEntries(fieldErrorsFromZod(parsed.error).map((e) => [e.field, e.message]));
    const query = parsed.success ? parsed.data : ZTrajectoryListQuery.parse({});
    const [list, stuck, failing] = await Promise.all([
      listTrajectories(deps, req.principal!, query),
      listTrajectories(deps, req.principal!, { ...query, stuck: true, page: 1, pageSize: 50 }),
      listOutboxMessages(deps, req.principal!, { status: 'FAILED', page: 1, pageSize: 50 }),
    ]);
    const [retrying, movedOut] = await Promise.all([
      listOutboxMessages(deps, req.principal!, { status: 'RETRYING', page: 1, pageSize: 50 }),
      // Only the fact that a trajectory left and when: its dossier now belongs to the new gemeente.
      listMovesOut(deps, req.principal!, parsed.success ? parsed.data.gemeente : undefined, 20),
    ]);
    const names = await namesOf(
      deps,
      list.items.map((item) => item.trajectoryId),
    );
    render.page(req, res, 'overzicht', {
      title: 'Overzicht',
      list,
      stuck,
      failing: [...failing.items, ...retrying.items],
      movedOut,
      names,
      raw,
      errors,
      regional: req.principal!.gemeente === null,
      gemeenten: deps.config.GEMEENTEN,
      phaseOptions: PHASES.map((value) => ({ value, label: PHASE_LABELS[value] })),
      leerrouteOptions: LEERROUTES.map((value) => ({ value, label: LEERROUTE_NAMES[value] })),
      targetGroupOptions: TARGET_GROUPS.map((value) => ({ value, label: TARGET_GROUP_LABELS[value] })),
    });
  });

  const showInspection = async (
    req: express.Request,
    res: express.Response,
    state: { errors?: Record<string, string>; refusal?: string; status?: number; values?: Record<string, string> } = {},
  ) => {
    const trajectory = await findAccessibleTrajectory(deps.prisma, req.principal!, String(req.params.id));
    const historyPage = Math.max(1, Number(single(req.query.geschiedenis) ?? 1) || 1);
    let inspection: Awaited<ReturnType<typeof inspectWorkflow>> | null = null;
    let temporalError: string | undefined;
    try {
      inspection = await inspectWorkflow(deps, trajectory, { historyPage, historyPageSize: 50 });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      temporalError = error.message;
    }
    const [outbox, inbox, person, audit] = await Promise.all([
      deps.prisma.outboxMessage.findMany({
        where: { trajectoryId: trajectory.id },
        orderBy: { createdAt: 'desc' },
        take: 50,
      }),
      deps.prisma.inboxEvent.findMany({
        where: { trajectoryId: trajectory.id },
        orderBy: { receivedAt: 'desc' },
        take: 50,
      }),
      deps.prisma.person.findUnique({ where: { trajectoryId: trajectory.id }, select: { naam: true } }),
      deps.prisma.auditLog.findMany({ where: { trajectoryId: trajectory.id }, orderBy: { at: 'desc' }, take: 20 }),
    ]);
    const failingFirst = <T extends { status: string }>(rows: T[]) =>
      [...rows].sort(
        (a, b) =>
          Number(b.status === 'FAILED' || b.status === 'RETRYING') -
          Number(a.status === 'FAILED' || a.status === 'RETRYING'),
      );
    render.page(
      req,
      res,
      'inspectie',
      {
        title: `Inspectie ${person?.naam ?? trajectory.id}`,
        trajectory,
        naam: person?.naam ?? null,
        inspection,
        temporalError,
        outbox: failingFirst(outbox.map(outboxDto)),
        inbox: failingFirst(inbox.map(inboxDto)),
        audit,
        historyPage,
        temporalUiLink: temporalUiUrl
          ? `${temporalUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(deps.config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(trajectory.workflowId)}`
          : null,
        errors: state.errors ?? {},
        refusal: state.refusal,
        values: state.values ?? {},
        actions: ACTIONS,
      },
      state.status ?? 200,
    );
  };

  router.get('/inspectie/:id', allow('beheerder'), (req, res) => showInspection(req, res));

  /** Step 1: reason given → confirmation page. Step 2 (`bevestigd=ja`): the action, audited. */
  router.post('/inspectie/:id/actie', allow('beheerder'), async (req, res) => {
    const action = req.body?.action;
    if (!isAction(action)) throw new AppError('NOT_FOUND', 'Onbekende handeling.');
    const target = single(req.body?.target);
    const values = { action, target: target ?? '', reason: String(req.body?.reason ?? '') };
    const reason = zReason.safeParse(req.body?.reason);
    if (!reason.success) {
      return showInspection(req, res, {
        errors: { [`reden-${action}-${target ?? ''}`]: reason.error.issues[0]!.message },
        values,
        status: 422,
      });
    }
    const trajectory = await findAccessibleTrajectory(deps.prisma, req.principal!, String(req.params.id));
    if (req.body?.bevestigd !== 'ja') {
      return render.page(req, res, 'bevestigen', {
        title: `${ACTIONS[action].label}: bevestigen`,
        action,
        spec: ACTIONS[action],
        target,
        reason: reason.data,
        trajectoryId: trajectory.id,
      });
    }
    try {
      switch (action) {
        case 'annuleren':
          await cancelWorkflow(deps, req.principal!, trajectory, reason.data);
          break;
        case 'beeindigen':
          await terminateWorkflow(deps, req.principal!, trajectory, reason.data);
          break;
        case 'bericht-opnieuw':
          await retryOutboxMessage(deps, req.principal!, target ?? '', reason.data);
          break;
        case 'gebeurtenis-opnieuw':
          await resendInboxEvent(deps, req.principal!, target ?? '', reason.data);
          break;
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return showInspection(req, res, { refusal: error.message, status: error.status });
    }
    redirectWithMessage(
      req,
      res,
      `/inspectie/${encodeURIComponent(trajectory.id)}`,
      `${ACTIONS[action].label}: gedaan (vastgelegd in het audit-log).`,
    );
  });

  const showKoppelingen = async (
    req: express.Request,
    res: express.Response,
    state: {
      createdToken?: string;
      createdKey?: unknown;
      errors?: Record<string, string>;
      values?: Record<string, string>;
      status?: number;
      refusal?: string;
    } = {},
  ) => {
    const principal = req.principal!;
    const regional = principal.gemeente === null;
    const [failedIn, inbox, failedOut, retryingOut, outbox, partners, keys] = await Promise.all([
      listInboxEvents(deps, principal, { status: 'FAILED', page: 1, pageSize: 50 }),
      listInboxEvents(deps, principal, { page: 1, pageSize: 50 }),
      listOutboxMessages(deps, principal, { status: 'FAILED', page: 1, pageSize: 50 }),
      listOutboxMessages(deps, principal, { status: 'RETRYING', page: 1, pageSize: 50 }),
      listOutboxMessages(deps, principal, { page: 1, pageSize: 50 }),
      listPartners(deps),
      regional ? listApiKeys(deps, principal) : Promise.resolve([]),
    ]);
    const failing = new Set([...failedOut.items, ...retryingOut.items].map((m) => m.id));
    render.page(
      req,
      res,
      'koppelingen',
      {
        title: 'Koppelingen',
        regional,
        inbox: [...failedIn.items, ...inbox.items.filter((e) => e.status !== 'FAILED')],
        outbox: [...failedOut.items, ...retryingOut.items, ...outbox.items.filter((m) => !failing.has(m.id))],
        partners,
        keys,
        gemeenten: deps.config.GEMEENTEN,
        createdToken: state.createdToken,
        createdKey: state.createdKey,
        errors: state.errors ?? {},
        values: state.values ?? { role: 'partner' },
        refusal: state.refusal,
      },
      state.status ?? 200,
    );
  };

  router.get('/koppelingen', allow('beheerder'), (req, res) => showKoppelingen(req, res));

  router.post('/koppelingen/sleutels', allow('beheerder'), async (req, res) => {
    const values = {
      subject: String(req.body?.subject ?? ''),
      label: String(req.body?.label ?? ''),
      role: String(req.body?.role ?? ''),
      gemeente: String(req.body?.gemeente ?? ''),
      partnerId: String(req.body?.partnerId ?? ''),
    };
    const parsed = ZCreateApiKey.safeParse({
      subject: values.subject,
      ...(values.label.trim() ? { label: values.label } : {}),
      role: values.role,
      gemeente: values.gemeente || null,
      partnerId: values.partnerId || null,
    });
    const fieldOf = (path: string) => path.replace(/^body\./, '').split('.')[0]!;
    if (!parsed.success) {
      const errors = Object.fromEntries(fieldErrorsFromZod(parsed.error).map((e) => [fieldOf(e.field), e.message]));
      return showKoppelingen(req, res, { errors, values, status: 422 });
    }
    try {
      const created = await createApiKeyAsAdmin(deps, req.principal!, parsed.data);
      // The secret is shown on this answer only (never stored in clear, never in a redirect).
      res.setHeader('Cache-Control', 'no-store');
      return showKoppelingen(req, res, { createdToken: created.token, createdKey: created, status: 201 });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
      const errors = Object.fromEntries(error.errors.map((e) => [fieldOf(e.field), e.message]));
      return showKoppelingen(req, res, {
        errors,
        values,
        refusal: error.errors.length ? undefined : error.message,
        status: error.status,
      });
    }
  });

  router.post('/koppelingen/sleutels/:id/intrekken', allow('beheerder'), async (req, res) => {
    if (req.body?.bevestigd !== 'ja') {
      const key = (await listApiKeys(deps, req.principal!)).find((k) => k.id === String(req.params.id));
      if (!key) throw new AppError('NOT_FOUND', 'Onbekende API-sleutel.');
      return render.page(req, res, 'sleutel-intrekken', { title: 'Sleutel intrekken: bevestigen', key });
    }
    const revoked = await revokeApiKey(deps, req.principal!, String(req.params.id));
    redirectWithMessage(
      req,
      res,
      '/koppelingen#sleutels',
      `Sleutel ${revoked.prefix} (${revoked.label}) is ingetrokken.`,
    );
  });

  const monitor: express.RequestHandler = async (req, res) => {
    const requested = single(req.query.gemeente);
    const scope = gemeenteScope(
      req.principal!,
      requested && deps.config.GEMEENTEN.includes(requested) ? requested : undefined,
    );
    const figures = await monitorFigures(deps, scope ? [scope] : [...deps.config.GEMEENTEN]);
    const sets = [
      ...Object.entries(figures.perGemeente).map(([id, f]) => ({ id, name: gemeenteName(id), figures: f })),
      ...(figures.regio ? [{ id: 'regio', name: 'Regio', figures: figures.regio }] : []),
    ];
    if (req.path.endsWith('.csv')) {
      const lines = ['gebied;onderwerp;waarde;aantal'];
      for (const set of sets) {
        const f = set.figures;
        lines.push(`${set.name};trajecten;totaal;${f.trajectories}`);
        for (const [phase, count] of Object.entries(f.perPhase))
          lines.push(`${set.name};fase;${labelOf(PHASE_LABELS, phase)};${count}`);
        for (const [route, count] of Object.entries(f.routeMix))
          lines.push(
            `${set.name};leerroute;${route === 'GEEN' ? 'nog geen' : labelOf(LEERROUTE_NAMES, route)};${count}`,
          );
        lines.push(`${set.name};PIP binnen 10 weken;procent;${f.pipOnTime.percentage ?? ''}`);
        lines.push(`${set.name};taken;open;${f.openTasks}`);
        lines.push(`${set.name};taken;te laat;${f.overdueTasks}`);
        lines.push(`${set.name};ontzorgen;lopend;${f.ontzorgenRunning}`);
        lines.push(`${set.name};termijnen;eindigen binnen 6 maanden;${f.termijnenEndingWithin6Months}`);
      }
      res.setHeader('Content-Disposition', `attachment; filename="monitor-${figures.asOf}.csv"`);
      return res.type('text/csv; charset=utf-8').send(`\uFEFF${lines.join('\r\n')}\r\n`);
    }
    const charts = sets.map((set) => {
      const f = set.figures;
      return {
        ...set,
        phases: barChart(
          `Trajecten per fase, ${set.name}`,
          Object.entries(f.perPhase).map(([k, v]) => ({ label: labelOf(PHASE_LABELS, k), value: v })),
        ),
        routes: barChart(
          `Leerroutes, ${set.name}`,
          Object.entries(f.routeMix).map(([k, v]) => ({
            label: k === 'GEEN' ? 'Nog geen' : labelOf(LEERROUTE_NAMES, k),
            value: v,
          })),
        ),
        work: barChart(`Taken en termijnen, ${set.name}`, [
          { label: 'Open taken', value: f.openTasks },
          { label: 'Taken te laat', value: f.overdueTasks },
          { label: 'Termijn eindigt < 6 mnd', value: f.termijnenEndingWithin6Months },
          { label: 'Ontzorgen lopend', value: f.ontzorgenRunning },
        ]),
      };
    });
    render.page(req, res, 'monitor', {
      title: 'Monitor',
      figures,
      charts,
      regional: req.principal!.gemeente === null,
      gemeenten: deps.config.GEMEENTEN,
      requested: scope,
    });
  };
  router.get('/monitor', allow('beheerder'), monitor);
  router.get('/monitor.csv', allow('beheerder'), monitor);
}

async function namesOf(deps: PageContext['deps'], ids: string[]): Promise<Record<string, string | null>> {
  const people = await deps.prisma.person.findMany({
    where: { trajectoryId: { in: ids } },
    select: { trajectoryId: true, naam: true },
  });
  return Object.fromEntries(people.map((p) => [p.trajectoryId, p.naam]));
}
