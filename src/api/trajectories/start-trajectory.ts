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
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { PrismaClient } from '../../db/client';
import { findPersonAcrossGemeenten } from '../../db/person-lookup';
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
import { AppError } from '../http/errors';
import { todayIso } from '../http/primitives';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { writeAudit } from '../http/tenancy';
import { bsnHash, trajectoryIdFor } from './pseudonym';
import type { StartTrajectoryBody } from './schemas';

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

export async function startTrajectory({ deps, principal, body }: StartTrajectoryOptions): Promise<StartedTrajectory> {
  const gemeente = resolveGemeente(deps, principal, body.gemeente);
  if (body.geboortedatum && ageOn(body.geboortedatum, todayIso()) < AGE_OF_INBURGERINGSPLICHT) {
    throw new AppError('VALIDATION_FAILED', 'Minderjarigen zijn niet inburgeringsplichtig.', {
      errors: [{ field: 'body.geboortedatum', message: `Jonger dan ${AGE_OF_INBURGERINGSPLICHT} jaar` }],
    });
  }
  assertPlausibleDates(body);
  assertExistingPipIsLegal(body);
  const trajectoryId = trajectoryIdFor(deps.config.PSEUDONYM_KEY, gemeente, body.bsn);
  const workflowId = trajectoryWorkflowId(trajectoryId);
  const startPhase = body.startPhase ?? defaultStartPhase(body);
  const transferredHere = await findRunningTrajectoryOfPerson(deps, principal, gemeente, body.bsn, trajectoryId);
  if (transferredHere) return transferredHere;

  await storePerson(deps.prisma, {
    trajectoryId,
    workflowId,
    gemeente,
    body,
    startPhase,
    pseudonymKey: deps.config.PSEUDONYM_KEY,
  });

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
      details: { gemeente, startPhase },
    });
  }
  return { trajectoryId, workflowId, gemeente, created };
}

/**
 * Refuses (409, nothing stored) a start for a person whose trajectory runs in another served
 * gemeente: the region has one trajectory per person, and a move between served gemeenten is a
 * transfer (SS120/SS121), not a second start.
 *
 * The answer names neither that gemeente nor the trajectory: a consulent of one gemeente may not
 * learn anything about another gemeente's inburgeraars (tenancy), and which gemeente it is would
 * tell where the person lives and that they are in an inburgering trajectory there. That the
 * person has a running trajectory *somewhere in the region* is the least the consulent must know
 * to stop and not create a duplicate; the regional beheerder (who sees every gemeente) resolves
 * it. The same answer for every caller keeps it simple and leaks nothing through differences.
 */
async function findRunningTrajectoryOfPerson(
  deps: ResolvedApiDeps,
  principal: Principal,
  gemeente: string,
  bsn: string,
  trajectoryId: string,
): Promise<StartedTrajectory | undefined> {
  const person = await findPersonAcrossGemeenten(deps.prisma, bsnHash(deps.config.PSEUDONYM_KEY, bsn), gemeente);
  if (!person?.running || person.trajectoryId === trajectoryId) return undefined;
  if (person.gemeente === gemeente) {
    // Moved here from another served gemeente: the trajectory now belongs to this gemeente.
    return {
      trajectoryId: person.trajectoryId,
      workflowId: trajectoryWorkflowId(person.trajectoryId),
      gemeente,
      created: false,
    };
  }
  // The lookup itself is recorded (who asked, from which gemeente), never where the person is.
  await writeAudit(deps.prisma, { principal, action: 'START_GEWEIGERD_LOPEND_ELDERS', details: { gemeente } });
  throw new AppError(
    'CONFLICT',
    'Deze persoon heeft al een lopend traject in de regio; neem contact op met de regionale beheerder.',
  );
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
 * higher stateVersion) and the Person row, created once. A repeated start changes nothing.
 */
async function storePerson(
  prisma: PrismaClient,
  args: {
    trajectoryId: string;
    workflowId: string;
    gemeente: string;
    body: StartTrajectoryBody;
    startPhase: string;
    pseudonymKey: string;
  },
): Promise<void> {
  const { trajectoryId, workflowId, gemeente, body } = args;
  const hash = bsnHash(args.pseudonymKey, body.bsn);
  // One Person row per gemeente and BSN: an ended trajectory of this person that moved here
  // under another id holds it. A new start would lose the BSN link: a person decides.
  const holder = await prisma.person.findUnique({
    where: { gemeente_bsnHash: { gemeente, bsnHash: hash } },
    select: { trajectoryId: true },
  });
  if (holder && holder.trajectoryId !== trajectoryId) {
    throw new AppError(
      'CONFLICT',
      'Deze persoon had in deze gemeente al een traject onder een ander kenmerk; neem contact op met de regionale beheerder.',
    );
  }
  await prisma.$transaction([
    prisma.trajectory.createMany({
      data: [
        {
          id: trajectoryId,
          workflowId,
          gemeente,
          targetGroup: body.targetGroup,
          ondertussengroep: body.ondertussengroep,
          onBijstand: body.onBijstand,
          phase: args.startPhase,
          consulentId: body.consulentId ?? null,
          stateVersion: 0,
        },
      ],
      skipDuplicates: true,
    }),
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
