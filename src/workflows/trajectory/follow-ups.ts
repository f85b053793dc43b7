/**
 * Follow-up tasks (framework 3.2.5, 4.3, 4.8; rules in src/domain/follow-ups.ts): a signal that
 * something goes wrong — a voortgangsgesprek behind or missed, the maatschappelijk begeleider's
 * "aandacht nodig", verzuim over the gemeente's threshold — becomes a task for the consulent,
 * due after the gemeente's follow-up days.
 */
import {
  VERZUIM_MONTHS_KEPT,
  followUpDueDate,
  verzuimPeriode,
  verzuimReachesThreshold,
  voortgangFollowUp,
  type VoortgangUitkomst,
} from '../../domain/follow-ups';
import type { IsoDate } from '../../domain/types';
import type { RuleContext } from './context';
import { closeTasksOfType, openTask } from './effects';
import type { TrajectoryState } from './state';

/**
 * After a voortgangsgesprek: an earlier follow-up of a talk closes (this talk is its follow-up),
 * and a talk behind or missed opens a new one.
 */
export function followUpVoortgangsgesprek(
  state: TrajectoryState,
  outcome: VoortgangUitkomst,
  date: IsoDate,
  ctx: RuleContext,
): void {
  closeTasksOfType(state, ['VOORTGANG_OPVOLGEN'], 'nieuw voortgangsgesprek gevoerd');
  const followUp = voortgangFollowUp(outcome, date, state.policy);
  if (!followUp) return;
  openTask(
    state,
    `voortgang-opvolgen:${date}`,
    'VOORTGANG_OPVOLGEN',
    ctx,
    { opvolging: followUp.action, dueDate: followUp.dueDate },
    followUp.dueDate,
  );
}

/** The maatschappelijk begeleider reports "aandacht nodig": one open task at a time. */
export function followUpMbAandacht(state: TrajectoryState, on: IsoDate, ctx: RuleContext): void {
  if (Object.values(state.openTasks).some((task) => task.type === 'MB_AANDACHT_NODIG')) return;
  const dueDate = followUpDueDate(on, state.policy);
  openTask(state, `mb-aandacht:${on}`, 'MB_AANDACHT_NODIG', ctx, { dueDate }, dueDate);
}

/** Missed hours in the month of `on`; the month that reaches the threshold gets a task. */
export function noteVerzuim(state: TrajectoryState, hours: number, on: IsoDate, ctx: RuleContext): void {
  const maand = verzuimPeriode(on);
  const totals = (state.verzuim ??= {});
  const before = totals[maand] ?? 0;
  const after = before + hours;
  totals[maand] = after;
  const months = Object.keys(totals).sort();
  for (const old of months.slice(0, Math.max(0, months.length - VERZUIM_MONTHS_KEPT))) delete totals[old];
  if (!verzuimReachesThreshold(before, after, state.policy)) return;
  const dueDate = followUpDueDate(ctx.today, state.policy);
  openTask(state, `verzuim:${maand}`, 'VERZUIM_OPVOLGEN', ctx, { maand, verzuimUren: after, dueDate }, dueDate);
}
