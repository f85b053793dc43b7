/**
 * The outbox: the workflow enqueues its outbound messages here (idempotent by key) and tells
 * it when the machtiging changes; the delivery (outbox-delivery.ts) sends each message. A
 * partner message is stored with the consent the workflow decided on, which is the delivery's
 * consent gate — the activities never read the projection (Trajectory.state) to decide.
 */
import { Prisma } from '../db/client';
import type { ConsentDecision, OutboundEnvelope } from '../workflows/trajectory/messages';

export const OUTBOX_STATUS = {
  PENDING: 'PENDING',
  RETRYING: 'RETRYING',
  DELIVERED: 'DELIVERED',
  FAILED: 'FAILED',
  HELD_NO_CONSENT: 'HELD_NO_CONSENT',
  /** DUO is not configured (a laptop): the message waits, sent once DUO is (src/temporal/outbox-redelivery.ts). */
  WAITING_FOR_DUO: 'WACHT_OP_DUO',
  /** No partner of the message's kind is assigned: a task asks to assign one; assigning re-delivers. */
  WAITING_FOR_PARTNER: 'WACHT_OP_PARTNER',
  /** A consulent notice held for the consulent's daily digest (src/activities/notice-delivery.ts). */
  WAITING_FOR_DIGEST: 'WACHT_OP_DAGOVERZICHT',
  /** A notice that went out in a daily digest (that digest is its own outbox row). */
  IN_DIGEST: 'IN_DAGOVERZICHT',
  /** A notice not mailed: the consulent turned mail off, or no address is known (the werkvoorraad has it). */
  NOT_MAILED: 'NIET_GEMAILD',
} as const;

/** A new machtiging of a trajectory, for its partner messages still on their way. */
export interface OutboxConsentInput {
  trajectoryId: string;
  consent: ConsentDecision;
}

/** The consent stored with an outbox row (partner messages), or undefined. */
export function consentOf(row: { consent: unknown }): ConsentDecision | undefined {
  const candidate = row.consent as Partial<ConsentDecision> | null;
  return candidate && Array.isArray(candidate.scope) && typeof candidate.stateVersion === 'number'
    ? (candidate as ConsentDecision)
    : undefined;
}

/** A partner message not (yet) at its partner: waiting for one, for the machtiging, or failed. */
const UNDELIVERED_STATUSES = [
  OUTBOX_STATUS.PENDING,
  OUTBOX_STATUS.RETRYING,
  OUTBOX_STATUS.FAILED,
  OUTBOX_STATUS.HELD_NO_CONSENT,
  OUTBOX_STATUS.WAITING_FOR_PARTNER,
];

export function createOutboxActivities(deps: { prisma: Prisma.TransactionClient }) {
  const { prisma } = deps;

  /**
   * The workflow sent a partner message again under its key: the plan changed (a PIP
   * bijstelling) before it reached its partner, so the row carries the current facts; what its
   * partner gets once assigned (or once consent covers it, or on a retry) is the current plan.
   * A delivered message stays as it went (the partner heard the change as ROUTE_BIJGESTELD).
   * A retried turn sends the same payload again: no change.
   */
  async function refreshUndelivered(input: OutboundEnvelope): Promise<void> {
    await prisma.outboxMessage.updateMany({
      where: { key: input.key, recipient: input.message.recipient, status: { in: UNDELIVERED_STATUSES } },
      data: { payload: input.message.payload as Prisma.InputJsonObject },
    });
  }

  return {
    async enqueueOutboundMessage(input: OutboundEnvelope): Promise<boolean> {
      const { message } = input;
      const created = await prisma.outboxMessage.createMany({
        data: [
          {
            key: input.key,
            trajectoryId: input.trajectoryId,
            recipient: message.recipient,
            type: message.type,
            payload: message.payload as Prisma.InputJsonObject,
            ...(input.consent ? { consent: { ...input.consent } } : {}),
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 0 && message.recipient !== 'DUO') await refreshUndelivered(input);
      return created.count > 0;
    },

    /**
     * The workflow recorded a new machtiging: partner messages not yet delivered follow it (a
     * narrower machtiging holds them at delivery), unless they carry a newer decision already.
     */
    async recordOutboxConsent(input: OutboxConsentInput): Promise<number> {
      return prisma.$executeRaw`
        UPDATE "OutboxMessage"
        SET "consent" = ${JSON.stringify(input.consent)}::jsonb
        WHERE "trajectoryId" = ${input.trajectoryId}
          AND "recipient" <> 'DUO'
          AND "status" IN (${Prisma.join([OUTBOX_STATUS.PENDING, OUTBOX_STATUS.RETRYING, OUTBOX_STATUS.HELD_NO_CONSENT])})
          AND COALESCE(("consent"->>'stateVersion')::int, -1) < ${input.consent.stateVersion}`;
    },
  };
}
