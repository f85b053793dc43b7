/** Completion (the afronding for a person to confirm) and closing the trajectory. */
import { evaluateCompletion } from '../../domain/completion';
import type { CloseReason, IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import { flushGevolgdeUren } from './duo-reports';
import { closeTaskByKey, decide, monitor, openTask, reportToDuo, tellRoutePartners, timeline } from './effects';
import { endOntzorgen } from './ontzorgen';
import { enterPhase } from './phases';
import type { UitstroomInput } from './messages';
import { recordUitstroom } from './participatie';
import type { TrajectoryState } from './state';

export function completionOf(state: TrajectoryState) {
  if (!state.pip) return undefined;
  return evaluateCompletion(state.pip.leerroute, state.targetGroup, {
    ...state.progress,
    ...(state.ontheffing ? { ontheffing: state.ontheffing } : {}),
  });
}

/** When everything is done, a person confirms the afronding (AFRONDING_BEOORDELEN → closeTrajectoryUpdate). */
export function checkCompletion(state: TrajectoryState, ctx: RuleContext): void {
  if (state.status === 'AFGESLOTEN' || state.afrondingTaskKey) return;
  if (state.phase !== 'LEERROUTE' && state.phase !== 'OPSTARTKLAS') return;
  if (completionOf(state)?.complete) {
    state.afrondingTaskKey = openTask(state, 'afronding', 'AFRONDING_BEOORDELEN', ctx);
    timeline(state, ctx.today, 'VOLDAAN_TE_BEOORDELEN');
  }
}

/** Closes the trajectory on `on` (a consulent's decision, or DUO's register: `source` says which). */
export function closeTrajectory(
  state: TrajectoryState,
  ctx: RuleContext,
  on: IsoDate,
  reason: CloseReason,
  source: string,
  uitstroom?: UitstroomInput,
): void {
  if (state.status === 'AFGESLOTEN') return;
  const closing = { ...ctx, today: on };
  if (reason === 'PLICHT_VOLDAAN' && state.pip?.leerroute === 'Z' && source === 'CONSULENT') {
    reportToDuo(state, 'z-route-afgerond', {
      recipient: 'DUO',
      type: 'Z_ROUTE_AFGEROND',
      payload: { datumAfronding: on },
    });
  }
  // After a death (SS111) nothing goes to DUO: its hours administration is irrelevant once the
  // person has died (DUO's notes on SS111). Only the ontzorgen provider hears to stop (below).
  if (reason !== 'OVERLEDEN') flushGevolgdeUren(state);
  endOntzorgen(state, closing, 'TRAJECT_AFGESLOTEN');
  // Deregistration: every other provider in the route stops (not after a death: then only the
  // ontzorgen provider hears, above). Held messages will never go out: no consent, no message.
  if (reason !== 'OVERLEDEN') {
    tellRoutePartners(
      state,
      'beeindigd',
      { type: 'TRAJECT_BEEINDIGD', payload: { einde: on, reden: reason } },
      closing,
      'skip',
    );
  }
  for (const key of Object.keys(state.openTasks)) closeTaskByKey(state, key, 'traject afgesloten');
  // Held partner messages are obsolete once the trajectory is closed.
  state.heldMessages = [];
  state.status = 'AFGESLOTEN';
  state.closeReason = reason;
  state.closedOn = on;
  enterPhase(state, 'AFGEROND', closing);
  decide(state, { kind: 'AFGESLOTEN', date: on, details: { reden: reason, bron: source } });
  monitor(state, 'afgesloten', 'TRAJECT_AFGESLOTEN', { reden: reason, bron: source });
  // The outcome (work, education, …) — not after a death, when there is none to speak of.
  if (reason !== 'OVERLEDEN') recordUitstroom(state, on, uitstroom);
}
