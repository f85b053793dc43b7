/** The simulator's in-memory DUO: persons per BSN, the institutions, and what each API handler gets. */
import type { Express, Request, Response } from 'express';
import type {
  DuoApiName,
  DuoContactpersoongegevens,
  DuoDoelgroep,
  DuoExamenresultaat,
  DuoInburgeringsplicht,
  DuoInburgeringstermijn,
  DuoLbtResultaat,
  DuoPip,
  DuoResultaatMap,
  DuoResultaatPvt,
  DuoResultaatZroute,
} from '../../../src/integrations/duo/client';
import type { components as InburgeringsaanbodSpec } from '../../../src/integrations/duo/generated/inburgeringsaanbod';

export type DuoInstelling = InburgeringsaanbodSpec['schemas']['Instelling'];

/** DUO's list of institutions with a BoW and/or TST keurmerk (GET /instellingen), by default. */
export const SIM_INSTELLINGEN: DuoInstelling[] = [
  {
    instellingsnummer: '0000012345',
    naam: 'Taalschool Breda',
    postcode: '4811AA',
    huisnummer: 1,
    plaatsnaam: 'Breda',
    bow: '12345',
    indicatieBowKeurmerk: true,
    indicatieTstKeurmerk: false,
  },
  {
    instellingsnummer: '0000067890',
    naam: 'Schakelcollege Oosterhout',
    postcode: '4901AB',
    huisnummer: 12,
    plaatsnaam: 'Oosterhout',
    brin: '12AB',
    indicatieBowKeurmerk: false,
    indicatieTstKeurmerk: true,
  },
];

export interface SimulatedPerson {
  gemeentecode: string;
  inburgeringsplicht: DuoInburgeringsplicht;
  doelgroep: DuoDoelgroep;
  termijn?: DuoInburgeringstermijn;
  pip?: DuoPip;
  /** PIPs registered before (any gemeente): A2 in a first B1 PIP is refused. */
  pipHistory: DuoPip[];
  lbt: DuoLbtResultaat[];
  examens: DuoExamenresultaat[];
  map?: DuoResultaatMap;
  pvt?: DuoResultaatPvt;
  zroute?: DuoResultaatZroute;
  aanbod: Record<string, unknown>;
  contactpersoonId?: number;
  uren: { taallesKnm?: number; participatie?: number; participatieAlsTaalles?: number };
}

export interface RecordedDuoRequest {
  api?: DuoApiName;
  operationId?: string;
  method: string;
  path: string;
  headers: { bron?: string; doel?: string; berichtId?: string };
  body: unknown;
  status?: number;
  /** Request or response violations of DUO's spec (empty when all was per spec). */
  violations: string[];
}

export function defaultPerson(partial: Partial<SimulatedPerson> = {}): SimulatedPerson {
  return {
    gemeentecode: '0826',
    inburgeringsplicht: {
      indicatorInburgeringsplicht: true,
      begindatum: '2026-01-15',
      datumKennisgevingInburgeringsplicht: '2026-01-20',
    },
    doelgroep: {
      indeling: 'Asielstatushouder',
      begindatum: '2026-01-15',
      gedetailleerdeDoelgroep: 'Asielstatushouder',
    },
    pipHistory: [],
    lbt: [],
    examens: [],
    aanbod: {},
    uren: {},
    ...partial,
  };
}

/** What a DUO API's handlers get from the simulator. */
export interface SimContext {
  app: Express;
  persons: Map<string, SimulatedPerson>;
  contactpersonen: Map<number, DuoContactpersoongegevens>;
  instellingen: DuoInstelling[];
  /** DUO's "today" for its date rules. */
  today(): string;
  /** DUO's transport rules and the scripted failures before a handler (bron, doel, reject/fail-next). */
  operation(api: DuoApiName, operationId: string): (req: Request, res: Response, next: () => void) => void;
  nextContactpersoonId(): number;
}

export const personOf = (ctx: SimContext, req: Request): SimulatedPerson | undefined =>
  ctx.persons.get(String(req.params.bsn));
export const notFound = (res: Response) => res.status(404).end();
/** DUO's functional refusal: 403 with a list of fouttekst. */
export const refused = (res: Response, reason: string) => res.status(403).json([{ fouttekst: reason.slice(0, 200) }]);
export const isAsiel = (person: SimulatedPerson): boolean => person.doelgroep.indeling === 'Asielstatushouder';
