/**
 * Listens on config.PORT; `close()` stops taking new connections and lets running requests
 * finish, then signals the partner events still queued and writes the pending DELIVERED marks of inbox rows. (Inbox rows that could not be
 * signalled, or whose mark was not written, are delivered by the inbox drain, src/api/inbox/.)
 */
import type { Server } from 'node:http';
import { createApp, type CreateAppDeps } from './app';
import { flushDeliveredMarks } from './partner/delivered-marks';
import { flushPartnerSignals } from './partner/signal-queue';

export interface RunningApiServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(deps: CreateAppDeps & { port?: number }): Promise<RunningApiServer> {
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(deps.port ?? deps.config.PORT, deps.config.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  server.keepAliveTimeout = 5_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (deps.port ?? deps.config.PORT);
  return {
    server,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await flushPartnerSignals(deps.temporal);
      await flushDeliveredMarks(deps.prisma);
      await (app.locals.werkplek as { close(): Promise<void> } | undefined)?.close();
    },
  };
}
