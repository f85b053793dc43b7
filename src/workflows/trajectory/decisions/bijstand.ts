/**
 * Bijstand gestart / beëindigd / geen (framework 4.4): the consulent records the fact that
 * decides ontzorgen (bijstand.ts applies it, the same as the income department's event). Unlike
 * the event, an illegal change is refused with the rule and a Dutch reason.
 */
import { BIJSTAND_EINDE_REDENEN, BIJSTAND_SOORTEN, type BijstandChange } from '../../../domain/bijstand';
import { checkVasteLasten } from '../../../domain/ontzorgen';
import { RULE_OK, firstRefusal, refuse } from '../../../domain/rule-result';
import { changeBijstand, checkBijstand } from '../bijstand';
import { decide } from '../effects';
import { recordBijstandUpdate, type BijstandInput } from '../messages';
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
