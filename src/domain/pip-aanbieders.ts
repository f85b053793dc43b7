/**
 * Who carries out which part of the PIP (framework 4.3, 4.5–4.7), and so which partner kind
 * gets the registration for it:
 * - KNM goes with the leerroute: the taalaanbieder;
 * - the PVT: the taalaanbieder or the maatschappelijk begeleider (4.6: "Momenteel ligt de
 *   uitvoering van het PVT bij VWN en Surplus");
 * - the MAP: the taalaanbieder or the werkmakelaar/jobcoach (4.7, partner kind WERK);
 * - maatschappelijke begeleiding and ontzorgen: their own kinds;
 * - participation: the werkmakelaar/jobcoach (WERK) or the maatschappelijk begeleider; an
 *   agreement that names no aanbieder (a job found on one's own) goes to no partner.
 * An agreement names the organisation (`aanbieder`) and may name its partner kind
 * (`aanbiederSoort`); without it, the first kind above is meant (participation with a named
 * aanbieder: WERK). The same kinds may report the part (partner-reports.ts).
 */
import {
  ONDERDEEL_LABELS,
  PARTICIPATIE_LABELS,
  type AanbiederSoort,
  type ParticipatieAfspraak,
  type ParticipatieUitvoerder,
  type PipAfspraak,
  type PipOnderdeel,
} from './pip-plan';
import { RULE_OK, refuse, type RuleResult } from './rule-result';
import type { IsoDate } from './types';

/** Per part: the kinds that may carry it out, the default first. */
export const UITVOERDERS: Record<PipOnderdeel, readonly AanbiederSoort[]> = {
  KNM: ['TAALAANBIEDER'],
  PVT: ['TAALAANBIEDER', 'MAATSCHAPPELIJKE_BEGELEIDING'],
  MAP: ['TAALAANBIEDER', 'WERK'],
  MAATSCHAPPELIJKE_BEGELEIDING: ['MAATSCHAPPELIJKE_BEGELEIDING'],
  ONTZORGEN: ['ONTZORGEN'],
};

const SOORT_WORDS: Record<AanbiederSoort, string> = {
  TAALAANBIEDER: 'de taalaanbieder',
  MAATSCHAPPELIJKE_BEGELEIDING: 'de maatschappelijk begeleider',
  WERK: 'de werkmakelaar of jobcoach (WERK)',
  ONTZORGEN: 'de ontzorgpartner',
};

/** Who carries out a part, and from when: from the PIP's agreement on it. */
export interface Uitvoering {
  kind: AanbiederSoort;
  start: IsoDate;
}

/** The kind and start of a part by its agreement; undefined when the PIP has no agreement on it. */
export function uitvoeringVan(
  afspraken: readonly PipAfspraak[] | undefined,
  onderdeel: PipOnderdeel,
): Uitvoering | undefined {
  const afspraak = afspraken?.find((candidate) => candidate.onderdeel === onderdeel);
  if (!afspraak) return undefined;
  return { kind: afspraak.aanbiederSoort ?? UITVOERDERS[onderdeel][0] ?? 'TAALAANBIEDER', start: afspraak.start };
}

/** The partner kind of a participation agreement, or undefined (no aanbieder: no partner). */
export function participatieUitvoerder(afspraak: ParticipatieAfspraak): ParticipatieUitvoerder | undefined {
  if (afspraak.aanbiederSoort) return afspraak.aanbiederSoort;
  return afspraak.aanbieder ? 'WERK' : undefined;
}

/** The participation agreements a partner kind carries out (empty: none). */
export function participatieVan(
  participatie: readonly ParticipatieAfspraak[] | undefined,
  kind: ParticipatieUitvoerder,
): ParticipatieAfspraak[] {
  return (participatie ?? []).filter((afspraak) => participatieUitvoerder(afspraak) === kind);
}

/** Checks the kinds named in a PIP's agreements against who may carry out each part. */
export function checkAanbiederSoorten(
  afspraken: readonly PipAfspraak[] | undefined,
  participatie: readonly ParticipatieAfspraak[] | undefined,
): RuleResult {
  for (const afspraak of afspraken ?? []) {
    const allowed = UITVOERDERS[afspraak.onderdeel];
    if (afspraak.aanbiederSoort !== undefined && !allowed.includes(afspraak.aanbiederSoort)) {
      return refuse(
        'PIP_AANBIEDER_SOORT_ONGELDIG',
        `${ONDERDEEL_LABELS[afspraak.onderdeel]} kan niet worden uitgevoerd door ${SOORT_WORDS[afspraak.aanbiederSoort]}; wel door ${allowed.map((kind) => SOORT_WORDS[kind]).join(' of ')}.`,
      );
    }
  }
  for (const afspraak of participatie ?? []) {
    if (afspraak.aanbiederSoort !== undefined && afspraak.aanbieder === undefined) {
      return refuse(
        'PIP_AANBIEDER_ONTBREEKT',
        `Bij de afspraak over ${PARTICIPATIE_LABELS[afspraak.soort]} staat een soort aanbieder maar geen aanbieder.`,
      );
    }
  }
  return RULE_OK;
}
