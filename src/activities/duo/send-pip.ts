/** PIP_VASTGESTELD / PIP_BIJGESTELD: the PIP as DUO registers it (POST /pip). */
import { checkPipForDuo, toDuoPip } from '../../integrations/duo/rules';
import type { DuoSendContext } from './context';

export async function sendPip(
  context: DuoSendContext<'PIP_VASTGESTELD'> | DuoSendContext<'PIP_BIJGESTELD'>,
): Promise<void> {
  const { duo, bsn, options, message } = context;
  const { pip, targetGroup } = message.payload;
  const [plicht, current] = await Promise.all([duo.getInburgeringsplicht(bsn, options), duo.getPip(bsn, options)]);
  const body = toDuoPip({
    dagtekening: pip.dagtekening,
    leerroute: pip.leerroute,
    level: pip.level,
    ...(pip.b1Intensity !== undefined ? { b1Intensity: pip.b1Intensity } : {}),
    targetGroup,
    ...(pip.alfabetisering ? {} : { alfabetisering: 'NVT' as const }),
  });
  if (current && current.pip.dagtekeningPip === body.dagtekeningPip && current.pip.leerroute === body.leerroute) {
    return; // already registered (a retry after a lost answer)
  }
  await context.refuseWith(
    checkPipForDuo(body, {
      targetGroup,
      isFirstPip: !current,
      ...(plicht?.begindatum ? { plichtStart: plicht.begindatum } : {}),
      ...(current ? { currentPipDagtekening: current.pip.dagtekeningPip } : {}),
    }),
  );
  await duo.postPip(bsn, body, options);
}
