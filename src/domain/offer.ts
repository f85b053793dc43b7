/**
 * Which parts of the inburgeringsaanbod apply to a person (framework 2.1, 2.2, 8.1).
 *
 * | part                        | asielstatushouder | gezinsmigrant / overige migrant |
 * |-----------------------------|-------------------|---------------------------------|
 * | maatschappelijke begeleiding| yes               | no                              |
 * | ontzorgen (only on bijstand)| yes               | no                              |
 * | brede intake, PIP           | yes               | yes                             |
 * | alfabetisering              | yes               | no                              |
 * | leerroute (incl. KNM)       | yes               | no (own responsibility)         |
 * | MAP, PVT                    | yes               | yes                             |
 */
import { addDays, addYears, ageOn } from './dates';
import type { IsoDate, TargetGroup } from './types';

/** Age from which a person can be inburgeringsplichtig (framework 8.1.1). */
export const AGE_OF_INBURGERINGSPLICHT = 18;

export interface OfferInput {
  targetGroup: TargetGroup;
  onBijstand: boolean;
  /** Old-law group taking part voluntarily (framework 2.1.2, 3.2.3, 5.3). */
  ondertussengroep: boolean;
  birthDate?: IsoDate;
  today: IsoDate;
}

export interface Offer {
  maatschappelijkeBegeleiding: boolean;
  ontzorgen: boolean;
  /** The gemeente offers (and pays) the leerroute, including KNM. */
  leerrouteOffer: boolean;
  alfabetisering: boolean;
  map: boolean;
  pvt: boolean;
  bredeIntake: boolean;
  pip: boolean;
}

const NOTHING: Offer = {
  maatschappelijkeBegeleiding: false,
  ontzorgen: false,
  leerrouteOffer: false,
  alfabetisering: false,
  map: false,
  pvt: false,
  bredeIntake: false,
  pip: false,
};

/**
 * The offer for one person on `today`.
 *
 * - A known minor gets nothing yet: not inburgeringsplichtig (8.1.1); the plicht can start at 18.
 * - Ontzorgen only for an asielstatushouder on bijstand (4.4; art. 56a Participatiewet).
 * - The ondertussengroep gets the same offer as its target group: the region takes them along
 *   "zo veel mogelijk" in the new way of working (2.1.2). Ontzorgen is a statutory scheme for
 *   the new law only, so it is not offered to them. Sanctions: see enforcement.ts.
 */
export function offerFor(input: OfferInput): Offer {
  if (input.birthDate !== undefined && !isInburgeringsplichtig({ birthDate: input.birthDate, today: input.today })) {
    return { ...NOTHING };
  }
  const isAsielstatushouder = input.targetGroup === 'asielstatushouder';
  return {
    maatschappelijkeBegeleiding: isAsielstatushouder,
    ontzorgen: isAsielstatushouder && input.onBijstand && !input.ondertussengroep,
    leerrouteOffer: isAsielstatushouder,
    alfabetisering: isAsielstatushouder,
    map: true,
    pvt: true,
    bredeIntake: true,
    pip: true,
  };
}

/** Minors (< 18) are not inburgeringsplichtig (framework 8.1.1). */
export function isInburgeringsplichtig({ birthDate, today }: { birthDate: IsoDate; today: IsoDate }): boolean {
  return ageOn(birthDate, today) >= AGE_OF_INBURGERINGSPLICHT;
}

/** The day a minor turns 18: the earliest day the plicht can start (LAW.md, "Deadlines and terms"). */
export function dateOfAdulthood(birthDate: IsoDate): IsoDate {
  // Born on 29 Feb: addYears clamps to 28 Feb, but the birthday only counts from 1 March (see ageOn).
  const anniversary = addYears(birthDate, AGE_OF_INBURGERINGSPLICHT);
  return ageOn(birthDate, anniversary) >= AGE_OF_INBURGERINGSPLICHT ? anniversary : addDays(anniversary, 1);
}
