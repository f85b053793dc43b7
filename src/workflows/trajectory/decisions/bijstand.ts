/**
 * Bijstand gestart / beëindigd / geen (framework 4.4): the consulent records the fact that
 * decides ontzorgen (bijstand.ts applies it, the same as the income department's event). Unlike
 * the event, an illegal change is refused with the rule and a Dutch reason. And the evaluation
 * of ontzorgen when it has ended.
 */
import { BIJSTAND_EINDE_REDENEN, BIJSTAND_SOORTEN, type BijstandChange } from '../../../domain/bijstand';
import { ONTZORGEN_EVALUATIE_UITKOMSTEN, checkOntzorgenEvaluatie, checkVasteLasten } from '../../../domain/ontzorgen';
import { RULE_OK, firstRefusal, refuse } from '../../../domain/rule-result';
import { changeBijstand, checkBijstand } from '../bijstand';
import { closeTasksOfType, decide, monitor } from '../effects';
import { recordBijstandUpdate, recordOntzorgenEvaluatieUpdate, type BijstandInput } from '../messages';
import { checkDate, checkOpen, defineDecision, isOneOf } from './define';

function changeOf(input: BijstandInput): BijstandChange {
  return input.soort === 'BEEINDIGD'
    ? { soort: 'BEEINDIGD', datum: input.datum, reden: input.reden ?? 'ANDERS' }
    : { soort: input.soort, datum: input.datum };
}

export const recordBijstand = defineDecision({
  update: recordBijstandUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      isOneOf(BIJSTAND_SOORTEN, input.soort)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', `Soort: een van ${BIJSTAND_SOORTEN.join(', ')}.`),
      checkDate(input.datum, 'Datum', today),
      input.soort === 'BEEINDIGD'
        ? isOneOf(BIJSTAND_EINDE_REDENEN, input.reden)
          ? RULE_OK
          : refuse('ONGELDIGE_INVOER', `Reden van het einde: een van ${BIJSTAND_EINDE_REDENEN.join(', ')}.`)
        : input.reden === undefined
          ? RULE_OK
          : refuse('ONGELDIGE_INVOER', 'Een reden hoort alleen bij het einde van de bijstand.'),
      input.vasteLasten === undefined || input.soort === 'GESTART'
        ? checkVasteLasten(input.vasteLasten)
        : refuse('ONGELDIGE_INVOER', 'Vaste lasten horen alleen bij de start van de bijstand.'),
    );
    return basics.ok ? checkBijstand(state, changeOf(input)) : basics;
  },
  apply: (state, input, ctx) => {
    decide(state, {
      kind: 'BIJSTAND_VASTGELEGD',
      date: input.datum,
      details: {
        soort: input.soort,
        datum: input.datum,
        ...(input.reden !== undefined ? { reden: input.reden } : {}),
        ...(input.vasteLasten !== undefined ? { vasteLasten: Object.keys(input.vasteLasten).length } : {}),
      },
    });
    changeBijstand(state, changeOf(input), ctx, input.vasteLasten);
  },
});

/**
 * The evaluation of ontzorgen (framework 4.4: "met als doel om na 6 maanden financieel
 * zelfredzaam te zijn"): its outcome is recorded, counted by the monitor (ONTZORGEN_GEEVALUEERD)
 * and closes the ONTZORGEN_EVALUATIE task.
 */
export const recordOntzorgenEvaluatie = defineDecision({
  update: recordOntzorgenEvaluatieUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum', today),
      isOneOf(ONTZORGEN_EVALUATIE_UITKOMSTEN, input.uitkomst)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', `Uitkomst: een van ${ONTZORGEN_EVALUATIE_UITKOMSTEN.join(', ')}.`),
      checkOntzorgenEvaluatie(state.ontzorgen, input.date),
    ),
  apply: (state, input) => {
    const evaluatie = { datum: input.date, uitkomst: input.uitkomst };
    if (state.ontzorgen) state.ontzorgen.evaluatie = evaluatie;
    decide(state, { kind: 'ONTZORGEN_GEEVALUEERD', date: input.date, details: { uitkomst: input.uitkomst } });
    monitor(state, 'ontzorgen-geevalueerd', 'ONTZORGEN_GEEVALUEERD', evaluatie);
    closeTasksOfType(state, ['ONTZORGEN_EVALUATIE'], `ontzorgen geëvalueerd: ${input.uitkomst}`);
  },
});
