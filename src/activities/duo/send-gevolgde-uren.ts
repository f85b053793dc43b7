/**
 * GEVOLGDE_UREN: a total of hours (PUT replaces it). A total never goes down: a delayed retry
 * of an older report sends the newest total the workflow has enqueued for that soort.
 */
import { ApplicationFailure } from '@temporalio/common';
import { DUO_UREN_SOORTEN } from '../../domain/duo-uren';
import { checkGevolgdeUrenForDuo } from '../../integrations/duo/rules';
import { DUO_RULE_REFUSED, LEERROUTE_FROM_DUO, type DuoSendContext, type DuoSender } from './context';

/** The highest total of this soort in the trajectory's outbox (the workflow's totals only grow). */
async function newestTotal(context: DuoSendContext<'GEVOLGDE_UREN'>): Promise<number> {
  const { soort, uren } = context.message.payload;
  const rows = await context.deps.prisma.outboxMessage.findMany({
    where: {
      trajectoryId: context.row.trajectoryId,
      recipient: 'DUO',
      type: 'GEVOLGDE_UREN',
      payload: { path: ['soort'], equals: soort },
    },
    select: { payload: true },
  });
  const totals = rows.map((row) => Number((row.payload as { uren?: unknown } | null)?.uren ?? 0));
  return Math.max(uren, ...totals.filter(Number.isFinite));
}

export const sendGevolgdeUren: DuoSender<'GEVOLGDE_UREN'> = async (context) => {
  const { duo, bsn, options } = context;
  const { soort, targetGroup } = context.message.payload;
  if (!DUO_UREN_SOORTEN.includes(soort)) throw ApplicationFailure.nonRetryable('unknown uren soort', DUO_RULE_REFUSED);
  const uren = await newestTotal(context);
  const current = soort === 'PARTICIPATIE' ? await duo.getPip(bsn) : null;
  await context.refuseWith(
    checkGevolgdeUrenForDuo(soort, uren, {
      targetGroup,
      ...(current ? { leerroute: LEERROUTE_FROM_DUO[current.pip.leerroute] } : {}),
    }),
  );
  if (soort === 'TAALLES_KNM') await duo.putUrenTaallesEnKnm(bsn, uren, options);
  else if (soort === 'PARTICIPATIE') await duo.putUrenParticipatieactiviteiten(bsn, uren, options);
  else await duo.putUrenParticipatieAlsTaalles(bsn, uren, options);
};
