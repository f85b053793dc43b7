/** DUO's GevolgdeUren API: totals of hours per resource (PUT replaces the total). */
import { urenRefusal } from './duo-rules';
import { isAsiel, notFound, personOf, refused, type SimContext, type SimulatedPerson } from './state';

export function registerGevolgdeUren(ctx: SimContext): void {
  const put = (path: string, operationId: string, field: keyof SimulatedPerson['uren']) =>
    ctx.app.put(`/v1/personen/:bsn/uren/${path}`, ctx.operation('GevolgdeUren', operationId), (req, res) => {
      const p = personOf(ctx, req);
      if (!p) return notFound(res);
      const uren = (req.body as { uren: unknown }).uren;
      const refusal = urenRefusal(field, uren, { asiel: isAsiel(p), ...(p.pip ? { leerroute: p.pip.leerroute } : {}) });
      if (refusal) return refused(res, refusal);
      p.uren[field] = uren as number;
      res.status(200).end();
    });
  put('bredeintake/taallesknm', 'updateUrenTaallesEnKnmByBSN', 'taallesKnm');
  put('participatieactiviteiten', 'updateUrenParticipatieactiviteiten', 'participatie');
  put('participatietaalles', 'updateUrenParticipatieAlsTaallesByBsn', 'participatieAlsTaalles');
}
