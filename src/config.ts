/**
 * The one configuration module. Every variable the service reads is declared here and
 * validated with zod; a bad or missing variable stops start-up with a message naming it.
 */
import { z } from 'zod';
import { DEFAULT_GEMEENTEN } from './domain/types';

const csv = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const port = z.coerce.number().int().min(1).max(65535);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HTTP port of the REST API. */
  PORT: port.default(3000),
  /** PostgreSQL. When unset, the run command uses the local server (or an embedded one). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Temporal frontend (host:port). When unset, the run command starts a local dev server. */
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'host:port verwacht').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('inburgering'),
  /** Ports of the embedded Temporal dev server (only used when TEMPORAL_ADDRESS is unset). */
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Gemeenten served by this installation (ids). */
  GEMEENTEN: csv.pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).min(1)).default([...DEFAULT_GEMEENTEN]),
  /** Secret for the keyed hash that turns a BSN into a pseudonymous trajectory id. */
  PSEUDONYM_KEY: z.string().min(16, 'minstens 16 tekens'),
  /** Port of the worker's own health endpoint (only when a process runs the worker alone). */
  WORKER_HEALTH_PORT: port.default(3001),
});

/** Production starts no embedded servers, so it must say where PostgreSQL and Temporal are. */
const PRODUCTION_ONLY_REQUIRED = ['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const;

export type Config = z.infer<typeof ConfigSchema>;

/** Development defaults, so `npm start` works on a fresh clone; production must set its own. */
const DEVELOPMENT_DEFAULTS: Record<string, string> = {
  PSEUDONYM_KEY: 'development-only-pseudonym-key',
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const isProduction = env.NODE_ENV === 'production';
  const input = isProduction ? env : { ...DEVELOPMENT_DEFAULTS, ...stripEmpty(env) };
  const parsed = ConfigSchema.safeParse(input);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
  if (isProduction) {
    for (const name of PRODUCTION_ONLY_REQUIRED) {
      if (!env[name]) lines.push(`  ${name}: verplicht in productie`);
    }
  }
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Ongeldige configuratie:\n${lines.join('\n')}`);
  }
  return parsed.data;
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

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/inburgering';
