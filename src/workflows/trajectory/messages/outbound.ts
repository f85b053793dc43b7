/**
 * What the trajectory sends to chain partners: one discriminated union (recipient, type,
 * payload), beside `PartnerEvent` for what comes in. A message carries every fact its
 * delivery needs, so the delivery activities never read the projection to decide what to send:
 * the PIP (in the workflow's own naming), the target group and leerroute where DUO's rules
 * depend on them, the uren totals. Personal data (burgerservicenummer, names) is not in it:
 * the delivery resolves that from PostgreSQL.
 *
 * Partner messages (everything not for DUO) need the machtiging: the workflow holds them until
 * consent covers their recipient and sends the consent it decided on along
 * (`OutboundEnvelope.consent`), which is the delivery's consent gate.
 */
import type { DuoUrenSoort } from '../../../domain/duo-uren';
import type { VasteLastenCent } from '../../../domain/ontzorgen';
import type { ParticipatieSoort, PipOnderdeel } from '../../../domain/pip-plan';
import type { CloseReason, IsoDate, Leerroute, Level, PartnerKind, TargetGroup } from '../../../domain/types';
import type { PipRecord } from './input';

export interface DuoPipPayload {
  pip: PipRecord;
  targetGroup: TargetGroup;
}

export interface DuoVerwijtbaarheidPayload {
  verwijtbaar: 'Ja' | 'Nee';
  termijnEinde: IsoDate;
}

/** DUO's message types (gemeente → DUO, no machtiging needed: DUO is a legal chain partner). */
export type DuoMessage =
  | { recipient: 'DUO'; type: 'PIP_VASTGESTELD'; payload: DuoPipPayload }
  | { recipient: 'DUO'; type: 'PIP_BIJGESTELD'; payload: DuoPipPayload }
  | { recipient: 'DUO'; type: 'PVT_ONDERTEKEND'; payload: { datumOndertekening: IsoDate } }
  | { recipient: 'DUO'; type: 'MAP_EINDGESPREK'; payload: { datumEindgesprek: IsoDate } }
  | { recipient: 'DUO'; type: 'MAP_VERWIJTBAARHEID'; payload: DuoVerwijtbaarheidPayload }
  | { recipient: 'DUO'; type: 'PVT_VERWIJTBAARHEID'; payload: DuoVerwijtbaarheidPayload }
  | { recipient: 'DUO'; type: 'Z_ROUTE_AFGEROND'; payload: { datumAfronding: IsoDate } }
  | {
      recipient: 'DUO';
      type: 'INBURGERINGSAANBOD';
      payload: {
        datumInburgeringsaanbod: IsoDate;
        leerroute: Leerroute;
        alfabetisering: boolean;
        targetGroup: TargetGroup;
      };
    }
  | { recipient: 'DUO'; type: 'CONTACTPERSOON'; payload: { consulentId: string } }
  | {
      recipient: 'DUO';
      type: 'GEVOLGDE_UREN';
      payload: { soort: DuoUrenSoort; uren: number; targetGroup: TargetGroup; leerroute?: Leerroute };
    };

/** Messages to providers and partners (need the machtiging). Payloads are what the partner receives. */
export type PartnerMessage =
  | {
      recipient: 'MAATSCHAPPELIJKE_BEGELEIDING';
      type: 'AANMELDING_MAATSCHAPPELIJKE_BEGELEIDING';
      /** start: the PIP's agreement on maatschappelijke begeleiding, else the PIP's dagtekening. */
      payload: { start: IsoDate };
    }
  | {
      recipient: 'ONTZORGEN';
      type: 'ONTZORGEN_START';
      /** vasteLastenCent: the fixed costs it takes over, per month in whole cents. */
      payload: { start: IsoDate; einde: IsoDate; vasteLastenCent: VasteLastenCent };
    }
  | { recipient: 'ONTZORGEN'; type: 'ONTZORGEN_EINDE'; payload: { einde: IsoDate; reden: string } }
  /** To the kind the PIP's PVT agreement names (default the taalaanbieder), with its start. */
  | { recipient: 'TAALAANBIEDER' | 'MAATSCHAPPELIJKE_BEGELEIDING'; type: 'START_PVT'; payload: { start: IsoDate } }
  /** To the kind the PIP's MAP agreement names (default the taalaanbieder), with its start. */
  | { recipient: 'TAALAANBIEDER' | 'WERK'; type: 'START_MAP'; payload: { start: IsoDate } }
  | {
      recipient: 'TAALAANBIEDER';
      type: 'AANMELDING_LEERROUTE';
      /** knmStart: the PIP's KNM agreement (absent: KNM goes with the route). */
      payload: { leerroute: Leerroute; niveau: Level; alfabetisering: boolean; start: IsoDate; knmStart?: IsoDate };
    }
  /**
   * The participation agreements of the PIP that this kind carries out (pip-aanbieders.ts):
   * kind of activity, agreed start, hours a week. No names, no notes.
   */
  | {
      recipient: 'WERK' | 'MAATSCHAPPELIJKE_BEGELEIDING';
      type: 'AANMELDING_PARTICIPATIE';
      payload: { afspraken: ParticipatieAanmelding[] };
    }
  | { recipient: 'TAALAANBIEDER'; type: 'AANMELDING_OPSTARTKLAS'; payload: { start: IsoDate; end: IsoDate } }
  | RouteNotice;

/** One participation agreement as its partner receives it. */
export interface ParticipatieAanmelding {
  soort: ParticipatieSoort;
  start: IsoDate;
  urenPerWeek?: number;
}

/** In a ROUTE_BIJGESTELD: the new plan's agreements that the recipient's kind carries out (absent: none). */
export interface RouteAfspraken {
  afspraken?: { onderdeel: PipOnderdeel; start: IsoDate }[];
  participatie?: ParticipatieAanmelding[];
}

/** A partner kind that can hear about the route (DUO gets its own reports). */
export type RoutePartnerKind = Exclude<PartnerKind, 'DUO'>;

/**
 * What every provider already told about this person (registered: a message of theirs went
 * out under the machtiging) hears about the route after that, so that no provider works on
 * a plan that no longer holds. Codes and dates only: no grounds (an ontheffing's medical
 * ground stays with the gemeente), no notes.
 */
export type RouteNoticeBody =
  | {
      /** PIP bijgesteld: a route switch (schakelen), afschalen to A2, or another change. */
      type: 'ROUTE_BIJGESTELD';
      payload: {
        dagtekening: IsoDate;
        leerroute: Leerroute;
        niveau: Level;
        alfabetisering: boolean;
        schakelen: boolean;
        afschalen: boolean;
      } & RouteAfspraken;
    }
  /** DUO's SS109: the plicht is suspended (temporary vrijstelling) from `vanaf`. */
  | { type: 'TRAJECT_GESCHORST'; payload: { vanaf: IsoDate } }
  /** DUO's SS130 after SS109: the plicht runs again from `vanaf`. */
  | { type: 'TRAJECT_HERVAT'; payload: { vanaf: IsoDate } }
  /** The person moved (SS120/SS121): `trajectLoopt` false when the trajectory ends here with it. */
  | { type: 'VERHUIZING'; payload: { vestiging: IsoDate; trajectLoopt: boolean } }
  /** An ontheffing: the parts it covers (a whole ontheffing ends the trajectory, TRAJECT_BEEINDIGD follows). */
  | { type: 'ONTHEFFING_VERLEEND'; payload: { datum: IsoDate; geheel: boolean; onderdelen: string[] } }
  /** The end of the trajectory (deregistration): the provider stops. */
  | { type: 'TRAJECT_BEEINDIGD'; payload: { einde: IsoDate; reden: CloseReason } };

export type RouteNoticeType = RouteNoticeBody['type'];
export type RouteNotice = RouteNoticeBody & { recipient: RoutePartnerKind };

export type OutboundMessage = DuoMessage | PartnerMessage;
export type OutboundMessageType = OutboundMessage['type'];
export type OutboundRecipient = OutboundMessage['recipient'];
export type DuoMessageType = DuoMessage['type'];

/** The machtiging the workflow had decided on when it let a partner message go. */
export interface ConsentDecision {
  /** Partner kinds the machtiging covers. */
  scope: string[];
  date?: IsoDate;
  /** The workflow's stateVersion of this decision: a later decision replaces an earlier one. */
  stateVersion: number;
}

/** One message as the workflow hands it to the outbox (idempotent by key). */
export interface OutboundEnvelope {
  key: string;
  trajectoryId: string;
  message: OutboundMessage;
  /** Partner messages only. */
  consent?: ConsentDecision;
}
