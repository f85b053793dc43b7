/** Closing decisions: the trajectory (afronding, or another reason) and a task done by a person. */
import { isAfter } from '../../../domain/dates';
import { validateUitstroom } from '../../../domain/participatie';
import { RULE_OK, firstRefusal, refuse } from '../../../domain/rule-result';
import { CLOSE_REASONS } from '../../../domain/types';
import { closeTrajectory, completionOf } from '../closing';
import { closeTaskByKey } from '../effects';
import { closeTaskUpdate, closeTrajectoryUpdate } from '../messages';
import { checkDate, checkOpen, defineDecision, isOneOf } from './define';
import { holdVoortgangsgesprek } from './route';

export const closeTrajectoryDecision = defineDecision({
  update: closeTrajectoryUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum', today),
      isOneOf(CLOSE_REASONS, input.reason) ? RULE_OK : refuse('ONGELDIGE_INVOER', 'Onbekende reden van afsluiten.'),
      input.uitstroom === undefined ? RULE_OK : validateUitstroom(input.uitstroom),
    );
    if (!basics.ok || input.reason !== 'PLICHT_VOLDAAN') return basics;
    const completion = completionOf(state);
    if (completion?.complete) return RULE_OK;
    const missing = completion ? completion.missing.map((item) => item.label).join('; ') : 'er is nog geen PIP';
    return refuse('AFRONDING_ONVOLLEDIG', `De inburgeringsplicht is nog niet voldaan: ${missing}.`);
  },
  apply: (state, input, ctx) =>
    closeTrajectory(
      state,
      ctx,
      isAfter(input.date, ctx.today) ? ctx.today : input.date,
      input.reason,
      'CONSULENT',
      input.uitstroom,
    ),
});

export const closeTaskDecision = defineDecision({
  update: closeTaskUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkDate(input.date, 'Datum', today),
      state.openTasks[input.taskKey]
        ? RULE_OK
        : refuse('TAAK_ONBEKEND', `Geen open taak met sleutel ${input.taskKey}.`),
    ),
  apply: (state, input, ctx) => {
    const task = state.openTasks[input.taskKey];
    closeTaskByKey(state, input.taskKey, 'afgehandeld door medewerker');
    // Ticking off the task counts as holding the talk (outcome unknown).
    if (task?.type === 'VOORTGANGSGESPREK')
      holdVoortgangsgesprek(state, { date: input.date, outcome: 'OP_SCHEMA' }, ctx);
  },
});
