/**
 * What the scenarios share: options, the context, the undisturbed reference run. All scenarios
 * of a run use one deployment; each plays the script with its own cast (other BSNs, so other
 * trajectories), and its end states are compared with the reference cast's.
 */
import { developmentPartnerId } from '../../../src/api/auth/seed-dev-keys';
import { defaultPerson, type DuoSimulator } from '../../duo/simulator';
import { receiverCounts, settle, type Cast, type Fingerprint, type ReceiverCounts } from '../observe';
import { newStats, playAll, trajectoryScript, type CallStats, type Target, type TrajectoryScript } from '../script';
import type { Deployment, Infra } from '../stack';

export interface FaultOptions {
  seed: number;
  trajectories: number;
  kills: number;
  concurrency: number;
  events: number;
  postgresDownMs: number;
  settleTimeoutMs: number;
  quick: boolean;
  /** partner-endpoint: trajectories per endpoint behaviour (500, hang, slow). */
  partnerPerBehaviour: number;
}

export interface ScenarioContext {
  infra: Infra;
  options: FaultOptions;
  log: (line: string) => void;
  /** The run's deployment (database, simulators, API and worker processes), started once. */
  deployment(): Promise<Deployment>;
  /** A cast number not used before in this run (0 is the reference's). */
  nextCast(): number;
  reference?: Reference;
}

export interface ScenarioResult {
  passed: boolean;
  failures: string[];
  figures: Record<string, unknown>;
  details?: Record<string, unknown>;
}

export interface Reference {
  state: Map<number, Fingerprint>;
  receivers: ReceiverCounts;
  unexpected: CallStats['unexpected'];
  seconds: number;
}

export function targetOf(deployment: Deployment): Target {
  return {
    apiUrl: deployment.apiUrl,
    token: deployment.token,
    partnerToken: deployment.partnerToken,
    partnerId: (kind) => developmentPartnerId(kind),
  };
}

/** DUO knows every person of the script. */
export function seedDuoPersons(duo: DuoSimulator, scripts: TrajectoryScript[]): void {
  for (const script of scripts) duo.persons.set(script.bsn, defaultPerson());
}

export function scriptsFor(ctx: ScenarioContext, cast: number): TrajectoryScript[] {
  return Array.from({ length: ctx.options.trajectories }, (_, i) => trajectoryScript(ctx.options.seed, i, cast));
}

export function castOf(scripts: TrajectoryScript[], ids: Map<number, string>): Cast {
  return { ids, bsns: new Map(scripts.map((s) => [s.index, s.bsn])) };
}

/** The undisturbed run of the script (once per run, shared by the scenarios that compare with it). */
export async function referenceRun(ctx: ScenarioContext): Promise<Reference> {
  if (ctx.reference) return ctx.reference;
  const began = Date.now();
  const scripts = scriptsFor(ctx, 0);
  ctx.log(`  ongestoorde referentierun: ${scripts.length} trajecten`);
  const deployment = await ctx.deployment();
  seedDuoPersons(deployment.duo, scripts);
  const stats = newStats();
  const ids = await playAll(targetOf(deployment), scripts, { concurrency: ctx.options.concurrency, stats });
  const cast = castOf(scripts, ids);
  const settled = await settle(deployment.prisma, cast, { timeoutMs: ctx.options.settleTimeoutMs });
  if (!settled.settled) {
    throw new Error(
      `de referentierun kwam niet tot rust: ${(settled.unsettled ?? []).join(' | ') || 'de eindtoestand bleef veranderen'}`,
    );
  }
  const reference: Reference = {
    state: settled.state,
    receivers: receiverCounts(deployment.duo, deployment.partner, cast),
    unexpected: stats.unexpected,
    seconds: (Date.now() - began) / 1000,
  };
  if (stats.unexpected.length > 0) {
    ctx.log(`  let op: ${stats.unexpected.length} onverwachte antwoorden in de referentierun`);
    for (const u of stats.unexpected.slice(0, 5)) ctx.log(`    #${u.index} ${u.step} → ${u.status} ${u.body}`);
  }
  ctx.reference = reference;
  ctx.log(`  referentie klaar in ${reference.seconds.toFixed(0)} s`);
  return reference;
}
