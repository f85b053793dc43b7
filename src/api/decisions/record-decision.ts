/**
 * Records a consulent's decision — the one entry point for the decision routes, task
 * completion and the werkplek's forms:
 *
 *   const result = await recordDecision({ deps, principal, trajectoryId, segment: 'pip', input });
 *
 * - `segment` names the decision in the registry (registry.ts: 'pip', 'brede-intake', …);
 * - `input` is validated by the decision's zod schema: a form filled in wrongly throws
 *   AppError VALIDATION_FAILED (422) with the fields;
 * - a trajectory outside the principal's gemeente throws AppError NOT_FOUND (404);
 * - the workflow's validator checks the rules: a refusal throws AppError CONFLICT (409) whose
 *   `extra.reason` is the rule code (e.g. PIP_BIJSTELLING_LIMIET) and whose message is the
 *   Dutch reason; nothing changes;
 * - Temporal or the worker unreachable: AppError UNAVAILABLE (503).
 * It resolves to the Update's result (the trajectory view, or the PIP/handhaving result).
 * Every accepted decision gets an AuditLog row (facts only, no personal data).
 */
import { createHash } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
import { type z } from 'zod';
import type { Trajectory } from '../../generated/prisma/client';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError, fieldErrorsFromZod } from '../http/errors';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { findAccessibleTrajectory, writeAudit } from '../http/tenancy';
import { decisionBySegment, type RegisteredDecision } from './registry';

export interface RecordDecisionOptions {
  deps: ResolvedApiDeps;
  principal: Principal;
  trajectoryId: string;
  /** The decision's registry segment, e.g. 'pip'. */
  segment: string;
  /** The decision as its schema describes it (the JSON body of its route). */
  input: unknown;
}

export async function recordDecision(options: RecordDecisionOptions): Promise<unknown> {
  const entry = decisionBySegment(options.segment);
  if (!entry) throw new AppError('NOT_FOUND', `Onbekende beslissing: ${options.segment}.`);
  const trajectory = await findAccessibleTrajectory(options.deps.prisma, options.principal, options.trajectoryId);
  return recordRegisteredDecision({ ...options, entry, trajectory, body: options.input });
}

/** A decision whose entry and trajectory are already known (routes, task completion). */
export async function recordRegisteredDecision(options: {
  deps: ResolvedApiDeps;
  principal: Principal;
  entry: RegisteredDecision;
  trajectory: Trajectory;
  body: unknown;
  /** More facts for the audit row (e.g. the task id). */
  auditDetails?: Record<string, unknown>;
  /**
   * The client's Idempotency-Key: the Update gets an id derived from it, so a request sent again
   * (after a timeout, a 503, a lost answer) is the same Update — applied once, its result
   * returned again — and the audit row and after-effects are written once.
   */
  idempotencyKey?: string;
}): Promise<unknown> {
  const { deps, principal, entry, trajectory } = options;
  const updateId = options.idempotencyKey
    ? `decision-${entry.segment}-${createHash('sha256').update(`${principal.subject}\n${options.idempotencyKey}`).digest('hex').slice(0, 40)}`
    : undefined;
  const parsed = entry.body.safeParse(options.body);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'De beslissing is niet goed ingevuld.', {
      errors: fieldErrorsFromZod(parsed.error as z.ZodError, 'body'),
    });
  }
  await entry.precheck(parsed.data, { deps, principal, trajectory });
  const result = await executeUpdate(deps, trajectory, (execute) => entry.run(parsed.data, execute), updateId);
  // A repeated request (same Idempotency-Key) whose first attempt got this far: nothing more to record.
  if (updateId) {
    const recorded = await deps.prisma.auditLog.findFirst({
      where: {
        trajectoryId: trajectory.id,
        action: entry.auditAction,
        details: { path: ['updateId'], equals: updateId },
      },
      select: { id: true },
    });
    if (recorded) return result;
  }
  await writeAudit(deps.prisma, {
    principal,
    action: entry.auditAction,
    trajectoryId: trajectory.id,
    details: { ...entry.auditDetails(parsed.data), ...options.auditDetails, ...(updateId ? { updateId } : {}) },
  });
  await entry.afterAccepted(parsed.data, { deps, principal, trajectoryId: trajectory.id, result });
  return result;
}

type Execute = <Input, Result>(update: UpdateDefinition<Result, [Input]>, input: Input) => Promise<Result>;

/** Runs workflow Updates on the trajectory with the API's deadline; Temporal errors become AppErrors. */
export async function executeUpdate<T>(
  deps: ResolvedApiDeps,
  trajectory: Trajectory,
  body: (execute: Execute) => Promise<T>,
  /** Temporal deduplicates Updates by id: the same id again attaches to the first one. */
  updateId?: string,
): Promise<T> {
  const handle = deps.temporal.workflow.getHandle(trajectory.workflowId);
  const execute: Execute = (update, input) =>
    withTimeout(deps.timeouts.updateMs, () =>
      deps.temporal.withDeadline(Date.now() + deps.timeouts.updateMs, () =>
        handle.executeUpdate(update, { args: [input], ...(updateId ? { updateId } : {}) }),
      ),
    );
  try {
    return await body(execute);
  } catch (error) {
    throw temporalErrorToAppError(error);
  }
}
