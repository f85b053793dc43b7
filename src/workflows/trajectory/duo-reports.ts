/**
 * gemeente → DUO reports the workflow starts itself besides the PIP, the MAP/PVT dates, the
 * Z-route and the verwijtbaarheid (decisions/, events.ts): the Inburgeringsaanbod, the
 * Contactpersoon and the Gevolgde uren.
 *
 * Only facts go into history (dates, codes, counts, the consulent's user id): the delivery
 * activity (src/activities/duo/) resolves the burgerservicenummer, the provider's DUO
 * instellingsnummer and the consulent's contact data from PostgreSQL/configuration.
 */
import { addMonths } from '../../domain/dates';
import { duoUrenTotals, type DuoUrenSoort } from '../../domain/duo-uren';
import type { IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import { reportToDuo } from './effects';
import type { TrajectoryState } from './state';

/**
 * When the leerroute of an asielstatushouder really started (LEERROUTE_GESTART from the
 * taalaanbieder or the consulent's decision, `recordLeerrouteGestart`): the gemeente's
 * inburgeringsaanbod (Wi art. 16) to DUO, dated that start — not the PIP's dagtekening. Which institution: the TAALAANBIEDER assigned to the trajectory, which
 * the delivery activity reads from PostgreSQL (PartnerAssignment) — the workflow does not
 * know the assignment. `datumInburgeringsaanbod` is the start of the route (for B1 and Z
 * also the start of the language lessons, per DUO's spec) — hence the provider's real start.
 */
export function reportInburgeringsaanbod(state: TrajectoryState, start: IsoDate): void {
  const pip = state.pip;
  if (!pip || state.targetGroup !== 'asielstatushouder') return;
  reportToDuo(state, `inburgeringsaanbod:${start}:${pip.leerroute}`, {
    recipient: 'DUO',
    type: 'INBURGERINGSAANBOD',
    payload: {
      datumInburgeringsaanbod: start,
      leerroute: pip.leerroute,
      alfabetisering: pip.alfabetisering,
      targetGroup: state.targetGroup,
    },
  });
}

/**
 * The trajectory's consulent becomes the inburgeraar's Contactpersoon at DUO (koppelen
 * overwrites an earlier koppeling): at the start, and again on every change of consulent
 * (numbered, so that going back to an earlier consulent is sent too). Only the consulent's
 * user id is in history; name, e-mail and phone are resolved at delivery.
 */
export function reportContactpersoon(state: TrajectoryState): void {
  if (!state.consulentId) return;
  const change = state.consulentChanges ?? 0;
  const step = change === 0 ? `contactpersoon:${state.consulentId}` : `contactpersoon:${change}:${state.consulentId}`;
  reportToDuo(state, step, {
    recipient: 'DUO',
    type: 'CONTACTPERSOON',
    payload: { consulentId: state.consulentId },
  });
}

function unreported(state: TrajectoryState): [DuoUrenSoort, number][] {
  const reported = state.duoUren?.reported ?? {};
  const totals = duoUrenTotals({
    hours: state.progress.hours,
    targetGroup: state.targetGroup,
    leerroute: state.pip?.leerroute,
  });
  return (Object.entries(totals) as [DuoUrenSoort, number][]).filter(
    ([soort, total]) => total > 0 && total !== (reported[soort] ?? 0),
  );
}

/** After provider hours came in: a report on the first of next month, when a total changed. */
export function noteUrenForDuo(state: TrajectoryState, ctx: RuleContext): void {
  if (state.ondertussengroep || state.duoUren?.due || unreported(state).length === 0) return;
  state.duoUren = { reported: state.duoUren?.reported ?? {}, due: addMonths(`${ctx.today.slice(0, 7)}-01`, 1) };
}

/** Sends the changed totals (its timer fired, or the trajectory closes with a report pending). */
export function reportGevolgdeUren(state: TrajectoryState): void {
  const uren = state.duoUren;
  if (!uren) return;
  delete uren.due;
  for (const [soort, total] of unreported(state)) {
    reportToDuo(state, `gevolgde-uren:${soort}:${total}`, {
      recipient: 'DUO',
      type: 'GEVOLGDE_UREN',
      payload: {
        soort,
        uren: total,
        targetGroup: state.targetGroup,
        ...(state.pip ? { leerroute: state.pip.leerroute } : {}),
      },
    });
    uren.reported[soort] = total;
  }
}

/** Closing: the last totals go out now rather than on a timer that will not run. */
export function flushGevolgdeUren(state: TrajectoryState): void {
  if (state.duoUren?.due) reportGevolgdeUren(state);
}
