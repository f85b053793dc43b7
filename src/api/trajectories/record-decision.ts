/**
 * Records a consulent's decision as a workflow Update. zod has checked the shape; the
 * workflow's validator checks the rules and may refuse (→ 409 with its reason, nothing
 * changes). Every accepted decision gets an AuditLog row (no personal data in it).
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { Trajectory } from '../../generated/prisma/client';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { temporalErrorToAppError, withTimeout } from '../http/temporal-errors';
import { writeAudit } from '../http/tenancy';

export interface RecordDecisionOptions<Input, Result> {
  deps: ResolvedApiDeps;
  principal: Principal;
  trajectory: Trajectory;
  /** Audit action, e.g. PIP_VASTGESTELD. */
  action: string;
  update: UpdateDefinition<Result, [Input]>;
  input: Input;
  /** Facts for the audit row (never free text or personal data). */
  auditDetails?: Record<string, unknown>;
}

export async function recordDecision<Input, Result>(options: RecordDecisionOptions<Input, Result>): Promise<Result> {
  const { deps, trajectory } = options;
  let result: Result;
  try {
    result = await withTimeout(deps.timeouts.updateMs, () =>
      deps.temporal.withDeadline(Date.now() + deps.timeouts.updateMs, () =>
        deps.temporal.workflow
          .getHandle(trajectory.workflowId)
          .executeUpdate(options.update, { args: [options.input] }),
      ),
    );
  } catch (error) {
    throw temporalErrorToAppError(error);
  }
  await writeAudit(deps.prisma, {
    principal: options.principal,
    action: options.action,
    trajectoryId: trajectory.id,
    details: options.auditDetails ?? {},
  });
  return result;
}
