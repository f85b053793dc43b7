/**
 * Versioning (ARCHITECTURE.md principle 2): every change to workflow logic that affects
 * history is guarded by a patch id; recorded histories (test/fixtures/histories) replay in CI.
 * Call `patched(PATCHES.x)` only where the new behaviour differs from the old one.
 */
export const PATCHES = {
  /** The projection row exists before the first task is written (Task has a FK to it). */
  projectBeforeFirstEffects: 'project-before-first-effects',
  /** Each enqueued outbox message is delivered by an abandoned child workflow. */
  deliverOutboxViaChild: 'deliver-outbox-via-child-workflow',
  /** SS109 (temporary vrijstelling) makes a PLICHT_GESCHORST task instead of TRAJECT_CONTROLEREN. */
  plichtGeschorstTask: 'ss109-plicht-geschorst-task',
  /**
   * SS130 ends the suspension: its task closes, and a voortgangsgesprek that fell due while
   * the plicht was suspended is not overdue — the cadence starts again from the resumption.
   */
  resumeAfterSuspension: 'ss130-resume-restarts-voortgang-cadence',
  /**
   * SS125 (→ asielstatushouder) during a running route only registers the person for the
   * leerroute the gemeente now offers; PVT/MAP are not started again and the voortgangsgesprek
   * cadence is not reset to the route start (that re-armed an overdue talk).
   */
  doelgroepRegistersLeerrouteOnly: 'ss125-register-leerroute-only',
} as const;
