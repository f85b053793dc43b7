import { offerFor } from '../../src/domain/offer';
import type { TrajectoryView } from '../../src/workflows/trajectory/messages';

/** A minimal valid view for projection tests. */
export function sampleView(
  overrides: Partial<TrajectoryView> & { trajectoryId: string; stateVersion: number },
): TrajectoryView {
  return {
    schemaVersion: 1,
    asOf: '2027-01-01',
    gemeente: 'oosterhout',
    targetGroup: 'asielstatushouder',
    ondertussengroep: false,
    onBijstand: true,
    status: 'ACTIEF',
    phase: 'KOPPELING',
    offer: offerFor({
      targetGroup: 'asielstatushouder',
      onBijstand: true,
      ondertussengroep: false,
      today: '2027-01-01',
    }),
    dates: {},
    pipBijstellingen: 0,
    modules: {
      hours: { TAAL_KNM: 0, PARTICIPATIE: 0, MAP: 0, PVT: 0, LES: 0 },
      inPersonLessonHours: 0,
      examResults: {},
      knmPassed: false,
      pvtSigned: false,
      mapEindgesprek: false,
      zRouteEindgesprek: false,
      onderwijsProgrammeDone: false,
      pvtBeoordeeld: false,
      mapBeoordeeld: false,
    },
    deadlines: [],
    openTasks: [],
    pendingPartnerMessages: [],
    decisions: [],
    timeline: [],
    handhavingVoorstellen: 0,
    ...overrides,
  };
}
