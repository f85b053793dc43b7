/**
 * Where a new trajectory starts when the starter names no phase (framework 8.4, 4.1).
 *
 * An asielstatushouder comes from COA: koppeling, then the warme overdracht. The
 * ondertussengroep was already obliged under the old law on 1 January 2022 — settled in the
 * gemeente long ago, with no COA handover to wait for — so, like every other migrant, starts
 * at the brede intake. (The API used to start every asielstatushouder at KOPPELING and then
 * the workflow projected BREDE_INTAKE for the ondertussengroep: this is the one definition.)
 */
import type { Phase, TargetGroup } from './types';

export function defaultStartPhase(person: { targetGroup: TargetGroup; ondertussengroep: boolean }): Phase {
  return person.targetGroup === 'asielstatushouder' && !person.ondertussengroep ? 'KOPPELING' : 'BREDE_INTAKE';
}
