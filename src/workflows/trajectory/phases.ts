/**
 * The klantreis: the start of a trajectory, entering a phase (and its tasks), the module that
 * starts with the PIP (maatschappelijke begeleiding), ontzorgen (from the start of the
 * bijstand: bijstand.ts) and the start of the leerroute.
 */
import { offerFor, type Offer } from '../../domain/offer';
import { computePipDeadline } from '../../domain/pip-deadline';
import type { IsoDate, Phase } from '../../domain/types';
import { nextVoortgangsgesprekDate } from '../../domain/voortgang';
import { askForBijstand, startOntzorgenFromBijstand } from './bijstand';
import type { RuleContext } from './context';
import { reportContactpersoon, reportInburgeringsaanbod } from './duo-reports';
import { closeTasksOfType, openTask, sendToPartner, timeline } from './effects';
import type { TrajectoryInput } from './messages';
import {
  leerrouteRegistration,
  mbRegistration,
  moduleRegistrations,
  participatieRegistrations,
  sendRegistrations,
} from './registrations';
import type { TrajectoryState } from './state';

export function currentOffer(state: TrajectoryState, today: IsoDate): Offer {
  return offerFor({
    targetGroup: state.targetGroup,
    onBijstand: state.onBijstand,
    ondertussengroep: state.ondertussengroep,
    today,
  });
}

export function pipDeadlineOf(state: TrajectoryState): IsoDate | undefined {
  return state.pipClock ? computePipDeadline(state.pipClock) : undefined;
}

/**
 * A new trajectory: the start is recorded, the consulent reported to DUO (or, started without
 * one — e.g. by DUO's notification — the team asked to assign one), the first phase entered.
 */
export function beginTrajectory(state: TrajectoryState, input: TrajectoryInput, ctx: RuleContext): TrajectoryState {
  if (input.existing?.bredeIntakeDone) state.bredeIntake = { date: ctx.today, done: [], notDone: [] };
  // On bijstand without a start date: it counts from the start of the trajectory.
  if (state.bijstand?.status === 'LOPEND' && state.bijstand.start === undefined) state.bijstand.start = ctx.today;
  timeline(state, ctx.today, `START:${state.phase}`);
  reportContactpersoon(state);
  askForConsulent(state, ctx);
  askForConsent(state, ctx);
  askForBijstand(state, ctx);
  enterPhase(state, state.phase, ctx, input.existing?.leerrouteStart ?? ctx.today);
  startOntzorgenFromBijstand(state, ctx);
  return state;
}

/**
 * Framework 5.7: the machtiging is signed at the start, at the brede intake at the latest. A
 * trajectory without one asks for it from its first day (not only once a partner message waits);
 * until it is recorded no personal data goes to a partner (effects.ts holds those messages).
 */
export function askForConsent(state: TrajectoryState, ctx: RuleContext): void {
  if (state.consent === undefined) openTask(state, 'machtiging', 'MACHTIGING_VASTLEGGEN', ctx);
}

/** No consulent: a task for the gemeente's team (unassigned) to assign one. */
export function askForConsulent(state: TrajectoryState, ctx: RuleContext): void {
  if (state.consulentId === undefined) openTask(state, 'consulent-toewijzen', 'CONSULENT_TOEWIJZEN', ctx);
}

/** Enters a phase and creates its tasks. `routeStart` is the leerroute start date when entering LEERROUTE. */
export function enterPhase(state: TrajectoryState, phase: Phase, ctx: RuleContext, routeStart = ctx.today): void {
  const changed = state.phase !== phase;
  state.phase = phase;
  if (changed) timeline(state, ctx.today, `FASE:${phase}`);
  switch (phase) {
    case 'KOPPELING':
    case 'WARME_OVERDRACHT':
      openTask(state, 'warme-overdracht', 'WARME_OVERDRACHT', ctx);
      return;
    case 'BREDE_INTAKE':
      openTask(state, 'brede-intake', 'BREDE_INTAKE', ctx);
      return;
    case 'PIP': {
      const deadline = state.pip ? undefined : pipDeadlineOf(state);
      openTask(state, 'pip-opstellen', 'PIP_OPSTELLEN', ctx, deadline ? { deadline } : {}, deadline);
      return;
    }
    case 'OPSTARTKLAS':
      return;
    case 'LEERROUTE':
      startLeerroute(state, ctx, routeStart);
      return;
    case 'AFGEROND':
      return;
  }
}

/**
 * What starts with the PIP: maatschappelijke begeleiding, when offered (ontzorgen follows the
 * bijstand), and the registration of the participation agreements with their partner kinds.
 */
export function startPipModules(state: TrajectoryState, ctx: RuleContext, start: IsoDate): void {
  const offer = currentOffer(state, ctx.today);
  const pip = state.pip;
  if (offer.maatschappelijkeBegeleiding && !state.mb && pip) {
    const registration = mbRegistration(pip, start);
    state.mb = { startedOn: start, status: 'AANGEMELD' };
    sendToPartner(state, registration.step, registration.message, ctx);
  }
  sendRegistrations(state, participatieRegistrations(pip), ctx);
}

/** The leerroute starts: provider registration (when the gemeente offers the route), MAP/PVT, cadence. */
export function startLeerroute(state: TrajectoryState, ctx: RuleContext, start: IsoDate): void {
  if (state.leerrouteStart) return;
  state.leerrouteStart = start;
  registerForLeerroute(state, ctx, start);
  sendRegistrations(state, moduleRegistrations(state, ctx.today, start), ctx);
  scheduleNextVoortgangsgesprek(state, start);
}

/**
 * Registers the person with the provider for the leerroute, when the gemeente offers it. The
 * inburgeringsaanbod to DUO waits for the real start (LEERROUTE_GESTART, `recordLeerrouteGestart`);
 * when the start was already recorded (a doelgroep change to asiel later), it goes now.
 */
export function registerForLeerroute(state: TrajectoryState, ctx: RuleContext, start: IsoDate): void {
  const registration = leerrouteRegistration(state, ctx.today, start);
  if (!registration) return;
  sendToPartner(state, registration.step, registration.message, ctx);
  if (state.leerrouteGestartOn) reportInburgeringsaanbod(state, state.leerrouteGestartOn);
}

/**
 * The leerroute really started on `datum` (provider event or consulent decision, checked by
 * `checkLeerrouteGestart`): recorded once, and that date goes to DUO as the inburgeringsaanbod
 * (asielstatushouders, when the gemeente offers the route — as the registration).
 */
export function recordLeerrouteGestart(state: TrajectoryState, ctx: RuleContext, datum: IsoDate): void {
  state.leerrouteGestartOn = datum;
  if (currentOffer(state, ctx.today).leerrouteOffer && state.pip) reportInburgeringsaanbod(state, datum);
}

export function scheduleNextVoortgangsgesprek(state: TrajectoryState, from: IsoDate): void {
  state.voortgang.nextDue = nextVoortgangsgesprekDate(from, state.policy);
}

/** After the PIP clock moved: obsolete warnings/escalations close, the PIP task gets the new deadline. */
export function refreshPipTask(state: TrajectoryState, ctx: RuleContext): void {
  if (state.pip) return;
  closeTasksOfType(state, ['PIP_DEADLINE_WAARSCHUWING', 'PIP_DEADLINE_ESCALATIE'], 'PIP-termijn opnieuw gestart');
  if (state.phase === 'PIP') enterPhase(state, 'PIP', ctx);
}
