/** DUO's reads (raadplegingen): plicht, doelgroep, termijn, toetsen, examens, PIP, MAP/PVT, uren, instellingen. */
import { notFound, personOf, type SimContext } from './state';

export function registerReads(ctx: SimContext): void {
  const { app, operation } = ctx;
  const person = (req: Parameters<typeof personOf>[1]) => personOf(ctx, req);
  app.get(
    '/v1/personen/:bsn/inburgeringsplicht',
    operation('Inburgeringsplicht', 'getInburgeringsplichtByBsn'),
    (req, res) => {
      const p = person(req);
      if (!p) return notFound(res);
      res.status(200).json(p.inburgeringsplicht);
    },
  );
  app.get('/v1/personen/:bsn/doelgroep', operation('Inburgeringsplicht', 'getDoelgroepByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    res.status(200).json(p.doelgroep);
  });
  app.get(
    '/v1/personen/:bsn/inburgeringstermijn',
    operation('Inburgeringstermijn', 'getInburgeringstermijnByBsn'),
    (req, res) => {
      const p = person(req);
      if (!p?.termijn) return notFound(res);
      res.status(200).json(p.termijn);
    },
  );
  app.get('/v1/personen/:bsn/lbt/resultaten', operation('Leerbaarheidstoets', 'getLbtResultatenByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    res.status(200).json(p.lbt);
  });
  app.get('/v1/personen/:bsn/examens/resultaten', operation('Examen', 'getExamenresultatenByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    res.status(200).json(p.examens);
  });
  app.get('/v1/personen/:bsn/ontheffingen', operation('Ontheffing', 'getOntheffingenByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    res.status(200).json([]);
  });
  app.get('/v1/personen/:bsn/vrijstellingen', operation('Vrijstelling', 'getVrijstellingenByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    res.status(200).json([]);
  });
  app.get('/v1/personen/:bsn/PIP', operation('PIP', 'getPipByBsn'), (req, res) => {
    const p = person(req);
    if (!p?.pip) return notFound(res);
    res.status(200).json({ gemeentecode: p.gemeentecode, pip: p.pip });
  });
  app.get('/v1/personen/:bsn/map', operation('MAP-PVT-Zroute', 'getMapByBsn'), (req, res) => {
    const p = person(req);
    if (!p?.map?.datumEindgesprekMap) return notFound(res);
    res.status(200).json({ datumEindgesprekMap: p.map.datumEindgesprekMap });
  });
  app.get('/v1/personen/:bsn/pvt', operation('MAP-PVT-Zroute', 'getPvtByBsn'), (req, res) => {
    const p = person(req);
    if (!p?.pvt?.datumOndertekeningPvt) return notFound(res);
    res.status(200).json({ datumOndertekeningPvt: p.pvt.datumOndertekeningPvt });
  });
  app.get('/v1/personen/:bsn/uren', operation('GevolgdeUren', 'getGevolgdeUrenByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    res.status(200).json([
      {
        gemeentecode: p.gemeentecode,
        ...(p.uren.taallesKnm !== undefined ? { TaallesEnKnmBredeIntake: { uren: p.uren.taallesKnm } } : {}),
        ...(p.uren.participatie !== undefined
          ? { ParticipatieactiviteitenBredeIntake: { uren: p.uren.participatie } }
          : {}),
        ...(p.uren.participatieAlsTaalles !== undefined
          ? { ParticipatieAlsTaalles: { uren: p.uren.participatieAlsTaalles } }
          : {}),
      },
    ]);
  });
  app.get('/v1/instellingen', operation('Inburgeringsaanbod', 'getInstellingen'), (_req, res) => {
    res.status(200).json(ctx.instellingen);
  });
}
