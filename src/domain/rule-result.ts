/**
 * Outcome of a rule check. A refusal names the rule (stable code, for logs, tests and the
 * API) and gives a Dutch reason the consulent can read.
 */
export type RuleResult = { ok: true } | { ok: false; rule: string; reason: string };

export type RuleRefusal = Extract<RuleResult, { ok: false }>;

export const RULE_OK: RuleResult = { ok: true };

export function refuse(rule: string, reason: string): RuleRefusal {
  return { ok: false, rule, reason };
}

/** The first refusal among the checks, or ok. Checks run in order: put the most basic first. */
export function firstRefusal(...results: RuleResult[]): RuleResult {
  return results.find((result) => !result.ok) ?? RULE_OK;
}
