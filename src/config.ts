/**
 * The one configuration module. Every variable the service reads is declared here and
 * validated with zod; a bad or missing variable stops start-up with a message naming it.
 */
import { z } from 'zod';
import { amountsFor, VOORZIENINGEN, type AmountsPerGroup } from './domain/money';
import { validatePolicy } from './domain/policy';
import { MAX_VASTE_LAST_CENT } from './domain/ontzorgen';
import { DEFAULT_GEMEENTEN, DEFAULT_POLICY, type GemeentePolicy } from './domain/types';

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const port = z.coerce.number().int().min(1).max(65535);
const zCount = z.number().int().min(0).max(1_000_000);
/** Money in whole euro cents (never floating-point euros). */
const zCents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const zAmounts = z.object(Object.fromEntries(VOORZIENINGEN.map((v) => [v, zCents.optional()]))).strict();

/** A JSON text (default `{}`), parsed; malformed JSON is reported as such, naming the variable. */
const jsonObject = z
  .string()
  .default('{}')
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'geen geldige JSON' });
      return z.NEVER;
    }
  });

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HTTP port of the REST API. */
  PORT: port.default(3000),
  /**
   * Address the API (and the DUO listener) bind to. Loopback by default: a development service
   * with its well-known keys is not reachable from the network. Containers set 0.0.0.0.
   */
  HOST: z
    .string()
    .regex(/^[\w.:-]+$/, 'een IP-adres of hostnaam')
    .default('127.0.0.1'),
  /** Requests per API key per minute (429 beyond). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Failed authentications (401) per client address per 15 minutes before 429. */
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** PostgreSQL. When unset, the run command uses the local server (or an embedded one). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Temporal frontend (host:port). When unset, the run command starts a local dev server. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'host:port verwacht')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('inburgering'),
  /** Ports of the embedded Temporal dev server (only used when TEMPORAL_ADDRESS is unset). */
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Gemeenten served by this installation (ids). */
  GEMEENTEN: csv.pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1)).default([...DEFAULT_GEMEENTEN]),
  /**
   * Per-gemeente policy (framework defaults otherwise), JSON keyed by gemeente id, e.g.
   * {"oosterhout":{"maxPipBijstellingen":2}}. Each entry is checked against the law.
   */
  GEMEENTE_POLICIES: jsonObject.pipe(
    z.record(
      z.string(),
      z
        .object({
          maxPipBijstellingen: z.number().int().optional(),
          pipBijstellingWithinMonths: z.number().int().optional(),
          pipWarningDaysBefore: z.number().int().optional(),
          voortgangsgesprekIntervalMonths: z.number().int().optional(),
          termijnWarningMonthsBefore: z.array(z.number().int()).optional(),
          /** Ontzorgen: fixed costs per month in cents when the bijstand decision names none. */
          ontzorgenVasteLastenCent: z
            .object({
              huur: zCents.max(MAX_VASTE_LAST_CENT),
              energie: zCents.max(MAX_VASTE_LAST_CENT),
              water: zCents.max(MAX_VASTE_LAST_CENT),
              zorgverzekering: zCents.max(MAX_VASTE_LAST_CENT),
            })
            .strict()
            .optional(),
          opvolgingDagen: z.number().int().optional(),
          verzuimDrempelUren: z.number().int().optional(),
        })
        .strict(),
    ),
  ),
  /**
   * Per-gemeente monitor settings (src/monitor), JSON keyed by gemeente id, e.g.
   * {"altena":{"taakstelling":{"2026-H1":43},"ondertussengroep":40,
   *  "voorzieningenBudgetCent":{"2026":72071400},"bedragenCent":{"asielstatushouder":{"tolk":45000}}}}.
   * taakstelling: statushouders to house per half year; ondertussengroep: the estimate of the
   * old-law group; voorzieningenBudgetCent: the budget per year; bedragenCent: per-person
   * amounts per voorziening over the framework's (money in whole cents).
   */
  GEMEENTE_MONITOR: jsonObject.pipe(
    z.record(
      z.string(),
      z
        .object({
          taakstelling: z.record(z.string().regex(/^\d{4}-H[12]$/, 'JJJJ-H1 of JJJJ-H2'), zCount).optional(),
          ondertussengroep: zCount.optional(),
          voorzieningenBudgetCent: z.record(z.string().regex(/^\d{4}$/, 'jaartal'), zCents).optional(),
          bedragenCent: z
            .object({
              asielstatushouder: zAmounts.optional(),
              gezinsmigrant: zAmounts.optional(),
            })
            .strict()
            .optional(),
        })
        .strict(),
    ),
  ),
  /** Secret for the keyed hash that turns a BSN into a pseudonymous trajectory id. */
  PSEUDONYM_KEY: z.string().min(16, 'minstens 16 tekens'),
  /**
   * A prebuilt workflow bundle (JavaScript file from @temporalio/worker's bundleWorkflowCode of
   * src/workflows/index.ts); unset: the worker bundles the workflow code when it starts.
   */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /**
   * Bearer token for GET /metrics (Prometheus; API port and the worker's health port). Unset:
   * /metrics answers only on a loopback bind (HOST), else 404.
   */
  METRICS_TOKEN: z.string().min(24, 'minstens 24 tekens').optional(),
  /**
   * host:port where the worker's Temporal runtime serves its own Prometheus metrics (task
   * latencies, slots, polls, sticky cache). Unset: not exported.
   */
  TEMPORAL_METRICS_BIND: z
    .string()
    .regex(/^[\w.:-]+:\d+$/, 'host:port verwacht')
    .optional(),
  /**
   * OpenTelemetry traces (src/observability/tracing.ts): the OTLP/HTTP endpoint of a collector,
   * e.g. http://otel-collector:4318 (spans go to `<endpoint>/v1/traces`). Unset: no tracing.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Workflows the worker keeps in memory between workflow tasks (the SDK's sticky cache; unset:
   * the SDK's default, which grows with the machine's memory). Each cached trajectory costs about
   * 0.2 MB; a worker beside 100,000 idle trajectories wants a bound (README, capacity plan). A
   * workflow not in the cache is replayed from its history on its next event: slower, not wrong.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /**
   * Connections in each process's PostgreSQL pool (unset: pg's default, 10). A worker running many
   * turns at once wants as many as it runs local activities concurrently, within PostgreSQL's
   * max_connections over all processes.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).optional(),
  /** Port of the worker's own health endpoint (only when a process runs the worker alone). */
  WORKER_HEALTH_PORT: port.default(3001),

  // --- payload codec (src/temporal/codec.ts): every Temporal payload is encrypted ---
  /** Payload encryption keys: `id:base64(32 bytes)` pairs, comma-separated (keep old ids for rotation). */
  TEMPORAL_CODEC_KEYS: z.string().min(1),
  /** Id in TEMPORAL_CODEC_KEYS to encrypt with. */
  TEMPORAL_CODEC_CURRENT_KEY_ID: z.string().regex(/^[\w.-]{1,64}$/),
  /** Expected `aud` of the access tokens the Temporal Web UI passes to /codec (unset: not checked). */
  TEMPORAL_UI_TOKEN_AUDIENCE: z.string().min(1).optional(),
  /** Web UI origins allowed to call the codec endpoint (/codec). */
  TEMPORAL_CODEC_CORS_ORIGINS: csv.default(['http://localhost:8233', 'http://127.0.0.1:8233']),

  // --- DUO M2M (src/integrations/duo) ---
  /** https://host:port of DUO's API gateway (without /v1). Unset: no DUO calls. */
  DUO_BASE_URL: z.url().optional(),
  /** DUO's OIN: `doel` of our requests and the only accepted `bron` of DUO's notifications. */
  DUO_OIN: z
    .string()
    .regex(/^\d{20}$/, '20 cijfers')
    .optional(),
  /** Our gemeenten's OINs: `gemeente:OIN` pairs, e.g. `altena:00000001234567890000,...`. */
  DUO_GEMEENTE_OINS: csv
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*:\d{20}$/, 'gemeente:OIN (20 cijfers)')))
    .default([]),
  /** PKIoverheid client certificate + key (PEM) for mTLS to DUO; CA bundle for DUO's server certificate. */
  DUO_TLS_CERT_PATH: z.string().optional(),
  DUO_TLS_KEY_PATH: z.string().optional(),
  DUO_TLS_CA_PATH: z.string().optional(),
  DUO_TLS_KEY_PASSPHRASE: z.string().optional(),
  DUO_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
  /**
   * DUO Contactpersoon: the gemeente's team e-mail and phone number, JSON keyed by gemeente
   * id, e.g. {"altena":{"email":"inburgering@altena.nl","telefoonnummer":"0183-123456"}}.
   * The consulent's name comes from their API key label.
   */
  DUO_CONTACT_TEAMS: jsonObject.pipe(
    z.record(
      z.string(),
      z.object({ email: z.email(), telefoonnummer: z.string().regex(/^[0-9 +()-]{10,20}$/) }).strict(),
    ),
  ),
  /**
   * How DUO's Notificatie API authenticates DUO (src/api/duo/sender.ts): `mtls` = this service
   * serves it over HTTPS on DUO_NOTIFICATIE_PORT and verifies the PKIoverheid client
   * certificate itself; `proxy` = on the API port, trusting the verified certificate a named
   * reverse proxy (DUO_NOTIFICATIE_TRUSTED_PROXIES) passes in DUO_NOTIFICATIE_CERT_HEADER.
   */
  DUO_NOTIFICATIE_AUTH: z.enum(['mtls', 'proxy']).default('mtls'),
  DUO_NOTIFICATIE_PORT: port.default(3443),
  /** mtls: the listener's own certificate and key (PEM). */
  DUO_NOTIFICATIE_TLS_CERT_PATH: z.string().optional(),
  DUO_NOTIFICATIE_TLS_KEY_PATH: z.string().optional(),
  /** The CA bundle (PEM) DUO's client certificate must chain to (PKIoverheid private services). */
  DUO_NOTIFICATIE_CLIENT_CA_PATH: z.string().optional(),
  /** proxy: header with the URL-encoded PEM client certificate, e.g. x-ssl-client-cert. */
  DUO_NOTIFICATIE_CERT_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/i, 'een headernaam')
    .optional(),
  /** proxy: addresses (or CIDR ranges) of the reverse proxy; the header from others is ignored. */
  DUO_NOTIFICATIE_TRUSTED_PROXIES: csv.default([]),
  /** Development: start the DUO simulator on this port and point DUO_BASE_URL at it. */
  DUO_SIMULATOR_PORT: port.optional(),

  // --- partners (src/activities/outbox.ts, src/integrations/signing.ts) ---
  /** JSON {"<partnerId>": {"currentKeyId": "k2", "keys": {"k1": "<≥32 chars>", "k2": "…"}}}. */
  PARTNER_SIGNING_KEYS: z.string().optional(),
  /** `npm start` in development: the partner simulator the development partners deliver to (default 4720). */
  PARTNER_SIMULATOR_PORT: port.optional(),
  OUTBOX_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(10_000),
  /**
   * Attempts at an unavailable partner (5xx, timeout) before a delivery gives up and a beheerder
   * gets a task. The backoff (10 s doubling to 1 h) makes the default 30 about a day.
   */
  OUTBOX_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(30),

  // --- SMTP for consulent notices (optional; src/integrations/smtp.ts) ---
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: port.default(587),
  SMTP_SECURE: z.stringbool().default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  /** `gemeente:mailbox` pairs: the team mailbox for consulenten without an address of their own. */
  SMTP_CONSULENT_MAILBOXES: csv.default([]),
  /** Development: `npm start` runs a local SMTP sink on this port (0 = off) and mails to it (.data/mail/*.eml). */
  SMTP_SINK_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** Hour (Amsterdam time) of the consulenten's daily digest (a Temporal Schedule). */
  NOTICE_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** The werkplek's public URL: OIDC redirects, and the links in consulent mails (`/taken/<id>`). */
  PUBLIC_BASE_URL: z.url().optional(),

  // --- werkplek: sign-in for people (src/werkplek) ---
  /**
   * OIDC issuer of the gemeente's identity provider (Entra ID, Keycloak …). Unset outside
   * production: the development identity provider runs in-process at /dev-idp.
   */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('werkplek'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Claim holding the person's role(s) (string or array), e.g. `roles` or `groups`. */
  OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  /** Claim value → werkplek role, JSON, e.g. {"IBO-Consulent":"consulent","IBO-Beheerder":"beheerder"}. */
  OIDC_ROLE_VALUES: jsonObject.pipe(z.record(z.string(), z.enum(['consulent', 'teamleider', 'beheerder']))),
  /** Claim holding the gemeente id (a served gemeente, or OIDC_REGIO_VALUE for the whole region). */
  OIDC_GEMEENTE_CLAIM: z.string().min(1).default('gemeente'),
  OIDC_REGIO_VALUE: z.string().min(1).default('regio'),
  /** Claim with the person's display name. */
  OIDC_NAME_CLAIM: z.string().min(1).default('name'),
  /** Run the development identity provider (never in production). Default: on when OIDC_ISSUER is unset. */
  WERKPLEK_DEV_IDP: z.stringbool().optional(),
  /** Secret (≥ 32 chars) signing session and CSRF cookies; required with OIDC_ISSUER in production. */
  SESSION_SECRET: z.string().min(32, 'minstens 32 tekens').optional(),
  /** A werkplek session ends after this many minutes without a request. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** A werkplek session ends this many hours after sign-in, however active (a working day). */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(10),
  /** Temporal Web UI base URL for links from the inspection page. */
  TEMPORAL_UI_URL: z.url().optional(),
});

/** Production starts no embedded servers, so it must say where PostgreSQL and Temporal are. */
const PRODUCTION_ONLY_REQUIRED = ['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const;

export type Config = z.infer<typeof ConfigSchema>;

/** Development defaults, so `npm start` works on a fresh clone; production must set its own. */
const DEVELOPMENT_DEFAULTS: Record<string, string> = {
  PSEUDONYM_KEY: 'development-only-pseudonym-key',
  TEMPORAL_CODEC_KEYS: 'dev1:ZGV2ZWxvcG1lbnQtb25seS1jb2RlYy1rZXktMzJieSE=',
  TEMPORAL_CODEC_CURRENT_KEY_ID: 'dev1',
  // The DUO simulator's OINs (scripts/duo/simulator.ts).
  DUO_OIN: '00000001800866472000',
  DUO_GEMEENTE_OINS: 'altena:00000001001234567000',
  DUO_CONTACT_TEAMS: '{"altena":{"email":"inburgering@altena.example","telefoonnummer":"0183-000000"}}',
  SESSION_SECRET: 'development-only-werkplek-session-secret',
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const isProduction = env.NODE_ENV === 'production';
  // Empty values count as unset (docker-compose passes `${VAR:-}` as an empty string).
  const input = isProduction ? stripEmpty(env) : { ...DEVELOPMENT_DEFAULTS, ...stripEmpty(env) };
  const parsed = ConfigSchema.safeParse(input);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
  if (isProduction) {
    for (const name of PRODUCTION_ONLY_REQUIRED) {
      if (!env[name]) lines.push(`  ${name}: verplicht in productie`);
    }
    // Diginetwerk requires PKIoverheid mTLS towards DUO.
    if (env.DUO_BASE_URL?.startsWith('https:')) {
      for (const name of ['DUO_TLS_CERT_PATH', 'DUO_TLS_KEY_PATH'] as const) {
        if (!env[name]) lines.push(`  ${name}: verplicht wanneer DUO_BASE_URL https gebruikt`);
      }
    }
  }
  if (parsed.success) {
    for (const gemeente of Object.keys(parsed.data.GEMEENTE_MONITOR)) {
      if (!parsed.data.GEMEENTEN.includes(gemeente)) lines.push(`  GEMEENTE_MONITOR: onbekende gemeente ${gemeente}`);
    }
    for (const gemeente of Object.keys(parsed.data.GEMEENTE_POLICIES)) {
      if (!parsed.data.GEMEENTEN.includes(gemeente)) {
        lines.push(`  GEMEENTE_POLICIES: onbekende gemeente ${gemeente}`);
        continue;
      }
      const result = validatePolicy(policyFor(parsed.data, gemeente));
      if (!result.ok) lines.push(`  GEMEENTE_POLICIES.${gemeente}: ${result.reason}`);
    }
  }
  if (isProduction && env.WERKPLEK_DEV_IDP !== undefined && /^(true|1|yes|on)$/i.test(env.WERKPLEK_DEV_IDP)) {
    lines.push('  WERKPLEK_DEV_IDP: de ontwikkel-identiteitsprovider is niet toegestaan in productie');
  }
  if (isProduction && env.OIDC_ISSUER) {
    for (const name of ['OIDC_CLIENT_SECRET', 'SESSION_SECRET'] as const) {
      if (!env[name]) lines.push(`  ${name}: verplicht wanneer OIDC_ISSUER gezet is`);
    }
  }
  if (parsed.success && parsed.data.DUO_BASE_URL) {
    if (!parsed.data.DUO_OIN) lines.push('  DUO_OIN: verplicht wanneer DUO_BASE_URL gezet is');
    if (parsed.data.DUO_GEMEENTE_OINS.length === 0)
      lines.push('  DUO_GEMEENTE_OINS: verplicht wanneer DUO_BASE_URL gezet is');
    // DUO's Notificatie API is never served without verifying DUO's certificate.
    const required =
      parsed.data.DUO_NOTIFICATIE_AUTH === 'mtls'
        ? (['DUO_NOTIFICATIE_TLS_CERT_PATH', 'DUO_NOTIFICATIE_TLS_KEY_PATH', 'DUO_NOTIFICATIE_CLIENT_CA_PATH'] as const)
        : (['DUO_NOTIFICATIE_CERT_HEADER'] as const);
    for (const name of required) {
      if (!parsed.data[name]) {
        lines.push(
          `  ${name}: verplicht wanneer DUO_BASE_URL gezet is (DUO_NOTIFICATIE_AUTH=${parsed.data.DUO_NOTIFICATIE_AUTH})`,
        );
      }
    }
    if (parsed.data.DUO_NOTIFICATIE_AUTH === 'proxy' && parsed.data.DUO_NOTIFICATIE_TRUSTED_PROXIES.length === 0) {
      lines.push('  DUO_NOTIFICATIE_TRUSTED_PROXIES: verplicht bij DUO_NOTIFICATIE_AUTH=proxy');
    }
  }
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Ongeldige configuratie:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The policy of one gemeente: the framework's defaults with the gemeente's own settings over them. */
export function policyFor(config: Pick<Config, 'GEMEENTE_POLICIES'>, gemeente: string): GemeentePolicy {
  const own = config.GEMEENTE_POLICIES[gemeente] ?? {};
  return {
    maxPipBijstellingen: own.maxPipBijstellingen ?? DEFAULT_POLICY.maxPipBijstellingen,
    ...(own.pipBijstellingWithinMonths !== undefined
      ? { pipBijstellingWithinMonths: own.pipBijstellingWithinMonths }
      : {}),
    pipWarningDaysBefore: own.pipWarningDaysBefore ?? DEFAULT_POLICY.pipWarningDaysBefore,
    voortgangsgesprekIntervalMonths:
      own.voortgangsgesprekIntervalMonths ?? DEFAULT_POLICY.voortgangsgesprekIntervalMonths,
    termijnWarningMonthsBefore: own.termijnWarningMonthsBefore ?? DEFAULT_POLICY.termijnWarningMonthsBefore,
    ...(own.ontzorgenVasteLastenCent ? { ontzorgenVasteLastenCent: own.ontzorgenVasteLastenCent } : {}),
    ...(own.opvolgingDagen !== undefined ? { opvolgingDagen: own.opvolgingDagen } : {}),
    ...(own.verzuimDrempelUren !== undefined ? { verzuimDrempelUren: own.verzuimDrempelUren } : {}),
  };
}

export interface MonitorSettings {
  /** Statushouders to house per half year (`2026-H1` → count); none set by default. */
  taakstelling: Record<string, number>;
  /** Estimate of the ondertussengroep (old-law inburgeraars taking part), when set. */
  ondertussengroep: number | null;
  /** Voorzieningen budget per year (`2026` → cents). */
  voorzieningenBudgetCent: Record<string, number>;
  /** Per-person amounts per voorziening (framework 6.2 unless set). */
  bedragenCent: AmountsPerGroup;
}

/** The monitor settings of one gemeente, with the framework's amounts as defaults. */
export function monitorSettingsFor(config: Pick<Config, 'GEMEENTE_MONITOR'>, gemeente: string): MonitorSettings {
  const own = config.GEMEENTE_MONITOR[gemeente] ?? {};
  return {
    taakstelling: own.taakstelling ?? {},
    ondertussengroep: own.ondertussengroep ?? null,
    voorzieningenBudgetCent: own.voorzieningenBudgetCent ?? {},
    bedragenCent: amountsFor(own.bedragenCent as never),
  };
}

/** Variables that production deployments must provide (no development default applies there). */
export function requiredProductionVariables(): string[] {
  const withoutDefault = Object.entries(ConfigSchema.shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);
  return [...PRODUCTION_ONLY_REQUIRED, ...withoutDefault];
}

function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The fixed development API keys (printed by `npm start`, in the README) are accepted only by a
 * development service bound to loopback: never in production or test mode, never on a
 * network-facing address (src/api/auth/api-keys.ts refuses them otherwise, even when the rows
 * exist in the database).
 */
export function developmentKeysAllowed(config: Pick<Config, 'NODE_ENV' | 'HOST'>): boolean {
  return config.NODE_ENV === 'development' && isLoopbackHost(config.HOST);
}

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/inburgering';
