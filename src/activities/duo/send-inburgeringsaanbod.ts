/**
 * INBURGERINGSAANBOD at the institution of the TAALAANBIEDER assigned to the trajectory.
 * DUO's rules are checked first (asielmigrant, a PIP, a BoW/TST instelling in DUO's list,
 * dates). A PIP reported in the same decision may not be at DUO yet (its delivery runs next to
 * this one): while our PIP message is still on its way this waits (retryable), before DUO is asked.
 */
import { ApplicationFailure } from '@temporalio/common';
import { refuse } from '../../domain/rule-result';
import type { DuoInburgeringsaanbod } from '../../integrations/duo/client';
import { checkInburgeringsaanbodForDuo } from '../../integrations/duo/rules';
import { OUTBOX_STATUS } from '../outbox';
import { LEERROUTE_FROM_DUO, type DuoCallContext, type DuoSender } from './context';

/** The assigned taalaanbieder and its DUO instellingsnummer (configured, the partner id, or by name). */
async function instellingOf(context: DuoCallContext, list: { instellingsnummer: string; naam: string }[]) {
  const assignment = await context.deps.prisma.partnerAssignment.findFirst({
    where: { trajectoryId: context.row.trajectoryId, partner: { kind: 'TAALAANBIEDER' } },
    select: { partner: { select: { id: true, name: true } } },
    orderBy: { createdAt: 'desc' },
  });
  const partner = assignment?.partner;
  if (!partner) return { partner };
  const byName = list.filter((item) => item.naam.trim().toLowerCase() === partner.name.trim().toLowerCase());
  const instellingsnummer =
    context.deps.instellingsnummer?.(partner) ??
    (/^\d{10}$/.test(partner.id) ? partner.id : byName.length === 1 ? byName[0]!.instellingsnummer : undefined);
  return { partner, instellingsnummer };
}

/** Our PIP message still on its way to DUO: being delivered, retried, or waiting for the DUO connection. */
const PIP_ON_ITS_WAY = [OUTBOX_STATUS.PENDING, OUTBOX_STATUS.RETRYING, OUTBOX_STATUS.WAITING_FOR_DUO];

export const sendInburgeringsaanbod: DuoSender<'INBURGERINGSAANBOD'> = async (context) => {
  const { duo, bsn, deps, row } = context;
  const payload = context.message.payload;
  // First our own PIP, then DUO's: the PIP and the aanbod leave in the same turn and are
  // delivered side by side. Reading DUO's PIP first and our outbox after raced with the PIP's
  // delivery — DUO answered "no PIP" just before our PIP arrived, the outbox then said "nothing
  // on its way", and the aanbod was refused with "De persoon heeft nog geen PIP" for a person
  // who had one. A PIP waiting for the DUO connection (re-delivered side by side with the
  // aanbod once DUO is configured) is on its way too.
  const pipOnItsWay = await deps.prisma.outboxMessage.count({
    where: {
      trajectoryId: row.trajectoryId,
      recipient: 'DUO',
      type: { in: ['PIP_VASTGESTELD', 'PIP_BIJGESTELD'] },
      status: { in: PIP_ON_ITS_WAY },
    },
  });
  if (pipOnItsWay > 0) {
    throw ApplicationFailure.retryable('DUO kent de PIP nog niet: het aanbod wacht op de PIP-melding', 'DuoWachtOpPip');
  }
  const [termijn, current, instellingen] = await Promise.all([
    duo.getInburgeringstermijn(bsn),
    duo.getPip(bsn),
    duo.getInstellingen(),
  ]);
  const list = instellingen ?? [];
  const { partner, instellingsnummer } = await instellingOf(context, list);
  await context.refuseWith(
    partner
      ? { ok: true }
      : refuse('DUO_AANBOD_GEEN_TAALAANBIEDER', 'Er is geen taalaanbieder aan het traject toegewezen.'),
  );
  const instelling = list.find((item) => item.instellingsnummer === instellingsnummer);

  // alfabetisering: the PIP says yes/no; DUO wants A (analfabeet) or AA (anders-gealfabetiseerd).
  const pipIndicator = current?.pip.indicatorAlfabetiseringsonderwijs;
  const alfabetisering = !payload.alfabetisering
    ? 'NVT'
    : pipIndicator === 'A' || pipIndicator === 'AA'
      ? pipIndicator
      : undefined;
  await context.refuseWith(
    alfabetisering
      ? { ok: true }
      : refuse(
          'DUO_AANBOD_ALFABETISERING_ONBEKEND',
          'Het PIP noemt alfabetisering, maar niet of het om analfabeet (A) of anders-gealfabetiseerd (AA) gaat.',
        ),
  );
  const body: DuoInburgeringsaanbod = {
    indicatorAlfabetiseringsonderwijs: alfabetisering ?? 'NVT',
    datumInburgeringsaanbod: payload.datumInburgeringsaanbod,
  };
  await context.refuseWith(
    checkInburgeringsaanbodForDuo(body, {
      targetGroup: payload.targetGroup,
      ...(current
        ? { actuelePipDagtekening: current.pip.dagtekeningPip, leerroute: LEERROUTE_FROM_DUO[current.pip.leerroute] }
        : {}),
      ...(instelling ? { instelling } : {}),
      ...(termijn ? { termijnStart: termijn.startdatum, termijnEnd: termijn.einddatum } : {}),
    }),
  );
  await duo.postInburgeringsaanbod(bsn, instelling!.instellingsnummer, body, { berichtId: context.options.berichtId });
};
