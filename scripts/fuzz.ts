/**
 * `npm run fuzz`: Schemathesis (pinned in .venv, requirements-tools.txt) against the running
 * service, as each kind of caller, plus DUO's Notificatie API over mutual TLS.
 *
 *   npm run fuzz                      # full run: ≥ 5,000 requests, every check
 *   npm run fuzz -- --quick           # the reduced run CI does (a few hundred requests)
 *   npm run fuzz -- --examples 80 --seed 7 --keep
 *
 * What it starts, all its own and thrown away afterwards: a PostgreSQL database
 * (`inburgering_fuzz_<random>` on FUZZ_DATABASE_BASE_URL, default the local server), a Temporal
 * dev server (temporary directory, free ports), the DUO simulator, and the service (API +
 * worker, NODE_ENV=development on 127.0.0.1 with the development keys, DUO's Notificatie API
 * over mTLS with the development PKI). It seeds trajectories, tasks, inbox and outbox rows so
 * that generated requests also reach existing records (Schemathesis dictionaries).
 *
 * Then, per profile, Schemathesis runs every check (`--checks all`: no 5xx, responses conform
 * to the documented schema, status codes, content types and headers documented, schema-valid
 * requests accepted, schema-invalid ones refused, undeclared methods 405, authentication not
 * ignored …) on the operations that caller may use, from the served /openapi.json.
 *
 * Pass: every profile ran, 0 responses 5xx, 0 failed checks, and (full run) at least 5,000
 * requests. It prints a table per profile and writes the reports to .data/fuzz/<timestamp>/.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { API_ROUTES } from '../src/api/app';
import { loadConfig } from '../src/config';
import { createPrismaClient } from '../src/db/client';
import { deployMigrations, dropDatabase, ensureDatabase, withDatabase } from '../src/db/migrations';
import { createLogger } from '../src/logger';
import { startDevTemporal } from '../src/runtime/dev-temporal';
import { startService } from '../src/runtime/service';
import { PROJECT_ROOT } from '../src/temporal/binaries';
import { devPkiFile, SIM_DUO_OIN, SIM_GEMEENTE_OIN, startDuoSimulator } from './duo/simulator';

const SCHEMATHESIS = path.join(PROJECT_ROOT, '.venv', 'bin', 'schemathesis');
const FULL_MINIMUM_REQUESTS = 5_000;

interface Profile {
  name: string;
  /** Bearer token, or undefined for DUO (client certificate). */
  token?: string;
  /** Which operations of /openapi.json this caller may use. */
  include: (method: string, path: string) => boolean;
}

export interface ProfileResult {
  profile: string;
  operations: number;
  requests: number;
  serverErrors: number;
  schemaViolations: number;
  otherFailures: number;
  failures: Array<{ code: string; title: string; count: number; operations: string[] }>;
  errors: number;
  seconds: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      examples: { type: 'string' },
      seed: { type: 'string', default: '20261202' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const examples = Number(values.examples ?? (quick ? 3 : 40));
  const reportDir = path.join(PROJECT_ROOT, '.data', 'fuzz', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(reportDir, { recursive: true });
  const started = Date.now();
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => console.error(error));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

  try {
    const stack = await startStack(cleanups);
    const ids = await seed(stack);
    const profiles = buildProfiles(stack.keys).filter((p) => !values.only || p.name.includes(values.only));
    const results: ProfileResult[] = [];
    for (const profile of profiles) {
      results.push(await runProfile(stack, profile, ids, { examples, seed: values.seed!, reportDir, quick }));
    }
    if (!values.only || 'duo-notificatie'.includes(values.only)) {
      results.push(await runDuoProfile(stack, { examples, seed: values.seed!, reportDir, quick }));
    }
    const passed = printSummary(results, {
      minimumRequests: quick ? 1 : FULL_MINIMUM_REQUESTS,
      seconds: (Date.now() - started) / 1000,
      reportDir,
      mode: quick ? 'quick' : 'full',
    });
    writeFileSync(path.join(reportDir, 'summary.json'), JSON.stringify({ passed, results }, null, 2));
    await cleanup();
    if (!values.keep) rmSync(path.join(reportDir, 'har'), { recursive: true, force: true });
    process.exit(passed ? 0 : 1);
  } catch (error) {
    console.error('fuzz: mislukt', error);
    await cleanup();
    process.exit(2);
  }
}

interface Stack {
  apiUrl: string;
  duoUrl: string;
  keys: Array<{ label: string; key: string; role: string; gemeente: string | null; partnerId: string | null }>;
  databaseUrl: string;
}

async function startStack(cleanups: Array<() => Promise<void>>): Promise<Stack> {
  const [apiPort, temporalPort, uiPort, duoPort, simPort] = await freePorts(5);
  const base = process.env.FUZZ_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const databaseUrl = withDatabase(
    base,
    `inburgering_fuzz_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`,
  );
  await ensureDatabase(databaseUrl);
  cleanups.push(() => dropDatabase(databaseUrl));
  await deployMigrations(databaseUrl);

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inburgering-fuzz-temporal-'));
    const devServer = await startDevTemporal({ dataDir, port: temporalPort!, uiPort: uiPort! });
    cleanups.push(async () => {
      await devServer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    temporalAddress = devServer.address;
  }

  const simulator = await startDuoSimulator({
    port: simPort!,
    notifyUrl: `https://127.0.0.1:${duoPort}/duo/v1/notificaties`,
  });
  cleanups.push(() => simulator.close());

  const config = loadConfig({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    LOG_LEVEL: 'fatal',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `fuzz-${randomBytes(4).toString('hex')}`,
    // One client sends thousands of requests, many of them deliberately unauthenticated.
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_FAILURE_LIMIT: '1000000',
    DUO_BASE_URL: simulator.url,
    DUO_OIN: SIM_DUO_OIN,
    DUO_GEMEENTE_OINS: `altena:${SIM_GEMEENTE_OIN}`,
    DUO_NOTIFICATIE_AUTH: 'mtls',
    DUO_NOTIFICATIE_PORT: String(duoPort),
    DUO_NOTIFICATIE_TLS_CERT_PATH: devPkiFile('server.pem'),
    DUO_NOTIFICATIE_TLS_KEY_PATH: devPkiFile('server-key.pem'),
    DUO_NOTIFICATIE_CLIENT_CA_PATH: devPkiFile('ca.pem'),
  });
  const service = await startService({
    config,
    logger: createLogger({ level: 'fatal' }),
    databaseUrl,
    temporalAddress,
    roles: ['api', 'worker'],
    seedDevelopmentKeys: true,
  });
  cleanups.push(() => service.stop());
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    duoUrl: `https://127.0.0.1:${duoPort}/duo/v1`,
    keys: service.developmentKeys as Stack['keys'],
    databaseUrl,
  };
}

/** Ids of existing records, offered to Schemathesis next to generated ones. */
interface SeedIds {
  ids: string[];
  partnerIds: string[];
}

async function seed(stack: Stack): Promise<SeedIds> {
  const key = (role: string, gemeente: string | null) =>
    stack.keys.find((k) => k.role === role && k.gemeente === gemeente && !k.partnerId)!.key;
  const call = async (method: string, url: string, token: string, body?: unknown, headers: object = {}) => {
    const response = await fetch(`${stack.apiUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const trajectoryIds: string[] = [];
  const partners = stack.keys.filter((k) => k.partnerId);
  let bsnSeed = 1;
  for (const gemeente of ['altena', 'oosterhout']) {
    for (const targetGroup of ['asielstatushouder', 'gezinsmigrant']) {
      const started = await call('POST', '/trajectories', key('consulent', gemeente), {
        bsn: elfproefBsn(bsnSeed++),
        naam: 'Fuzz Voorbeeld',
        targetGroup,
        onBijstand: true,
        dates: { inschrijving: new Date().toISOString().slice(0, 10) },
      });
      const id = started.body.trajectoryId as string;
      trajectoryIds.push(id);
      for (const partner of partners) {
        await call('PUT', `/beheer/trajectories/${id}/partners/${partner.partnerId}`, key('beheerder', gemeente));
      }
    }
  }
  const taal = partners.find((p) => p.partnerId === 'dev-taalaanbieder')!;
  await call(
    'POST',
    `/partner/trajectories/${trajectoryIds[0]}/events`,
    taal.key,
    { type: 'UREN', occurredOn: new Date().toISOString().slice(0, 10), kind: 'LES', hours: 2 },
    { 'idempotency-key': 'fuzz-seed-1' },
  );
  // Let the workflows create their tasks.
  const prisma = createPrismaClient(stack.databaseUrl);
  try {
    const deadline = Date.now() + 30_000;
    while ((await prisma.task.count()) < trajectoryIds.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const [tasks, inbox, outbox, keys] = await Promise.all([
      prisma.task.findMany({ select: { id: true }, take: 20 }),
      prisma.inboxEvent.findMany({ select: { id: true }, take: 5 }),
      prisma.outboxMessage.findMany({ select: { id: true }, take: 5 }),
      prisma.apiKey.findMany({ select: { id: true }, where: { role: { not: 'beheerder' } }, take: 3 }),
    ]);
    return {
      ids: [...trajectoryIds, ...[tasks, inbox, outbox, keys].flat().map((row) => row.id)],
      partnerIds: partners.map((p) => p.partnerId!),
    };
  } finally {
    await prisma.$disconnect();
  }
}

function buildProfiles(keys: Stack['keys']): Profile[] {
  const byRole = new Map<string, Set<string>>();
  for (const route of API_ROUTES) {
    for (const role of route.spec.roles) {
      const set = byRole.get(role) ?? new Set<string>();
      set.add(`${route.method.toUpperCase()} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
      byRole.set(role, set);
    }
  }
  const allowed =
    (role: string, extra: (path: string) => boolean = () => true) =>
    (method: string, p: string) =>
      (byRole.get(role)?.has(`${method} ${p}`) ?? false) && extra(p);
  const token = (predicate: (k: Stack['keys'][number]) => boolean) => keys.find(predicate)!.key;
  const profiles: Profile[] = [
    {
      name: 'consulent (altena)',
      token: token((k) => k.role === 'consulent' && k.gemeente === 'altena'),
      include: allowed('consulent'),
    },
    {
      name: 'teamleider (altena)',
      token: token((k) => k.role === 'teamleider' && k.gemeente === 'altena'),
      // Not /trajectories: its search (GET) is the consulent's code, and with the start (POST)
      // left out Schemathesis would expect an Allow header without POST.
      include: allowed('teamleider', (p) => p !== '/trajectories'),
    },
    {
      name: 'beheerder (altena)',
      token: token((k) => k.role === 'beheerder' && k.gemeente === 'altena'),
      // Key and partner administration is the regional beheerder's.
      include: allowed('beheerder', (p) => !p.startsWith('/admin/')),
    },
    {
      name: 'beheerder (regio)',
      token: token((k) => k.role === 'beheerder' && k.gemeente === null),
      include: allowed('beheerder'),
    },
  ];
  for (const partner of keys.filter((k) => k.role === 'partner')) {
    profiles.push({ name: `partner (${partner.partnerId})`, token: partner.key, include: allowed('partner') });
  }
  return profiles;
}

interface RunOptions {
  examples: number;
  seed: string;
  reportDir: string;
  quick: boolean;
}

async function runProfile(stack: Stack, profile: Profile, seeds: SeedIds, options: RunOptions): Promise<ProfileResult> {
  const document = (await (await fetch(`${stack.apiUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  let operations = 0;
  for (const [p, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) {
      if (!profile.include(method.toUpperCase(), p)) delete item[method];
      else operations++;
    }
    if (Object.keys(item).length === 0) delete document.paths[p];
  }
  const slug = profile.name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
  const schemaPath = path.join(options.reportDir, `${slug}.openapi.json`);
  writeFileSync(schemaPath, JSON.stringify(document));
  const configPath = path.join(options.reportDir, `${slug}.schemathesis.toml`);
  writeFileSync(
    configPath,
    [
      '[dictionaries.ids]',
      `values = ${JSON.stringify(seeds.ids)}`,
      '[dictionaries.partners]',
      `values = ${JSON.stringify(seeds.partnerIds)}`,
      '[parameters]',
      '"path.id" = { dictionary = "ids", probability = 0.5 }',
      '"path.partnerId" = { dictionary = "partners", probability = 0.5 }',
      '"query.trajectoryId" = { dictionary = "ids", probability = 0.3 }',
      '',
    ].join('\n'),
  );
  return schemathesis(profile.name, operations, options, [
    '--config-file',
    configPath,
    'run',
    schemaPath,
    '--url',
    stack.apiUrl,
    '-H',
    `Authorization: Bearer ${profile.token}`,
  ]);
}

/** DUO's Notificatie API from DUO's own spec, over mutual TLS with the development PKI's DUO certificate. */
async function runDuoProfile(stack: Stack, options: RunOptions): Promise<ProfileResult> {
  const configPath = path.join(options.reportDir, 'duo.schemathesis.toml');
  writeFileSync(
    configPath,
    [
      '[dictionaries.bron]',
      `values = ["${SIM_DUO_OIN}"]`,
      '[dictionaries.doel]',
      `values = ["${SIM_GEMEENTE_OIN}"]`,
      '[parameters]',
      '"header.bron" = { dictionary = "bron", probability = 0.7 }',
      '"header.doel" = { dictionary = "doel", probability = 0.7 }',
      '',
    ].join('\n'),
  );
  return schemathesis('duo-notificatie (mTLS)', 1, options, [
    '--config-file',
    configPath,
    'run',
    path.join(PROJECT_ROOT, 'spec', 'duo', 'Notificatie', 'openapi.yml'),
    '--url',
    stack.duoUrl,
    '--request-cert',
    devPkiFile('duo-client.pem'),
    '--request-cert-key',
    devPkiFile('duo-client-key.pem'),
    '--tls-verify',
    devPkiFile('ca.pem'),
  ]);
}

async function schemathesis(
  name: string,
  operations: number,
  options: RunOptions,
  args: string[],
): Promise<ProfileResult> {
  const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
  const harPath = path.join(options.reportDir, 'har', `${slug}.har`);
  const jsonPath = path.join(options.reportDir, `${slug}.report.json`);
  mkdirSync(path.dirname(harPath), { recursive: true });
  const started = Date.now();
  const [configArgs, runArgs] = [args.slice(0, 2), args.slice(2)];
  const full = [
    ...configArgs,
    ...runArgs,
    '--checks',
    'all',
    '--max-examples',
    String(options.examples),
    '--seed',
    options.seed,
    // One worker: Python 3.11's AST module is not thread-safe for Schemathesis' coverage phase.
    '--workers',
    '1',
    '--continue-on-failure',
    ...(options.quick ? ['--phases', 'examples,coverage,fuzzing'] : []),
    '--report',
    'har,json',
    '--report-har-path',
    harPath,
    '--report-json-path',
    jsonPath,
    '--output-truncate',
    'true',
  ];
  const output = await run(SCHEMATHESIS, full, path.join(options.reportDir, `${slug}.log`), {
    // Custom formats (bsn) of the API: scripts/fuzz_hooks.py.
    SCHEMATHESIS_HOOKS: 'fuzz_hooks',
    PYTHONPATH: path.join(PROJECT_ROOT, 'scripts'),
  });
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    failures: Array<{ code: string; title: string; type: string; count: number; operations: string[] }>;
    errors: unknown[];
  };
  const har = JSON.parse(readFileSync(harPath, 'utf8')) as {
    log: { entries: Array<{ response: { status: number } }> };
  };
  const statuses = har.log.entries.map((entry) => entry.response.status);
  const schemaViolations = report.failures
    .filter((f) => /schema|JsonSchema/i.test(`${f.type} ${f.title}`) && !/Schema-valid request rejected/i.test(f.title))
    .reduce((sum, f) => sum + f.count, 0);
  const serverErrorFailures = report.failures.filter((f) => /ServerError|Server error/i.test(`${f.type} ${f.title}`));
  const otherFailures = report.failures
    .filter((f) => !serverErrorFailures.includes(f))
    .reduce((sum, f) => sum + f.count, 0);
  const result: ProfileResult = {
    profile: name,
    operations,
    requests: statuses.length,
    serverErrors: statuses.filter((status) => status >= 500).length,
    schemaViolations,
    otherFailures: otherFailures - schemaViolations,
    failures: report.failures.map(({ code, title, count, operations: ops }) => ({
      code,
      title,
      count,
      operations: ops,
    })),
    errors: report.errors.length,
    seconds: (Date.now() - started) / 1000,
  };
  if (result.serverErrors || result.schemaViolations || result.otherFailures || result.errors) {
    console.log(output.split('\n').slice(-120).join('\n'));
  }
  return result;
}

function run(command: string, args: string[], logPath: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      writeFileSync(logPath, output);
      resolve(output);
    });
  });
}

export function printSummary(
  results: ProfileResult[],
  info: { minimumRequests: number; seconds: number; reportDir: string; mode: string },
): boolean {
  const total = (field: 'requests' | 'serverErrors' | 'schemaViolations' | 'otherFailures' | 'errors') =>
    results.reduce((sum, r) => sum + r[field], 0);
  console.log(`\nSchemathesis (${info.mode}) — per profiel:`);
  console.log('profiel                                      operaties  verzoeken  5xx  schema  overig  duur');
  for (const r of results) {
    console.log(
      `${r.profile.padEnd(44)} ${String(r.operations).padStart(9)} ${String(r.requests).padStart(10)} ${String(r.serverErrors).padStart(4)} ${String(r.schemaViolations).padStart(7)} ${String(r.otherFailures + r.errors).padStart(7)} ${r.seconds.toFixed(0).padStart(4)} s`,
    );
    for (const f of r.failures) console.log(`    ${f.code} ${f.title} ×${f.count}: ${f.operations.join(', ')}`);
  }
  const passed =
    total('serverErrors') === 0 &&
    total('schemaViolations') === 0 &&
    total('otherFailures') === 0 &&
    total('errors') === 0 &&
    total('requests') >= info.minimumRequests;
  console.log(
    `totaal: ${total('requests')} verzoeken, ${total('serverErrors')} × 5xx, ${total('schemaViolations')} schemaschendingen, ${total('otherFailures') + total('errors')} andere fouten in ${info.seconds.toFixed(0)} s — ${passed ? 'GESLAAGD' : 'MISLUKT'}${info.minimumRequests > 1 ? ` (minimaal ${info.minimumRequests} verzoeken)` : ''}`,
  );
  console.log(`rapporten: ${info.reportDir}`);
  return passed;
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** A valid BSN (elfproef) per seed number. */
function elfproefBsn(seed: number): string {
  for (let n = 900_000_000 + seed * 1000; ; n++) {
    const digits = [...String(n)].map(Number);
    const sum = digits.reduce((t, d, i) => t + d * (i === 8 ? -1 : 9 - i), 0);
    if (sum % 11 === 0) return String(n);
  }
}

await main();
