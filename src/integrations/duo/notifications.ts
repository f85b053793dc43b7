/**
 * DUO's notificatiepatroon, gemeente side, after the Notificatie API stored and acknowledged
 * a notification (src/api/duo/router.ts): pull the details from the DUO API that belongs to
 * the gebeurtenis (DUO Gebeurtenissen.md), turn them into the trajectory workflow's partner
 * events (src/workflows/trajectory/messages.ts) and signal them — with the pseudonymous
 * trajectory id and facts only. The BSN → trajectory mapping is the Person table.
 *
 * An event about a person without a trajectory here (SS101, SS128, SS139, SS120, SS121)
 * starts one through the injected `startTrajectory` (the API's idempotent start operation);
 * other events about unknown persons are recorded as IGNORED.
 *
 * The inbox row records status (RECEIVED → DELIVERED | IGNORED), attempts and the last
 * error; the BSN is removed from its payload once processed (the hash stays). A row whose pull
 * or signal failed stays RECEIVED: the inbox drain (a Temporal Schedule, src/workflows/inbox-drain)
 * processes it again.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { PrismaClient } from '../../db/client';
import { INBOX_STATUS } from '../../db/inbox-status';
import { findPersonAcrossGemeenten } from '../../db/person-lookup';
import type { IsoDate, TargetGroup } from '../../domain/types';
import type { PartnerEvent } from '../../workflows/trajectory/messages';
import { STARTING_CODES, pullDuoDetails, targetGroupFromDuo, toPartnerEvents } from './notification-events';
import type { DuoClient } from './client';

export const DUO_PARTNER_ID = 'duo';

export interface StoredDuoNotification {
  /** InboxEvent id: the partner event's eventId (the workflow deduplicates on it). */
  id: string;
  berichtId: string;
  trajectoryId?: string;
  payload: {
    gebeurtenisId: string;
    registratieDatumTijd: string;
    gemeente: string;
    bsn?: string;
    bsnHash?: string;
    vNummer?: number;
  };
}

export interface StartTrajectoryForDuo {
  gemeente: string;
  bsn: string;
  targetGroup: TargetGroup;
  plichtStart?: IsoDate;
  /** SS139: the 10-week PIP clock start. */
  ss139?: IsoDate;
  /** The person's trajectory here ended (e.g. SS110): DUO's start is a new plicht. */
  nieuwePlicht?: boolean;
}

export interface DuoNotificationDeps {
  prisma: PrismaClient;
  /** One client, or one per gemeente (each gemeente has its own OIN = `bron`). */
  duo: DuoClient | ((gemeente: string) => DuoClient);
  /** Signals one partner event to the trajectory's workflow. */
  signal: (trajectoryId: string, event: PartnerEvent) => Promise<void>;
  /** Starts (or finds) the trajectory of a person; idempotent (the API's start operation). */
  startTrajectory: (input: StartTrajectoryForDuo) => Promise<{ trajectoryId: string }>;
  /** Keyed BSN hash (Person.bsnHash). */
  hashBsn: (bsn: string) => string;
}

export type DuoNotificationOutcome =
  | { status: 'DELIVERED'; trajectoryId: string; events: number; started: boolean }
  | { status: 'IGNORED'; reason: string };

export async function processDuoNotification(
  deps: DuoNotificationDeps,
  notification: StoredDuoNotification,
): Promise<DuoNotificationOutcome> {
  const { prisma } = deps;
  await prisma.inboxEvent.update({ where: { id: notification.id }, data: { attempts: { increment: 1 } } });
  try {
    const outcome = await process(deps, notification);
    await prisma.inboxEvent.update({
      where: { id: notification.id },
      data: {
        status: outcome.status,
        lastError: outcome.status === 'IGNORED' ? outcome.reason : null,
        deliveredAt: outcome.status === 'DELIVERED' ? new Date() : null,
        ...(outcome.status === 'DELIVERED' ? { trajectoryId: outcome.trajectoryId } : {}),
        payload: withoutBsn(notification.payload),
      },
    });
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await prisma.inboxEvent.update({
      where: { id: notification.id },
      data: { status: INBOX_STATUS.RECEIVED, lastError: message.slice(0, 1000) },
    });
    throw error;
  }
}

function withoutBsn(payload: StoredDuoNotification['payload']): StoredDuoNotification['payload'] {
  const { bsn: _bsn, ...rest } = payload;
  return rest;
}

async function process(
  deps: DuoNotificationDeps,
  notification: StoredDuoNotification,
): Promise<DuoNotificationOutcome> {
  const { payload } = notification;
  const code = payload.gebeurtenisId;
  const bsn = payload.bsn;
  if (!bsn) return { status: 'IGNORED', reason: `${code} zonder BSN (alleen vNummer): handmatig afhandelen` };

  // A running trajectory in another served gemeente (before a transfer) is the person's too.
  const person = await findPersonAcrossGemeenten(deps.prisma, deps.hashBsn(bsn), payload.gemeente);
  const duo = typeof deps.duo === 'function' ? deps.duo(payload.gemeente) : deps.duo;
  const details = await pullDuoDetails(duo, code, bsn);
  const events = toPartnerEvents({ id: notification.id, ...payload }, details);

  // An ended trajectory takes no more events; a starting code then means a new plicht (SS110
  // path): a new trajectory for the same person, the ended one stays as history.
  const endedHere = person !== undefined && !person.running;
  let trajectoryId = endedHere && isStartingCode(code) ? undefined : person?.trajectoryId;
  let started = false;
  if (!trajectoryId) {
    if (!isStartingCode(code)) {
      return { status: 'IGNORED', reason: `${code} voor een persoon zonder traject in deze gemeente` };
    }
    const targetGroup = targetGroupFromDuo(details.doelgroep ?? (await duo.getDoelgroep(bsn))) ?? 'overige_migrant';
    const plichtStart = details.inburgeringsplicht?.begindatum;
    const result = await deps.startTrajectory({
      gemeente: payload.gemeente,
      bsn,
      targetGroup,
      ...(plichtStart ? { plichtStart } : {}),
      ...(code === 'SS139' ? { ss139: payload.registratieDatumTijd.slice(0, 10) } : {}),
      ...(endedHere ? { nieuwePlicht: true } : {}),
    });
    trajectoryId = result.trajectoryId;
    started = true;
  }
  if (events.length === 0) return { status: 'IGNORED', reason: `${code}: geen trajectgebeurtenis voor deze code` };
  try {
    for (const event of events) await deps.signal(trajectoryId, event);
  } catch (error) {
    // A closed trajectory takes no more events: retrying would only keep the BSN in the inbox.
    if (error instanceof WorkflowNotFoundError) {
      return { status: 'IGNORED', reason: `${code}: het traject is afgesloten; beoordeel handmatig` };
    }
    throw error;
  }
  return { status: 'DELIVERED', trajectoryId, events: events.length, started };
}

function isStartingCode(code: string): boolean {
  return (STARTING_CODES as readonly string[]).includes(code);
}
