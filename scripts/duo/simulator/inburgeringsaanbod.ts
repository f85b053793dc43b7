/** DUO's Inburgeringsaanbod API: the gemeente's aanbod at an institution (asielmigranten). */
import type { components as InburgeringsaanbodSpec } from '../../../src/integrations/duo/generated/inburgeringsaanbod';
import { inburgeringsaanbodRefusal } from './duo-rules';
import { isAsiel, notFound, personOf, refused, type SimContext } from './state';

export function registerInburgeringsaanbod(ctx: SimContext): void {
  const { app, operation } = ctx;
  app.post(
    '/v1/personen/:bsn/Inburgeringsaanbod/:instellingsnummer',
    operation('Inburgeringsaanbod', 'postInburgeringsaanbodByBsnAndInstellingsnummer'),
    (req, res) => {
      const p = personOf(ctx, req);
      if (!p) return notFound(res);
      const body = req.body as InburgeringsaanbodSpec['schemas']['Inburgeringsaanbod'];
      const instelling = ctx.instellingen.find((item) => item.instellingsnummer === req.params.instellingsnummer);
      const refusal = inburgeringsaanbodRefusal({ asiel: isAsiel(p), hasPip: Boolean(p.pip) }, instelling);
      if (refusal) return refused(res, refusal);
      p.aanbod[String(req.params.instellingsnummer)] = body;
      res.status(201).end();
    },
  );
  app.delete(
    '/v1/personen/:bsn/Inburgeringsaanbod/:instellingsnummer',
    operation('Inburgeringsaanbod', 'deleteInburgeringsaanbodByBsnAndInstellingsnumer'),
    (req, res) => {
      const p = personOf(ctx, req);
      if (!p) return notFound(res);
      delete p.aanbod[String(req.params.instellingsnummer)];
      res.status(200).end();
    },
  );
}
