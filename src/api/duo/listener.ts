/**
 * DUO's Notificatie API on its own HTTPS listener (DUO_NOTIFICATIE_AUTH=mtls): TLS with a
 * required client certificate, verified against the configured CA bundle only (PKIoverheid
 * private services). `rejectUnauthorized: false` keeps the connection open for an unverified
 * certificate so the router can answer 401 as DUO's spec asks instead of a broken handshake;
 * nothing else is served on this port (404), and the API's own routes are not reachable here.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import helmet from 'helmet';

export interface DuoListenerOptions {
  router: Router;
  host: string;
  port: number;
  certPath: string;
  keyPath: string;
  clientCaPath: string;
}

export interface RunningDuoListener {
  port: number;
  close(): Promise<void>;
}

export async function startDuoNotificatieListener(options: DuoListenerOptions): Promise<RunningDuoListener> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.use('/duo/v1', options.router);
  app.use((_req, res) => {
    res.status(404).end();
  });
  const server = https.createServer(
    {
      cert: readFileSync(options.certPath),
      key: readFileSync(options.keyPath),
      ca: readFileSync(options.clientCaPath),
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.keepAliveTimeout = 5_000;
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
