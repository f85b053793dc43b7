/** Start a trajectory: the API's start operation behind a form (elfproef, 18+, doelgroep, dates). */
import type express from 'express';
import { AppError, fieldErrorsFromZod } from '../../api/http/errors';
import { todayIso } from '../../api/http/primitives';
import { ZStartTrajectory } from '../../api/trajectories/schemas';
import { isStartRequested, startTrajectory } from '../../api/trajectories/start-trajectory';
import { TARGET_GROUP_LABELS } from '../../domain/labels';
import { TARGET_GROUPS } from '../../domain/types';
import { errorsByField, type FieldSpec, type FormValues } from '../decision-forms';
import { gemeenteName, redirectWithMessage } from '../render';
import type { PageContext } from '../page-context';

function fields(gemeenten: readonly string[] | null): FieldSpec[] {
  return [
    ...(gemeenten
      ? [
          {
            name: 'gemeente',
            label: 'Gemeente',
            type: 'select' as const,
            required: true,
            options: [
              { value: '', label: 'Kies een gemeente' },
              ...gemeenten.map((g) => ({ value: g, label: gemeenteName(g) })),
            ],
          },
        ]
      : []),
    {
      name: 'bsn',
      label: 'BSN',
      type: 'text',
      required: true,
      hint: '9 cijfers; de elfproef wordt gecontroleerd. Testnummer: 111222333.',
    },
    { name: 'naam', label: 'Naam', type: 'text', required: true },
    {
      name: 'geboortedatum',
      label: 'Geboortedatum',
      type: 'date',
      required: true,
      hint: 'Inburgeringsplichtig vanaf 18 jaar.',
    },
    {
      name: 'targetGroup',
      label: 'Doelgroep',
      type: 'radio',
      required: true,
      options: TARGET_GROUPS.map((g) => ({ value: g, label: TARGET_GROUP_LABELS[g] })),
    },
    { name: 'onBijstand', label: 'Heeft een bijstandsuitkering (recht op 6 maanden ontzorgen)', type: 'checkbox' },
    { name: 'ondertussengroep', label: 'Ondertussengroep (oude wet, doet vrijwillig mee)', type: 'checkbox' },
    { name: 'koppeling', label: 'Datum koppeling door COA', type: 'date', hint: 'Alleen voor asielstatushouders.' },
    {
      name: 'inschrijving',
      label: 'Datum inschrijving in de gemeente',
      type: 'date',
      hint: 'De PIP-termijn van 10 weken telt vanaf deze datum.',
    },
  ];
}

const one = (values: FormValues, name: string) => {
  const value = values[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.trim() : undefined;
};

export function registerStartPage(router: express.Router, { deps, render, allow }: PageContext): void {
  const show = (
    req: express.Request,
    res: express.Response,
    state: { values?: FormValues; errors?: Record<string, string>; refusal?: string; status?: number } = {},
  ) => {
    const regional = req.principal!.gemeente === null;
    render.page(
      req,
      res,
      'start-trajectory',
      {
        title: 'Nieuw traject',
        fields: fields(regional ? deps.config.GEMEENTEN : null),
        values: state.values ?? { inschrijving: todayIso() },
        errors: state.errors ?? {},
        refusal: state.refusal,
      },
      state.status ?? 200,
    );
  };
  router.get('/trajecten/nieuw', allow('consulent', 'beheerder'), (req, res) => show(req, res));
  router.post('/trajecten/nieuw', allow('consulent', 'beheerder'), async (req, res) => {
    const values = req.body as FormValues;
    const dates = Object.fromEntries(
      (['koppeling', 'inschrijving'] as const).flatMap((name) =>
        one(values, name) ? [[name, one(values, name)]] : [],
      ),
    );
    const body = {
      bsn: one(values, 'bsn') ?? '',
      ...(one(values, 'naam') ? { naam: one(values, 'naam') } : {}),
      ...(one(values, 'geboortedatum') ? { geboortedatum: one(values, 'geboortedatum') } : {}),
      ...(one(values, 'gemeente') ? { gemeente: one(values, 'gemeente') } : {}),
      targetGroup: one(values, 'targetGroup'),
      onBijstand: one(values, 'onBijstand') === 'ja',
      ondertussengroep: one(values, 'ondertussengroep') === 'ja',
      ...(req.principal!.role === 'consulent' ? { consulentId: req.principal!.subject } : {}),
      dates,
    };
    const errors: Record<string, string> = {};
    if (!body.naam) errors.naam = 'Dit veld is verplicht';
    if (!body.geboortedatum) errors.geboortedatum = 'Dit veld is verplicht';
    const parsed = ZStartTrajectory.safeParse(body);
    const mapping = { fieldOf: (path: string) => (path.startsWith('dates.') ? path.slice(6) : path.split('.')[0]!) };
    if (!parsed.success || Object.keys(errors).length) {
      const all = { ...(parsed.success ? {} : errorsByField(mapping, fieldErrorsFromZod(parsed.error))), ...errors };
      return show(req, res, { values, errors: all, status: 422 });
    }
    try {
      const started = await startTrajectory({ deps, principal: req.principal!, body: parsed.data });
      if (isStartRequested(started)) {
        return show(req, res, {
          values,
          refusal:
            'Deze start is doorgestuurd naar de regionale beheerder, die hem beoordeelt. U krijgt bericht; er is nog geen traject gestart.',
          status: 202,
        });
      }
      redirectWithMessage(
        req,
        res,
        `/dossiers/${encodeURIComponent(started.trajectoryId)}`,
        started.created ? 'Het traject is gestart.' : 'Deze persoon had al een traject in uw gemeente; dat is geopend.',
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      if (error.errors.length)
        return show(req, res, { values, errors: errorsByField(mapping, error.errors), status: error.status });
      return show(req, res, { values, refusal: error.message, status: error.status });
    }
  });
}
