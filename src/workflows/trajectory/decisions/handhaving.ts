/**
 * Handhaving (framework 3.2.5, 4.8; Wi art. 22–23): the workflow only *proposes*
 * (`proposeHandhaving`: a task for a person), and a person *decides* (`recordHandhavingBesluit`,
 * the completion of that task): a warning given, a boete imposed, or afgezien. A proposed warning
 * is not given until a person decides it; the decision is in the decision log, audited by the API
 * and counted by the monitor (HANDHAVING_BESLOTEN). Rules: src/domain/enforcement.ts.
 */
import { addDays } from '../../../domain/dates';
import {
  AFZIEN_REDENEN,
  ENFORCEMENT_REASONS,
  HANDHAVING_BESLUITEN,
  checkHandhavingBesluit,
  proposeSanction,
} from '../../../domain/enforcement';
import { RULE_OK, firstRefusal, refuse } from '../../../domain/rule-result';
import type { RuleContext } from '../context';
import { closeTaskByKey, decide, monitor, openTask } from '../effects';
import { proposeHandhavingUpdate, recordHandhavingBesluitUpdate } from '../messages';
import type { TrajectoryState } from '../state';
import { checkDate, checkOpen, defineDecision, isOneOf } from './define';

/** Days a person has to decide on a proposal. */
export const HANDHAVING_BESLUIT_DAYS = 14;

/** The open proposal's task (at most one: a new proposal waits until the previous is decided). */
function openProposal(state: TrajectoryState) {
  return Object.values(state.openTasks).find((task) => task.type === 'HANDHAVING_BEOORDELEN');
}

/** Only a proposal: a task for a person to weigh; the workflow never fines by itself. */
export const proposeHandhaving = defineDecision({
  update: proposeHandhavingUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum', today),
      isOneOf(ENFORCEMENT_REASONS, input.reason)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'Onbekende reden voor handhaving.'),
      // Framework 2.1.2: the ondertussengroep takes part voluntarily; never new-law sanctions.
      state.ondertussengroep
        ? refuse(
            'HANDHAVING_ONDERTUSSENGROEP',
            'Geen handhaving: de inburgeraar hoort bij de ondertussengroep (oude wet) en doet vrijwillig mee.',
          )
        : RULE_OK,
      openProposal(state)
        ? refuse(
            'HANDHAVINGSVOORSTEL_OPEN',
            'Er ligt al een handhavingsvoorstel: neem daar eerst een besluit over (waarschuwing, boete of afzien).',
          )
        : RULE_OK,
    ),
  apply: (state, input, ctx: RuleContext) => {
    const proposal = proposeSanction({
      ondertussengroep: state.ondertussengroep,
      targetGroup: state.targetGroup,
      reason: input.reason,
      priorWarnings: state.handhaving.warnings,
    });
    state.handhaving.proposals += 1;
    decide(state, {
      kind: 'HANDHAVING_VOORSTEL',
      date: input.date,
      details: { reden: input.reason, voorstel: proposal.kind, vlaggen: proposal.flags },
    });
    if (proposal.kind === 'NONE') return { proposal };
    const taskKey = openTask(
      state,
      `handhaving:${state.handhaving.proposals}`,
      'HANDHAVING_BEOORDELEN',
      ctx,
      {},
      addDays(ctx.today, HANDHAVING_BESLUIT_DAYS),
    );
    return { proposal, taskKey };
  },
});

/** A person decides on the open proposal: waarschuwing gegeven, boete opgelegd, or afgezien. */
export const recordHandhavingBesluit = defineDecision({
  update: recordHandhavingBesluitUpdate,
  validate: (state, input, { today }) => {
    const basics = firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum besluit', today),
      isOneOf(HANDHAVING_BESLUITEN, input.besluit)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'Besluit moet WAARSCHUWING, BOETE of AFGEZIEN zijn.'),
      input.besluit !== 'AFGEZIEN' || isOneOf(AFZIEN_REDENEN, input.reden)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'Afzien van een sanctie noemt een reden uit de lijst.'),
      openProposal(state)
        ? RULE_OK
        : refuse(
            'GEEN_HANDHAVINGSVOORSTEL',
            'Er is geen open handhavingsvoorstel om over te beslissen: vraag eerst een voorstel.',
          ),
    );
    if (!basics.ok) return basics;
    return checkHandhavingBesluit(input, {
      ondertussengroep: state.ondertussengroep,
      targetGroup: state.targetGroup,
      warningsGiven: state.handhaving.warnings,
    });
  },
  apply: (state, input, _ctx) => {
    const task = openProposal(state);
    if (task) closeTaskByKey(state, task.key, 'besluit genomen');
    const facts: Record<string, string | number | boolean> = { besluit: input.besluit };
    if (input.besluit === 'WAARSCHUWING') state.handhaving.warnings += 1;
    if (input.besluit === 'BOETE') {
      state.handhaving.boetes = (state.handhaving.boetes ?? 0) + 1;
      state.handhaving.boeteCent = (state.handhaving.boeteCent ?? 0) + input.bedragCent;
      facts.bedragCent = input.bedragCent;
      if (input.individueleAfweging === true) facts.individueleAfweging = true;
    }
    if (input.besluit === 'AFGEZIEN') facts.reden = input.reden;
    decide(state, { kind: 'HANDHAVING_BESLUIT', date: input.date, details: facts });
    // One decision per proposal (a new proposal waits for it): the proposal's number keys it.
    monitor(state, `handhaving-besluit:${state.handhaving.proposals}`, 'HANDHAVING_BESLOTEN', {
      datum: input.date,
      soort: input.besluit,
      ...(input.besluit === 'BOETE' ? { bedragCent: input.bedragCent } : {}),
    });
  },
});
