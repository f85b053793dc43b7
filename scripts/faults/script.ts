/**
 * The trajectory script of a fault run: a seeded, repeatable list of API calls per trajectory
 * (start, partner assignment, machtiging, brede intake, partner events, PIP), and the client
 * that plays it. The client behaves like a well-mannered partner or werkplek: every call that
 * fails with a network error, a timeout, 429 or 5xx is sent again with the same
 * Idempotency-Key until it gets a definite answer (2xx or 4xx), so a fault in the service shows
 * as delay, never as a different outcome.
 */
import { createHash } from 'node:crypto';
import { todayInAmsterdam } from '../../src/domain/today';
import { LEEFGEBIEDEN } from '../../src/domain/types';
import { GEMEENTEN } from './stack';

/** mulberry32: a small seeded PRNG, so a run is repeatable from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid BSN (elfproef) per number, distinct per seed and index (index < 2,500). */
export function scriptBsn(seed: number, index: number): string {
  for (let n = (seed % 8000) * 100_000 + index * 37; ; n++) {
    const candidate = String(100_000_000 + (n % 800_000_000)).padStart(9, '0');
    const digits = [...candidate].map(Number);
    const sum = digits.reduce((t, d, i) => t + d * (i === 8 ? -1 : 9 - i), 0);
    if (sum % 11 === 0) return candidate;
  }
}

export type Step =
  | { kind: 'start'; gemeente: string; body: Record<string, unknown> }
  | { kind: 'assign'; gemeente: string; partnerKind: string }
  | { kind: 'decision'; gemeente: string; segment: string; body: Record<string, unknown>; key: string }
  | { kind: 'event'; partnerKind: string; body: Record<string, unknown>; key: string };

export interface TrajectoryScript {
  index: number;
  bsn: string;
  gemeente: string;
  steps: Step[];
}

function daysBefore(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

const LEEFGEBIEDEN_DONE = Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, true]));

/**
 * The script of trajectory `index`. Inschrijving lies 20–400 days back, so for many the PIP
 * deadline (10 weeks) and other timers have passed and fire at once on the dev server; some
 * get their PIP, others stay in the intake with a passed deadline.
 */
export function trajectoryScript(
  seed: number,
  index: number,
  /** Which people play it: the same script with other BSNs runs beside it in one deployment. */
  cast = 0,
  today = todayInAmsterdam(new Date()),
): TrajectoryScript {
  const random = prng(seed * 100_003 + index);
  const gemeente = GEMEENTEN[index % GEMEENTEN.length]!;
  const bsn = scriptBsn(seed + cast * 7919, index);
  const targetGroup = random() < 0.6 ? 'asielstatushouder' : 'gezinsmigrant';
  const inschrijving = daysBefore(today, 20 + Math.floor(random() * 380));
  const key = (what: string) =>
    createHash('sha256').update(`${seed}/${cast}/${index}/${what}`).digest('hex').slice(0, 32);
  const steps: Step[] = [
    {
      kind: 'start',
      gemeente,
      body: { bsn, naam: `Fout Proef ${index}`, targetGroup, onBijstand: random() < 0.5, dates: { inschrijving } },
    },
    { kind: 'assign', gemeente, partnerKind: 'TAALAANBIEDER' },
  ];
  const withConsent = random() < 0.8;
  if (withConsent) {
    steps.push({
      kind: 'decision',
      gemeente,
      segment: 'machtiging',
      body: { date: today, scope: ['TAALAANBIEDER'] },
      key: key('machtiging'),
    });
  }
  steps.push({
    kind: 'decision',
    gemeente,
    segment: 'brede-intake',
    body: { date: today, leefgebieden: LEEFGEBIEDEN_DONE, leerbaarheidstoets: 'B1_HAALBAAR' },
    key: key('brede-intake'),
  });
  if (random() < 0.7) {
    steps.push({
      kind: 'decision',
      gemeente,
      segment: 'pip',
      body: { dagtekening: today, leerroute: 'B1', level: 'B1', alfabetisering: false },
      key: key('pip'),
    });
  }
  const events = 1 + Math.floor(random() * 4);
  for (let e = 0; e < events; e++) {
    steps.push({
      kind: 'event',
      partnerKind: 'TAALAANBIEDER',
      body: { type: 'UREN', occurredOn: today, kind: 'LES', hours: 1 + Math.floor(random() * 8) / 4 },
      key: key(`uren-${e}`),
    });
  }
  return { index, bsn, gemeente, steps };
}

export interface CallStats {
  calls: number;
  retries: number;
  /** Answers per status code (after retries: the definite answer). */
  statuses: Record<string, number>;
  /** Definite answers other than the expected 2xx, with what was asked. */
  unexpected: Array<{ index: number; step: string; status: number; body: string }>;
}

export function newStats(): CallStats {
  return { calls: 0, retries: 0, statuses: {}, unexpected: [] };
}

/**
 * One HTTP call, repeated on network errors, timeouts, 429 and 5xx (same body, same
 * Idempotency-Key) until a definite answer or the deadline.
 */
export async function callWithRetry(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  stats: CallStats,
  options: { deadlineMs?: number; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + (options.deadlineMs ?? 600_000);
  let delay = 100;
  stats.calls++;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) stats.retries++;
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      const body = await response.text();
      if (response.status < 500 && response.status !== 429 && response.status !== 408) {
        stats.statuses[response.status] = (stats.statuses[response.status] ?? 0) + 1;
        return { status: response.status, body };
      }
    } catch {
      // network error or timeout: try again
    }
    if (Date.now() > deadline) throw new Error(`${init.method} ${url}: geen definitief antwoord binnen de termijn`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}

export interface Target {
  apiUrl: string;
  token(role: 'consulent' | 'beheerder', gemeente: string | null): string;
  partnerToken(kind: string): string;
  partnerId(kind: string): string;
}

/** Plays one trajectory's script; returns its trajectory id. */
export async function playTrajectory(target: Target, script: TrajectoryScript, stats: CallStats): Promise<string> {
  let trajectoryId = '';
  for (const step of script.steps) {
    const json = { 'content-type': 'application/json' };
    let answer: { status: number; body: string };
    let expected: number[];
    let label: string;
    switch (step.kind) {
      case 'start':
        label = 'start';
        answer = await callWithRetry(
          `${target.apiUrl}/trajectories`,
          {
            method: 'POST',
            headers: { ...json, authorization: `Bearer ${target.token('consulent', step.gemeente)}` },
            body: JSON.stringify(step.body),
          },
          stats,
        );
        expected = [200, 201];
        if (answer.status === 201 || answer.status === 200) {
          trajectoryId = (JSON.parse(answer.body) as { trajectoryId: string }).trajectoryId;
        } else if (answer.status === 409) {
          // A retried start whose first attempt did start it: the answer names the trajectory.
          trajectoryId = ((JSON.parse(answer.body) as { trajectoryId?: string }).trajectoryId ?? '') || trajectoryId;
        }
        break;
      case 'assign':
        label = `assign ${step.partnerKind}`;
        answer = await callWithRetry(
          `${target.apiUrl}/beheer/trajectories/${trajectoryId}/partners/${target.partnerId(step.partnerKind)}`,
          { method: 'PUT', headers: { authorization: `Bearer ${target.token('beheerder', step.gemeente)}` } },
          stats,
        );
        expected = [200, 201, 204];
        break;
      case 'decision':
        label = `decision ${step.segment}`;
        answer = await callWithRetry(
          `${target.apiUrl}/trajectories/${trajectoryId}/decisions/${step.segment}`,
          {
            method: 'POST',
            headers: {
              ...json,
              authorization: `Bearer ${target.token('consulent', step.gemeente)}`,
              'idempotency-key': step.key,
            },
            body: JSON.stringify(step.body),
          },
          stats,
        );
        expected = [200, 201];
        break;
      case 'event':
        label = `event ${String(step.body.type)}`;
        answer = await callWithRetry(
          `${target.apiUrl}/partner/trajectories/${trajectoryId}/events`,
          {
            method: 'POST',
            headers: {
              ...json,
              authorization: `Bearer ${target.partnerToken(step.partnerKind)}`,
              'idempotency-key': step.key,
            },
            body: JSON.stringify(step.body),
          },
          stats,
        );
        expected = [202];
        break;
    }
    if (!expected.includes(answer.status)) {
      stats.unexpected.push({
        index: script.index,
        step: label,
        status: answer.status,
        body: answer.body.slice(0, 300),
      });
    }
    if (!trajectoryId) break;
  }
  return trajectoryId;
}

/** Plays many scripts with a fixed number running at once. */
export async function playAll(
  target: Target,
  scripts: TrajectoryScript[],
  options: { concurrency: number; stats: CallStats; onDone?: (done: number) => void },
): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  let next = 0;
  let done = 0;
  const lanes = Array.from({ length: options.concurrency }, async () => {
    while (next < scripts.length) {
      const script = scripts[next++]!;
      ids.set(script.index, await playTrajectory(target, script, options.stats));
      options.onDone?.(++done);
    }
  });
  await Promise.all(lanes);
  return ids;
}
