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
  /**
   * A partner message is enqueued with the consent the workflow decided on (scope, date,
   * stateVersion); the delivery gate checks that snapshot, since the projection is written only
   * after the delivery has started and would still show the consent from before the decision.
   */
  outboxConsentSnapshot: 'outbox-consent-snapshot',
  /**
   * A transfer to another served gemeente (SS120/SS121) re-issues the open tasks for the new
   * gemeente (werkvoorraad tenancy follows Task.gemeente) and clears the old consulent.
   */
  transferReissuesOpenTasks: 'transfer-reissues-open-tasks',
  /**
   * After an overdue voortgangsgesprek escalates, the next talk is planned one interval after
   * the missed due date (the cadence stopped there); holding a talk also closes open escalations.
   */
  voortgangCadenceAfterMissedTalk: 'voortgang-cadence-after-missed-talk',
  /** An asielstatushouder's leerroute registration also reports the Inburgeringsaanbod to DUO. */
  duoInburgeringsaanbod: 'duo-inburgeringsaanbod-with-leerroute',
  /** A trajectory started with a consulent reports that consulent to DUO as Contactpersoon. */
  duoContactpersoon: 'duo-contactpersoon-at-start',
  /**
   * Provider hours (UREN) are reported to DUO as totals (Gevolgde uren) on the first of the
   * next month, and once more when the trajectory closes.
   */
  duoGevolgdeUren: 'duo-gevolgde-uren-monthly',
  /**
   * A transfer to another served gemeente switches to that gemeente's policy (bijstellingen,
   * warnings, cadence), when the starter passed the served gemeenten's policies.
   */
  transferSwitchesPolicy: 'transfer-switches-policy',
  /** While the plicht is suspended (SS109) the PIP deadline warning and escalation do not fire. */
  pipTimersPauseWhileSuspended: 'ss109-pauses-pip-deadline-timers',
} as const;
