/**
 * Delivers one outbox message (partner, DUO or consulent) and records the attempt. Payloads
 * carry facts only; the delivery resolves personal data from PostgreSQL by trajectory id, and
 * only for a partner kind the machtiging stored with the message covers (consent gate, second
 * line after the workflow's own hold).
 *
 * Delivery to a partner: HTTP POST of JSON to the endpoint of the partner of that kind
 * assigned to the trajectory (Partner.endpointUrl via PartnerAssignment), signed with the
 * partner's current HMAC key (src/integrations/signing.ts).
 * - 2xx → DELIVERED (deliveredAt);
 * - 5xx, 408, 429, timeout, network → RETRYING + retryable ApplicationFailure (the delivery
 *   workflow retries it with the OUTBOX_DELIVERY preset, backing off to an hour) — until the
 *   retry budget (`maxAttempts`, config OUTBOX_DELIVERY_MAX_ATTEMPTS) is spent: then FAILED + a
 *   task for the beheerder + non-retryable ApplicationFailure, as for a refusal;
 * - other 4xx → FAILED + a task for the beheerder + non-retryable ApplicationFailure.
 * Delivery to DUO goes through the DUO client after DUO's business-rule pre-checks
 * (src/activities/duo/); without DUO configured, or for a gemeente without an OIN in
 * DUO_GEMEENTE_OINS, the message waits visibly (WACHT_OP_DUO, a Dutch reason) instead of being
 * retried: every start of a process with DUO re-delivers the waiting ones. CONSULENT messages (notices of tasks) are in-app (the werkvoorraad
 * lists the tasks) and mailed as the consulent prefers (notice-delivery.ts).
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../db/client';
import { taskAudience, taskTitle, type TaskParams, type TaskType } from '../domain/tasks';
import type { PartnerKind } from '../domain/types';
import { signRequest, type PartnerKeyrings } from '../integrations/signing';
import type { Mailer } from '../integrations/smtp';
import { DELIVERY_REJECTED, DELIVERY_UNAVAILABLE } from '../temporal/activity-presets';
import { DuoGemeenteNotConnected } from '../integrations/duo/client';
import type { DuoMessage } from '../workflows/trajectory/messages';
import { createDuoOutboxSender, type DuoSenderDeps } from './duo/sender';
import { CONSULENT_RECIPIENT } from './notices';
import { deliverConsulentNotice } from './notice-delivery';
import { OUTBOX_STATUS, consentOf } from './outbox';

export interface OutboxDeliveryDeps {
  prisma: PrismaClient;
  /** Per-partner HMAC keys (config PARTNER_SIGNING_KEYS). */
  keyrings?: PartnerKeyrings;
  fetch?: typeof fetch;
  /** Per delivery request; default 10 s. */
  timeoutMs?: number;
  /**
   * Attempts at a partner that is unavailable (5xx, 408, 429, no answer) before the delivery
   * gives up and a beheerder gets a task; default unlimited.
   */
  maxAttempts?: number;
  /** DUO delivery (client + gemeente facts); without it DUO messages fail non-retryably. */
  duo?: Omit<DuoSenderDeps, 'prisma'>;
  /** E-mail for CONSULENT notices (config SMTP_*; `npm start` runs a local sink); in-app always. */
  mailer?: Mailer;
  /** Where a trajectory's consulent notices go by e-mail (e.g. the gemeente's team mailbox). */
  consulentMailbox?: (trajectory: { id: string; gemeente: string; consulentId: string | null }) => string | undefined;
  now?: () => Date;
}

export interface DeliveryOutcome {
  /** WAITING: for the DUO connection or for a partner to be assigned (the message's status says which). */
  status: 'DELIVERED' | 'ALREADY_DELIVERED' | 'HELD_NO_CONSENT' | 'WAITING';
  attempts: number;
}

/** What a partner receives (JSON body). Personal data only under `person`, only with consent. */
export interface PartnerDelivery {
  messageId: string;
  key: string;
  type: string;
  trajectoryId: string;
  payload: unknown;
  person?: { naam: string | null; geboortedatum: string | null };
  sentAt: string;
}

/** This attempt's number (1, 2, …) when running as a Temporal activity; 1 otherwise (tests). */
function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/**
 * How a delivery may go: SEND (the delivery workflow's activity) does everything; OFFLINE (the
 * turn, right after its commit) settles only what needs no network — a message that must wait
 * (no DUO connection, no partner of its kind, no machtiging for it) or a notice that is not
 * mailed — and answers NEEDS_SENDING, changing nothing, where it would send or fail.
 */
type DeliveryMode = 'SEND' | 'OFFLINE';
const NEEDS_SENDING = { status: 'NEEDS_SENDING' } as const;
type NeedsSending = typeof NEEDS_SENDING;

function outboxDeliverer(deps: OutboxDeliveryDeps) {
  const { prisma } = deps;
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? (() => new Date());
  const duoSender = deps.duo ? createDuoOutboxSender({ prisma, ...deps.duo }) : undefined;

  async function record(id: string, data: { status: string; lastError?: string | null; deliveredAt?: Date | null }) {
    await prisma.outboxMessage.update({ where: { id }, data: { ...data, attempts: { increment: 1 } } });
  }

  /** A task from the catalogue (src/domain/tasks.ts): its audience and Dutch title come from there. */
  async function taskForPerson(args: {
    key: string;
    trajectoryId: string;
    type: TaskType;
    params: TaskParams;
    description: string;
  }) {
    const trajectory = await prisma.trajectory.findUnique({
      where: { id: args.trajectoryId },
      select: { gemeente: true },
    });
    if (!trajectory) return;
    await prisma.task.createMany({
      data: [
        {
          key: args.key,
          trajectoryId: args.trajectoryId,
          gemeente: trajectory.gemeente,
          type: args.type,
          title: taskTitle(args.type, args.params),
          description: args.description.slice(0, 2000),
          audience: taskAudience(args.type),
        },
      ],
      skipDuplicates: true,
    });
  }

  return {
    /** Delivers one outbox message (by key). Idempotent: a delivered message is not sent again. */
    async deliver(input: { key: string }, mode: DeliveryMode): Promise<DeliveryOutcome | NeedsSending> {
      const offline = mode === 'OFFLINE';
      const message = await prisma.outboxMessage.findUnique({ where: { key: input.key } });
      if (!message) {
        if (offline) return NEEDS_SENDING;
        throw ApplicationFailure.nonRetryable(`outbox message ${input.key} not found`, DELIVERY_REJECTED);
      }
      if (message.status === OUTBOX_STATUS.DELIVERED)
        return { status: 'ALREADY_DELIVERED', attempts: message.attempts };
      const trajectoryId = message.trajectoryId ?? '';

      if (message.recipient === CONSULENT_RECIPIENT) {
        // In-app always (the werkvoorraad); by e-mail as the consulent prefers (notice-delivery.ts).
        return deliverConsulentNotice(
          {
            prisma,
            ...(deps.mailer ? { mailer: deps.mailer } : {}),
            ...(deps.consulentMailbox ? { consulentMailbox: deps.consulentMailbox } : {}),
            ...(deps.maxAttempts !== undefined ? { maxAttempts: deps.maxAttempts } : {}),
            now,
            offline,
            attempt: currentAttempt,
            record,
            beheerderTask: (args) => taskForPerson({ ...args, type: 'AFLEVERING_MISLUKT' }),
          },
          message,
        );
      }

      if (message.recipient === 'DUO') {
        if (!duoSender) {
          // A laptop without DUO: the message waits visibly and is sent once DUO is configured
          // (every start of a process with DUO re-delivers the waiting ones).
          await prisma.outboxMessage.update({
            where: { id: message.id },
            data: { status: OUTBOX_STATUS.WAITING_FOR_DUO, lastError: 'wacht op DUO-koppeling' },
          });
          return { status: 'WAITING', attempts: message.attempts };
        }
        if (offline) return NEEDS_SENDING;
        try {
          await duoSender.send({ id: message.id, key: message.key, trajectoryId }, {
            recipient: 'DUO',
            type: message.type,
            payload: message.payload,
          } as DuoMessage);
        } catch (error) {
          if (error instanceof DuoGemeenteNotConnected) {
            // Not an outage: retrying cannot help. The message waits visibly, like a laptop
            // without DUO, and goes once the OIN is configured (re-delivered at the next start).
            await prisma.outboxMessage.update({
              where: { id: message.id },
              data: {
                status: OUTBOX_STATUS.WAITING_FOR_DUO,
                lastError: `wacht op DUO-koppeling: voor gemeente ${error.gemeente} is geen OIN ingesteld (DUO_GEMEENTE_OINS)`,
              },
            });
            return { status: 'WAITING', attempts: message.attempts };
          }
          const failure =
            error instanceof ApplicationFailure
              ? error
              : ApplicationFailure.retryable(String(error), DELIVERY_UNAVAILABLE);
          await record(message.id, {
            status: failure.nonRetryable ? OUTBOX_STATUS.FAILED : OUTBOX_STATUS.RETRYING,
            lastError: failure.message.slice(0, 1000),
          });
          throw failure;
        }
        await record(message.id, { status: OUTBOX_STATUS.DELIVERED, deliveredAt: now(), lastError: null });
        return { status: 'DELIVERED', attempts: message.attempts + 1 };
      }

      // A partner: the one of this kind assigned to the trajectory.
      const kind = message.recipient as PartnerKind;
      const trajectory = await prisma.trajectory.findUnique({
        where: { id: trajectoryId },
        select: {
          person: { select: { naam: true, geboortedatum: true } },
          assignments: { where: { partner: { kind } }, select: { partner: true } },
        },
      });
      const partner = trajectory?.assignments[0]?.partner;
      if (!trajectory || !partner) {
        // Nobody of this kind is assigned yet: the message waits, a person is asked to assign a
        // partner (one task per kind), and assigning one re-delivers (src/temporal/outbox-redelivery.ts).
        await prisma.outboxMessage.update({
          where: { id: message.id },
          data: { status: OUTBOX_STATUS.WAITING_FOR_PARTNER, lastError: `wacht op toewijzing van een ${kind}-partner` },
        });
        await taskForPerson({
          key: `${trajectoryId}/aanbieder-toewijzen/${kind}`,
          trajectoryId,
          type: 'AANBIEDER_TOEWIJZEN',
          params: { partnerKind: kind },
          description: `Een bericht (${message.type}) voor ${kind} wacht: er is aan dit traject nog geen partner van die soort toegewezen. Na het toewijzen wordt het vanzelf verstuurd.`,
        });
        return { status: 'WAITING', attempts: message.attempts };
      }
      if (!partner.endpointUrl) {
        if (offline) return NEEDS_SENDING;
        const reason = `partner ${partner.name} (${partner.id}) heeft geen endpoint-URL; stel die in (PUT /admin/partners/${partner.id}) en verstuur opnieuw`;
        await record(message.id, { status: OUTBOX_STATUS.FAILED, lastError: reason });
        await taskForPerson({
          key: `${message.key}/aflevering-mislukt`,
          trajectoryId,
          type: 'AFLEVERING_MISLUKT',
          params: { messageType: message.type, partner: partner.name, failure: 'geen endpoint-URL ingesteld' },
          description: reason,
        });
        throw ApplicationFailure.nonRetryable(reason, DELIVERY_REJECTED);
      }

      // Consent gate: personal data only to partner kinds in the machtiging the workflow decided
      // on (stored with the message, kept up to date by recordOutboxConsent).
      if (!(consentOf(message)?.scope ?? []).includes(kind)) {
        await prisma.outboxMessage.update({
          where: { id: message.id },
          data: { status: OUTBOX_STATUS.HELD_NO_CONSENT, lastError: `machtiging dekt ${kind} niet` },
        });
        await taskForPerson({
          key: `${message.key}/machtiging`,
          trajectoryId,
          type: 'MACHTIGING_VASTLEGGEN',
          params: {},
          description: `Een bericht (${message.type}) voor ${kind} wacht op de machtiging: zonder machtiging voor deze partnersoort gaan er geen persoonsgegevens naar de partner.`,
        });
        return { status: 'HELD_NO_CONSENT', attempts: message.attempts };
      }

      if (offline) return NEEDS_SENDING;
      const delivery: PartnerDelivery = {
        messageId: message.id,
        key: message.key,
        type: message.type,
        trajectoryId,
        payload: message.payload,
        person: {
          naam: trajectory.person?.naam ?? null,
          geboortedatum: trajectory.person?.geboortedatum?.toISOString().slice(0, 10) ?? null,
        },
        sentAt: now().toISOString(),
      };
      const body = JSON.stringify(delivery);
      // A key set by a beheerder through the API wins over PARTNER_SIGNING_KEYS.
      const keyring =
        partner.signingKeyId && partner.signingKey
          ? { currentKeyId: partner.signingKeyId, keys: { [partner.signingKeyId]: partner.signingKey } }
          : deps.keyrings?.[partner.id];
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'idempotency-key': message.key,
        ...(keyring ? signRequest(keyring, body, now()) : {}),
      };

      /** The partner is unavailable: retry with backoff, or — budget spent — give up and tell a beheerder. */
      const unavailable = async (reason: string, failure: string): Promise<never> => {
        const attempt = currentAttempt();
        if (attempt < (deps.maxAttempts ?? Number.POSITIVE_INFINITY)) {
          await record(message.id, { status: OUTBOX_STATUS.RETRYING, lastError: reason });
          throw ApplicationFailure.retryable(failure, DELIVERY_UNAVAILABLE);
        }
        const gaveUp = `opgegeven na ${attempt} pogingen: ${reason}`;
        await record(message.id, { status: OUTBOX_STATUS.FAILED, lastError: gaveUp.slice(0, 1000) });
        await taskForPerson({
          key: `${message.key}/aflevering-opgegeven`,
          trajectoryId,
          type: 'AFLEVERING_MISLUKT',
          params: { messageType: message.type, partner: partner.name, attempts: attempt },
          description: gaveUp,
        });
        throw ApplicationFailure.nonRetryable(
          `partner unavailable, gave up after ${attempt} attempts`,
          DELIVERY_REJECTED,
        );
      };

      let response: Response;
      try {
        response = await doFetch(partner.endpointUrl, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
        });
      } catch (error) {
        const reason = `geen antwoord van ${partner.id}: ${error instanceof Error ? error.name : 'fout'}`;
        return unavailable(reason, reason);
      }
      const answer = (await response.text().catch(() => '')).slice(0, 300);
      if (response.ok) {
        await record(message.id, { status: OUTBOX_STATUS.DELIVERED, deliveredAt: now(), lastError: null });
        return { status: 'DELIVERED', attempts: message.attempts + 1 };
      }
      const reason = `${partner.id} antwoordde HTTP ${response.status}${answer ? `: ${answer}` : ''}`;
      if (response.status >= 500 || response.status === 408 || response.status === 429) {
        return unavailable(reason, `partner answered HTTP ${response.status}`);
      }
      await record(message.id, { status: OUTBOX_STATUS.FAILED, lastError: reason });
      await taskForPerson({
        key: `${message.key}/aflevering-mislukt`,
        trajectoryId,
        type: 'AFLEVERING_MISLUKT',
        params: {
          messageType: message.type,
          partner: partner.name,
          httpStatus: response.status,
          ...(answer ? { failure: answer.slice(0, 80) } : {}),
        },
        description: reason,
      });
      throw ApplicationFailure.nonRetryable(
        `partner refused the message (HTTP ${response.status})`,
        DELIVERY_REJECTED,
        {
          status: response.status,
        },
      );
    },
  };
}

/** Settles a message without the network, or says it must be sent (see DeliveryMode). */
export type SettleOffline = (key: string) => Promise<'SETTLED' | 'NEEDS_SENDING'>;

/**
 * One deliverer (one DUO sender) for both ways a message goes: the delivery workflow's activity,
 * and `settleOffline` for the turn — a message whose outcome needs no network is settled right
 * after the commit, without a delivery workflow (most messages early in a trajectory wait for the
 * machtiging or a partner; a notice whose consulent wants no mail is done in-app); the rest goes
 * to its delivery workflow as before. Settling is idempotent (a retried turn settles again to the
 * same outcome).
 */
export function createOutboxDelivery(deps: OutboxDeliveryDeps) {
  const { deliver } = outboxDeliverer(deps);
  const settleOffline: SettleOffline = async (key) =>
    (await deliver({ key }, 'OFFLINE')).status === 'NEEDS_SENDING' ? 'NEEDS_SENDING' : 'SETTLED';
  return {
    activities: {
      /** Delivers one outbox message (by key). Idempotent: a delivered message is not sent again. */
      async deliverOutboxMessage(input: { key: string }): Promise<DeliveryOutcome> {
        const outcome = await deliver(input, 'SEND');
        if (outcome.status === 'NEEDS_SENDING') throw new Error('a delivery in SEND mode always sends');
        return outcome;
      },
    },
    settleOffline,
  };
}

export function createOutboxDeliveryActivities(deps: OutboxDeliveryDeps) {
  return createOutboxDelivery(deps).activities;
}
