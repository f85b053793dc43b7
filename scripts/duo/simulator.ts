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
 * Tests use `startDuoSimulator()` directly.
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
import { DUO_API_VERSIONS, type DuoApiName, type DuoPip } from '../../src/integrations/duo/client';
import type {
  DuoContactpersoongegevens,
  DuoDoelgroep,
  DuoExamenresultaat,
  DuoInburgeringsplicht,
  DuoInburgeringstermijn,
  DuoLbtResultaat,
  DuoResultaatMap,
  DuoResultaatPvt,
  DuoResultaatZroute,
} from '../../src/integrations/duo/client';
import {
  checkContactpersoonForDuo,
  checkGevolgdeUrenForDuo,
  checkInburgeringsaanbodForDuo,
  checkMapForDuo,
  checkPipForDuo,
  checkPvtForDuo,
  type MapPvtDuoContext,
} from '../../src/integrations/duo/rules';
import type { components as InburgeringsaanbodSpec } from '../../src/integrations/duo/generated/inburgeringsaanbod';
import type { Leerroute, TargetGroup } from '../../src/domain/types';
import { loadDuoSpec } from '../../src/integrations/duo/specs';

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

export type DuoInstelling = InburgeringsaanbodSpec['schemas']['Instelling'];

/** DUO's list of institutions with a BoW and/or TST keurmerk (GET /instellingen), by default. */
export const SIM_INSTELLINGEN: DuoInstelling[] = [
  {
    instellingsnummer: '0000012345',
    naam: 'Taalschool Breda',
    postcode: '4811AA',
    huisnummer: 1,
    plaatsnaam: 'Breda',
    bow: '12345',
    indicatieBowKeurmerk: true,
    indicatieTstKeurmerk: false,
  },
  {
    instellingsnummer: '0000067890',
    naam: 'Schakelcollege Oosterhout',
    postcode: '4901AB',
    huisnummer: 12,
    plaatsnaam: 'Oosterhout',
    brin: '12AB',
    indicatieBowKeurmerk: false,
    indicatieTstKeurmerk: true,
  },
];

export interface SimulatedPerson {
  gemeentecode: string;
  inburgeringsplicht: DuoInburgeringsplicht;
  doelgroep: DuoDoelgroep;
  termijn?: DuoInburgeringstermijn;
  pip?: DuoPip;
  /** PIPs registered before (any gemeente): A2 in a first B1 PIP is refused. */
  pipHistory: DuoPip[];
  lbt: DuoLbtResultaat[];
  examens: DuoExamenresultaat[];
  map?: DuoResultaatMap;
  pvt?: DuoResultaatPvt;
  zroute?: DuoResultaatZroute;
  aanbod: Record<string, unknown>;
  contactpersoonId?: number;
  uren: { taallesKnm?: number; participatie?: number; participatieAlsTaalles?: number };
}

export interface RecordedDuoRequest {
  api?: DuoApiName;
  operationId?: string;
  method: string;
  path: string;
  headers: { bron?: string; doel?: string; berichtId?: string };
  body: unknown;
  status?: number;
  /** Request or response violations of DUO's spec (empty when all was per spec). */
  violations: string[];
}

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

export function defaultPerson(partial: Partial<SimulatedPerson> = {}): SimulatedPerson {
  return {
    gemeentecode: '0826',
    inburgeringsplicht: {
      indicatorInburgeringsplicht: true,
      begindatum: '2026-01-15',
      datumKennisgevingInburgeringsplicht: '2026-01-20',
    },
    doelgroep: {
      indeling: 'Asielstatushouder',
      begindatum: '2026-01-15',
      gedetailleerdeDoelgroep: 'Asielstatushouder',
    },
    pipHistory: [],
    lbt: [],
    examens: [],
    aanbod: {},
    uren: {},
    ...partial,
  };
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
  const LEERROUTE: Record<DuoPip['leerroute'], Leerroute> = { B: 'B1', O: 'ONDERWIJS', Z: 'Z' };
  const targetGroupOf = (p: SimulatedPerson): TargetGroup =>
    p.doelgroep.indeling === 'Asielstatushouder' ? 'asielstatushouder' : 'overige_migrant';
  /** DUO's functional refusal: 403 with a list of fouttekst. */
  const refused = (res: Response, reason: string) => res.status(403).json([{ fouttekst: reason.slice(0, 200) }]);
  const mapPvtContext = (p: SimulatedPerson, earlier: boolean): MapPvtDuoContext => ({
    today: today(),
    hasActuelePip: Boolean(p.pip),
    previouslySentByUs: earlier,
    isChange: false,
    ...(p.termijn ? { termijnStart: p.termijn.startdatum, termijnEnd: p.termijn.einddatum } : {}),
    ...(p.zroute?.datumAfrondingZroute ? { zrouteAfgerondOp: p.zroute.datumAfrondingZroute } : {}),
  });

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

  const person = (req: Request): SimulatedPerson | undefined => persons.get(String(req.params.bsn));
  const notFound = (res: Response) => res.status(404).end();

  // --- reads ----------------------------------------------------------------------------
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
    res.status(200).json(instellingen);
  });

  // --- meldingen ------------------------------------------------------------------------
  app.post('/v1/personen/:bsn/PIP', operation('PIP', 'postPipByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    const pip = req.body as DuoPip;
    const check = checkPipForDuo(pip, {
      targetGroup: p.doelgroep.indeling === 'Asielstatushouder' ? 'asielstatushouder' : 'overige_migrant',
      isFirstPip: p.pipHistory.length === 0,
      ...(p.inburgeringsplicht.begindatum ? { plichtStart: p.inburgeringsplicht.begindatum } : {}),
      ...(p.pipHistory[0] ? { initialPipDagtekening: p.pipHistory[0].dagtekeningPip } : {}),
      ...(p.pip ? { currentPipDagtekening: p.pip.dagtekeningPip } : {}),
    });
    if (!check.ok) {
      res.status(403).json([{ fouttekst: check.reason.slice(0, 200) }]);
      return;
    }
    p.pip = pip;
    p.pipHistory.push(pip);
    res.status(201).end();
  });
  app.delete('/v1/personen/:bsn/PIP', operation('PIP', 'deletePipByBsn'), (req, res) => {
    const p = person(req);
    if (!p?.pip) return notFound(res);
    if (p.termijn) {
      res.status(403).json([{ fouttekst: 'De inburgeringstermijn is al vastgesteld' }]);
      return;
    }
    p.pip = undefined;
    p.pipHistory.pop();
    res.status(200).end();
  });
  app.put('/v1/personen/:bsn/map', operation('MAP-PVT-Zroute', 'updateMapByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    const body = req.body as DuoResultaatMap;
    const check = checkMapForDuo(body, mapPvtContext(p, Boolean(p.map?.datumEindgesprekMap)));
    if (!check.ok) return refused(res, check.reason);
    p.map = body;
    res.status(200).end();
  });
  app.put('/v1/personen/:bsn/pvt', operation('MAP-PVT-Zroute', 'updatePvtByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    const body = req.body as DuoResultaatPvt;
    const check = checkPvtForDuo(body, mapPvtContext(p, Boolean(p.pvt?.datumOndertekeningPvt)));
    if (!check.ok) return refused(res, check.reason);
    p.pvt = body;
    res.status(200).end();
  });
  app.put('/v1/personen/:bsn/zroute', operation('MAP-PVT-Zroute', 'updateZrouteByBsn'), (req, res) => {
    const p = person(req);
    if (!p) return notFound(res);
    p.zroute = req.body as DuoResultaatZroute;
    res.status(200).end();
  });
  app.post(
    '/v1/personen/:bsn/Inburgeringsaanbod/:instellingsnummer',
    operation('Inburgeringsaanbod', 'postInburgeringsaanbodByBsnAndInstellingsnummer'),
    (req, res) => {
      const p = person(req);
      if (!p) return notFound(res);
      const body = req.body as InburgeringsaanbodSpec['schemas']['Inburgeringsaanbod'];
      const instelling = instellingen.find((item) => item.instellingsnummer === req.params.instellingsnummer);
      const check = checkInburgeringsaanbodForDuo(body, {
        targetGroup: targetGroupOf(p),
        ...(p.pip ? { actuelePipDagtekening: p.pip.dagtekeningPip, leerroute: LEERROUTE[p.pip.leerroute] } : {}),
        ...(instelling ? { instelling } : {}),
        ...(p.termijn ? { termijnStart: p.termijn.startdatum, termijnEnd: p.termijn.einddatum } : {}),
      });
      if (!check.ok) return refused(res, check.reason);
      p.aanbod[String(req.params.instellingsnummer)] = body;
      res.status(201).end();
    },
  );
  app.delete(
    '/v1/personen/:bsn/Inburgeringsaanbod/:instellingsnummer',
    operation('Inburgeringsaanbod', 'deleteInburgeringsaanbodByBsnAndInstellingsnumer'),
    (req, res) => {
      const p = person(req);
      if (!p) return notFound(res);
      delete p.aanbod[String(req.params.instellingsnummer)];
      res.status(200).end();
    },
  );
  app.post('/v1/contactpersonen', operation('Contactpersoon', 'createContactpersoon'), (req, res) => {
    const check = checkContactpersoonForDuo(req.body as DuoContactpersoongegevens);
    if (!check.ok) return refused(res, check.reason);
    const id = nextContactpersoonId++;
    contactpersonen.set(id, req.body as DuoContactpersoongegevens);
    res.status(201).json({ id, contactpersoongegevens: req.body });
  });
  app.put('/v1/contactpersonen/:id', operation('Contactpersoon', 'updateContactpersoonById'), (req, res) => {
    const id = Number(req.params.id);
    if (!contactpersonen.has(id)) return notFound(res);
    const check = checkContactpersoonForDuo(req.body as DuoContactpersoongegevens);
    if (!check.ok) return refused(res, check.reason);
    contactpersonen.set(id, req.body as DuoContactpersoongegevens);
    res.status(200).end();
  });
  app.delete('/v1/contactpersonen/:id', operation('Contactpersoon', 'deleteContactpersoonById'), (req, res) => {
    const id = Number(req.params.id);
    if (!contactpersonen.delete(id)) return notFound(res);
    for (const p of persons.values()) if (p.contactpersoonId === id) p.contactpersoonId = undefined;
    res.status(200).end();
  });
  app.post(
    '/v1/contactpersonen/:id/personen/:bsn',
    operation('Contactpersoon', 'postContactpersoonByBsn'),
    (req, res) => {
      const p = person(req);
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
      const p = person(req);
      if (!p || p.contactpersoonId !== Number(req.params.id)) return notFound(res);
      p.contactpersoonId = undefined;
      res.status(200).end();
    },
  );
  const putUren = (path: string, operationId: string, field: keyof SimulatedPerson['uren']) =>
    app.put(`/v1/personen/:bsn/uren/${path}`, operation('GevolgdeUren', operationId), (req, res) => {
      const p = person(req);
      if (!p) return notFound(res);
      const uren = (req.body as { uren: number }).uren;
      const soort =
        field === 'participatie' ? 'PARTICIPATIE' : field === 'taallesKnm' ? 'TAALLES_KNM' : 'PARTICIPATIE_ALS_TAALLES';
      const check = checkGevolgdeUrenForDuo(soort, uren, {
        targetGroup: targetGroupOf(p),
        ...(p.pip ? { leerroute: LEERROUTE[p.pip.leerroute] } : {}),
      });
      if (!check.ok) return refused(res, check.reason);
      p.uren[field] = uren;
      res.status(200).end();
    });
  putUren('bredeintake/taallesknm', 'updateUrenTaallesEnKnmByBSN', 'taallesKnm');
  putUren('participatieactiviteiten', 'updateUrenParticipatieactiviteiten', 'participatie');
  putUren('participatietaalles', 'updateUrenParticipatieAlsTaallesByBsn', 'participatieAlsTaalles');

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
