/** DUO's MAP-PVT-Zroute API: the results a gemeente reports (PUT replaces the resource). */
import type { DuoResultaatMap, DuoResultaatPvt, DuoResultaatZroute } from '../../../src/integrations/duo/client';
import { mapPvtRefusal } from './duo-rules';
import { notFound, personOf, refused, type SimContext, type SimulatedPerson } from './state';

const facts = (p: SimulatedPerson) => ({
  hasPip: Boolean(p.pip),
  ...(p.termijn ? { termijnStart: p.termijn.startdatum, termijnEnd: p.termijn.einddatum } : {}),
  ...(p.zroute?.datumAfrondingZroute ? { zrouteAfgerond: p.zroute.datumAfrondingZroute } : {}),
});

export function registerMapPvtZroute(ctx: SimContext): void {
  const { app, operation } = ctx;
  app.put('/v1/personen/:bsn/map', operation('MAP-PVT-Zroute', 'updateMapByBsn'), (req, res) => {
    const p = personOf(ctx, req);
    if (!p) return notFound(res);
    const body = req.body as DuoResultaatMap;
    const melding = {
      ...(body.datumEindgesprekMap !== undefined ? { datum: body.datumEindgesprekMap } : {}),
      ...(body.verwijtbaar !== undefined ? { verwijtbaar: body.verwijtbaar } : {}),
    };
    const refusal = mapPvtRefusal(melding, facts(p), ctx.today());
    if (refusal) return refused(res, refusal);
    p.map = body;
    res.status(200).end();
  });
  app.put('/v1/personen/:bsn/pvt', operation('MAP-PVT-Zroute', 'updatePvtByBsn'), (req, res) => {
    const p = personOf(ctx, req);
    if (!p) return notFound(res);
    const body = req.body as DuoResultaatPvt;
    const melding = {
      ...(body.datumOndertekeningPvt !== undefined ? { datum: body.datumOndertekeningPvt } : {}),
      ...(body.verwijtbaar !== undefined ? { verwijtbaar: body.verwijtbaar } : {}),
    };
    const refusal = mapPvtRefusal(melding, facts(p), ctx.today());
    if (refusal) return refused(res, refusal);
    p.pvt = body;
    res.status(200).end();
  });
  app.put('/v1/personen/:bsn/zroute', operation('MAP-PVT-Zroute', 'updateZrouteByBsn'), (req, res) => {
    const p = personOf(ctx, req);
    if (!p) return notFound(res);
    p.zroute = req.body as DuoResultaatZroute;
    res.status(200).end();
  });
}
