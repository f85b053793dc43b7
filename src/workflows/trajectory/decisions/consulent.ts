/**
 * The consulent of the trajectory is set or changed by a person (framework 4.2, 5.8). The open
 * consulent tasks follow (those of the previous consulent or of nobody), the "wijs een
 * consulent toe" task closes, and DUO gets the new Contactpersoon — on every change, so also
 * after a transfer between gemeenten, when the new gemeente assigns its consulent.
 */
import { checkConsulentChange } from '../../../domain/consulent';
import { firstRefusal } from '../../../domain/rule-result';
import { reportContactpersoon } from '../duo-reports';
import { closeTaskStep, decide } from '../effects';
import { assignConsulentUpdate } from '../messages';
import { checkDate, checkOpen, defineDecision } from './define';

export const CONSULENT_TOEWIJZEN_STEP = 'consulent-toewijzen';

export const assignConsulent = defineDecision({
  update: assignConsulentUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum', today),
      checkConsulentChange(state.consulentId, input.consulentId),
    ),
  apply: (state, input) => {
    const previous = state.consulentId;
    state.consulentId = input.consulentId;
    state.consulentChanges = (state.consulentChanges ?? 0) + 1;
    state.effects.push({
      kind: 'consulentChanged',
      to: input.consulentId,
      ...(previous !== undefined ? { from: previous } : {}),
    });
    closeTaskStep(state, CONSULENT_TOEWIJZEN_STEP, 'consulent toegewezen');
    reportContactpersoon(state);
    // The user ids are facts (no names); the dossier shows who it is from PostgreSQL.
    decide(state, {
      kind: 'CONSULENT_TOEGEWEZEN',
      date: input.date,
      details: { consulentId: input.consulentId, ...(previous !== undefined ? { vorige: previous } : {}) },
    });
  },
});
