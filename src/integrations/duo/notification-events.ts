/**
 * DUO notifications → the trajectory workflow's partner events: which DUO reads belong to a
 * gebeurtenis (DUO's Gebeurtenissen), the pull, and the pure mapping of what was pulled.
 * Processing (inbox row, start, signal) is notifications.ts.
 */
import type { IsoDate, Leerroute, LeerbaarheidResult, Level, TargetGroup } from '../../domain/types';
import { DUO_EVENT_CODES, type PartnerEvent } from '../../workflows/trajectory/messages';
import type {
  DuoClient,
  DuoDoelgroep,
  DuoExamenresultaat,
  DuoInburgeringsplicht,
  DuoInburgeringstermijn,
  DuoLbtResultaat,
  DuoPip,
} from './client';

/** Codes that start a trajectory for a person we do not know yet. */
export const STARTING_CODES = ['SS101', 'SS128', 'SS139', 'SS120', 'SS121'] as const;

/** What the pull returned (only the parts the mapping needs). */
export interface PulledDuoDetails {
  inburgeringsplicht?: DuoInburgeringsplicht | null;
  doelgroep?: DuoDoelgroep | null;
  termijn?: DuoInburgeringstermijn | null;
  pip?: { gemeentecode: string; pip: DuoPip } | null;
  lbt?: DuoLbtResultaat[] | null;
  examens?: DuoExamenresultaat[] | null;
}

/** Which DUO reads belong to a gebeurtenis (DUO Gebeurtenissen.md, "Relevante API's"). */
export function readsFor(code: string): (keyof PulledDuoDetails)[] {
  switch (code) {
    case 'SS101':
    case 'SS128':
    case 'SS139':
    case 'SS120':
    case 'SS106':
    case 'SS107':
    case 'SS108':
    case 'SS109':
    case 'SS110':
    case 'SS111':
      return ['inburgeringsplicht', 'doelgroep'];
    case 'SS121':
      return ['inburgeringsplicht', 'doelgroep', 'termijn', 'pip'];
    case 'SS102':
    case 'SS103':
    case 'SS104':
      return ['termijn'];
    case 'SS130':
      return ['inburgeringsplicht', 'termijn'];
    case 'SS124':
    case 'SS125':
      return ['doelgroep'];
    case 'SS131':
      return ['lbt'];
    case 'SS199':
      return ['examens'];
    default:
      return [];
  }
}

export async function pullDuoDetails(duo: DuoClient, code: string, bsn: string): Promise<PulledDuoDetails> {
  const details: PulledDuoDetails = {};
  for (const read of readsFor(code)) {
    switch (read) {
      case 'inburgeringsplicht':
        details.inburgeringsplicht = await duo.getInburgeringsplicht(bsn);
        break;
      case 'doelgroep':
        details.doelgroep = await duo.getDoelgroep(bsn);
        break;
      case 'termijn':
        details.termijn = await duo.getInburgeringstermijn(bsn);
        break;
      case 'pip':
        details.pip = await duo.getPip(bsn);
        break;
      case 'lbt':
        details.lbt = await duo.getLeerbaarheidstoetsResultaten(bsn);
        break;
      case 'examens':
        details.examens = await duo.getExamenresultaten(bsn);
        break;
    }
  }
  return details;
}

const LEERROUTE_FROM_DUO: Record<DuoPip['leerroute'], Leerroute> = { B: 'B1', O: 'ONDERWIJS', Z: 'Z' };

const LBT_FROM_DUO: Record<DuoLbtResultaat['resultaat'], LeerbaarheidResult> = {
  'B1-route haalbaar': 'B1_HAALBAAR',
  'B1-route niet haalbaar': 'B1_NIET_HAALBAAR',
  Onbekend: 'ONBEKEND',
};

/** DUO's doelgroep → our target group (nareizigers and asielstatushouders alike). */
export function targetGroupFromDuo(doelgroep: DuoDoelgroep | null | undefined): TargetGroup | undefined {
  if (!doelgroep?.indeling) return undefined;
  if (doelgroep.indeling === 'Asielstatushouder') return 'asielstatushouder';
  const detail = doelgroep.gedetailleerdeDoelgroep;
  return detail && detail.startsWith('Gezins') ? 'gezinsmigrant' : 'overige_migrant';
}

function latest<T>(items: T[] | null | undefined, date: (item: T) => string): T[] {
  if (!items || items.length === 0) return [];
  const max = items.map(date).sort().at(-1)!;
  return items.filter((item) => date(item) === max);
}

const KNOWN_CODES = new Set<string>(DUO_EVENT_CODES);

/**
 * Pure mapping: notification + pulled details → the workflow's partner events (usually one;
 * SS199 gives one per exam part of the latest exam date). Empty when the workflow has no
 * event for the code (e.g. SS137, SS113–SS119: handled by people via DUO's portal).
 */
export function toPartnerEvents(
  notification: { id: string; gebeurtenisId: string; registratieDatumTijd: string; gemeente: string },
  details: PulledDuoDetails,
): PartnerEvent[] {
  const code = notification.gebeurtenisId;
  if (!KNOWN_CODES.has(code)) return [];
  const base = { eventId: notification.id, occurredOn: notification.registratieDatumTijd.slice(0, 10) as IsoDate };
  const plicht = details.inburgeringsplicht ?? undefined;
  const termijn = details.termijn ?? undefined;
  switch (code) {
    case 'SS101':
    case 'SS128':
      return [{ ...base, type: code, ...(plicht?.begindatum ? { plichtStart: plicht.begindatum } : {}) }];
    case 'SS139':
      return [{ ...base, type: 'SS139' }];
    case 'SS102':
      return [
        {
          ...base,
          type: 'SS102',
          ...(termijn?.startdatum ? { start: termijn.startdatum } : {}),
          ...(termijn?.einddatum ? { end: termijn.einddatum } : {}),
        },
      ];
    case 'SS103':
    case 'SS104':
    case 'SS130':
      return [{ ...base, type: code, ...(termijn?.einddatum ? { newEnd: termijn.einddatum } : {}) }];
    case 'SS106':
    case 'SS107':
    case 'SS108':
    case 'SS109':
    case 'SS110':
    case 'SS111':
      return [{ ...base, type: code }];
    case 'SS120':
    case 'SS121': {
      if (code === 'SS120') return [{ ...base, type: code, gemeente: notification.gemeente }];
      // SS121: the previous gemeente's PIP binds the route, and its termijn runs on (Wi art. 11).
      const previousPip = details.pip?.pip;
      return [
        {
          ...base,
          type: code,
          gemeente: notification.gemeente,
          ...(previousPip ? { previousLeerroute: LEERROUTE_FROM_DUO[previousPip.leerroute] } : {}),
          ...(previousPip?.dagtekeningPip ? { previousPipDagtekening: previousPip.dagtekeningPip } : {}),
          ...(termijn?.startdatum ? { termijnStart: termijn.startdatum } : {}),
          ...(termijn?.einddatum ? { termijnEnd: termijn.einddatum } : {}),
        },
      ];
    }
    case 'SS124': {
      const group = targetGroupFromDuo(details.doelgroep);
      return [{ ...base, type: 'SS124', ...(group && group !== 'asielstatushouder' ? { newTargetGroup: group } : {}) }];
    }
    case 'SS125':
      return [{ ...base, type: 'SS125' }];
    case 'SS131': {
      const [result] = latest(details.lbt, (item) => item.datumAfname);
      return result ? [{ ...base, type: 'SS131', result: LBT_FROM_DUO[result.resultaat] }] : [];
    }
    case 'SS199':
      return (
        latest(details.examens, (item) => item.examendatum)
          .filter((result) => result.resultaat !== 'Geen')
          // A language part without a level cannot count towards B1 (or A2): never guess one.
          // KNM has no level; it is carried as B1 for the record and counts as KNM passed.
          .filter((result) => result.onderdeel === 'KNM' || result.niveau !== undefined)
          .map((result) => ({
            ...base,
            eventId: `${notification.id}:${result.onderdeel}`,
            occurredOn: result.examendatum,
            type: 'SS199' as const,
            part: result.onderdeel,
            level: (result.niveau ?? 'B1') as Level,
            passed: result.resultaat === 'Geslaagd',
          }))
      );
    default:
      return [];
  }
}
