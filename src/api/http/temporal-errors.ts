/**
 * Temporal client errors → AppError. A refusal by an update validator (ApplicationFailure
 * inside WorkflowUpdateFailedError) is a 409 with the workflow's reason; an unreachable
 * server or worker is a 503.
 */
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AppError } from './errors';

export function temporalErrorToAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure) {
      return new AppError('CONFLICT', cause.message, { extra: { reason: cause.type ?? 'GEWEIGERD' }, cause: error });
    }
    return new AppError('CONFLICT', cause?.message ?? 'De workflow weigerde deze beslissing.', {
      extra: { reason: 'GEWEIGERD' },
      cause: error,
    });
  }
  if (error instanceof WorkflowNotFoundError || isGrpcCode(error, 5)) {
    return new AppError(
      'CONFLICT',
      'Het traject loopt niet (meer) in de procesmotor; er kan geen beslissing meer worden vastgelegd.',
      {
        extra: { reason: 'TRAJECT_AFGESLOTEN' },
        cause: error,
      },
    );
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isUnavailable(error)) {
    return new AppError(
      'UNAVAILABLE',
      'De procesmotor (Temporal) of de worker antwoordt niet; probeer het later opnieuw.',
      { cause: error },
    );
  }
  return new AppError('UNAVAILABLE', 'De procesmotor (Temporal) gaf een onverwachte fout; probeer het later opnieuw.', {
    cause: error,
  });
}

/** gRPC status codes: 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE, 1 CANCELLED. */
export function isUnavailable(error: unknown): boolean {
  return isGrpcCode(error, 4) || isGrpcCode(error, 14) || isGrpcCode(error, 1);
}

export function isGrpcCode(error: unknown, code: number): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Runs a Temporal call with a deadline (the SDK's own, plus a hard stop for calls that wait on a worker). */
export async function withTimeout<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`timeout after ${ms} ms`), { code: 4 })), ms);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
