/**
 * Partner simulator (a taalaanbieder, MB or ontzorgen organisation) for the demo and the
 * end-to-end tests: receives our outbox deliveries, verifies their HMAC signature
 * (src/integrations/signing.ts), prints them, and can send progress events back through our
 * API.
 *
 *   npm run partner:simulator -- --port 4020 --partner-id taal-breda \
 *     --key k1:<secret of at least 32 chars> --api-url http://localhost:3000 --api-key <partner key>
 *
 * Register its URL (http://localhost:4020/deliveries) as the partner's endpointUrl and the
 * same key in PARTNER_SIGNING_KEYS. Control endpoints:
 *   GET  /__sim/deliveries        what arrived (with the signature check result)
 *   POST /__sim/respond-with      {status, times?}: answer the next deliveries with this status
 *   POST /__sim/behave            {status?, delayMs?, hang?} or {}: how to answer from now on
 *                                 (a failing, slow or hanging endpoint; {} = normal again)
 *   POST /__sim/send-event        {trajectoryId, event}: POST the event to our API
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import express from 'express';
import { captureRawBody, signRequest, verifySignature, type PartnerKeyring } from '../src/integrations/signing';

export interface ReceivedDelivery {
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  signature: { ok: true; keyId: string } | { ok: false; reason: string };
  status: number;
}

export interface PartnerSimulatorOptions {
  port?: number;
  partnerId?: string;
  /** Keys this partner accepts (and signs its own events with). Without keys: no check. */
  keyring?: PartnerKeyring;
  /** Our API, for sendEvent. */
  apiUrl?: string;
  apiKey?: string;
  /** Path template of the API's partner event endpoint. */
  eventPath?: (trajectoryId: string) => string;
  verbose?: boolean;
  /** With `verbose`: print each delivery's body too (it holds the person's name: not for `npm start`). */
  printBodies?: boolean;
}

export interface PartnerBehaviour {
  status?: number;
  delayMs?: number;
  hang?: boolean;
}

export interface PartnerSimulator {
  url: string;
  deliveryUrl: string;
  deliveries: ReceivedDelivery[];
  /** Answer the next `times` deliveries with `status` (e.g. 503, then normal again). */
  respondWith(status: number, times?: number): void;
  /**
   * From now on answer every delivery this way: `status` (e.g. 500), after `delayMs` (slow), or
   * never (`hang`: the connection stays open until the sender gives up). `null`: normal again.
   */
  behave(behaviour: PartnerBehaviour | null): void;
  /** POST a progress event to our API (Idempotency-Key: the given one or a fresh UUID). */
  sendEvent(trajectoryId: string, event: unknown, idempotencyKey?: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startPartnerSimulator(options: PartnerSimulatorOptions = {}): Promise<PartnerSimulator> {
  const deliveries: ReceivedDelivery[] = [];
  const scripted: number[] = [];
  let behaviour: PartnerBehaviour | null = null;
  const app = express();

  app.post('/deliveries', express.json({ verify: captureRawBody }), (req, res) => {
    const raw = (req as express.Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const signature = options.keyring
      ? verifySignature(options.keyring, req.headers, raw)
      : ({ ok: true, keyId: '(geen sleutel geconfigureerd)' } as const);
    const now = behaviour;
    const status = !signature.ok ? 401 : (scripted.shift() ?? now?.status ?? 202);
    if (now?.hang) {
      // Never answers: recorded as 0 (no answer).
      deliveries.push({ headers: req.headers, body: req.body, signature, status: 0 });
      return;
    }
    deliveries.push({ headers: req.headers, body: req.body, signature, status });
    if (options.verbose) {
      const body = req.body as { type?: string; trajectoryId?: string };
      console.log(
        `[partner-sim] ${body.type} voor traject ${body.trajectoryId} → ${status}` +
          (signature.ok ? ` (handtekening ok, sleutel ${signature.keyId})` : ` (GEWEIGERD: ${signature.reason})`),
      );
      if (options.printBodies !== false) console.log(JSON.stringify(req.body, null, 2));
    }
    const answer = () => res.status(status).json(signature.ok ? { ontvangen: true } : { fout: signature.reason });
    if (now?.delayMs) setTimeout(answer, now.delayMs);
    else answer();
  });

  const sim: Omit<PartnerSimulator, 'url' | 'deliveryUrl' | 'close'> = {
    deliveries,
    respondWith(status, times = 1) {
      for (let i = 0; i < times; i++) scripted.push(status);
    },
    behave(next) {
      behaviour = next && Object.keys(next).length > 0 ? { ...next } : null;
    },
    async sendEvent(trajectoryId, event, idempotencyKey = randomUUID()) {
      if (!options.apiUrl) throw new Error('partner simulator: no --api-url');
      const path = (options.eventPath ?? ((id: string) => `/partner/trajectories/${id}/events`))(trajectoryId);
      const body = JSON.stringify(event);
      const response = await fetch(`${options.apiUrl.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          ...(options.keyring ? signRequest(options.keyring, body) : {}),
        },
        body,
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: response.status, body: parsed };
    },
  };

  app.get('/__sim/deliveries', (_req, res) => {
    res.json(deliveries);
  });
  app.post('/__sim/respond-with', express.json(), (req, res) => {
    const { status, times } = req.body as { status: number; times?: number };
    sim.respondWith(status, times);
    res.status(204).end();
  });
  app.post('/__sim/behave', express.json(), (req, res) => {
    sim.behave(req.body as PartnerBehaviour);
    res.status(204).end();
  });
  app.post('/__sim/send-event', express.json(), async (req, res) => {
    const { trajectoryId, event } = req.body as { trajectoryId: string; event: unknown };
    res.json(await sim.sendEvent(trajectoryId, event));
  });

  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...sim,
    url,
    deliveryUrl: `${url}/deliveries`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging deliveries (behave({hang: true})) keep their connections open.
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4020' },
      'partner-id': { type: 'string', default: 'taal-demo' },
      key: { type: 'string', multiple: true },
      'api-url': { type: 'string', default: 'http://localhost:3000' },
      'api-key': { type: 'string' },
    },
  });
  const keys = Object.fromEntries(
    (values.key ?? []).map((entry) => entry.split(/:(.*)/s).slice(0, 2) as [string, string]),
  );
  const keyIds = Object.keys(keys);
  const sim = await startPartnerSimulator({
    port: Number(values.port),
    partnerId: values['partner-id'],
    ...(keyIds.length > 0 ? { keyring: { currentKeyId: keyIds.at(-1)!, keys } } : {}),
    apiUrl: values['api-url'],
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    verbose: true,
  });
  console.log(`Partner simulator "${values['partner-id']}" receives deliveries on ${sim.deliveryUrl}`);
  console.log(
    keyIds.length > 0
      ? `  verifies signatures with keys: ${keyIds.join(', ')}`
      : '  no keys: signatures are not checked',
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
