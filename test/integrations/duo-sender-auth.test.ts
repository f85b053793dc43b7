/**
 * DUO's Notificatie API authenticates DUO (issue 14 §4, High): a call with DUO's OIN in `bron`
 * and no credentials created a trajectory and a person. Now: mutual TLS verified by the app
 * (the listener), or a named proxy's verified-certificate header; the certificate's OIN must be
 * `bron`; 401/403 per DUO's spec; nothing stored for a refused call. Certificates: the
 * development PKI (scripts/duo/dev-pki).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import express from 'express';
import pino from 'pino';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDuoNotificatieListener, type RunningDuoListener } from '../../src/api/duo/listener';
import { createDuoNotificatieRouter } from '../../src/api/duo/router';
import { mutualTlsSender, oinFromSubject, proxyHeaderSender } from '../../src/api/duo/sender';
import { devPkiFile, SIM_DUO_OIN, SIM_GEMEENTE_OIN } from '../../scripts/duo/simulator';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { loadConfig } from '../../src/config';
import { buildApiExtras } from '../../src/api/extras';

const pem = (name: string) => readFileSync(devPkiFile(name), 'utf8');
let db: TestDatabase;
let listener: RunningDuoListener;
let proxyServer: Server;
let proxyUrl: string;

const routerFor = (authenticateSender: Parameters<typeof createDuoNotificatieRouter>[0]['authenticateSender']) =>
  createDuoNotificatieRouter({
    prisma: db.prisma,
    duoOin: SIM_DUO_OIN,
    gemeenteByOin: { [SIM_GEMEENTE_OIN]: 'altena' },
    hashBsn: (bsn) => `hash-${bsn}`,
    authenticateSender,
  });

beforeAll(async () => {
  db = await createTestDatabase();
  listener = await startDuoNotificatieListener({
    router: routerFor(mutualTlsSender()),
    host: '127.0.0.1',
    port: 0,
    certPath: devPkiFile('server.pem'),
    keyPath: devPkiFile('server-key.pem'),
    clientCaPath: devPkiFile('ca.pem'),
  });
  const app = express();
  app.use(
    '/duo/v1',
    routerFor(proxyHeaderSender({ header: 'x-ssl-client-cert', trustedProxies: ['127.0.0.1'], caPem: pem('ca.pem') })),
  );
  await new Promise<void>((resolve) => {
    proxyServer = app.listen(0, '127.0.0.1', () => resolve());
  });
  proxyUrl = `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}/duo/v1/notificaties`;
});

afterAll(async () => {
  await listener?.close();
  await new Promise((resolve) => proxyServer?.close(resolve));
  await db?.drop();
});

const notification = (bron = SIM_DUO_OIN) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', bron, doel: SIM_GEMEENTE_OIN, berichtId: randomUUID() },
  body: JSON.stringify({ registratieDatumTijd: new Date().toISOString(), gebeurtenisId: 'SS101', bsn: '123456782' }),
});

async function overTls(client: string | null, bron?: string): Promise<number> {
  const agent = new Agent({
    connect: {
      ca: pem('ca.pem'),
      ...(client ? { cert: pem(`${client}.pem`), key: pem(`${client}-key.pem`) } : {}),
    },
  });
  try {
    const response = await fetch(`https://127.0.0.1:${listener.port}/duo/v1/notificaties`, {
      ...notification(bron),
      dispatcher: agent,
    });
    await response.arrayBuffer();
    return response.status;
  } finally {
    await agent.close();
  }
}

describe('DUO Notificatie API over mutual TLS (served by the app)', () => {
  it('no client certificate → 401; one from an unknown CA → 401; nothing stored', async () => {
    expect(await overTls(null)).toBe(401);
    expect(await overTls('rogue-client')).toBe(401);
    expect(await db.prisma.inboxEvent.count()).toBe(0);
  });

  it('a trusted certificate whose OIN is not `bron` → 403 (also DUO’s OIN claimed in bron by another organisation)', async () => {
    expect(await overTls('other-client')).toBe(403);
    expect(await overTls('other-client', '00000001999999999000')).toBe(403); // its own OIN, but not DUO's
    expect(await db.prisma.inboxEvent.count()).toBe(0);
  });

  it("DUO's certificate with DUO's OIN as bron → 201, stored once", async () => {
    expect(await overTls('duo-client')).toBe(201);
    expect(await db.prisma.inboxEvent.count()).toBe(1);
  });

  it('with DUO_NOTIFICATIE_AUTH=mtls the API app does not mount /duo/v1 at all: only the TLS listener serves it', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      PSEUDONYM_KEY: 'a-long-production-secret',
      TEMPORAL_CODEC_KEYS: 'k1:ZGV2ZWxvcG1lbnQtb25seS1jb2RlYy1rZXktMzJieSE=',
      TEMPORAL_CODEC_CURRENT_KEY_ID: 'k1',
      DUO_BASE_URL: 'http://duo.example',
      DUO_OIN: SIM_DUO_OIN,
      DUO_GEMEENTE_OINS: `altena:${SIM_GEMEENTE_OIN}`,
      DUO_NOTIFICATIE_TLS_CERT_PATH: devPkiFile('server.pem'),
      DUO_NOTIFICATIE_TLS_KEY_PATH: devPkiFile('server-key.pem'),
      DUO_NOTIFICATIE_CLIENT_CA_PATH: devPkiFile('ca.pem'),
    });
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const extras = buildApiExtras(config, { config, prisma: db.prisma, temporal, logger: pino({ level: 'silent' }) });
    expect(extras.extraRouters.map((r) => r.path)).toEqual(['/codec']);
    expect(extras.duoListener).toMatchObject({ port: 3443, clientCaPath: devPkiFile('ca.pem') });
  });
});

describe("DUO Notificatie API behind a named proxy's verified-certificate header", () => {
  const withHeader = (client: string) => ({ 'x-ssl-client-cert': encodeURIComponent(pem(`${client}.pem`)) });

  it('no header → 401; a header with a certificate from an unknown CA → 401', async () => {
    expect((await fetch(proxyUrl, notification())).status).toBe(401);
    const rogue = notification();
    expect(
      (await fetch(proxyUrl, { ...rogue, headers: { ...rogue.headers, ...withHeader('rogue-client') } })).status,
    ).toBe(401);
  });

  it('a certificate whose OIN is not bron → 403; DUO’s → 201', async () => {
    const other = notification();
    expect(
      (await fetch(proxyUrl, { ...other, headers: { ...other.headers, ...withHeader('other-client') } })).status,
    ).toBe(403);
    const before = await db.prisma.inboxEvent.count();
    const duo = notification();
    expect((await fetch(proxyUrl, { ...duo, headers: { ...duo.headers, ...withHeader('duo-client') } })).status).toBe(
      201,
    );
    expect(await db.prisma.inboxEvent.count()).toBe(before + 1);
  });

  it('the header is ignored from an address that is not the proxy', () => {
    const sender = proxyHeaderSender({ header: 'x-ssl-client-cert', trustedProxies: ['10.0.0.5'] });
    const result = sender({
      socket: { remoteAddress: '127.0.0.1' },
      headers: withHeader('duo-client'),
    } as never);
    expect(result.authenticated).toBe(false);
  });
});

describe('oinFromSubject', () => {
  it('reads the PKIoverheid OIN from the subject serialNumber (string or object), and nothing else', () => {
    expect(oinFromSubject('C=NL\nO=DUO\nserialNumber=00000001800866472000\nCN=duo')).toBe(SIM_DUO_OIN);
    expect(oinFromSubject({ serialNumber: SIM_DUO_OIN })).toBe(SIM_DUO_OIN);
    expect(oinFromSubject('CN=00000001800866472000')).toBeUndefined();
    expect(oinFromSubject({ serialNumber: '123' })).toBeUndefined();
  });
});
