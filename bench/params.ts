/** The benchmark's parameters: command-line options (node:util parseArgs), each also an environment variable. */
import { parseArgs } from 'node:util';

export interface Params {
  /** K: workflows per target. */
  trajectories: number;
  /** M: partner events (signals) per workflow. */
  signals: number;
  /** Q: queries per workflow. */
  queries: number;
  /** Client calls in flight at once (per phase). */
  concurrency: number;
  /** Which decision Update the subject gets. */
  update: 'consent' | 'warme-overdracht';
  /** Longest wait for the projection to catch up, per wait. */
  projectionTimeoutSeconds: number;
  /** Hard limit on the whole run (it stops itself, cleans up and exits 2). */
  maxSeconds: number;
  /** API throughput comparison: 'auto' (when src/api/app.ts exists) or 'off'. */
  api: 'auto' | 'off';
  /** Warm-up workflows per target before measuring (not counted). */
  warmup: number;
  /** Alternating baseline/subject rounds; the table shows medians. */
  rounds: number;
}

export const LIMITS: Record<'trajectories' | 'signals' | 'queries' | 'concurrency', number> = {
  trajectories: 500,
  signals: 200,
  queries: 100,
  concurrency: 64,
};

const OPTIONS = [
  'trajectories',
  'signals',
  'queries',
  'concurrency',
  'update',
  'projection-timeout',
  'max-seconds',
  'api',
  'warmup',
  'rounds',
] as const;

export function parseParams(argv: string[]): Params {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(OPTIONS.map((name) => [name, { type: 'string' as const }])),
      },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, { cause: error });
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const get = (name: string, env: string, fallback: string): string => {
    const flag = values[name];
    return (typeof flag === 'string' ? flag : undefined) ?? process.env[env] ?? fallback;
  };
  const int = (name: string, env: string, fallback: number, min: number, max: number) => {
    const raw = get(name, env, String(fallback));
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} (${env}) moet een geheel getal van ${min} t/m ${max} zijn, niet "${raw}"`);
    }
    return value;
  };
  const update = get('update', 'BENCH_UPDATE', 'consent');
  if (update !== 'consent' && update !== 'warme-overdracht') throw new Error(`--update: consent of warme-overdracht`);
  const api = get('api', 'BENCH_API', 'auto');
  if (api !== 'auto' && api !== 'off') throw new Error(`--api: auto of off`);
  return {
    trajectories: int('trajectories', 'BENCH_TRAJECTORIES', 30, 1, LIMITS.trajectories),
    signals: int('signals', 'BENCH_SIGNALS', 10, 1, LIMITS.signals),
    queries: int('queries', 'BENCH_QUERIES', 5, 1, LIMITS.queries),
    concurrency: int('concurrency', 'BENCH_CONCURRENCY', 8, 1, LIMITS.concurrency),
    update,
    projectionTimeoutSeconds: int('projection-timeout', 'BENCH_PROJECTION_TIMEOUT', 20, 1, 600),
    maxSeconds: int('max-seconds', 'BENCH_MAX_SECONDS', 300, 30, 3600),
    api,
    warmup: int('warmup', 'BENCH_WARMUP', 2, 0, 20),
    rounds: int('rounds', 'BENCH_ROUNDS', 3, 1, 10),
  };
}

export const USAGE = `Gebruik: npm run bench -- [opties]   (elk ook als omgevingsvariabele)
  --trajectories K     workflows per doel (BENCH_TRAJECTORIES, standaard 30, max ${LIMITS.trajectories})
  --signals M          partner-events per workflow (BENCH_SIGNALS, standaard 10, max ${LIMITS.signals})
  --queries Q          queries per workflow (BENCH_QUERIES, standaard 5, max ${LIMITS.queries})
  --concurrency C      gelijktijdige client-aanroepen (BENCH_CONCURRENCY, standaard 8)
  --update U           consent | warme-overdracht (BENCH_UPDATE, standaard consent)
  --projection-timeout S  max wachten op de projectie (BENCH_PROJECTION_TIMEOUT, standaard 20)
  --max-seconds S      harde grens voor de hele run (BENCH_MAX_SECONDS, standaard 300)
  --api auto|off       API-doorvoer meten als src/api/app.ts bestaat (BENCH_API, standaard auto)
  --warmup N           opwarm-workflows per doel, niet meegeteld (BENCH_WARMUP, standaard 2)
  --rounds R           afwisselende rondes baseline/subject, tabel = mediaan (BENCH_ROUNDS, standaard 3)`;
