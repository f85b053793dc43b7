/**
 * `npm start`: the whole service on its embedded default, on one machine.
 * - Temporal: TEMPORAL_ADDRESS when set, else a local dev server persisted under .data/;
 * - PostgreSQL: DATABASE_URL when set, else the local server, else an embedded PGlite;
 * - migrations applied, development API keys seeded and printed, worker + API started.
 * Ctrl-C / SIGTERM stops everything in reverse order: the API stops taking requests, the
 * worker finishes its running tasks, then the servers this command started are stopped.
 */
import path from 'node:path';
import { loadConfig, ConfigError, developmentKeysAllowed, isLoopbackHost } from '../src/config';
import { createLogger } from '../src/logger';
import { PROJECT_ROOT } from '../src/temporal/binaries';
import { resolveDatabase } from '../src/runtime/database';
import { startDevTemporal } from '../src/runtime/dev-temporal';
import { startService } from '../src/runtime/service';
import { ensureDatabase, deployMigrations, redactUrl } from '../src/db/migrations';
import { devPkiFile, startDuoSimulator } from './duo/simulator';
import { startMailSink } from '../src/runtime/mail-sink';
import { startDevelopmentPartners } from './dev-partners';
import { developmentAccounts } from '../src/werkplek/auth/dev-accounts';
import { usesDevelopmentIdentityProvider } from '../src/werkplek/werkplek';

const startedAt = Date.now();
/** The embedded servers' files (Temporal's SQLite, PGlite, logs); DATA_DIR moves them (tests). */
const DATA_DIR = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : path.join(PROJECT_ROOT, '.data');
const stopSteps: Array<{ name: string; stop: () => Promise<void> }> = [];
let shuttingDown = false;

/** `npm start -- --duo-simulator`: run against the DUO simulator (scripts/duo/simulator.ts). */
const withDuoSimulator = process.argv.includes('--duo-simulator') || Boolean(process.env.DUO_SIMULATOR_PORT);

async function main(): Promise<void> {
  let config = loadConfig();
  let duoSimulatorUrl: string | undefined;
  if (withDuoSimulator) {
    const simulatorPort = config.DUO_SIMULATOR_PORT ?? 4710;
    const oins = config.DUO_GEMEENTE_OINS.map((pair) => pair.split(':')[1]!);
    // The simulator calls our Notificatie API over mutual TLS with the development PKI's DUO
    // certificate (scripts/duo/dev-pki), as DUO does with its PKIoverheid certificate.
    const simulator = await startDuoSimulator({
      port: simulatorPort,
      notifyUrl: `https://127.0.0.1:${config.DUO_NOTIFICATIE_PORT}/duo/v1/notificaties`,
      ...(config.DUO_OIN ? { duoOin: config.DUO_OIN } : {}),
      gemeenteOins: oins,
    });
    stopSteps.unshift({ name: 'DUO-simulator', stop: simulator.close });
    duoSimulatorUrl = simulator.url;
    config = loadConfig({
      DUO_NOTIFICATIE_AUTH: 'mtls',
      DUO_NOTIFICATIE_TLS_CERT_PATH: devPkiFile('server.pem'),
      DUO_NOTIFICATIE_TLS_KEY_PATH: devPkiFile('server-key.pem'),
      DUO_NOTIFICATIE_CLIENT_CA_PATH: devPkiFile('ca.pem'),
      ...process.env,
      DUO_BASE_URL: simulator.url,
    });
  }
  // E-mail: without SMTP_HOST (development) a local sink captures the mails in .data/mail/.
  let mail = config.SMTP_HOST ? `${config.SMTP_HOST}:${config.SMTP_PORT}` : 'uit (SMTP_HOST)';
  if (!config.SMTP_HOST && config.NODE_ENV !== 'production' && config.SMTP_SINK_PORT > 0) {
    const sink = await startMailSink({ dir: path.join(DATA_DIR, 'mail'), port: config.SMTP_SINK_PORT });
    stopSteps.unshift({ name: 'mail-sink', stop: sink.close });
    config = {
      ...config,
      SMTP_HOST: sink.host,
      SMTP_PORT: sink.port,
      SMTP_SECURE: false,
      SMTP_FROM: config.SMTP_FROM ?? 'inburgering@localhost',
    };
    mail = `ontwikkel-mailbox ${sink.host}:${sink.port} → ${path.relative(process.cwd(), sink.dir) || sink.dir}/*.eml (niets gaat naar buiten)`;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  installSignalHandlers(logger);
  const keysAllowed = developmentKeysAllowed(config);

  const database = await resolveDatabase({ configuredUrl: config.DATABASE_URL, dataDir: DATA_DIR });
  stopSteps.unshift({ name: 'database', stop: database.stop });
  if (database.kind === 'embedded') {
    console.log(
      'Let op: geen PostgreSQL bereikbaar en DATABASE_URL niet gezet: ingebouwde PGlite gebruikt (.data/pglite). Alleen voor ontwikkeling.',
    );
  }
  if (database.kind !== 'embedded') await ensureDatabase(database.url);
  await deployMigrations(database.url, { log: (line) => logger.info(line) });

  // Development: the development partners deliver to the partner simulator on this machine.
  let partnerSimulatorUrl: string | undefined;
  if (keysAllowed) {
    const partners = await startDevelopmentPartners({
      ...(config.PARTNER_SIMULATOR_PORT !== undefined ? { port: config.PARTNER_SIMULATOR_PORT } : {}),
    });
    stopSteps.unshift({ name: 'partnersimulator', stop: partners.close });
    partnerSimulatorUrl = partners.url;
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi = 'zie de Temporal UI van je cluster';
  if (!temporalAddress) {
    const devServer = await startDevTemporal({
      dataDir: DATA_DIR,
      port: config.TEMPORAL_DEV_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      codecEndpoint: `http://127.0.0.1:${config.PORT}/codec`,
      // The Web UI has no sign-in, roles or audit: only on this machine (see README "Temporal Web UI").
    });
    stopSteps.unshift({ name: 'temporal dev server', stop: devServer.stop });
    temporalAddress = devServer.address;
    temporalUi = devServer.uiUrl;
  }

  const service = await startService({
    config,
    logger,
    databaseUrl: database.url,
    temporalAddress,
    roles: ['api', 'worker'],
    seedDevelopmentKeys: keysAllowed,
    ...(partnerSimulatorUrl ? { developmentPartnerEndpointUrl: `${partnerSimulatorUrl}/deliveries` } : {}),
  });
  stopSteps.unshift({ name: 'api + worker', stop: service.stop });

  const apiHost = isLoopbackHost(config.HOST) || config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  printBanner({
    apiUrl: `http://${apiHost.includes(':') ? `[${apiHost}]` : apiHost}:${config.PORT}`,
    bind: config.HOST,
    keysRefused: !keysAllowed,
    temporalUi,
    temporalAddress,
    database: `${redactUrl(database.url)} (${database.kind})`,
    duo: duoSimulatorUrl
      ? `simulator ${duoSimulatorUrl} (melding sturen: POST ${duoSimulatorUrl}/__sim/notify)`
      : (config.DUO_BASE_URL ?? 'niet geconfigureerd (DUO_BASE_URL; of npm start -- --duo-simulator)'),
    mail,
    partners: partnerSimulatorUrl
      ? `ontwikkelpartners leveren af bij de partnersimulator ${partnerSimulatorUrl} (ontvangen: GET ${partnerSimulatorUrl}/__sim/deliveries)`
      : 'zoals ingesteld (PUT /admin/partners/:id)',
    keys: service.developmentKeys,
    people:
      config.NODE_ENV !== 'production' && usesDevelopmentIdentityProvider(config)
        ? developmentAccounts(config.GEMEENTEN)
        : [],
    werkplek: config.OIDC_ISSUER || usesDevelopmentIdentityProvider(config) ? `http://127.0.0.1:${config.PORT}/` : null,
    seconds: (Date.now() - startedAt) / 1000,
  });
}

function printBanner(info: {
  apiUrl: string;
  bind: string;
  keysRefused: boolean;
  temporalUi: string;
  temporalAddress: string;
  database: string;
  duo: string;
  mail: string;
  partners: string;
  keys: Array<{ label: string; key: string }>;
  people: Array<{ login: string; password: string; role: string; gemeente: string }>;
  werkplek: string | null;
  seconds: number;
}): void {
  const lines = [
    '',
    `Inburgering Orchestrator draait (gestart in ${info.seconds.toFixed(1)} s)`,
    `  API:             ${info.apiUrl}   (documentatie: ${info.apiUrl}/docs, gereed: ${info.apiUrl}/readyz; luistert op ${info.bind})`,
    `  Werkplek:        ${info.werkplek ?? 'uit (zet OIDC_ISSUER)'}`,
    `  Temporal UI:     ${info.temporalUi}`,
    `  Temporal:        ${info.temporalAddress}`,
    `  PostgreSQL:      ${info.database}`,
    `  DUO:             ${info.duo}`,
    `  E-mail:          ${info.mail}`,
    `  Partners:        ${info.partners}`,
  ];
  if (info.keys.length > 0) {
    lines.push('  Ontwikkelsleutels (Authorization: Bearer <sleutel>; alleen NODE_ENV=development op 127.0.0.1):');
    for (const { label, key } of info.keys) lines.push(`    ${label.padEnd(40)} ${key}`);
  } else if (info.keysRefused) {
    lines.push(
      '  Ontwikkelsleutels: geweigerd (alleen bij NODE_ENV=development en HOST op loopback); maak sleutels met POST /admin/api-keys.',
    );
  }
  if (info.people.length > 0) {
    lines.push(
      '  Werkplek-accounts (ingebouwde identiteitsprovider; gebruikersnaam / wachtwoord; nooit in productie):',
    );
    for (const person of info.people) {
      lines.push(`    ${`${person.role} ${person.gemeente}`.padEnd(28)} ${person.login.padEnd(32)} ${person.password}`);
    }
  }
  lines.push('Stoppen: Ctrl-C', '');
  console.log(lines.join('\n'));
}

/**
 * One Ctrl-C reaches this process more than once: the terminal signals the whole foreground
 * process group, and npm forwards the signal as well. Repeats within `SAME_PRESS_MS` are that
 * one press; a later second signal stops at once. `npm start` runs this file in node itself
 * (`node --import tsx`, tsx only as the loader): the tsx command would stand between npm and
 * this process, relay signals and SIGKILL it when it does not confirm a relayed signal within
 * 30 ms — a busy machine then loses the graceful path and leaves the dev server running.
 */
const SAME_PRESS_MS = 2_000;

function installSignalHandlers(logger: { info: (msg: string) => void }): void {
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      if (Date.now() - firstSignalAt < SAME_PRESS_MS) return;
      console.log(`${signal} opnieuw ontvangen: direct stoppen.`);
      process.exit(130);
    }
    shuttingDown = true;
    firstSignalAt = Date.now();
    logger.info(`${signal} ontvangen: netjes stoppen (nogmaals na ${SAME_PRESS_MS / 1000} s: direct stoppen)`);
    void shutdown(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function shutdown(exitCode: number): Promise<never> {
  for (const step of stopSteps) {
    try {
      await step.stop();
    } catch (error) {
      console.error(`Stoppen van ${step.name} mislukt:`, error);
    }
  }
  console.log('Gestopt.');
  process.exit(exitCode);
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Starten mislukt:', error);
  }
  shuttingDown = true;
  await shutdown(1);
});
