/**
 * The registrations with the providers, built from the PIP as a plan (issue 12 §1–§3): each
 * part goes to the partner kind its agreement names (src/domain/pip-aanbieders.ts) with that
 * agreement's start date —
 * - maatschappelijke begeleiding (AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING) from the PIP on;
 * - the leerroute (AANMELDING_LEERROUTE, with the KNM start), the PVT (START_PVT) and the MAP
 *   (START_MAP) when the leerroute starts;
 * - participation (AANMELDING_PARTICIPATIE) to the werkmakelaar/jobcoach (WERK) or the
 *   maatschappelijk begeleider holding agreements, from the PIP on.
 *
 * A registration is one outbox message per step. When the plan changes (bijstelling) before a
 * registration reached its provider — held for the machtiging, or waiting in the outbox for a
 * partner to be assigned — it is brought up to date under the same key (`refreshRegistrations`),
 * so what the provider gets later is the current plan; one that was delivered stays, and the
 * provider hears the change as ROUTE_BIJGESTELD.
 */
import { offerFor, type Offer } from '../../domain/offer';
import { participatieVan, uitvoeringVan } from '../../domain/pip-aanbieders';
import { PARTICIPATIE_UITVOERDERS, PIP_ONDERDELEN } from '../../domain/pip-plan';
import type { IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import { dropHeldMessage, sendToPartner } from './effects';
import type { ParticipatieAanmelding, PartnerMessage, PipRecord, RouteAfspraken, RoutePartnerKind } from './messages';
import type { TrajectoryState } from './state';

/** The person's offer today (as phases.ts `currentOffer`; here to keep the modules acyclic). */
function currentOffer(state: TrajectoryState, today: IsoDate): Offer {
  return offerFor({
    targetGroup: state.targetGroup,
    onBijstand: state.onBijstand,
    ondertussengroep: state.ondertussengroep,
    today,
  });
}

export interface Registration {
  step: string;
  message: PartnerMessage;
}

export function mbRegistration(pip: PipRecord, fallbackStart: IsoDate): Registration {
  const start = uitvoeringVan(pip.afspraken, 'MAATSCHAPPELIJKE_BEGELEIDING')?.start ?? fallbackStart;
  return {
    step: 'mb-aanmelding',
    message: {
      recipient: 'MAATSCHAPPELIJKE_BEGELEIDING',
      type: 'AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING',
      payload: { start },
    },
  };
}

/** The leerroute registration (when the gemeente offers the route), with the KNM agreement's start. */
export function leerrouteRegistration(
  state: TrajectoryState,
  today: IsoDate,
  start: IsoDate,
): Registration | undefined {
  const pip = state.pip;
  if (!pip || !currentOffer(state, today).leerrouteOffer) return undefined;
  const knmStart = uitvoeringVan(pip.afspraken, 'KNM')?.start;
  return {
    step: 'aanmelding-leerroute',
    message: {
      recipient: 'TAALAANBIEDER',
      type: 'AANMELDING_LEERROUTE',
      payload: {
        leerroute: pip.leerroute,
        niveau: pip.level,
        alfabetisering: pip.alfabetisering,
        start,
        ...(knmStart !== undefined ? { knmStart } : {}),
      },
    },
  };
}

/**
 * PVT and MAP (no MAP in the onderwijsroute): to the kind of their agreement, from its start;
 * a PIP without agreements (route and level only) sends them to the taalaanbieder from the
 * start of the leerroute.
 */
export function moduleRegistrations(state: TrajectoryState, today: IsoDate, routeStart: IsoDate): Registration[] {
  const offer = currentOffer(state, today);
  const pip = state.pip;
  const registrations: Registration[] = [];
  if (offer.pvt) {
    const pvt = uitvoeringVan(pip?.afspraken, 'PVT');
    const recipient = pvt?.kind === 'MAATSCHAPPELIJKE_BEGELEIDING' ? pvt.kind : 'TAALAANBIEDER';
    registrations.push({
      step: `start-pvt/${recipient}`,
      message: { recipient, type: 'START_PVT', payload: { start: pvt?.start ?? routeStart } },
    });
  }
  if (offer.map && (!pip || pip.leerroute !== 'ONDERWIJS')) {
    const map = uitvoeringVan(pip?.afspraken, 'MAP');
    const recipient = map?.kind === 'WERK' ? map.kind : 'TAALAANBIEDER';
    registrations.push({
      step: `start-map/${recipient}`,
      message: { recipient, type: 'START_MAP', payload: { start: map?.start ?? routeStart } },
    });
  }
  return registrations;
}

/** One registration per partner kind that carries out participation agreements of the PIP. */
export function participatieRegistrations(pip: PipRecord | undefined): Registration[] {
  return PARTICIPATIE_UITVOERDERS.flatMap((recipient) => {
    const afspraken: ParticipatieAanmelding[] = participatieVan(pip?.participatie, recipient).map((afspraak) => ({
      soort: afspraak.soort,
      start: afspraak.start,
      ...(afspraak.urenPerWeek !== undefined ? { urenPerWeek: afspraak.urenPerWeek } : {}),
    }));
    if (afspraken.length === 0) return [];
    return [
      {
        step: `aanmelding-participatie/${recipient}`,
        message: { recipient, type: 'AANMELDING_PARTICIPATIE', payload: { afspraken } },
      },
    ];
  });
}

/** Every registration the trajectory made so far, as the current plan has it. */
export function registrationsOf(state: TrajectoryState, today: IsoDate): Registration[] {
  const pip = state.pip;
  const registrations: Registration[] = [];
  if (pip && state.mb) registrations.push(mbRegistration(pip, state.mb.startedOn));
  if (state.leerrouteStart) {
    const leerroute = leerrouteRegistration(state, today, state.leerrouteStart);
    if (leerroute) registrations.push(leerroute);
    registrations.push(...moduleRegistrations(state, today, state.leerrouteStart));
  }
  if (pip && !state.pipReissueRequired) registrations.push(...participatieRegistrations(pip));
  return registrations;
}

export function sendRegistrations(state: TrajectoryState, registrations: Registration[], ctx: RuleContext): void {
  for (const { step, message } of registrations) sendToPartner(state, step, message, ctx);
}

/**
 * After the plan changed (`before`: the registrations as they were): a new one goes out, a
 * changed one is sent again under its key (held: replaced; in the outbox and not yet delivered:
 * brought up to date — src/activities/outbox.ts), one no longer in the plan that is still held
 * is dropped.
 */
export function refreshRegistrations(state: TrajectoryState, before: Registration[], ctx: RuleContext): void {
  const after = registrationsOf(state, ctx.today);
  for (const registration of after) {
    const earlier = before.find((candidate) => candidate.step === registration.step);
    if (earlier && JSON.stringify(earlier.message) === JSON.stringify(registration.message)) continue;
    sendToPartner(state, registration.step, registration.message, ctx, 'replace');
  }
  for (const earlier of before) {
    if (!after.some((candidate) => candidate.step === earlier.step)) dropHeldMessage(state, earlier.step);
  }
}

/**
 * The agreements of a PIP that a partner kind carries out, for its ROUTE_BIJGESTELD: the parts
 * (onderdeel and start) and the participation agreements; nothing when it carries out none.
 */
export function afsprakenVoor(pip: PipRecord, kind: RoutePartnerKind): RouteAfspraken {
  const onderdelen = PIP_ONDERDELEN.flatMap((onderdeel) => {
    const uitvoering = uitvoeringVan(pip.afspraken, onderdeel);
    return uitvoering && uitvoering.kind === kind ? [{ onderdeel, start: uitvoering.start }] : [];
  });
  const participatie =
    kind === 'WERK' || kind === 'MAATSCHAPPELIJKE_BEGELEIDING'
      ? (participatieRegistrations(pip).find((registration) => registration.message.recipient === kind)?.message
          .payload as { afspraken: ParticipatieAanmelding[] } | undefined)
      : undefined;
  return {
    ...(onderdelen.length > 0 ? { afspraken: onderdelen } : {}),
    ...(participatie ? { participatie: participatie.afspraken } : {}),
  };
}
