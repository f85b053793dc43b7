/** "Meldingen": how the consulent gets notices of tasks by e-mail (the API's own operation). */
import type express from 'express';
import { fieldErrorsFromZod } from '../../api/http/errors';
import { readPreference, savePreference, ZNotificationPreference } from '../../api/notifications/preference';
import { NOTICE_DUE_WITHIN_DAYS, NOTICE_MODES, NOTICE_MODE_LABELS } from '../../domain/notifications';
import { errorsByField, type FieldSpec, type FormValues } from '../decision-forms';
import { redirectWithMessage } from '../render';
import type { PageContext } from '../page-context';

const FIELDS: FieldSpec[] = [
  {
    name: 'mode',
    label: 'Meldingen per e-mail',
    type: 'radio',
    required: true,
    options: NOTICE_MODES.map((mode) => ({ value: mode, label: NOTICE_MODE_LABELS[mode] })),
  },
  {
    name: 'email',
    label: 'E-mailadres',
    type: 'text',
    autocomplete: 'email',
    hint: 'Leeg: uw gebruikersnaam als dat een e-mailadres is, anders de teammailbox van uw gemeente.',
  },
];

const one = (values: FormValues, name: string) => {
  const value = values[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.trim() : undefined;
};

export function registerNotificationPages(router: express.Router, { deps, render, allow }: PageContext): void {
  const show = async (
    req: express.Request,
    res: express.Response,
    state: { values?: FormValues; errors?: Record<string, string>; status?: number } = {},
  ) => {
    const current = await readPreference(deps, req.principal!);
    render.page(
      req,
      res,
      'notifications',
      {
        title: 'Meldingen',
        fields: FIELDS,
        values: state.values ?? { mode: current.mode, email: current.email ?? '' },
        errors: state.errors ?? {},
        days: NOTICE_DUE_WITHIN_DAYS,
        digestHour: deps.config.NOTICE_DIGEST_HOUR,
      },
      state.status ?? 200,
    );
  };
  router.get('/meldingen', allow('consulent'), (req, res) => show(req, res));
  router.post('/meldingen', allow('consulent'), async (req, res) => {
    const values = req.body as FormValues;
    const parsed = ZNotificationPreference.safeParse({
      mode: one(values, 'mode'),
      email: one(values, 'email') ?? null,
    });
    if (!parsed.success) {
      const errors = errorsByField({}, fieldErrorsFromZod(parsed.error), '', values);
      return show(req, res, { values, errors, status: 422 });
    }
    await savePreference(deps, req.principal!, parsed.data);
    redirectWithMessage(req, res, '/meldingen', 'Uw keuze voor meldingen is opgeslagen.');
  });
}
