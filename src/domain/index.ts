/** The pure domain rules of the Wet inburgering 2021 (Dongemond framework). */
export * from './types';
export * from './dates';
export * from './rule-result';
export * from './offer';
export * from './pip-deadline';
export * from './termijn';
export * from './pip-rules';
export * from './policy';
export * from './completion';
export * from './enforcement';
export * from './voortgang';
export * from './ontzorgen';
export * from './tasks';
export * from './today';
export * from './start-phase';
export * from './duo-uren';
export * from './deadlines';
