/**
 * A decision taken by a person: the workflow Update it arrives as, a pure validator (run by
 * the update's validator, so a refusal leaves no trace in history) and the apply function
 * that changes the state and pushes effects. `apply` returns the update's result, or nothing
 * when the result is the trajectory view.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { isAfter, isValidIsoDate } from '../../../domain/dates';
import { RULE_OK, refuse, type RuleResult } from '../../../domain/rule-result';
import type { IsoDate } from '../../../domain/types';
import type { RuleContext } from '../context';
import type { TrajectoryView } from '../messages';
import type { TrajectoryState } from '../state';

export interface Decision<Input, Result> {
  update: UpdateDefinition<Result, [Input]>;
  validate(state: TrajectoryState, input: Input, ctx: RuleContext): RuleResult;
  apply(state: TrajectoryState, input: Input, ctx: RuleContext): Result extends TrajectoryView ? void : Result;
}

export function defineDecision<Input, Result>(decision: Decision<Input, Result>): Decision<Input, Result> {
  return decision;
}

// --- checks shared by the decisions -----------------------------------------------------------

export function checkOpen(state: TrajectoryState): RuleResult {
  return state.status === 'AFGESLOTEN'
    ? refuse('TRAJECT_AFGESLOTEN', 'Het traject is afgesloten; er kan niets meer worden vastgelegd.')
    : RULE_OK;
}

export function checkDate(date: unknown, what: string, today: IsoDate, allowFuture = false): RuleResult {
  if (!isValidIsoDate(date)) return refuse('ONGELDIGE_INVOER', `${what}: geen geldige datum (JJJJ-MM-DD).`);
  if (!allowFuture && isAfter(date, today)) {
    return refuse('DATUM_IN_TOEKOMST', `${what} (${date}) ligt in de toekomst.`);
  }
  return RULE_OK;
}

export function checkPhase(state: TrajectoryState, allowed: TrajectoryState['phase'][], what: string): RuleResult {
  return allowed.includes(state.phase)
    ? RULE_OK
    : refuse('VERKEERDE_FASE', `${what} kan niet in de fase ${state.phase} (wel in: ${allowed.join(', ')}).`);
}

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** The facts of a decision input for the decision log (strings, numbers, booleans, lists). */
export function details(input: object): Record<string, string | number | boolean | string[]> {
  const result: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') result[key] = value;
    else if (Array.isArray(value)) result[key] = value.map(String);
  }
  return result;
}
