/**
 * DUO's Notificatie API (spec/duo/Notificatie/openapi.yml, v1.8.0), the gemeente side of
 * DUO's notificatiepatroon: DUO POSTs `/notificaties` with headers `bron` (DUO's OIN),
 * `doel` (our gemeente's OIN) and `berichtId` (UUID), body {registratieDatumTijd,
 * gebeurtenisId, bsn?, vNummer?}. We validate the request against DUO's spec file
 * (express-openapi-validator), store it in the inbox (idempotent by berichtId), answer 201
 * with `API-Version`, and only then pull the details from DUO (processDuoNotification).
 *
 * Status codes as DUO's spec lists them: 201 stored (also for a repeated berichtId),
 * 400 not per spec, 401 sender not authenticated (no or an untrusted PKIoverheid client
 * certificate, see sender.ts), 403 the certificate's OIN is not `bron`, or bron/doel not
 * accepted, 500 internal error, 503 (with Foutmelding) not available. Authentication comes
 * first: nothing of the request is parsed or stored for an unauthenticated caller.
 *
 * Mount: `app.use('/duo/v1', createDuoNotificatieRouter(deps))` → POST /duo/v1/notificaties.
 * The router parses its own JSON body; mount it before any global body parser or make sure
 * that one leaves `application/json` for this path alone (a parsed body is accepted too).
 */
import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { PrismaClient } from '../../db/client';
import { DUO_API_VERSIONS } from '../../integrations/duo/client';
import { INBOX_STATUS } from '../../db/inbox-status';
import { DUO_PARTNER_ID, type StoredDuoNotification } from '../../integrations/duo/notifications';
import { loadDuoSpec } from '../../integrations/duo/specs';
import type { SenderAuthentication } from './sender';

export const NOTIFICATIE_API_VERSION = DUO_API_VERSIONS.Notificatie;

export interface DuoNotificatieRouterDeps {
  prisma: PrismaClient;
  /** DUO's OIN: the only accepted `bron`. */
  duoOin: string;
  /** Our gemeenten's OINs: `doel` → gemeente id. */
  gemeenteByOin: Record<string, string>;
  /** Keyed hash of a BSN (the Person table's bsnHash), to find a known person. */
  hashBsn: (bsn: string) => string;
  /** Called after the 201 was sent, with the stored notification (pull + signal). Errors are logged, the inbox keeps the row for a retry. */
  onStored?: (notification: StoredDuoNotification) => Promise<void>;
  /** Who sends (the client certificate's OIN; see sender.ts): unauthenticated → 401, OIN ≠ bron → 403. */
  authenticateSender: SenderAuthentication;
  logger?: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
  /** Path prefix the router is mounted at (for the validator; default '/duo/v1'). */
  mountPath?: string;
}

interface NotificatieBody {
  registratieDatumTijd: string;
  gebeurtenisId: string;
  bsn?: string;
  vNummer?: number;
}

export function createDuoNotificatieRouter(deps: DuoNotificatieRouterDeps): Router {
  const router = express.Router();
  const mountPath = deps.mountPath ?? '/duo/v1';

  router.use((_req, res, next) => {
    res.setHeader('API-Version', NOTIFICATIE_API_VERSION);
    next();
  });
  // Authenticate before reading anything of the request (body, headers' values).
  router.use((req, res, next) => {
    const sender = deps.authenticateSender(req);
    if (!sender.authenticated) {
      deps.logger?.warn({ reason: sender.reason }, 'DUO notificatie geweigerd: afzender niet geauthenticeerd');
      res.status(401).end();
      return;
    }
    res.locals.senderOin = sender.oin;
    next();
  });
  router.use(express.json({ limit: '16kb' }));
  router.use(
    OpenApiValidator.middleware({
      apiSpec: loadDuoSpec('Notificatie', mountPath) as never,
      validateRequests: { allowUnknownQueryParameters: false },
      validateResponses: false,
      validateApiSpec: true,
      ignoreUndocumented: false,
    }),
  );

  router.post('/notificaties', async (req: Request, res: Response) => {
    const bron = req.header('bron')!;
    const doel = req.header('doel')!;
    const berichtId = req.header('berichtId')!;
    const gemeente = deps.gemeenteByOin[doel];
    if (res.locals.senderOin !== bron) {
      deps.logger?.warn({ bron, doel, berichtId }, 'DUO notificatie geweigerd: certificaat-OIN is niet de bron');
      res.status(403).end();
      return;
    }
    if (bron !== deps.duoOin || !gemeente) {
      deps.logger?.warn({ bron, doel, berichtId }, 'DUO notificatie geweigerd: bron of doel onbekend');
      res.status(403).end();
      return;
    }
    const body = req.body as NotificatieBody;
    const bodyHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const known = body.bsn
      ? await deps.prisma.person.findFirst({
          where: { gemeente, bsnHash: deps.hashBsn(body.bsn) },
          orderBy: { createdAt: 'desc' },
          select: { trajectoryId: true },
        })
      : null;
    const payload: StoredDuoNotification['payload'] = {
      gebeurtenisId: body.gebeurtenisId,
      registratieDatumTijd: body.registratieDatumTijd,
      gemeente,
      ...(body.bsn ? { bsn: body.bsn, bsnHash: deps.hashBsn(body.bsn) } : {}),
      ...(body.vNummer !== undefined ? { vNummer: body.vNummer } : {}),
    };
    const created = await deps.prisma.inboxEvent.createMany({
      data: [
        {
          partnerId: DUO_PARTNER_ID,
          idempotencyKey: berichtId,
          bodyHash,
          trajectoryId: known?.trajectoryId ?? null,
          type: body.gebeurtenisId,
          payload,
          status: INBOX_STATUS.RECEIVED,
        },
      ],
      skipDuplicates: true,
    });
    res.status(201).end();
    if (created.count === 0 || !deps.onStored) return;
    const stored = await deps.prisma.inboxEvent.findUnique({
      where: { partnerId_idempotencyKey: { partnerId: DUO_PARTNER_ID, idempotencyKey: berichtId } },
    });
    if (!stored) return;
    deps
      .onStored({ id: stored.id, berichtId, payload, trajectoryId: stored.trajectoryId || undefined })
      .catch((error: unknown) =>
        deps.logger?.error(
          { inboxId: stored.id, err: error instanceof Error ? error.message : String(error) },
          'DUO notificatie verwerken mislukt',
        ),
      );
  });

  // Errors as DUO's spec lists them: no body except 503's Foutmelding.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    if (status === 400 || status === 415 || status === 413) {
      res.status(400).end();
      return;
    }
    if (status === 405) {
      res.setHeader('Allow', 'POST');
      res.status(405).end();
      return;
    }
    if (status === 404) {
      res.status(status).end();
      return;
    }
    deps.logger?.error(
      { err: error instanceof Error ? error.message : String(error) },
      'DUO notificatie: interne fout',
    );
    res.status(500).end();
  });

  return router;
}
