/** The consulent records a participation activity's status change (src/domain/participatie.ts). */
import { firstRefusal } from '../../../domain/rule-result';
import type { ParticipatieMelding } from '../../../domain/participatie';
import { decide } from '../effects';
import { recordParticipatieStatusUpdate, type ParticipatieStatusInput } from '../messages';
import { applyParticipatie, checkParticipatieMelding } from '../participatie';
import { checkDate, checkOpen, defineDecision, details } from './define';

function meldingOf(input: ParticipatieStatusInput): ParticipatieMelding {
  return {
    soort: input.soort,
    status: input.status,
    datum: input.date,
    ...(input.urenPerWeek !== undefined ? { urenPerWeek: input.urenPerWeek } : {}),
    ...(input.participatiewet !== undefined ? { participatiewet: input.participatiewet } : {}),
  };
}

export const recordParticipatieStatus = defineDecision({
  update: recordParticipatieStatusUpdate,
  validate: (state, input, ctx) =>
    firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum', ctx.today),
      checkParticipatieMelding(state, meldingOf(input), ctx, 'CONSULENT'),
    ),
  apply: (state, input) => {
    decide(state, { kind: 'PARTICIPATIE_VASTGELEGD', date: input.date, details: details(input) });
    applyParticipatie(state, meldingOf(input), input.date);
  },
});
