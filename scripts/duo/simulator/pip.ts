/** DUO's PIP API: a gemeente registers (POST) or withdraws (DELETE) the PIP. */
import type { DuoPip } from '../../../src/integrations/duo/client';
import { pipRefusal } from './duo-rules';
import { isAsiel, notFound, personOf, refused, type SimContext } from './state';

export function registerPip(ctx: SimContext): void {
  const { app, operation } = ctx;
  app.post('/v1/personen/:bsn/PIP', operation('PIP', 'postPipByBsn'), (req, res) => {
    const p = personOf(ctx, req);
    if (!p) return notFound(res);
    const pip = req.body as DuoPip;
    const refusal = pipRefusal(pip, {
      asiel: isAsiel(p),
      ...(p.inburgeringsplicht.begindatum ? { plichtBegin: p.inburgeringsplicht.begindatum } : {}),
      earlierPips: p.pipHistory,
      ...(p.pip ? { actuele: p.pip } : {}),
    });
    if (refusal) return refused(res, refusal);
    p.pip = pip;
    p.pipHistory.push(pip);
    res.status(201).end();
  });
  app.delete('/v1/personen/:bsn/PIP', operation('PIP', 'deletePipByBsn'), (req, res) => {
    const p = personOf(ctx, req);
    if (!p?.pip) return notFound(res);
    if (p.termijn) return refused(res, 'De inburgeringstermijn is al vastgesteld');
    p.pip = undefined;
    p.pipHistory.pop();
    res.status(200).end();
  });
}
