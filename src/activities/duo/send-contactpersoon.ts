/**
 * CONTACTPERSOON: the consulent is registered once per gemeente at DUO (POST
 * /contactpersonen; DUO's id is kept on this outbox row, `payloadRef`), brought up to date
 * (PUT) when known, and linked to the person (POST /contactpersonen/{id}/personen/{bsn},
 * which replaces an earlier link).
 *
 * DUO's id is found again through the outbox row of an earlier CONTACTPERSOON message of the
 * same consulent (serialised per gemeente + consulent by an advisory lock, so concurrent sends
 * for one consulent register one Contactpersoon); a mapping table (gemeente + consulent → DUO id) would replace that lookup once
 * consulenten are managed in the werkplek.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DuoError, berichtIdFor, type DuoContactpersoongegevens } from '../../integrations/duo/client';
import { checkContactpersoonForDuo } from '../../integrations/duo/rules';
import { DUO_RULE_REFUSED, type DuoSender } from './context';

/** Outbox rows of a CONTACTPERSOON message remember DUO's id: `duo-contactpersoon:<gemeente>:<id>`. */
export const DUO_CONTACTPERSOON_REF = 'duo-contactpersoon:';

export const sendContactpersoon: DuoSender<'CONTACTPERSOON'> = async (context) => {
  const { deps, duo, bsn, gemeente, row } = context;
  const { prisma } = deps;
  const { consulentId } = context.message.payload;
  const key = await prisma.apiKey.findFirst({
    where: { subject: consulentId, revokedAt: null, OR: [{ gemeente }, { gemeente: null }] },
    orderBy: { createdAt: 'desc' },
    select: { label: true },
  });
  const resolved = await deps.contactpersoon?.({ gemeente, consulentId, ...(key ? { label: key.label } : {}) });
  const gegevens = { ...(key ? { naam: key.label } : {}), ...resolved };
  await context.refuseWith(checkContactpersoonForDuo(gegevens));
  const body: DuoContactpersoongegevens = {
    naam: gegevens.naam!.trim(),
    email: gegevens.email!.trim(),
    telefoonnummer: gegevens.telefoonnummer!.trim(),
  };
  const prefix = `${DUO_CONTACTPERSOON_REF}${gemeente}:`;
  // One Contactpersoon per consulent at DUO: two trajectories getting the same new consulent at
  // once would both find no DUO id and both register one. A transaction-scoped advisory lock per
  // gemeente + consulent serialises the lookup, the registration and storing DUO's id.
  const id = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${prefix}${consulentId}`}))`;
      const known = await tx.outboxMessage.findFirst({
        where: {
          recipient: 'DUO',
          type: 'CONTACTPERSOON',
          payloadRef: { startsWith: prefix },
          payload: { path: ['consulentId'], equals: consulentId },
        },
        orderBy: { createdAt: 'desc' },
        select: { payloadRef: true },
      });
      let duoId = known?.payloadRef ? Number(known.payloadRef.slice(prefix.length)) : undefined;
      if (duoId !== undefined && Number.isInteger(duoId)) {
        try {
          await duo.updateContactpersoon(duoId, body, { berichtId: berichtIdFor(`${row.key}#wijzigen`) });
        } catch (error) {
          // DUO no longer knows it (deleted): register it again.
          if (!(error instanceof DuoError && error.info.status === 404)) throw error;
          duoId = undefined;
        }
      } else {
        duoId = undefined;
      }
      if (duoId === undefined) {
        const created = await duo.createContactpersoon(body, { berichtId: berichtIdFor(`${row.key}#aanmaken`) });
        duoId = created.contactpersoon?.id;
        if (duoId === undefined)
          throw ApplicationFailure.nonRetryable('DUO gaf geen id voor de contactpersoon', DUO_RULE_REFUSED);
      }
      await tx.outboxMessage.update({ where: { id: row.id }, data: { payloadRef: `${prefix}${duoId}` } });
      return duoId;
    },
    // The lock is held while DUO answers (at most its timeout, retried by Temporal after that).
    { maxWait: 30_000, timeout: 120_000 },
  );
  await duo.koppelContactpersoon(id, bsn, { berichtId: berichtIdFor(`${row.key}#koppelen`) });
};
