/**
 * What every rule gets from the workflow besides the state: the date, and the patch checks.
 * The rule modules import nothing from `@temporalio/workflow`, so they run as plain functions
 * in plain tests; `workflow.ts` builds the context from the workflow clock and `patched()`.
 *
 * Versioning. Until version 1.0.0 nothing runs in production: a change to workflow code
 * re-records the replay histories (scripts/record-histories.ts) and PATCHES stays empty. From
 * 1.0.0 on, every change that affects history gets an id here and a branch
 * `if (ctx.isPatched(PATCHES.x)) { new } else { old }` where the behaviour differs; the replay
 * test checks that every id appears in a recorded history.
 */
import type { IsoDate } from '../../domain/types';

export const PATCHES = {} as const satisfies Record<string, string>;
export type PatchId = (typeof PATCHES)[keyof typeof PATCHES];

export interface RuleContext {
  /** The Europe/Amsterdam calendar date of the workflow clock (src/domain/today.ts). */
  today: IsoDate;
  /** True when this run takes the new path of a patch (in the workflow: `patched(id)`). */
  isPatched(id: PatchId): boolean;
}
