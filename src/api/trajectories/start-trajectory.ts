/**
 * Starts (or finds) the trajectory of one person in one gemeente. Idempotent on the business
 * key: the trajectory id is a keyed hash of gemeente + BSN, the workflow id derives from it,
 * and Temporal refuses a second workflow with that id (conflict policy FAIL, reuse policy
 * REJECT_DUPLICATE) — the caller then gets the existing trajectory (200 instead of 201).
 *
 * Personal data (BSN, naam, geboortedatum) goes to the Person table only; the workflow gets the
 * pseudonymous id and facts.
 *
 * One person, one running trajectory in the region: the trajectory id is per gemeente, so a start
 * in another served gemeente than the one where the person's trajectory runs would otherwise
 * create a second trajectory (see `findRunningTrajectoryOfPerson`).
 *
 * Over 300 lines: one start path (idempotency, tenancy, the start request, the database's
 * one-running-per-person rule, the workflow start) kept together so its order stays readable.
 * To split next: the start-request branch and the input checks into their own modules.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { PrismaClient } from '../../db/client';
import { Prisma } from '../../db/client';
import { ENDED_TRAJECTORY_STATUSES } from '../../db/person-lookup';
import { ageOn } from '../../domain/dates';
import { implausibleDates } from '../../domain/date-windows';
import { AGE_OF_INBURGERINGSPLICHT } from '../../domain/offer';
import { validatePipVaststelling } from '../../domain/pip-rules';
import { defaultStartPhase } from '../../domain/start-phase';
import { policyFor } from '../../config';
import { GemeenteKey, PhaseKey, TargetGroupKey } from '../../temporal/search-attributes';
import {
  TRAJECTORY_WORKFLOW_TYPE,
  trajectoryWorkflowId,
  type TrajectoryInput,
} from '../../workflows/trajectory/messages';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError, type FieldError } from '../http/errors';
import { todayIso } from '../http/primitives';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { writeAudit } from '../http/tenancy';
import { bsnHash, trajectoryIdFor } from './pseudonym';
import type { StartTrajectoryBody } from './schemas';
import { requireConsulentOfGemeente } from '../tasks/assign-task';

export interface StartTrajectoryOptions {
  deps: ResolvedApiDeps;
  principal: Principal;
  body: StartTrajectoryBody;
}

export interface StartedTrajectory {
  trajectoryId: string;
  workflowId: string;
  gemeente: string;
  created: boolean;
}

/** The start waits for the regional beheerder (see `requestStart`); nothing was started. */
export interface StartRequested {
  startverzoekId: string;
  status: 'IN_BEHANDELING';
}

export function isStartRequested(outcome: StartedTrajectory | StartRequested): outcome is StartRequested {
  return 'startverzoekId' in outcome;
}

/** Person rows of this BSN (every gemeente, newest first) with their trajectory's facts. */
type KnownPerson = Awaited<ReturnType<typeof findKnownPersons>>[number];

export async function startTrajectory(given: StartTrajectoryOptions): Promise<StartedTrajectory | StartRequested> {
  const options = withDefaultConsulent(given);
  const { deps, principal, body } = options;
  const gemeente = resolveGemeente(deps, principal, body.gemeente);
  if (body.geboortedatum && ageOn(body.geboortedatum, todayIso()) < AGE_OF_INBURGERINGSPLICHT) {
    throw new AppError('VALIDATION_FAILED', 'Minderjarigen zijn niet inburgeringsplichtig.', {
      errors: [{ field: 'body.geboortedatum', message: `Jonger dan ${AGE_OF_INBURGERINGSPLICHT} jaar` }],
    });
  }
  assertPlausibleDates(body);
  assertBijstandFactsAgree(body);
  assertExistingPipIsLegal(body);
  // A consulent named by the caller must be one of this gemeente (who exists is state: 409), as
  // when a consulent is assigned later; the caller itself, made its consulent by default, is.
  if (body.consulentId && body.consulentId !== principal.subject) {
    await requireConsulentOfGemeente(deps, gemeente, body.consulentId);
  }
  try {
    return await startOnce(options, gemeente);
  } catch (error) {
    // Two starts for one person at the same moment (e.g. in two gemeenten): the database's
    // partial unique index let one through; the other is decided again, now seeing it.
    if (!isOneRunningViolation(error)) throw error;
    return await startOnce(options, gemeente);
  }
}

/**
 * A consulent who starts a trajectory without naming its consulent becomes that consulent (the
 * werkplek's start form does the same): no "wijs een consulent toe" task for a person the
 * consulent is already working with. A beheerder's start without one leaves it to the team.
 */
function withDefaultConsulent(options: StartTrajectoryOptions): StartTrajectoryOptions {
  if (options.principal.role !== 'consulent' || options.body.consulentId) return options;
  return { ...options, body: { ...options.body, consulentId: options.principal.subject } };
}

async function startOnce(
  { deps, principal, body }: StartTrajectoryOptions,
  gemeente: string,
): Promise<StartedTrajectory | StartRequested> {
  const hash = bsnHash(deps.config.PSEUDONYM_KEY, body.bsn);
  const known = await findKnownPersons(deps.prisma, hash);
  const running = known.find((person) => !ENDED_TRAJECTORY_STATUSES.includes(person.trajectory.status));
  let trajectoryId = trajectoryIdFor(deps.config.PSEUDONYM_KEY, gemeente, body.bsn);
  if (running && running.gemeente !== gemeente) return requestStart(deps, principal, gemeente, hash, body);
  if (running) {
    assertSameFacts(running, body);
    if (running.trajectoryId !== trajectoryId && !isGenerationOf(deps, gemeente, body.bsn, running.trajectoryId)) {
      // Moved here from another served gemeente: the trajectory now belongs to this gemeente.
      return {
        trajectoryId: running.trajectoryId,
        workflowId: trajectoryWorkflowId(running.trajectoryId),
        gemeente,
        created: false,
      };
    }
    // Ours (also a half-done earlier start): start again below; Temporal answers "already started".
    trajectoryId = running.trajectoryId;
  } else {
    const endedHere = known.filter((person) => person.gemeente === gemeente);
    if (endedHere.length > 0 && !body.nieuwePlicht) {
      throw new AppError(
        'CONFLICT',
        'Het traject van deze persoon in uw gemeente is beëindigd. Start een nieuw traject alleen bij een nieuwe inburgeringsplicht (nieuwePlicht: true); het oude traject blijft als geschiedenis bewaard.',
        {
          errors: [
            { field: 'body.nieuwePlicht', message: 'Verplicht (true) voor een nieuw traject na een beëindigd traject' },
          ],
          extra: { reason: 'TRAJECT_BEEINDIGD', trajectoryId: endedHere[0]!.trajectoryId },
        },
      );
    }
    if (endedHere.length > 0) trajectoryId = nextGenerationId(deps, gemeente, body.bsn, known);
  }
  return await startWorkflow(deps, principal, body, gemeente, trajectoryId, hash);
}

async function startWorkflow(
  deps: ResolvedApiDeps,
  principal: Principal,
  body: StartTrajectoryBody,
  gemeente: string,
  trajectoryId: string,
  hash: string,
): Promise<StartedTrajectory> {
  const workflowId = trajectoryWorkflowId(trajectoryId);
  const startPhase = body.startPhase ?? defaultStartPhase(body);
  await storePerson(deps.prisma, { trajectoryId, workflowId, gemeente, body, startPhase, hash });

  const input: TrajectoryInput = {
    trajectoryId,
    gemeente,
    policy: policyFor(deps.config, gemeente),
    servedGemeenten: [...deps.config.GEMEENTEN],
    // A transfer to another served gemeente switches to that gemeente's policy.
    policies: Object.fromEntries(deps.config.GEMEENTEN.map((served) => [served, policyFor(deps.config, served)])),
    targetGroup: body.targetGroup,
    ondertussengroep: body.ondertussengroep,
    onBijstand: body.onBijstand,
    ...(body.bijstandStart ? { bijstandStart: body.bijstandStart } : {}),
    ...(body.bijstandOnbekend ? { bijstandOnbekend: true } : {}),
    ...(body.consulentId ? { consulentId: body.consulentId } : {}),
    dates: body.dates,
    ...(body.startPhase ? { startPhase: body.startPhase } : {}),
    ...(body.existing ? { existing: body.existing } : {}),
  };

  let created = true;
  try {
    await withTimeout(deps.timeouts.rpcMs, () =>
      deps.temporal.workflow.start(TRAJECTORY_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: GemeenteKey, value: gemeente },
          { key: TargetGroupKey, value: body.targetGroup },
          { key: PhaseKey, value: startPhase },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw temporalErrorToAppError(error);
    created = false;
  }
  if (created) {
    await writeAudit(deps.prisma, {
      principal,
      action: 'TRAJECT_GESTART',
      trajectoryId,
      details: { gemeente, startPhase, ...(body.nieuwePlicht ? { nieuwePlicht: true } : {}) },
    });
  }
  return { trajectoryId, workflowId, gemeente, created };
}

async function findKnownPersons(prisma: PrismaClient, hash: string) {
  return prisma.person.findMany({
    where: { bsnHash: hash },
    orderBy: { createdAt: 'desc' },
    select: {
      trajectoryId: true,
      gemeente: true,
      naam: true,
      geboortedatum: true,
      trajectory: { select: { status: true, targetGroup: true, ondertussengroep: true, onBijstand: true } },
    },
  });
}

/**
 * A repeated start must state the same facts as the running trajectory: a different doelgroep
 * (or bijstand, ondertussengroep, naam, geboortedatum) is not silently ignored but refused (409)
 * naming each difference, so the consulent records the change as what it is (a decision or
 * DUO's SS124/SS125), not as a second start.
 */
function assertSameFacts(running: KnownPerson, body: StartTrajectoryBody): void {
  const differences: FieldError[] = [];
  const differs = (field: string, label: string, stored: unknown, asked: unknown) => {
    if (stored !== asked) {
      differences.push({
        field: `body.${field}`,
        message: `${label}: het traject heeft ${show(stored)}, dit verzoek ${show(asked)}`,
      });
    }
  };
  differs('targetGroup', 'Doelgroep', running.trajectory.targetGroup, body.targetGroup);
  differs('ondertussengroep', 'Ondertussengroep', running.trajectory.ondertussengroep, body.ondertussengroep);
  differs('onBijstand', 'Bijstand', running.trajectory.onBijstand, body.onBijstand);
  if (body.naam !== undefined && running.naam !== null) differs('naam', 'Naam', running.naam, body.naam);
  if (body.geboortedatum !== undefined && running.geboortedatum !== null) {
    differs('geboortedatum', 'Geboortedatum', running.geboortedatum.toISOString().slice(0, 10), body.geboortedatum);
  }
  if (differences.length === 0) return;
  throw new AppError(
    'CONFLICT',
    `Deze persoon heeft al een lopend traject in uw gemeente met andere gegevens (${differences.map((d) => d.field.slice(5)).join(', ')}); leg een wijziging vast als beslissing, niet als nieuwe start.`,
    { errors: differences, extra: { reason: 'ANDERE_GEGEVENS' } },
  );
}

function show(value: unknown): string {
  if (value === true) return 'ja';
  if (value === false) return 'nee';
  return `"${String(value)}"`;
}

/**
 * The person's trajectory runs in another gemeente of this installation. The consulent may not
 * learn that (tenancy: not the gemeente, not the trajectory, not even that one runs), so the start
 * is accepted as a request for the regional beheerder, who sees every gemeente and either starts
 * it (after the other trajectory ended or moved) or declines, with a reason (both audited;
 * `src/api/beheer/start-requests.ts`). One open request per gemeente and person: asking again
 * gives the same request. The answer (202) is the same whatever the regional beheerder must look
 * at; it names no gemeente, trajectory or status.
 */
async function requestStart(
  deps: ResolvedApiDeps,
  principal: Principal,
  gemeente: string,
  hash: string,
  body: StartTrajectoryBody,
): Promise<StartRequested> {
  if (principal.subject.startsWith('system:')) {
    // DUO's notifications find a running trajectory themselves; reaching this is a race with a
    // start elsewhere: refused, so the inbox processes the notification again.
    throw new AppError('CONFLICT', 'De persoon heeft een lopend traject in een andere gemeente.');
  }
  const open = await deps.prisma.startRequest.findFirst({
    where: { gemeente, bsnHash: hash, status: 'OPEN' },
    select: { id: true },
  });
  const request =
    open ??
    (await deps.prisma.startRequest.create({
      data: { gemeente, bsnHash: hash, body: body as unknown as object, requestedBy: principal.subject },
      select: { id: true },
    }));
  // Who asked and from which gemeente; never where the person's trajectory runs.
  await writeAudit(deps.prisma, {
    principal,
    action: 'STARTVERZOEK_REGIONAAL',
    details: { gemeente, startverzoekId: request.id },
  });
  return { startverzoekId: request.id, status: 'IN_BEHANDELING' };
}

/**
 * Trajectory ids of one person in one gemeente: generation 0 is the keyed hash of gemeente + BSN;
 * each new plicht after an ended trajectory (SS110 path) takes the next generation.
 */
function generationIds(deps: ResolvedApiDeps, gemeente: string, bsn: string, count: number): string[] {
  return Array.from({ length: count }, (_, generation) =>
    trajectoryIdFor(deps.config.PSEUDONYM_KEY, gemeente, bsn, generation),
  );
}

function isGenerationOf(deps: ResolvedApiDeps, gemeente: string, bsn: string, trajectoryId: string): boolean {
  return generationIds(deps, gemeente, bsn, MAX_GENERATIONS).includes(trajectoryId);
}

const MAX_GENERATIONS = 20;

function nextGenerationId(deps: ResolvedApiDeps, gemeente: string, bsn: string, known: KnownPerson[]): string {
  const taken = new Set(known.map((person) => person.trajectoryId));
  const free = generationIds(deps, gemeente, bsn, MAX_GENERATIONS).find((id) => !taken.has(id));
  if (!free)
    throw new AppError(
      'CONFLICT',
      'Te veel trajecten voor deze persoon in deze gemeente; neem contact op met de regionale beheerder.',
    );
  return free;
}

function isOneRunningViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Every date in its plausible window (src/domain/date-windows.ts). The API schema refuses such
 * dates already; this also covers starts that do not come through it (DUO's notifications,
 * src/api/duo/wiring.ts), so no accepted start can make a workflow task fail on a date.
 */
function assertPlausibleDates(body: StartTrajectoryBody): void {
  const errors = implausibleDates(
    [
      { field: 'body.geboortedatum', date: body.geboortedatum, kind: 'birth' },
      ...Object.entries(body.dates).map(([name, date]) => ({
        field: `body.dates.${name}`,
        date: date as string | undefined,
        kind: 'process' as const,
      })),
      { field: 'body.existing.currentPip.dagtekening', date: body.existing?.currentPip?.dagtekening, kind: 'process' },
      { field: 'body.existing.firstPipDagtekening', date: body.existing?.firstPipDagtekening, kind: 'process' },
      { field: 'body.existing.termijnEnd', date: body.existing?.termijnEnd, kind: 'process' },
      { field: 'body.existing.leerrouteStart', date: body.existing?.leerrouteStart, kind: 'process' },
      { field: 'body.existing.consent.date', date: body.existing?.consent?.date, kind: 'process' },
    ],
    todayIso(),
  );
  if (errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'Een of meer datums liggen buiten het aannemelijke venster.', { errors });
  }
}

/** A PIP brought along from before this service must itself be one DUO would accept. */
/**
 * The bijstand fields must tell one story. A rule between well-formed fields (409 naming the
 * field), not a schema violation: the documented schema cannot express it, and a request the
 * schema allows is never a 422.
 */
function assertBijstandFactsAgree(body: StartTrajectoryBody): void {
  const conflict = (field: string, message: string) =>
    new AppError('CONFLICT', message, { errors: [{ field, message }], extra: { reason: 'BIJSTAND_TEGENSTRIJDIG' } });
  if (body.bijstandStart !== undefined && !body.onBijstand) {
    throw conflict('body.bijstandStart', 'Een startdatum van de bijstand hoort alleen bij onBijstand: true.');
  }
  if (body.bijstandOnbekend === true && body.onBijstand) {
    throw conflict('body.bijstandOnbekend', 'Niet samen met onBijstand: true (dan is de bijstand bekend).');
  }
}

function assertExistingPipIsLegal(body: StartTrajectoryBody): void {
  const pip = body.existing?.currentPip;
  if (!pip) return;
  const result = validatePipVaststelling({
    dagtekening: pip.dagtekening,
    leerroute: pip.leerroute,
    level: pip.level,
    isFirstPip: (body.existing?.pipBijstellingen ?? 0) === 0,
    targetGroup: body.targetGroup,
    ...(pip.b1Intensity !== undefined ? { b1Intensity: pip.b1Intensity } : {}),
    ...(body.dates.plichtStart ? { plichtStart: body.dates.plichtStart } : {}),
    ...(body.dates.vestiging ? { vestigingDate: body.dates.vestiging } : {}),
  });
  if (!result.ok) {
    // A rule of DUO's on a well-formed PIP: refused like a PIP decision (409 with the rule).
    throw new AppError('CONFLICT', result.reason, {
      errors: [{ field: 'body.existing.currentPip', message: `${result.rule}: ${result.reason}` }],
      extra: { reason: result.rule },
    });
  }
}

function resolveGemeente(deps: ResolvedApiDeps, principal: Principal, requested: string | undefined): string {
  const gemeente = requested ?? principal.gemeente;
  if (!gemeente) {
    // Valid for a gemeente-bound caller; the regional beheerder may not start without naming one.
    throw new AppError(
      'FORBIDDEN',
      'Geef de gemeente op: een regionale beheerder start altijd in een genoemde gemeente.',
      {
        errors: [{ field: 'body.gemeente', message: 'Verplicht voor een regionale beheerder' }],
      },
    );
  }
  if (!deps.config.GEMEENTEN.includes(gemeente)) {
    throw new AppError('VALIDATION_FAILED', 'Onbekende gemeente.', {
      errors: [{ field: 'body.gemeente', message: `Een van: ${deps.config.GEMEENTEN.join(', ')}` }],
    });
  }
  if (principal.gemeente !== null && principal.gemeente !== gemeente) {
    throw new AppError('FORBIDDEN', 'U kunt alleen trajecten in uw eigen gemeente starten.');
  }
  return gemeente;
}

/**
 * The Trajectory row (minimal; the workflow's projection activity fills in the rest, with a
 * higher stateVersion) and the Person row, created once. A repeated start changes nothing. The
 * Trajectory row carries the person's keyed hash: the partial unique index
 * "Trajectory_one_running_per_person" refuses a second running trajectory of the person
 * anywhere in the installation (P2002, decided again by `startTrajectory`).
 */
async function storePerson(
  prisma: PrismaClient,
  args: {
    trajectoryId: string;
    workflowId: string;
    gemeente: string;
    body: StartTrajectoryBody;
    startPhase: string;
    hash: string;
  },
): Promise<void> {
  const { trajectoryId, workflowId, gemeente, body, hash } = args;
  // No `skipDuplicates` on the Trajectory row: ON CONFLICT DO NOTHING would also swallow the
  // partial unique index's refusal. A repeated start finds its row and inserts nothing.
  const exists = await prisma.trajectory.findUnique({ where: { id: trajectoryId }, select: { id: true } });
  await prisma.$transaction([
    ...(exists
      ? []
      : [
          prisma.trajectory.create({
            data: {
              id: trajectoryId,
              workflowId,
              gemeente,
              bsnHash: hash,
              targetGroup: body.targetGroup,
              ondertussengroep: body.ondertussengroep,
              onBijstand: body.onBijstand,
              phase: args.startPhase,
              consulentId: body.consulentId ?? null,
              stateVersion: 0,
            },
            select: { id: true },
          }),
        ]),
    prisma.person.createMany({
      data: [
        {
          trajectoryId,
          gemeente,
          bsnHash: hash,
          bsn: body.bsn,
          naam: body.naam ?? null,
          geboortedatum: body.geboortedatum ? new Date(`${body.geboortedatum}T00:00:00Z`) : null,
        },
      ],
      skipDuplicates: true,
    }),
  ]);
}
