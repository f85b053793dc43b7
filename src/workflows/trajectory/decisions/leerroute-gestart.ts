/**
 * The consulent records the real start of the leerroute, for a provider without a system
 * (issue 12 §3). Same rule and effect as the taalaanbieder's LEERROUTE_GESTART — the date goes
 * to DUO as the inburgeringsaanbod — but, being a decision, a repeat or a bad date is refused.
 */
import { checkLeerrouteGestart } from '../../../domain/leerroute-gestart';
import { firstRefusal } from '../../../domain/rule-result';
import { decide } from '../effects';
import { leerrouteGestartFacts } from '../events';
import { recordLeerrouteGestartUpdate } from '../messages';
import { recordLeerrouteGestart } from '../phases';
import { checkOpen, defineDecision } from './define';

export const recordLeerrouteGestartDecision = defineDecision({
  update: recordLeerrouteGestartUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(checkOpen(state), checkLeerrouteGestart(leerrouteGestartFacts(state), input.start, today)),
  apply: (state, input, ctx) => {
    decide(state, { kind: 'LEERROUTE_GESTART', date: input.start, details: { start: input.start } });
    recordLeerrouteGestart(state, ctx, input.start);
  },
});
