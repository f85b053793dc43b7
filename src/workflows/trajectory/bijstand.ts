/**
 * The bijstand fact in the trajectory (src/domain/bijstand.ts) and what follows from it:
 * ontzorgen runs from the start of the bijstand for six months (an asielstatushouder, art. 56a
 * Participatiewet) and ends early when the bijstand ends (e.g. for work). A trajectory started
 * without the fact asks the consulent (task BIJSTAND_VASTSTELLEN) where it matters for the offer.
 */
import {
  applyBijstandChange,
  checkBijstandChange,
  isOnBijstand,
  type BijstandChange,
  type BijstandFact,
} from '../../domain/bijstand';
import { ontzorgenEarlyEnd, ontzorgenFromBijstand, type VasteLastenCent } from '../../domain/ontzorgen';
import { offerFor } from '../../domain/offer';
import type { RuleResult } from '../../domain/rule-result';
import type { IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import { closeTasksOfType, openTask } from './effects';
import { endOntzorgen, startOntzorgen } from './ontzorgen';
import type { TrajectoryState } from './state';

export const BIJSTAND_TASK_STEP = 'bijstand-vaststellen';

/** The fact (states carried from before it existed: derived from onBijstand). */
export function bijstandOf(state: TrajectoryState): BijstandFact {
  return state.bijstand ?? (state.onBijstand ? { status: 'LOPEND' } : { status: 'GEEN' });
}

/** Whether bijstand would change the offer: only an asielstatushouder (new law) gets ontzorgen. */
function bijstandMatters(state: TrajectoryState, today: IsoDate): boolean {
  return offerFor({ targetGroup: state.targetGroup, onBijstand: true, ondertussengroep: state.ondertussengroep, today })
    .ontzorgen;
}

/** Unknown and it matters: the consulent is asked to establish it (once). */
export function askForBijstand(state: TrajectoryState, ctx: RuleContext): void {
  if (bijstandOf(state).status !== 'ONBEKEND' || !bijstandMatters(state, ctx.today)) return;
  openTask(state, BIJSTAND_TASK_STEP, 'BIJSTAND_VASTSTELLEN', ctx);
}

export function checkBijstand(state: TrajectoryState, change: BijstandChange): RuleResult {
  return checkBijstandChange(bijstandOf(state), change);
}

/** Applies an accepted change (decision or INKOMEN event) and its consequences for ontzorgen. */
export function changeBijstand(
  state: TrajectoryState,
  change: BijstandChange,
  ctx: RuleContext,
  vasteLasten?: Partial<VasteLastenCent>,
): void {
  const fact = applyBijstandChange(bijstandOf(state), change);
  state.bijstand = fact;
  state.onBijstand = isOnBijstand(fact);
  if (change.soort === 'GESTART' && vasteLasten !== undefined) state.vasteLastenCent = { ...vasteLasten };
  closeTasksOfType(state, ['BIJSTAND_VASTSTELLEN'], `bijstand vastgelegd: ${change.soort}`);
  if (change.soort === 'GESTART') startOntzorgenFromBijstand(state, ctx);
  if (change.soort === 'BEEINDIGD' && state.ontzorgen?.status === 'LOPEND') {
    const early = ontzorgenEarlyEnd(state.ontzorgen, change.datum);
    if (early !== undefined) endOntzorgen(state, ctx, `BIJSTAND_BEEINDIGD_${change.reden}`, early);
  }
}

/**
 * Starts ontzorgen when it is offered, has not run yet and the bijstand runs: from the start
 * of the bijstand (or `eligibleFrom`, when the person only became eligible then), unless those
 * six months are already over.
 */
export function startOntzorgenFromBijstand(state: TrajectoryState, ctx: RuleContext, eligibleFrom?: IsoDate): void {
  const fact = bijstandOf(state);
  if (state.ontzorgen || !isOnBijstand(fact) || !bijstandMatters(state, ctx.today)) return;
  const period = ontzorgenFromBijstand({
    bijstandStart: fact.start ?? ctx.today,
    ...(eligibleFrom !== undefined ? { eligibleFrom } : {}),
    today: ctx.today,
  });
  if (period) startOntzorgen(state, ctx, period.start);
}
