/**
 * Participation activities in the trajectory: kept in step with the PIP's agreements, moved by
 * a partner's PARTICIPATIE_STATUS or the consulent's decision (the rules:
 * src/domain/participatie.ts), and the outcome written when the trajectory ends.
 */
import {
  applyParticipatieMelding,
  deriveUitstroom,
  participatieNaPip,
  validateParticipatieMelding,
  type ParticipatieMelding,
} from '../../domain/participatie';
import type { RuleResult } from '../../domain/rule-result';
import type { IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import { monitor, timeline } from './effects';
import type { PipRecord, UitstroomInput } from './messages';
import type { TrajectoryState } from './state';

/** After a PIP (vaststelling or bijstelling): its agreements become (or stay) activities. */
export function syncParticipatieWithPip(state: TrajectoryState, pip: PipRecord): void {
  if (!pip.participatie && !state.participatie) return;
  state.participatie = participatieNaPip(state.participatie, pip.participatie, pip.dagtekening);
}

export function checkParticipatieMelding(
  state: TrajectoryState,
  melding: ParticipatieMelding,
  ctx: RuleContext,
  bron: 'PARTNER' | 'CONSULENT',
): RuleResult {
  return validateParticipatieMelding(state.participatie ?? [], melding, {
    targetGroup: state.targetGroup,
    today: ctx.today,
    urenVerplichtBijWerk: bron === 'CONSULENT',
  });
}

/** Applies an accepted status change; the timeline says which activity and what. */
export function applyParticipatie(state: TrajectoryState, melding: ParticipatieMelding, on: IsoDate): void {
  state.participatie = applyParticipatieMelding(state.participatie ?? [], melding);
  timeline(state, on, `PARTICIPATIE:${melding.soort}:${melding.status}`);
}

/**
 * A partner's report: signals cannot be refused, so a report the rules refuse (e.g. "gestopt"
 * for an activity that never started) changes nothing and is noted in the timeline with the rule.
 */
export function applyParticipatieReport(
  state: TrajectoryState,
  melding: ParticipatieMelding,
  on: IsoDate,
  ctx: RuleContext,
): void {
  const verdict = checkParticipatieMelding(state, melding, ctx, 'PARTNER');
  if (!verdict.ok) {
    timeline(state, on, `PARTICIPATIE_GENEGEERD:${verdict.rule}`);
    return;
  }
  applyParticipatie(state, melding, on);
}

/**
 * The outcome at the end (framework: uitstroom naar werk, opleiding): the consulent's, or derived
 * from the activities still running that day. Kept in the view and written as the monitor's
 * UITSTROOM record, which the monitor's uitstroom figures and the CBS delivery read.
 */
export function recordUitstroom(state: TrajectoryState, on: IsoDate, given: UitstroomInput | undefined): void {
  state.uitstroom = given
    ? {
        datum: on,
        uitkomst: given.uitkomst,
        ...(given.urenPerWeek !== undefined ? { urenPerWeek: given.urenPerWeek } : {}),
        bron: 'CONSULENT',
      }
    : deriveUitstroom(state.participatie, on);
  const { datum, uitkomst, urenPerWeek } = state.uitstroom;
  timeline(state, on, `UITSTROOM:${uitkomst}${urenPerWeek !== undefined ? `:${urenPerWeek}` : ''}`);
  monitor(state, 'uitstroom', 'UITSTROOM', { datum, uitkomst, ...(urenPerWeek !== undefined ? { urenPerWeek } : {}) });
}
