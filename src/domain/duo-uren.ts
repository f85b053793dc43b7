/**
 * Gevolgde uren: the hour totals the gemeente reports to DUO (GevolgdeUren API; a PUT
 * replaces the total, DUO takes whole hours 0–9999).
 * - participatietaalles: taalles Nederlands + KNM at a cursusinstelling in the leerroute,
 *   from every route followed (LES + TAAL_KNM provider hours; brede intake hours do not count);
 * - participatieactiviteiten: participation hours, for the Z-route of an asielstatushouder.
 */
import type { HourKind, Leerroute, TargetGroup } from './types';

/** DUO's Gevolgde uren resources. TAALLES_KNM is DUO's own count; we report the other two. */
export const DUO_UREN_SOORTEN = ['TAALLES_KNM', 'PARTICIPATIE', 'PARTICIPATIE_ALS_TAALLES'] as const;
export type DuoUrenSoort = (typeof DUO_UREN_SOORTEN)[number];

export const DUO_UREN_MAX = 9999;

export function duoUrenTotals(facts: {
  hours: Record<HourKind, number>;
  targetGroup: TargetGroup;
  leerroute: Leerroute | undefined;
}): Partial<Record<DuoUrenSoort, number>> {
  const whole = (hours: number) => Math.min(DUO_UREN_MAX, Math.floor(hours));
  const totals: Partial<Record<DuoUrenSoort, number>> = {
    PARTICIPATIE_ALS_TAALLES: whole(facts.hours.LES + facts.hours.TAAL_KNM),
  };
  if (facts.targetGroup === 'asielstatushouder' && facts.leerroute === 'Z') {
    totals.PARTICIPATIE = whole(facts.hours.PARTICIPATIE);
  }
  return totals;
}
