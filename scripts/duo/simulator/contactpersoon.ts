/** DUO's Contactpersoon API: the gemeente's contact persons and their link to a person. */
import type { DuoContactpersoongegevens } from '../../../src/integrations/duo/client';
import { contactpersoonRefusal } from './duo-rules';
import { notFound, personOf, refused, type SimContext } from './state';

export function registerContactpersoon(ctx: SimContext): void {
  const { app, operation, contactpersonen } = ctx;
  app.post('/v1/contactpersonen', operation('Contactpersoon', 'createContactpersoon'), (req, res) => {
    const refusal = contactpersoonRefusal(req.body as DuoContactpersoongegevens);
    if (refusal) return refused(res, refusal);
    const id = ctx.nextContactpersoonId();
    contactpersonen.set(id, req.body as DuoContactpersoongegevens);
    res.status(201).json({ id, contactpersoongegevens: req.body });
  });
  app.put('/v1/contactpersonen/:id', operation('Contactpersoon', 'updateContactpersoonById'), (req, res) => {
    const id = Number(req.params.id);
    if (!contactpersonen.has(id)) return notFound(res);
    const refusal = contactpersoonRefusal(req.body as DuoContactpersoongegevens);
    if (refusal) return refused(res, refusal);
    contactpersonen.set(id, req.body as DuoContactpersoongegevens);
    res.status(200).end();
  });
  app.delete('/v1/contactpersonen/:id', operation('Contactpersoon', 'deleteContactpersoonById'), (req, res) => {
    const id = Number(req.params.id);
    if (!contactpersonen.delete(id)) return notFound(res);
    for (const p of ctx.persons.values()) if (p.contactpersoonId === id) p.contactpersoonId = undefined;
    res.status(200).end();
  });
  app.post(
    '/v1/contactpersonen/:id/personen/:bsn',
    operation('Contactpersoon', 'postContactpersoonByBsn'),
    (req, res) => {
      const p = personOf(ctx, req);
      const id = Number(req.params.id);
      if (!p || !contactpersonen.has(id)) return notFound(res);
      p.contactpersoonId = id;
      res.status(201).end();
    },
  );
  app.delete(
    '/v1/contactpersonen/:id/personen/:bsn',
    operation('Contactpersoon', 'deleteContactpersoonByBsn'),
    (req, res) => {
      const p = personOf(ctx, req);
      if (!p || p.contactpersoonId !== Number(req.params.id)) return notFound(res);
      p.contactpersoonId = undefined;
      res.status(200).end();
    },
  );
}
