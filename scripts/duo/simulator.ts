/**
 * DUO simulator for development and tests: serves DUO's eleven gemeente-facing APIs from the
 * vendored specs (spec/duo) under `/v1`, validating every request it receives AND every
 * response it sends against DUO's spec files (express-openapi-validator), keeps a small
 * in-memory state per BSN, records what it received, and can POST a notification to our
 * Notificatie endpoint as DUO does.
 *
 *   npm run duo:simulator -- --port 4010 --notify-url http://localhost:3000/duo/v1/notificaties
 *
 * Control endpoints (not DUO's):
 *   PUT  /__sim/personen/:bsn   seed a person (JSON: SimulatedPerson fields)
 *   POST /__sim/notify          {bsn, gebeurtenisId, doel?} → DUO's POST /notificaties to --notify-url
 *   GET  /__sim/requests        what the simulator received (with spec violations, if any)
 *   POST /__sim/reject-next     {operationId, fouttekst}: the next such call gets DUO's 403
 *   POST /__sim/fail-next       {operationId, status}: the next such call gets a 5xx
 *
 * Tests use `startDuoSimulator()` directly. Each DUO API is a module under simulator/; the
 * refusals DUO applies to a melding are the simulator's own (simulator/duo-rules.ts), never the
 * service's pre-checks they are meant to test.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { parseArgs } from 'node:util';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { DUO_API_VERSIONS, type DuoApiName, type DuoContactpersoongegevens } from '../../src/integrations/duo/client';
import { loadDuoSpec } from '../../src/integrations/duo/specs';
import { registerContactpersoon } from './simulator/contactpersoon';
import { registerGevolgdeUren } from './simulator/gevolgde-uren';
import { registerInburgeringsaanbod } from './simulator/inburgeringsaanbod';
import { registerMapPvtZroute } from './simulator/map-pvt-zroute';
import { registerPip } from './simulator/pip';
import { registerReads } from './simulator/reads';
import {
  SIM_INSTELLINGEN,
  defaultPerson,
  type DuoInstelling,
  type RecordedDuoRequest,
  type SimContext,
  type SimulatedPerson,
} from './simulator/state';

export { SIM_INSTELLINGEN, defaultPerson, type DuoInstelling, type RecordedDuoRequest, type SimulatedPerson };

/** Development OINs (20 digits, as the specs require). */
export const SIM_DUO_OIN = '00000001800866472000';
export const SIM_GEMEENTE_OIN = '00000001001234567000';

const SERVED_APIS: DuoApiName[] = [
  'Inburgeringsplicht',
  'Inburgeringstermijn',
  'Leerbaarheidstoets',
  'Examen',
  'Ontheffing',
  'Vrijstelling',
  'PIP',
  'Contactpersoon',
  'Inburgeringsaanbod',
  'MAP-PVT-Zroute',
  'GevolgdeUren',
];

export interface DuoSimulatorOptions {
  port?: number;
  /** Our Notificatie endpoint (…/notificaties) for notify(). */
  notifyUrl?: string;
  duoOin?: string;
  /** OINs DUO accepts as `bron` (our gemeenten). Default: SIM_GEMEENTE_OIN. */
  gemeenteOins?: string[];
  /** Log each request to stdout. */
  verbose?: boolean;
  /** DUO's "today" for its date rules (MAP/PVT); default: today (UTC). */
  today?: () => string;
  /** DUO's list of institutions (GET /instellingen); default SIM_INSTELLINGEN. */
  instellingen?: DuoInstelling[];
  /**
   * Mutual TLS towards our Notificatie API: DUO's client certificate and key, and the CA that
   * signed our listener's certificate (PEM text). Default: the development PKI (scripts/duo/dev-pki).
   */
  clientTls?: { cert: string; key: string; ca: string } | false;
}

/** The development PKI (scripts/duo/dev-pki): never PKIoverheid, never for production. */
export const DEV_PKI_DIR = fileURLToPath(new URL('./dev-pki/', import.meta.url));
export function devPkiFile(name: string): string {
  return path.join(DEV_PKI_DIR, name);
}

export interface DuoSimulator {
  url: string;
  /** Base URL of DUO's APIs (with /v1) — what DuoClientConfig.baseUrl takes is `url`. */
  apiUrl: string;
  received: RecordedDuoRequest[];
  persons: Map<string, SimulatedPerson>;
  /** Contactpersonen registered by the gemeente (Contactpersoon API), by DUO's id. */
  contactpersonen: Map<number, DuoContactpersoongegevens>;
  /** DUO's list of institutions; tests may change it. */
  instellingen: DuoInstelling[];
  seedPerson(bsn: string, person?: Partial<SimulatedPerson>): SimulatedPerson;
  rejectNext(operationId: string, fouttekst: string): void;
  failNext(operationId: string, status: number): void;
  /** DUO → gemeente: POST /notificaties. Returns our status code and API-Version header. */
  notify(input: {
    bsn?: string;
    gebeurtenisId: string;
    doel?: string;
    registratieDatumTijd?: string;
    berichtId?: string;
  }): Promise<{
    status: number;
    apiVersion: string | null;
    berichtId: string;
  }>;
  violations(): RecordedDuoRequest[];
  /** Where notify() posts (when our URL is known only after the simulator started). */
  setNotifyUrl(url: string): void;
  close(): Promise<void>;
}

export async function startDuoSimulator(options: DuoSimulatorOptions = {}): Promise<DuoSimulator> {
  const duoOin = options.duoOin ?? SIM_DUO_OIN;
  const gemeenteOins = options.gemeenteOins ?? [SIM_GEMEENTE_OIN];
  const received: RecordedDuoRequest[] = [];
  const persons = new Map<string, SimulatedPerson>();
  const rejections = new Map<string, string>();
  const failures = new Map<string, number>();
  let notifyUrl = options.notifyUrl;
  const clientTls =
    options.clientTls === false
      ? undefined
      : (options.clientTls ?? {
          cert: readFileSync(devPkiFile('duo-client.pem'), 'utf8'),
          key: readFileSync(devPkiFile('duo-client-key.pem'), 'utf8'),
          ca: readFileSync(devPkiFile('ca.pem'), 'utf8'),
        });
  const notifyAgent = clientTls ? new Agent({ connect: clientTls }) : undefined;
  let nextContactpersoonId = 1;
  const contactpersonen = new Map<number, DuoContactpersoongegevens>();
  const instellingen: DuoInstelling[] = [...(options.instellingen ?? SIM_INSTELLINGEN)];
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));

  const app = express();
  app.use(express.json());

  // Record every request, and its final status.
  app.use('/v1', (req, res, next) => {
    const record: RecordedDuoRequest = {
      method: req.method,
      path: req.originalUrl,
      headers: { bron: req.header('bron'), doel: req.header('doel'), berichtId: req.header('berichtId') },
      body: req.body,
      violations: [],
    };
    received.push(record);
    res.locals.record = record;
    res.on('finish', () => {
      record.status = res.statusCode;
      if (options.verbose) {
        const flag = record.violations.length > 0 ? ` VIOLATIONS: ${record.violations.join('; ')}` : '';
        console.log(`[duo-sim] ${req.method} ${req.originalUrl} → ${res.statusCode}${flag}`);
      }
    });
    next();
  });

  // DUO's specs: one validator per API, requests and responses. Each request goes through
  // the validator of the one API whose spec has its path (validators must not be chained:
  // each would also check the others' responses).
  const byApi: { api: DuoApiName; patterns: RegExp[]; router: express.Router }[] = SERVED_APIS.map((api) => {
    const spec = loadDuoSpec(api, '/v1');
    const router = express.Router();
    router.use(
      OpenApiValidator.middleware({
        apiSpec: spec as never,
        validateRequests: true,
        validateResponses: { onError: (error, body, req) => recordResponseViolation(req, error, body) },
        ignoreUndocumented: true,
        validateApiSpec: false,
      }),
    );
    const patterns = Object.keys(spec.paths).map((path) => new RegExp(`^/v1${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`));
    return { api, patterns, router };
  });
  app.use((req, res, next) => {
    const match = byApi.find((entry) => entry.patterns.some((pattern) => pattern.test(req.path)));
    if (!match) return next();
    match.router(req, res, next);
  });

  function recordResponseViolation(req: Request, error: unknown, _body: unknown): void {
    const record = (req.res?.locals.record as RecordedDuoRequest | undefined) ?? undefined;
    record?.violations.push(`response: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** DUO's transport rules before any handler: bron is a known gemeente, doel is DUO. */
  function operation(api: DuoApiName, operationId: string) {
    return (req: Request, res: Response, next: NextFunction) => {
      const record = res.locals.record as RecordedDuoRequest;
      record.api = api;
      record.operationId = operationId;
      res.setHeader('API-Version', DUO_API_VERSIONS[api]);
      if (req.header('doel') !== duoOin || !gemeenteOins.includes(req.header('bron') ?? '')) {
        res.status(403).json([{ fouttekst: 'Bron of doel OIN niet geautoriseerd' }]);
        return;
      }
      const failure = failures.get(operationId);
      if (failure) {
        failures.delete(operationId);
        res.status(failure).end();
        return;
      }
      const rejection = rejections.get(operationId);
      if (rejection) {
        rejections.delete(operationId);
        res.status(403).json([{ fouttekst: rejection }]);
        return;
      }
      next();
    };
  }

  // DUO's APIs, one module each (simulator/), with DUO's own refusals (simulator/duo-rules.ts).
  const ctx: SimContext = {
    app,
    persons,
    contactpersonen,
    instellingen,
    today,
    operation,
    nextContactpersoonId: () => nextContactpersoonId++,
  };
  registerReads(ctx);
  registerPip(ctx);
  registerMapPvtZroute(ctx);
  registerInburgeringsaanbod(ctx);
  registerContactpersoon(ctx);
  registerGevolgdeUren(ctx);

  // Undocumented paths under /v1 and validator errors.
  app.use('/v1', (req, res) => {
    (res.locals.record as RecordedDuoRequest | undefined)?.violations.push(
      `request: ${req.method} ${req.path} is not in DUO's specs`,
    );
    res.status(404).end();
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    const record = res.locals.record as RecordedDuoRequest | undefined;
    const message = error instanceof Error ? error.message : String(error);
    record?.violations.push(`${status >= 500 ? 'response' : 'request'}: ${message}`);
    res.status(status).end();
  });

  // --- control endpoints ------------------------------------------------------------------
  const control = express.Router();
  control.put('/personen/:bsn', (req, res) => {
    res.json(sim.seedPerson(String(req.params.bsn), req.body as Partial<SimulatedPerson>));
  });
  control.post('/notify', async (req, res) => {
    res.json(await sim.notify(req.body as Parameters<DuoSimulator['notify']>[0]));
  });
  control.get('/requests', (_req, res) => {
    res.json(received);
  });
  control.post('/reject-next', (req, res) => {
    const { operationId, fouttekst } = req.body as { operationId: string; fouttekst: string };
    sim.rejectNext(operationId, fouttekst);
    res.status(204).end();
  });
  control.post('/fail-next', (req, res) => {
    const { operationId, status } = req.body as { operationId: string; status: number };
    sim.failNext(operationId, status);
    res.status(204).end();
  });
  const root = express();
  root.use('/__sim', express.json(), control);
  root.use(app);

  const server: Server = await new Promise((resolve) => {
    const listening = root.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sim: DuoSimulator = {
    url,
    apiUrl: `${url}/v1`,
    received,
    persons,
    contactpersonen,
    instellingen,
    seedPerson(bsn, partial) {
      const seeded = defaultPerson({ ...persons.get(bsn), ...partial });
      persons.set(bsn, seeded);
      return seeded;
    },
    rejectNext(operationId, fouttekst) {
      rejections.set(operationId, fouttekst);
    },
    failNext(operationId, status) {
      failures.set(operationId, status);
    },
    async notify(input) {
      if (!notifyUrl) throw new Error('DUO simulator: no notifyUrl configured');
      const berichtId = input.berichtId ?? randomUUID();
      const response = await undiciFetch(notifyUrl, {
        method: 'POST',
        // DUO presents its (PKIoverheid; here: development) client certificate on https.
        ...(notifyAgent && notifyUrl.startsWith('https:') ? { dispatcher: notifyAgent } : {}),
        headers: {
          'content-type': 'application/json',
          bron: duoOin,
          doel: input.doel ?? gemeenteOins[0]!,
          berichtId,
        },
        body: JSON.stringify({
          registratieDatumTijd: input.registratieDatumTijd ?? new Date().toISOString(),
          gebeurtenisId: input.gebeurtenisId,
          ...(input.bsn ? { bsn: input.bsn } : {}),
        }),
      });
      await response.arrayBuffer();
      return { status: response.status, apiVersion: response.headers.get('API-Version'), berichtId };
    },
    violations() {
      return received.filter((record) => record.violations.length > 0);
    },
    setNotifyUrl(url) {
      notifyUrl = url;
    },
    close: async () => {
      await notifyAgent?.close();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return sim;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      'notify-url': { type: 'string', default: 'https://localhost:3443/duo/v1/notificaties' },
      'duo-oin': { type: 'string', default: SIM_DUO_OIN },
      'gemeente-oin': { type: 'string', multiple: true },
      'seed-bsn': { type: 'string', multiple: true },
    },
  });
  const sim = await startDuoSimulator({
    port: Number(values.port),
    notifyUrl: values['notify-url'],
    duoOin: values['duo-oin'],
    gemeenteOins: values['gemeente-oin'] ?? [SIM_GEMEENTE_OIN],
    verbose: true,
  });
  for (const bsn of values['seed-bsn'] ?? []) sim.seedPerson(bsn);
  console.log(`DUO simulator on ${sim.url} (APIs under ${sim.apiUrl}); notifications go to ${values['notify-url']}`);
  console.log(
    `  DUO OIN ${values['duo-oin']}, accepted gemeente OINs: ${(values['gemeente-oin'] ?? [SIM_GEMEENTE_OIN]).join(', ')}`,
  );
  console.log(
    `  try: curl -X POST ${sim.url}/__sim/notify -H 'content-type: application/json' -d '{"bsn":"123456782","gebeurtenisId":"SS101"}'`,
  );
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
