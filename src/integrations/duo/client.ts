/**
 * Client for DUO's M2M APIs (gemeente → DUO), typed from DUO's own spec files
 * (src/integrations/duo/generated, `npm run duo:generate`) with openapi-fetch.
 *
 * Transport as DUO's README defines it:
 * - base path `https://{DUO host:port}/v{major}` per API (all current APIs are v1);
 * - headers `bron` (our gemeente's OIN), `doel` (DUO's OIN) and `berichtId` (a UUID per
 *   request; pass a stable one to make a retried request recognisable);
 * - mutual TLS with a PKIoverheid (private root) certificate in production: cert/key/ca paths;
 * - a timeout per request.
 *
 * Errors: a 4xx is DUO refusing the request (functional errors come as HTTP 403 with a list
 * of `fouttekst`): DuoRejectedError, not retryable; it must become a task for a person with
 * DUO's message. 5xx, 408/429, timeouts and network errors: DuoUnavailableError, retryable.
 * Errors never carry the BSN (they end up in workflow history and logs).
 * (Longer than most files: one typed method per DUO operation the service uses.)
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { recordDuoCall } from '../../observability/metrics';
import createClient, { type Client } from 'openapi-fetch';
import { Agent, fetch as undiciFetch } from 'undici';
import { ApplicationFailure } from '@temporalio/common';
import type * as contactpersoon from './generated/contactpersoon';
import type * as examen from './generated/examen';
import type * as gevolgdeUren from './generated/gevolgde-uren';
import type * as inburgeringsaanbod from './generated/inburgeringsaanbod';
import type * as inburgeringsplicht from './generated/inburgeringsplicht';
import type * as inburgeringstermijn from './generated/inburgeringstermijn';
import type * as leerbaarheidstoets from './generated/leerbaarheidstoets';
import type * as mapPvtZroute from './generated/map-pvt-zroute';
import type * as ontheffing from './generated/ontheffing';
import type * as pip from './generated/pip';
import type * as vrijstelling from './generated/vrijstelling';

/** info.version of each vendored spec (spec/duo); the major version is the base path. */
export const DUO_API_VERSIONS = {
  Contactpersoon: '1.0.0',
  Examen: '1.0.0',
  GevolgdeUren: '1.0.0',
  Inburgeringsaanbod: '1.2.0',
  Inburgeringsplicht: '1.2.2',
  Inburgeringstermijn: '1.0.0',
  Leerbaarheidstoets: '1.2.0',
  'MAP-PVT-Zroute': '1.0.0',
  Notificatie: '1.8.0',
  Ontheffing: '1.0.0',
  PIP: '1.2.0',
  Vrijstelling: '1.0.0',
} as const;
export type DuoApiName = keyof typeof DUO_API_VERSIONS;

export interface DuoTlsConfig {
  /** PEM client certificate (PKIoverheid private root in production). */
  certPath: string;
  keyPath: string;
  /** PEM CA bundle to trust for DUO's server certificate (default: Node's roots). */
  caPath?: string;
  passphrase?: string;
}

export interface DuoClientConfig {
  /** `https://host:port` of DUO's API gateway, without the `/v1` version path. */
  baseUrl: string;
  /** Our gemeente's OIN (header `bron`), 20 characters. */
  sourceOin: string;
  /** DUO's OIN (header `doel`), 20 characters. */
  targetOin: string;
  /** Per request; default 15 s. */
  timeoutMs?: number;
  tls?: DuoTlsConfig;
  /** Replace the HTTP transport (tests). */
  fetch?: (request: Request) => Promise<Response>;
}

// ---------------------------------------------------------------------------------------
// Errors

export interface DuoErrorInfo {
  operation: string;
  status?: number;
  berichtId: string;
  /** DUO's `fouttekst` messages (functional errors), if any. */
  fouten: string[];
}

/**
 * The gemeente has no OIN in DUO_GEMEENTE_OINS: no request can be made on its behalf (DUO needs
 * the gemeente's OIN as `bron`). Not an outage: the message waits for configuration.
 */
export class DuoGemeenteNotConnected extends Error {
  constructor(readonly gemeente: string) {
    super(`Geen OIN geconfigureerd voor gemeente ${gemeente} (DUO_GEMEENTE_OINS)`);
  }
}

export abstract class DuoError extends Error {
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    readonly info: DuoErrorInfo,
  ) {
    super(message);
  }
}

/** DUO refused the request (4xx). Do not retry: a person must look at DUO's message. */
export class DuoRejectedError extends DuoError {
  override name = 'DuoRejectedError';
  readonly retryable = false;
}

/** DUO could not answer now (5xx, 408, 429, timeout, network). Retry with backoff. */
export class DuoUnavailableError extends DuoError {
  override name = 'DuoUnavailableError';
  readonly retryable = true;
}

/** Application failure types, for retry policies (`nonRetryableErrorTypes`) and task creation. */
export const DUO_REJECTED = 'DuoRejected';
export const DUO_UNAVAILABLE = 'DuoUnavailable';

/** For activities: a DuoError as a Temporal ApplicationFailure (4xx non-retryable). */
export function toApplicationFailure(error: unknown): unknown {
  if (!(error instanceof DuoError)) return error;
  return ApplicationFailure.create({
    message: error.message,
    type: error.retryable ? DUO_UNAVAILABLE : DUO_REJECTED,
    nonRetryable: !error.retryable,
    details: [error.info],
  });
}

// ---------------------------------------------------------------------------------------
// Helpers

/** A stable UUID-shaped berichtId for an idempotency key (the same outbox message → the same id). */
export function berichtIdFor(idempotencyKey: string): string {
  const hex = createHash('sha256').update(`duo-bericht:${idempotencyKey}`).digest('hex');
  // RFC 4122 layout, version 5-style nibble and variant bits.
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0') + hex.slice(18, 20),
    hex.slice(20, 32),
  ].join('-');
}

export function duoApiBaseUrl(baseUrl: string, api: DuoApiName): string {
  const major = DUO_API_VERSIONS[api].split('.')[0];
  return `${baseUrl.replace(/\/+$/, '')}/v${major}`;
}

function buildTransport(config: DuoClientConfig): (request: Request) => Promise<Response> {
  if (config.fetch) return config.fetch;
  const timeoutMs = config.timeoutMs ?? 15_000;
  const dispatcher = config.tls
    ? new Agent({
        connect: {
          cert: readFileSync(config.tls.certPath),
          key: readFileSync(config.tls.keyPath),
          ...(config.tls.caPath ? { ca: readFileSync(config.tls.caPath) } : {}),
          ...(config.tls.passphrase ? { passphrase: config.tls.passphrase } : {}),
        },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
    : new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return async (request: Request) => {
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const response = await undiciFetch(request.url, {
      method: request.method,
      headers: [...request.headers.entries()],
      body: body && body.byteLength > 0 ? new Uint8Array(body) : undefined,
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response as unknown as Response;
  };
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function fouten(error: unknown): string[] {
  const list = Array.isArray(error) ? error : error && typeof error === 'object' ? [error] : [];
  return list
    .map((item) => (item && typeof item === 'object' && 'fouttekst' in item ? String(item.fouttekst) : undefined))
    .filter((text): text is string => Boolean(text));
}

// ---------------------------------------------------------------------------------------
// The client

export interface DuoCallOptions {
  /** berichtId to send (default: a random UUID). Use berichtIdFor(key) for retried sends. */
  berichtId?: string;
}

export type DuoClient = ReturnType<typeof createDuoClient>;

export function createDuoClient(config: DuoClientConfig) {
  const transport = buildTransport(config);
  const client = <Paths extends object>(api: DuoApiName): Client<Paths> =>
    createClient<Paths>({ baseUrl: duoApiBaseUrl(config.baseUrl, api), fetch: transport });

  const apis = {
    inburgeringsplicht: client<inburgeringsplicht.paths>('Inburgeringsplicht'),
    inburgeringstermijn: client<inburgeringstermijn.paths>('Inburgeringstermijn'),
    leerbaarheidstoets: client<leerbaarheidstoets.paths>('Leerbaarheidstoets'),
    examen: client<examen.paths>('Examen'),
    ontheffing: client<ontheffing.paths>('Ontheffing'),
    vrijstelling: client<vrijstelling.paths>('Vrijstelling'),
    pip: client<pip.paths>('PIP'),
    contactpersoon: client<contactpersoon.paths>('Contactpersoon'),
    inburgeringsaanbod: client<inburgeringsaanbod.paths>('Inburgeringsaanbod'),
    mapPvtZroute: client<mapPvtZroute.paths>('MAP-PVT-Zroute'),
    gevolgdeUren: client<gevolgdeUren.paths>('GevolgdeUren'),
  };

  const headers = (options?: DuoCallOptions) => ({
    bron: config.sourceOin,
    doel: config.targetOin,
    berichtId: options?.berichtId ?? randomUUID(),
  });

  /** Runs one call; maps DUO's answer to data, `null` (404 on a read) or a typed error. */
  async function call<T>(
    operation: string,
    h: { berichtId: string },
    run: () => Promise<FetchResult<T>>,
    options: { notFoundIsNull?: boolean } = {},
  ): Promise<T | null> {
    let result: FetchResult<T>;
    try {
      result = await run();
    } catch (error) {
      recordDuoCall(operation, 'geen_antwoord');
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new DuoUnavailableError(`DUO ${operation}: no answer (${reason})`, {
        operation,
        berichtId: h.berichtId,
        fouten: [],
      });
    }
    const { response } = result;
    recordDuoCall(operation, response.status);
    if (response.ok) return (result.data ?? null) as T | null;
    const info: DuoErrorInfo = {
      operation,
      status: response.status,
      berichtId: h.berichtId,
      fouten: fouten(result.error),
    };
    if (response.status === 404 && options.notFoundIsNull) return null;
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new DuoUnavailableError(`DUO ${operation}: HTTP ${response.status}`, info);
    }
    const detail = info.fouten.length > 0 ? `: ${info.fouten.join('; ')}` : '';
    throw new DuoRejectedError(`DUO ${operation} geweigerd (HTTP ${response.status})${detail}`, info);
  }

  const read = <T>(operation: string, h: { berichtId: string }, run: () => Promise<FetchResult<T>>) =>
    call(operation, h, run, { notFoundIsNull: true });
  const write = async (operation: string, h: { berichtId: string }, run: () => Promise<FetchResult<unknown>>) => {
    await call(operation, h, run);
    return { berichtId: h.berichtId };
  };

  return {
    config: { baseUrl: config.baseUrl, sourceOin: config.sourceOin, targetOin: config.targetOin },
    /** The typed openapi-fetch clients, for operations without a method below. */
    apis,

    // --- Raadpleging (pull after a notification) ---------------------------------------
    getInburgeringsplicht(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getInburgeringsplicht', h, () =>
        apis.inburgeringsplicht.GET('/personen/{bsn}/inburgeringsplicht', { params: { path: { bsn }, header: h } }),
      );
    },
    getDoelgroep(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getDoelgroep', h, () =>
        apis.inburgeringsplicht.GET('/personen/{bsn}/doelgroep', { params: { path: { bsn }, header: h } }),
      );
    },
    getInburgeringstermijn(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getInburgeringstermijn', h, () =>
        apis.inburgeringstermijn.GET('/personen/{bsn}/inburgeringstermijn', { params: { path: { bsn }, header: h } }),
      );
    },
    getLeerbaarheidstoetsResultaten(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getLeerbaarheidstoetsResultaten', h, () =>
        apis.leerbaarheidstoets.GET('/personen/{bsn}/lbt/resultaten', { params: { path: { bsn }, header: h } }),
      );
    },
    getExamenresultaten(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getExamenresultaten', h, () =>
        apis.examen.GET('/personen/{bsn}/examens/resultaten', { params: { path: { bsn }, header: h } }),
      );
    },
    getOntheffingen(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getOntheffingen', h, () =>
        apis.ontheffing.GET('/personen/{bsn}/ontheffingen', { params: { path: { bsn }, header: h } }),
      );
    },
    getVrijstellingen(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getVrijstellingen', h, () =>
        apis.vrijstelling.GET('/personen/{bsn}/vrijstellingen', { params: { path: { bsn }, header: h } }),
      );
    },
    getPip(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getPip', h, () => apis.pip.GET('/personen/{bsn}/PIP', { params: { path: { bsn }, header: h } }));
    },
    getMap(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getMap', h, () =>
        apis.mapPvtZroute.GET('/personen/{bsn}/map', { params: { path: { bsn }, header: h } }),
      );
    },
    getPvt(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getPvt', h, () =>
        apis.mapPvtZroute.GET('/personen/{bsn}/pvt', { params: { path: { bsn }, header: h } }),
      );
    },
    getGevolgdeUren(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return read('getGevolgdeUren', h, () =>
        apis.gevolgdeUren.GET('/personen/{bsn}/uren', { params: { path: { bsn }, header: h } }),
      );
    },
    getInstellingen(options?: DuoCallOptions) {
      const h = headers(options);
      return read('getInstellingen', h, () => apis.inburgeringsaanbod.GET('/instellingen', { params: { header: h } }));
    },

    // --- Melding (gemeente → DUO) ------------------------------------------------------
    postPip(bsn: string, body: pip.components['schemas']['PIP'], options?: DuoCallOptions) {
      const h = headers(options);
      return write('postPip', h, () =>
        apis.pip.POST('/personen/{bsn}/PIP', { params: { path: { bsn }, header: h }, body }),
      );
    },
    deletePip(bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return write('deletePip', h, () =>
        apis.pip.DELETE('/personen/{bsn}/PIP', { params: { path: { bsn }, header: h } }),
      );
    },
    async createContactpersoon(
      body: contactpersoon.components['schemas']['Contactpersoongegevens'],
      options?: DuoCallOptions,
    ) {
      const h = headers(options);
      const created = await call('createContactpersoon', h, () =>
        apis.contactpersoon.POST('/contactpersonen', { params: { header: h }, body }),
      );
      return { berichtId: h.berichtId, contactpersoon: created };
    },
    updateContactpersoon(
      id: number,
      body: contactpersoon.components['schemas']['Contactpersoongegevens'],
      options?: DuoCallOptions,
    ) {
      const h = headers(options);
      return write('updateContactpersoon', h, () =>
        apis.contactpersoon.PUT('/contactpersonen/{id}', { params: { path: { id }, header: h }, body }),
      );
    },
    deleteContactpersoon(id: number, options?: DuoCallOptions) {
      const h = headers(options);
      return write('deleteContactpersoon', h, () =>
        apis.contactpersoon.DELETE('/contactpersonen/{id}', { params: { path: { id }, header: h } }),
      );
    },
    koppelContactpersoon(id: number, bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return write('koppelContactpersoon', h, () =>
        apis.contactpersoon.POST('/contactpersonen/{id}/personen/{bsn}', { params: { path: { id, bsn }, header: h } }),
      );
    },
    ontkoppelContactpersoon(id: number, bsn: string, options?: DuoCallOptions) {
      const h = headers(options);
      return write('ontkoppelContactpersoon', h, () =>
        apis.contactpersoon.DELETE('/contactpersonen/{id}/personen/{bsn}', {
          params: { path: { id, bsn }, header: h },
        }),
      );
    },
    postInburgeringsaanbod(
      bsn: string,
      instellingsnummer: string,
      body: inburgeringsaanbod.components['schemas']['Inburgeringsaanbod'],
      options?: DuoCallOptions,
    ) {
      const h = headers(options);
      return write('postInburgeringsaanbod', h, () =>
        apis.inburgeringsaanbod.POST('/personen/{bsn}/Inburgeringsaanbod/{instellingsnummer}', {
          params: { path: { bsn, instellingsnummer }, header: h },
          body,
        }),
      );
    },
    deleteInburgeringsaanbod(bsn: string, instellingsnummer: string, options?: DuoCallOptions) {
      const h = headers(options);
      return write('deleteInburgeringsaanbod', h, () =>
        apis.inburgeringsaanbod.DELETE('/personen/{bsn}/Inburgeringsaanbod/{instellingsnummer}', {
          params: { path: { bsn, instellingsnummer }, header: h },
        }),
      );
    },
    putMap(bsn: string, body: mapPvtZroute.components['schemas']['ResultaatMap'], options?: DuoCallOptions) {
      const h = headers(options);
      return write('putMap', h, () =>
        apis.mapPvtZroute.PUT('/personen/{bsn}/map', { params: { path: { bsn }, header: h }, body }),
      );
    },
    putPvt(bsn: string, body: mapPvtZroute.components['schemas']['ResultaatPvt'], options?: DuoCallOptions) {
      const h = headers(options);
      return write('putPvt', h, () =>
        apis.mapPvtZroute.PUT('/personen/{bsn}/pvt', { params: { path: { bsn }, header: h }, body }),
      );
    },
    putZroute(bsn: string, body: mapPvtZroute.components['schemas']['ResultaatZroute'], options?: DuoCallOptions) {
      const h = headers(options);
      return write('putZroute', h, () =>
        apis.mapPvtZroute.PUT('/personen/{bsn}/zroute', { params: { path: { bsn }, header: h }, body }),
      );
    },
    putUrenTaallesEnKnm(bsn: string, uren: number, options?: DuoCallOptions) {
      const h = headers(options);
      return write('putUrenTaallesEnKnm', h, () =>
        apis.gevolgdeUren.PUT('/personen/{bsn}/uren/bredeintake/taallesknm', {
          params: { path: { bsn }, header: h },
          body: { uren },
        }),
      );
    },
    putUrenParticipatieactiviteiten(bsn: string, uren: number, options?: DuoCallOptions) {
      const h = headers(options);
      return write('putUrenParticipatieactiviteiten', h, () =>
        apis.gevolgdeUren.PUT('/personen/{bsn}/uren/participatieactiviteiten', {
          params: { path: { bsn }, header: h },
          body: { uren },
        }),
      );
    },
    putUrenParticipatieAlsTaalles(bsn: string, uren: number, options?: DuoCallOptions) {
      const h = headers(options);
      return write('putUrenParticipatieAlsTaalles', h, () =>
        apis.gevolgdeUren.PUT('/personen/{bsn}/uren/participatietaalles', {
          params: { path: { bsn }, header: h },
          body: { uren },
        }),
      );
    },
  };
}

export type DuoPip = pip.components['schemas']['PIP'];
export type DuoResultaatMap = mapPvtZroute.components['schemas']['ResultaatMap'];
export type DuoResultaatPvt = mapPvtZroute.components['schemas']['ResultaatPvt'];
export type DuoResultaatZroute = mapPvtZroute.components['schemas']['ResultaatZroute'];
export type DuoInburgeringsaanbod = inburgeringsaanbod.components['schemas']['Inburgeringsaanbod'];
export type DuoContactpersoongegevens = contactpersoon.components['schemas']['Contactpersoongegevens'];
export type DuoInburgeringsplicht = inburgeringsplicht.components['schemas']['Inburgeringsplicht'];
export type DuoDoelgroep = inburgeringsplicht.components['schemas']['Doelgroep'];
export type DuoInburgeringstermijn = inburgeringstermijn.components['schemas']['Inburgeringstermijn'];
export type DuoExamenresultaat = examen.components['schemas']['Examenresultaat'];
export type DuoLbtResultaat = leerbaarheidstoets.components['schemas']['Resultaat'];
export type DuoOntheffing = ontheffing.components['schemas']['Ontheffing'];
export type DuoVrijstelling = vrijstelling.components['schemas']['Vrijstelling'];
