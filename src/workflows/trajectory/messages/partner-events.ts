/**
 * Partner events: one signal carrying a discriminated union (DUO gebeurtenissen, COA handover,
 * provider hours, completed modules, maatschappelijke begeleiding and ontzorgen status).
 */
import type { BijstandEindeReden } from '../../../domain/bijstand';
import type { VasteLastenCent } from '../../../domain/ontzorgen';
import type { CompletedModule } from '../../../domain/partner-reports';
import type { ParticipatieMeldingStatus } from '../../../domain/participatie';
import type { ParticipatieSoort } from '../../../domain/pip-plan';
import type {
  ExamPart,
  GemeenteId,
  HourKind,
  IsoDate,
  LeerbaarheidResult,
  Leerroute,
  Level,
  TargetGroup,
} from '../../../domain/types';

interface PartnerEventBase {
  /** Unique per event (the API's inbox id); a repeated id is ignored. */
  eventId: string;
  occurredOn: IsoDate;
}

/** DUO gebeurtenissen the workflow acts on (DUO's Notificatie API, spec/duo; src/integrations/duo/README.md). */
export const DUO_EVENT_CODES = [
  'SS101',
  'SS102',
  'SS103',
  'SS104',
  'SS106',
  'SS107',
  'SS108',
  'SS109',
  'SS110',
  'SS111',
  'SS120',
  'SS121',
  'SS124',
  'SS125',
  'SS128',
  'SS130',
  'SS131',
  'SS139',
  'SS199',
] as const;
export type DuoEventCode = (typeof DUO_EVENT_CODES)[number];

/** SS101 new plicht; SS128 new plicht, AOW age within 6 months. */
export interface DuoPlichtEvent extends PartnerEventBase {
  type: 'SS101' | 'SS128';
  plichtStart?: IsoDate;
}
/** SS139: the 10-week PIP term started (again, after leaving COA). Clock start = clockStart ?? occurredOn. */
export interface DuoPipClockEvent extends PartnerEventBase {
  type: 'SS139';
  clockStart?: IsoDate;
}
/** SS102: termijn started (DUO's own record; the workflow keeps its computed dates unless `end` is given). */
export interface DuoTermijnStartedEvent extends PartnerEventBase {
  type: 'SS102';
  start?: IsoDate;
  end?: IsoDate;
}
/** SS103 ambtshalve, SS104 op verzoek, SS130 temporary vrijstelling withdrawn (plicht resumes): new end or months. */
export interface DuoTermijnExtendedEvent extends PartnerEventBase {
  type: 'SS103' | 'SS104' | 'SS130';
  newEnd?: IsoDate;
  months?: number;
}
/** SS106 diploma, SS107 whole vrijstelling, SS108 whole ontheffing: plicht met. */
export interface DuoPlichtVoldaanEvent extends PartnerEventBase {
  type: 'SS106' | 'SS107' | 'SS108';
}
/** SS109 temporary vrijstelling (suspends), SS110 plicht withdrawn, SS111 deceased. */
export interface DuoPlichtIngetrokkenEvent extends PartnerEventBase {
  type: 'SS109' | 'SS110' | 'SS111';
}
/** SS120 settled without PIP, SS121 settled with a previous gemeente's PIP. */
export interface DuoVerhuizingEvent extends PartnerEventBase {
  type: 'SS120' | 'SS121';
  /** The gemeente the person is now settled in. */
  gemeente: GemeenteId;
  vestiging?: IsoDate;
  /** SS121: leerroute of the previous gemeente's PIP (a new PIP keeps it). */
  previousLeerroute?: Leerroute;
  /** SS121: dagtekening of the previous gemeente's (actuele) PIP, from DUO's PIP API. */
  previousPipDagtekening?: IsoDate;
  /**
   * SS121: the inburgeringstermijn DUO registered (its Inburgeringstermijn API): the termijn of
   * the first PIP, which runs on in the new gemeente (Wi art. 11).
   */
  termijnStart?: IsoDate;
  termijnEnd?: IsoDate;
}
/** SS124 asiel → gezins/overige migrant; SS125 → asielstatushouder. */
export interface DuoDoelgroepEvent extends PartnerEventBase {
  type: 'SS124' | 'SS125';
  /** SS124 only: which non-asiel group (default overige_migrant). */
  newTargetGroup?: Exclude<TargetGroup, 'asielstatushouder'>;
}
export interface DuoLeerbaarheidEvent extends PartnerEventBase {
  type: 'SS131';
  result: LeerbaarheidResult;
}
/** SS199: exam result; passed parts count at `level`. */
export interface DuoExamEvent extends PartnerEventBase {
  type: 'SS199';
  part: ExamPart;
  level: Level;
  passed: boolean;
}

/** COA handover via TVS: only facts, the background itself is stored in PostgreSQL. */
export interface CoaOverdrachtEvent extends PartnerEventBase {
  type: 'COA_OVERDRACHT';
  backgroundAvailable: boolean;
}
/** Provider hours (additive). For LES, inPersonHours counts the klassikale part. */
export interface UrenEvent extends PartnerEventBase {
  type: 'UREN';
  kind: HourKind;
  hours: number;
  inPersonHours?: number;
}
/** KNM_MODULE = the KNM lessons, never the exam (exam results come from DUO only, SS199). */
export type { CompletedModule };
export interface ModuleAfgerondEvent extends PartnerEventBase {
  type: 'MODULE_AFGEROND';
  module: CompletedModule;
}
export interface MbRapportageEvent extends PartnerEventBase {
  type: 'MB_RAPPORTAGE';
  status: 'LOPEND' | 'AANDACHT_NODIG' | 'AFGEROND';
}
/**
 * Verzuim: hours missed (of soort `kind`) in the calendar month of `occurredOn`. Reports add up
 * per month; reaching the gemeente's threshold (policy `verzuimDrempelUren`) opens a task.
 */
export interface VerzuimEvent extends PartnerEventBase {
  type: 'VERZUIM';
  kind: HourKind;
  hours: number;
}
export interface OntzorgenStatusEvent extends PartnerEventBase {
  type: 'ONTZORGEN_STATUS';
  status: 'GESTART' | 'LOPEND' | 'GESTOPT' | 'AFGEROND';
}

/**
 * Werkmakelaar/jobcoach (WERK) or maatschappelijk begeleider: a participation activity started,
 * stopped or was completed (src/domain/participatie.ts). `occurredOn` is the day it happened.
 */
export interface ParticipatieStatusEvent extends PartnerEventBase {
  type: 'PARTICIPATIE_STATUS';
  soort: ParticipatieSoort;
  status: ParticipatieMeldingStatus;
  urenPerWeek?: number;
}
/** The gemeente's income department (kind INKOMEN): the bijstand started, with the fixed costs it knows. */
export interface BijstandGestartEvent extends PartnerEventBase {
  type: 'BIJSTAND_GESTART';
  start: IsoDate;
  vasteLasten?: Partial<VasteLastenCent>;
}
/** The income department: the bijstand stops on `einde` (reason WERK: uitstroom naar werk). */
export interface BijstandBeeindigdEvent extends PartnerEventBase {
  type: 'BIJSTAND_BEEINDIGD';
  einde: IsoDate;
  reden: BijstandEindeReden;
}

/**
 * The taalaanbieder: the leerroute really started on `occurredOn` — the date DUO receives as
 * the datumInburgeringsaanbod (src/domain/leerroute-gestart.ts).
 */
export interface LeerrouteGestartEvent extends PartnerEventBase {
  type: 'LEERROUTE_GESTART';
}

export type PartnerEvent =
  | DuoPlichtEvent
  | DuoPipClockEvent
  | DuoTermijnStartedEvent
  | DuoTermijnExtendedEvent
  | DuoPlichtVoldaanEvent
  | DuoPlichtIngetrokkenEvent
  | DuoVerhuizingEvent
  | DuoDoelgroepEvent
  | DuoLeerbaarheidEvent
  | DuoExamEvent
  | CoaOverdrachtEvent
  | UrenEvent
  | ModuleAfgerondEvent
  | MbRapportageEvent
  | VerzuimEvent
  | OntzorgenStatusEvent
  | ParticipatieStatusEvent
  | BijstandGestartEvent
  | BijstandBeeindigdEvent
  | LeerrouteGestartEvent;

export type PartnerEventType = PartnerEvent['type'];
