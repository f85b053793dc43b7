/** Z_ROUTE_AFGEROND: the date the Z-route was completed (PUT /zroute). */
import { checkZrouteForDuo } from '../../integrations/duo/rules';
import { LEERROUTE_FROM_DUO, type DuoSender } from './context';

export const sendZrouteAfgerond: DuoSender<'Z_ROUTE_AFGEROND'> = async (context) => {
  const { duo, bsn, options } = context;
  const [termijn, current] = await Promise.all([duo.getInburgeringstermijn(bsn, options), duo.getPip(bsn, options)]);
  const body = { datumAfrondingZroute: context.message.payload.datumAfronding };
  await context.refuseWith(
    checkZrouteForDuo(body, {
      today: context.today,
      hasActuelePip: Boolean(current),
      ...(current ? { leerroute: LEERROUTE_FROM_DUO[current.pip.leerroute] } : {}),
      ...(termijn ? { termijnStart: termijn.startdatum } : {}),
    }),
  );
  await duo.putZroute(bsn, body, options);
};
