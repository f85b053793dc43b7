/** What the API needs from the outside world; `createApp` receives it, tests inject their own. */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { PrismaClient } from '../../db/client';
import type { AuthenticationStrategy } from '../auth/authenticate';

export interface ApiTimeouts {
  /** How long the dossier waits for the workflow query before answering from the projection. */
  queryMs: number;
  /** How long a decision (workflow Update) may take before 503. */
  updateMs: number;
  /** Per check of /readyz. */
  readinessMs: number;
  /** Signals, starts, describe and other short Temporal calls. */
  rpcMs: number;
}

export interface ApiDeps {
  config: Config;
  prisma: PrismaClient;
  /** For the migrations readiness check (default config.DATABASE_URL, else the local default). */
  databaseUrl?: string;
  temporal: Client;
  logger: Logger;
  /** Authentication strategies in order (default: API keys only). See auth/authenticate.ts. */
  authentication?: AuthenticationStrategy[];
  /** Requests per key per window (default RATE_LIMIT_PER_MINUTE per minute). */
  rateLimit?: { windowMs: number; limit: number };
  /** Failed authentications (401) per client address per window before 429 (default AUTH_FAILURE_LIMIT per 15 minutes). */
  authFailureLimit?: { windowMs: number; limit: number };
  timeouts?: Partial<ApiTimeouts>;
  /** Maximum JSON body size (default '100kb'). */
  bodyLimit?: string;
}

export interface ResolvedApiDeps extends Required<Omit<ApiDeps, 'timeouts'>> {
  timeouts: ApiTimeouts;
}

export const DEFAULT_TIMEOUTS: ApiTimeouts = { queryMs: 3_000, updateMs: 15_000, readinessMs: 3_000, rpcMs: 5_000 };
