/**
 * Entry point for deployments (Dockerfile, docker-compose): `tsx src/main.ts api` or
 * `tsx src/main.ts worker`. Unlike `npm start`, it starts no servers of its own: it needs
 * DATABASE_URL and TEMPORAL_ADDRESS. The API process applies pending migrations first.
 */
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { deployMigrations } from './db/migrations';
import { startService, type Role } from './runtime/service';

async function main(): Promise<void> {
  const role = process.argv[2];
  if (role !== 'api' && role !== 'worker') {
    throw new ConfigError(`Gebruik: src/main.ts api|worker (gekregen: ${role ?? 'niets'})`);
  }
  const config = loadConfig();
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new ConfigError(
      'DATABASE_URL en TEMPORAL_ADDRESS zijn verplicht voor src/main.ts (gebruik npm start voor de ingebouwde servers).',
    );
  }
  const logger = createLogger({ level: config.LOG_LEVEL, name: `inburgering-${role}` });
  if (role === 'api') await deployMigrations(config.DATABASE_URL, { log: (line) => logger.info(line) });
  const service = await startService({
    config,
    logger,
    databaseUrl: config.DATABASE_URL,
    temporalAddress: config.TEMPORAL_ADDRESS,
    roles: [role as Role],
    seedDevelopmentKeys: false,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info(`${signal} ontvangen: netjes stoppen`);
      void service.stop().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
