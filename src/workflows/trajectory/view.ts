/** The query shape: the state as people and machines read it (versioned, no personal data). */
import { daysBetween } from '../../domain/dates';
import { isPausedWhileSuspended } from '../../domain/deadlines';
import type { IsoDate } from '../../domain/types';
import type { PendingPartnerMessageView, TrajectoryView } from './messages';
import { TRAJECTORY_VIEW_SCHEMA_VERSION } from './messages';
import { bijstandOf } from './bijstand';
import { completionOf } from './closing';
import { currentOffer, pipDeadlineOf } from './phases';
import type { TrajectoryState } from './state';
import { deadlinesOf } from './timers';

export function buildView(state: TrajectoryState, today: IsoDate): TrajectoryView {
  // Suspended (SS109): the PIP deadline does not run, so there is none to show as running.
  const suspended = state.status === 'GESCHORST';
  const pipDeadline = state.pip || suspended ? undefined : pipDeadlineOf(state);
  const completion = completionOf(state);
  const pending: PendingPartnerMessageView[] = state.heldMessages.map(({ key, message }) => ({
    key,
    recipientKind: message.recipient,
    type: message.type,
  }));
  return {
    schemaVersion: TRAJECTORY_VIEW_SCHEMA_VERSION,
    stateVersion: state.stateVersion,
    asOf: today,
    trajectoryId: state.trajectoryId,
    gemeente: state.gemeente,
    targetGroup: state.targetGroup,
    ondertussengroep: state.ondertussengroep,
    onBijstand: state.onBijstand,
    bijstand: bijstandOf(state),
    ...(state.consulentId !== undefined ? { consulentId: state.consulentId } : {}),
    status: state.status,
    phase: state.phase,
    ...(state.closeReason !== undefined ? { closeReason: state.closeReason } : {}),
    ...(state.closedOn !== undefined ? { closedOn: state.closedOn } : {}),
    offer: currentOffer(state, today),
    dates: state.dates,
    ...(state.pipClock ? { pipClock: state.pipClock } : {}),
    ...(pipDeadline ? { pipDeadline } : {}),
    ...(state.pip ? { pip: state.pip } : {}),
    ...(state.firstPipDagtekening ? { firstPipDagtekening: state.firstPipDagtekening } : {}),
    ...(state.firstPip ? { firstPip: { ...state.firstPip } } : {}),
    pipBijstellingen: state.pipBijstellingen,
    ...(state.requiredLeerroute ? { requiredLeerroute: state.requiredLeerroute } : {}),
    ...(state.termijn ? { termijn: state.termijn } : {}),
    ...(state.consent ? { consent: state.consent } : {}),
    ...(state.bredeIntake ? { bredeIntake: state.bredeIntake } : {}),
    ...(state.leerbaarheidstoets ? { leerbaarheidstoets: state.leerbaarheidstoets } : {}),
    ...(state.ontheffing ? { ontheffing: state.ontheffing } : {}),
    modules: {
      hours: { ...state.progress.hours },
      inPersonLessonHours: state.progress.inPersonLessonHours,
      examResults: { ...state.progress.examResults },
      knmPassed: state.progress.knmPassed || state.progress.examResults.KNM !== undefined,
      pvtSigned: state.progress.pvtSigned,
      mapEindgesprek: state.progress.mapEindgesprek,
      zRouteEindgesprek: state.progress.zRouteEindgesprek,
      onderwijsProgrammeDone: state.progress.onderwijsProgrammeDone,
      pvtBeoordeeld: state.progress.pvtBeoordeeld === true,
      mapBeoordeeld: state.progress.mapBeoordeeld === true,
      ...(state.mb ? { maatschappelijkeBegeleiding: state.mb } : {}),
      ...(state.ontzorgen ? { ontzorgen: state.ontzorgen } : {}),
      ...(state.opstartklas ? { opstartklas: state.opstartklas } : {}),
      ...(state.leerrouteStart ? { leerrouteStart: state.leerrouteStart } : {}),
      ...(state.leerrouteGestartOn ? { leerrouteGestart: state.leerrouteGestartOn } : {}),
    },
    ...(completion ? { completion } : {}),
    deadlines: deadlinesOf(state).map((deadline) => ({
      kind: deadline.kind,
      date: deadline.date,
      source: deadline.source,
      daysRemaining: daysBetween(today, deadline.date),
      ...(suspended && isPausedWhileSuspended(deadline.kind) ? { paused: true as const } : {}),
    })),
    openTasks: Object.values(state.openTasks),
    pendingPartnerMessages: pending,
    decisions: state.decisions,
    timeline: state.timeline,
    handhavingVoorstellen: state.handhaving.proposals,
    ...(state.participatie ? { participatie: state.participatie } : {}),
    ...(state.uitstroom ? { uitstroom: state.uitstroom } : {}),
  };
}
