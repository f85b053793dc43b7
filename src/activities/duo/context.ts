/** What every DUO sender gets: the client, the person's burgerservicenummer, the message and its row. */
import type { PrismaClient } from '../../db/client';
import type { RuleResult } from '../../domain/rule-result';
import type { DuoClient, DuoContactpersoongegevens } from '../../integrations/duo/client';
import type { DuoMessage, DuoMessageType } from '../../workflows/trajectory/messages';

export const DUO_RULE_REFUSED = 'DuoRuleRefused';

/** The outbox row being delivered (no payload: the typed message carries it). */
export interface DuoOutboxRow {
  id: string;
  key: string;
  trajectoryId: string;
}

export interface DuoSenderDeps {
  prisma: PrismaClient;
  /** One client, or one per gemeente (each gemeente has its own OIN = `bron`). */
  duo: DuoClient | ((gemeente: string) => DuoClient);
  /** "Today" for the date rules (default: today in Europe/Amsterdam). */
  today?: () => string;
  /**
   * DUO's instellingsnummer (10 digits) of a taalaanbieder, for the Inburgeringsaanbod.
   * Default: the Partner id when it is a 10-digit number, else the one institution in DUO's
   * own list (GET /instellingen) with exactly the partner's name. (Partner has no column for
   * the instellingsnummer yet.)
   */
  instellingsnummer?: (partner: { id: string; name: string }) => string | undefined;
  /**
   * Contact data of a consulent for DUO's Contactpersoon (name, e-mail, phone; never in
   * workflow history). Gets the name from the consulent's API key label, when there is one;
   * what it returns overrides that. Typically the gemeente's team e-mail and phone number.
   */
  contactpersoon?: (input: {
    gemeente: string;
    consulentId: string;
    label?: string;
  }) => Partial<DuoContactpersoongegevens> | undefined | Promise<Partial<DuoContactpersoongegevens> | undefined>;
}

export interface DuoSendContext<T extends DuoMessageType = DuoMessageType> {
  deps: DuoSenderDeps;
  duo: DuoClient;
  bsn: string;
  gemeente: string;
  row: DuoOutboxRow;
  message: Extract<DuoMessage, { type: T }> & { type: T };
  /** berichtId derived from the outbox key: a retried send carries the same id. */
  options: { berichtId: string };
  today: string;
  /** Refuses before sending (non-retryable, with a task for the consulent) when a pre-check fails. */
  refuseWith(result: RuleResult): Promise<void>;
}

/** The context without the message, for helpers shared by several senders. */
export type DuoCallContext = Omit<DuoSendContext, 'message'>;

export type DuoSender<T extends DuoMessageType> = (context: DuoSendContext<T>) => Promise<void>;

/** DUO's leerroute codes back to ours. */
export const LEERROUTE_FROM_DUO = { B: 'B1', O: 'ONDERWIJS', Z: 'Z' } as const;
