/**
 * DUO's side of the business rules, as the simulator applies them when a gemeente sends a
 * melding: written here from DUO's API documentation on their own, deliberately NOT the
 * service's pre-checks (src/integrations/duo/rules.ts), so that a mistake in those is not
 * mirrored by the simulator that tests them. A simplified subset: the refusals DUO documents
 * for the fields the service sends. Returns DUO's fouttekst, or undefined when DUO accepts.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: unknown): value is string =>
  typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
const addMonths = (date: string, months: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
};

export interface PipMelding {
  dagtekeningPip: string;
  leerroute: 'B' | 'O' | 'Z';
  niveau?: string;
  geschatteIntensiteitB1Route?: number;
}

export function pipRefusal(
  pip: PipMelding,
  person: { asiel: boolean; plichtBegin?: string; earlierPips: PipMelding[]; actuele?: PipMelding },
): string | undefined {
  if (!isDate(pip.dagtekeningPip)) return 'Dagtekening PIP is geen geldige datum';
  if (person.plichtBegin && pip.dagtekeningPip < person.plichtBegin)
    return 'Dagtekening PIP ligt voor de begindatum van de inburgeringsplicht';
  if (person.actuele && pip.dagtekeningPip < person.actuele.dagtekeningPip)
    return 'Dagtekening PIP ligt voor de dagtekening van de actuele PIP';
  if (pip.leerroute === 'O' && pip.niveau === 'A2') return 'Niveau A2 mag niet met de onderwijsroute';
  if (pip.leerroute === 'Z' && pip.niveau === 'B1') return 'Niveau B1 mag niet met de Z-route';
  if (pip.leerroute === 'B' && pip.niveau === 'A2' && person.earlierPips.length === 0)
    return 'Niveau A2 mag niet in een eerste PIP met de B1-route';
  if (pip.geschatteIntensiteitB1Route !== undefined) {
    if (pip.leerroute !== 'B' || !person.asiel)
      return 'Geschatte intensiteit alleen bij de B1-route van asielmigranten';
    const hours = pip.geschatteIntensiteitB1Route;
    if (!Number.isInteger(hours) || hours < 1 || hours > 9999) return 'Geschatte intensiteit is 1 tot en met 9999 uur';
  }
  return undefined;
}

/** MAP and PVT: a date (eindgesprek / ondertekening) and/or 'Verwijtbaar' at the end of the termijn. */
export function mapPvtRefusal(
  melding: { datum?: string; verwijtbaar?: 'Ja' | 'Nee' },
  person: { hasPip: boolean; termijnStart?: string; termijnEnd?: string; zrouteAfgerond?: string },
  today: string,
): string | undefined {
  if (!person.hasPip) return 'Er is geen actuele PIP van deze gemeente';
  if (melding.datum !== undefined) {
    if (!isDate(melding.datum)) return 'Datum is geen geldige datum';
    if (melding.datum > today) return 'Datum mag niet in de toekomst liggen';
    if (person.termijnStart && melding.datum < person.termijnStart) return 'Datum ligt voor de start van de termijn';
    if (person.zrouteAfgerond && melding.datum > person.zrouteAfgerond) return 'Datum ligt na de afronding Z-route';
  }
  if (melding.verwijtbaar !== undefined) {
    if (!person.termijnEnd) return 'Verwijtbaarheid kan alleen bij een vastgestelde termijn';
    if (melding.datum !== undefined && melding.datum < person.termijnEnd)
      return 'Verwijtbaar mag niet met een datum voor het einde van de termijn';
    if (melding.verwijtbaar === 'Nee' && !(today >= addMonths(person.termijnEnd, -2) && today < person.termijnEnd))
      return 'Verwijtbaar Nee alleen binnen twee maanden voor het einde van de termijn';
    if (melding.verwijtbaar === 'Ja' && today < person.termijnEnd)
      return 'Verwijtbaar Ja pas als de termijn is overschreden';
  }
  return undefined;
}

export function inburgeringsaanbodRefusal(
  person: { asiel: boolean; hasPip: boolean },
  instelling: { indicatieBowKeurmerk?: boolean; indicatieTstKeurmerk?: boolean } | undefined,
): string | undefined {
  if (!person.asiel) return 'Inburgeringsaanbod alleen voor asielmigranten';
  if (!person.hasPip) return 'Er is geen actuele PIP';
  if (!instelling) return 'Instelling onbekend';
  if (!instelling.indicatieBowKeurmerk && !instelling.indicatieTstKeurmerk) return 'Instelling heeft geen keurmerk';
  return undefined;
}

export function urenRefusal(
  soort: 'taallesKnm' | 'participatie' | 'participatieAlsTaalles',
  uren: unknown,
  person: { asiel: boolean; leerroute?: 'B' | 'O' | 'Z' },
): string | undefined {
  if (typeof uren !== 'number' || !Number.isInteger(uren) || uren < 0 || uren > 9999)
    return 'Uren is een geheel getal van 0 tot en met 9999';
  if (soort === 'participatie' && (!person.asiel || (person.leerroute && person.leerroute !== 'Z')))
    return 'Participatieactiviteiten alleen voor de Z-route van asielstatushouders';
  return undefined;
}

export function contactpersoonRefusal(gegevens: {
  naam?: string;
  email?: string;
  telefoonnummer?: string;
}): string | undefined {
  if (!gegevens.naam?.trim()) return 'Naam is verplicht';
  if (!gegevens.email?.includes('@')) return 'E-mailadres is ongeldig';
  if (!gegevens.telefoonnummer?.trim()) return 'Telefoonnummer is verplicht';
  return undefined;
}
