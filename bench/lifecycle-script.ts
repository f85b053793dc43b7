/**
 * The scripted three years of one trajectory for the lifecycle bench (P3): what the partners
 * and the consulent send, and when. Both targets (subject and bare baseline) get the same
 * script, so they get the same signals and updates in the same order.
 *
 * Route mix as the framework expects it (4.5): Z 65 %, B1 30 %, Onderwijs 5 %; target groups
 * and bijstand mixed (asielstatushouders on bijstand, gezinsmigranten without).
 */
import { addDays, addMonths } from '../src/domain/dates';
import type { IsoDate, Leerroute, TargetGroup } from '../src/domain/types';
import type { PartnerEvent } from '../src/workflows/trajectory/messages';

export interface LifecyclePlan {
  index: number;
  leerroute: Leerroute;
  targetGroup: TargetGroup;
  onBijstand: boolean;
}

export type ScriptAction =
  | { kind: 'signal'; event: DistributiveOmit<PartnerEvent, 'eventId'> }
  | { kind: 'update'; name: UpdateName; date: IsoDate }
  /** Wait until the trajectory reports the plicht complete (the subject's completion check). */
  | { kind: 'awaitComplete' };

export type UpdateName = 'consent' | 'warmeOverdracht' | 'bredeIntake' | 'pip' | 'voortgangsgesprek' | 'close';

export interface ScriptStep {
  /** Calendar day the step happens on (the driver moves the time-skipping clock there first). */
  on: IsoDate;
  actions: ScriptAction[];
}

/** Deterministic mix by index: of every 20 trajectories 13 Z, 6 B1, 1 Onderwijs; every other asiel. */
export function planFor(index: number): LifecyclePlan {
  const slot = index % 20;
  const leerroute: Leerroute = slot < 13 ? 'Z' : slot < 19 ? 'B1' : 'ONDERWIJS';
  const asiel = index % 2 === 0;
  return {
    index,
    leerroute,
    targetGroup: asiel ? 'asielstatushouder' : 'gezinsmigrant',
    onBijstand: asiel,
  };
}

export const QUARTERS = 11;

/** The step days, in order; every trajectory of a run starts on the same day. */
export function stepDays(start: IsoDate): IsoDate[] {
  return [
    start,
    ...Array.from({ length: QUARTERS }, (_, q) => addMonths(start, (q + 1) * 3)),
    addDays(addMonths(start, QUARTERS * 3), 7),
  ];
}

export function scriptFor(plan: LifecyclePlan, start: IsoDate): ScriptStep[] {
  const [first, ...rest] = stepDays(start);
  const quarters = rest.slice(0, QUARTERS);
  const end = rest[QUARTERS]!;
  const begin: ScriptAction[] = [
    { kind: 'signal', event: { type: 'SS139', occurredOn: first! } },
    { kind: 'update', name: 'consent', date: first! },
    ...(plan.targetGroup === 'asielstatushouder'
      ? [{ kind: 'update', name: 'warmeOverdracht', date: first! } as const]
      : []),
    { kind: 'update', name: 'bredeIntake', date: first! },
    { kind: 'update', name: 'pip', date: first! },
  ];
  const talks = quarters.map<ScriptStep>((day) => ({
    on: day,
    actions: [
      { kind: 'update', name: 'voortgangsgesprek', date: day },
      { kind: 'signal', event: { type: 'UREN', occurredOn: day, kind: 'TAAL_KNM', hours: 75 } },
      { kind: 'signal', event: { type: 'UREN', occurredOn: day, kind: 'PARTICIPATIE', hours: 70 } },
    ],
  }));
  return [
    { on: first!, actions: begin },
    ...talks,
    {
      on: end,
      actions: [...finish(plan, end), { kind: 'awaitComplete' }, { kind: 'update', name: 'close', date: end }],
    },
  ];
}

/** What completes the plicht per route (src/domain/completion.ts). */
function finish(plan: LifecyclePlan, day: IsoDate): ScriptAction[] {
  const signal = (event: DistributiveOmit<PartnerEvent, 'eventId'>): ScriptAction => ({ kind: 'signal', event });
  const pvt = [
    signal({ type: 'UREN', occurredOn: day, kind: 'PVT', hours: 12 }),
    signal({ type: 'MODULE_AFGEROND', occurredOn: day, module: 'PVT_ONDERTEKEND' }),
  ];
  const map = [
    signal({ type: 'UREN', occurredOn: day, kind: 'MAP', hours: 40 }),
    signal({ type: 'MODULE_AFGEROND', occurredOn: day, module: 'MAP_EINDGESPREK' }),
  ];
  const exams = (['LE', 'LU', 'SC', 'SP', 'KNM'] as const).map((part) =>
    signal({ type: 'SS199', occurredOn: day, part, level: 'B1', passed: true }),
  );
  switch (plan.leerroute) {
    case 'Z':
      return [...pvt, ...map, signal({ type: 'MODULE_AFGEROND', occurredOn: day, module: 'Z_EINDGESPREK' })];
    case 'B1':
      return [...pvt, ...map, ...exams];
    case 'ONDERWIJS':
      return [...pvt, ...exams, signal({ type: 'MODULE_AFGEROND', occurredOn: day, module: 'ONDERWIJS_PROGRAMMA' })];
  }
}

export function pipLevel(leerroute: Leerroute): { level: 'A1' | 'B1'; alfabetisering: boolean } {
  return leerroute === 'Z' ? { level: 'A1', alfabetisering: true } : { level: 'B1', alfabetisering: false };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
