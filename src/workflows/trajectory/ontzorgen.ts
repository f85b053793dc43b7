/**
 * Ontzorgen's start and end (framework 4.4): the messages to the ontzorgen provider. Its own
 * module so that the klantreis (phases.ts) and the bijstand (bijstand.ts) both use it without
 * importing each other.
 */
import { isBefore } from '../../domain/dates';
import { ontzorgenPeriod, vasteLastenFor } from '../../domain/ontzorgen';
import type { IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import { sendToPartner, timeline } from './effects';
import type { TrajectoryState } from './state';

/**
 * Ontzorgen starts: the provider hears the period and the fixed costs it takes over (per month,
 * whole cents): those named with the bijstand, the rest from the gemeente's policy defaults.
 */
export function startOntzorgen(state: TrajectoryState, ctx: RuleContext, start: IsoDate): void {
  state.ontzorgen = { start, end: ontzorgenPeriod(start).end, status: 'LOPEND', checkInsDone: 0 };
  const vasteLastenCent = vasteLastenFor(state.vasteLastenCent, state.policy.ontzorgenVasteLastenCent);
  sendToPartner(
    state,
    'ontzorgen-start',
    {
      recipient: 'ONTZORGEN',
      type: 'ONTZORGEN_START',
      payload: { start, einde: state.ontzorgen.end, vasteLastenCent },
    },
    ctx,
  );
}

/** Ontzorgen stops on `on` (default today): after six months, or early (bijstand ended, trajectory closed…). */
export function endOntzorgen(state: TrajectoryState, ctx: RuleContext, reason: string, on = ctx.today): void {
  if (!state.ontzorgen || state.ontzorgen.status !== 'LOPEND') return;
  state.ontzorgen.status = 'BEEINDIGD';
  state.ontzorgen.eindeReden = reason;
  if (isBefore(on, state.ontzorgen.end)) state.ontzorgen.end = on;
  sendToPartner(
    state,
    'ontzorgen-einde',
    { recipient: 'ONTZORGEN', type: 'ONTZORGEN_EINDE', payload: { einde: on, reden: reason } },
    ctx,
  );
  timeline(state, ctx.today, `ONTZORGEN_EINDE:${reason}`);
}
