/**
 * MAP and PVT results (PUT /map, /pvt): the date of the MAP eindgesprek or the signed
 * participatieverklaring, or the verwijtbaarheid at the end of the termijn. PUT replaces the
 * whole resource: a verwijtbaarheid keeps a date DUO already has (and the rules then refuse
 * 'Verwijtbaar' with a date before the end of the termijn).
 */
import { checkMapForDuo, checkPvtForDuo } from '../../integrations/duo/rules';
import type { DuoCallContext, DuoSender } from './context';

type Verwijtbaar = 'Ja' | 'Nee';

/** Reads DUO's facts once, then sends the body built from the date DUO already has. */
async function sendModule(
  context: DuoCallContext,
  module: 'MAP' | 'PVT',
  body: (earlierDate: string | undefined) => { date?: string; verwijtbaar?: Verwijtbaar },
): Promise<void> {
  const { duo, bsn, options } = context;
  const [termijn, current, earlier] = await Promise.all([
    duo.getInburgeringstermijn(bsn, options),
    duo.getPip(bsn, options),
    module === 'MAP' ? duo.getMap(bsn, options) : duo.getPvt(bsn, options),
  ]);
  const earlierDate = earlier
    ? 'datumEindgesprekMap' in earlier
      ? earlier.datumEindgesprekMap
      : earlier.datumOndertekeningPvt
    : undefined;
  const rules = {
    today: context.today,
    hasActuelePip: Boolean(current),
    previouslySentByUs: Boolean(earlier),
    isChange: Boolean(earlier),
    ...(termijn ? { termijnStart: termijn.startdatum, termijnEnd: termijn.einddatum } : {}),
  };
  const { date, verwijtbaar } = body(earlierDate);
  const extra = verwijtbaar ? { verwijtbaar } : {};
  if (module === 'MAP') {
    const message = { ...(date !== undefined ? { datumEindgesprekMap: date } : {}), ...extra };
    await context.refuseWith(checkMapForDuo(message, rules));
    await duo.putMap(bsn, message, options);
  } else {
    const message = { ...(date !== undefined ? { datumOndertekeningPvt: date } : {}), ...extra };
    await context.refuseWith(checkPvtForDuo(message, rules));
    await duo.putPvt(bsn, message, options);
  }
}

export const sendMapEindgesprek: DuoSender<'MAP_EINDGESPREK'> = (context) =>
  sendModule(context, 'MAP', () => ({ date: context.message.payload.datumEindgesprek }));

export const sendPvtOndertekend: DuoSender<'PVT_ONDERTEKEND'> = (context) =>
  sendModule(context, 'PVT', () => ({ date: context.message.payload.datumOndertekening }));

export const sendMapVerwijtbaarheid: DuoSender<'MAP_VERWIJTBAARHEID'> = (context) =>
  sendModule(context, 'MAP', (earlierDate) => ({
    ...(earlierDate !== undefined ? { date: earlierDate } : {}),
    verwijtbaar: context.message.payload.verwijtbaar,
  }));

export const sendPvtVerwijtbaarheid: DuoSender<'PVT_VERWIJTBAARHEID'> = (context) =>
  sendModule(context, 'PVT', (earlierDate) => ({
    ...(earlierDate !== undefined ? { date: earlierDate } : {}),
    verwijtbaar: context.message.payload.verwijtbaar,
  }));
