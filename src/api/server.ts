/**
 * Listens on config.PORT and starts the inbox dispatcher; `close()` stops taking new
 * connections, lets running requests finish, then stops the dispatcher.
 */
import type { Server } from 'node:http';
import { createApp, type CreateAppDeps, resolveDeps } from './app';
import { startInboxDispatcher } from './partner/inbox-dispatcher';

export interface RunningApiServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(deps: CreateAppDeps & { port?: number }): Promise<RunningApiServer> {
  const app = createApp(deps);
  const resolved = resolveDeps(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(deps.port ?? deps.config.PORT, deps.config.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  server.keepAliveTimeout = 5_000;
  const dispatcher = startInboxDispatcher({
    prisma: deps.prisma,
    temporal: deps.temporal,
    logger: deps.logger.child({ component: 'inbox-dispatcher' }),
    timeoutMs: resolved.timeouts.rpcMs,
  });
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
      await dispatcher.stop();
    },
  };
}
