/**
 * Partner events: one schema per event type, discriminated on `type`, mirroring the
 * `PartnerEvent` union in messages.ts (minus `eventId`, which the inbox assigns). A
 * compile-time check at the bottom fails when they drift apart.
 */
import { z } from 'zod';
import { BIJSTAND_EINDE_REDENEN } from '../../domain/bijstand';
import { ZVasteLastenCent } from '../decisions/schemas';
import {
  COMPLETED_MODULES,
  KNM_EXAM_ONLY_FROM_DUO,
  partnerMayReport,
  type ReportedEvent,
} from '../../domain/partner-reports';
import type { RuleResult } from '../../domain/rule-result';
import { MAX_UREN_PER_WEEK, PARTICIPATIE_MELDING_STATUSSEN } from '../../domain/participatie';
import { PARTICIPATIE_SOORTEN } from '../../domain/pip-plan';
import { HOUR_KINDS, LEERBAARHEID_RESULTS, LEERROUTES, LEVELS, type PartnerKind } from '../../domain/types';
import { DUO_EVENT_CODES, type PartnerEvent } from '../../workflows/trajectory/messages';
import { zDateIn, zGemeente, zQuarterHours } from '../http/primitives';

const zProcessDate = zDateIn('process');

const base = { occurredOn: zDateIn('event') };
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) =>
  z
    .object({ type: z.literal(type), ...base, ...shape })
    .strict()
    .meta({ id: `PartnerEvent_${type}`, description });

export const PARTNER_EVENT_SCHEMAS = [
  event('SS101', { plichtStart: zProcessDate.optional() }, 'DUO: nieuwe inburgeringsplicht.'),
  event('SS128', { plichtStart: zProcessDate.optional() }, 'DUO: nieuwe plicht, AOW-leeftijd binnen 6 maanden.'),
  event('SS139', { clockStart: zProcessDate.optional() }, 'DUO: de PIP-termijn van 10 weken start (opnieuw).'),
  event('SS102', { start: zProcessDate.optional(), end: zProcessDate.optional() }, 'DUO: inburgeringstermijn gestart.'),
  ...(['SS103', 'SS104', 'SS130'] as const).map((type) =>
    event(
      type,
      { newEnd: zProcessDate.optional(), months: z.number().int().min(1).max(60).optional() },
      'DUO: termijn verlengd of hervat.',
    ),
  ),
  ...(['SS106', 'SS107', 'SS108'] as const).map((type) =>
    event(type, {}, 'DUO: plicht voldaan (diploma, vrijstelling, ontheffing).'),
  ),
  ...(['SS109', 'SS110', 'SS111'] as const).map((type) =>
    event(type, {}, 'DUO: tijdelijke vrijstelling, plicht ingetrokken, overleden.'),
  ),
  ...(['SS120', 'SS121'] as const).map((type) =>
    event(
      type,
      {
        gemeente: zGemeente,
        vestiging: zProcessDate.optional(),
        previousLeerroute: z.enum(LEERROUTES).optional(),
        previousPipDagtekening: zProcessDate.optional(),
        termijnStart: zProcessDate.optional(),
        termijnEnd: zProcessDate.optional(),
      },
      'DUO: verhuisd (gevestigd in een andere gemeente).',
    ),
  ),
  event(
    'SS124',
    { newTargetGroup: z.enum(['gezinsmigrant', 'overige_migrant']).optional() },
    'DUO: doelgroep asiel → gezins-/overige migrant.',
  ),
  event(
    'SS125',
    { newTargetGroup: z.enum(['gezinsmigrant', 'overige_migrant']).optional() },
    'DUO: doelgroep → asielstatushouder.',
  ),
  event('SS131', { result: z.enum(LEERBAARHEID_RESULTS) }, 'DUO: uitslag leerbaarheidstoets.'),
  event(
    'SS199',
    { part: z.enum(['LE', 'LU', 'SC', 'SP', 'KNM']), level: z.enum(LEVELS), passed: z.boolean() },
    'DUO: examenuitslag.',
  ),
  event(
    'COA_OVERDRACHT',
    { backgroundAvailable: z.boolean() },
    'COA: overdrachtsgegevens (alleen het feit; inhoud niet via deze API).',
  ),
  event(
    'UREN',
    {
      kind: z.enum(HOUR_KINDS),
      // Quarter hours at the finest (a lesson of 45 minutes is 0.75); 0.0001 is no lesson.
      hours: zQuarterHours(0.25, 1000),
      inPersonHours: zQuarterHours(0, 1000).optional(),
    },
    'Aanbieder: gevolgde uren (optellend).',
  ),
  event(
    'MODULE_AFGEROND',
    {
      module: z.enum(COMPLETED_MODULES, {
        error: (issue) => (issue.input === 'KNM_EXAMEN' ? KNM_EXAM_ONLY_FROM_DUO : undefined),
      }),
    },
    'Aanbieder: module afgerond. KNM_MODULE zijn de KNM-lessen; een examenuitslag (ook KNM) komt alleen van DUO (SS199).',
  ),
  event(
    'MB_RAPPORTAGE',
    { status: z.enum(['LOPEND', 'AANDACHT_NODIG', 'AFGEROND']) },
    'Maatschappelijke begeleiding: rapportage.',
  ),
  event(
    'BIJSTAND_GESTART',
    { start: zProcessDate, vasteLasten: ZVasteLastenCent.optional() },
    'Afdeling inkomen (INKOMEN): de bijstand is gestart op `start`; `vasteLasten` (per maand, hele centen) gaan naar de ontzorgpartner, wat ontbreekt komt uit het beleid van de gemeente. Ontzorgen (asielstatushouders) loopt zes maanden vanaf de start.',
  ),
  event(
    'BIJSTAND_BEEINDIGD',
    { einde: zProcessDate, reden: z.enum(BIJSTAND_EINDE_REDENEN) },
    'Afdeling inkomen (INKOMEN): de bijstand stopt op `einde` (reden WERK: uitstroom naar werk). Een lopend ontzorgen stopt dan ook (bericht ONTZORGEN_EINDE). Een einde vóór de start of zonder lopende bijstand verandert niets (tijdlijn: genegeerd).',
  ),
  event(
    'VERZUIM',
    {
      kind: z.enum(HOUR_KINDS),
      // Missed hours in quarters, as UREN.
      hours: zQuarterHours(0.25, 1000),
    },
    'Aanbieder: verzuim — gemiste uren van een soort in de kalendermaand van occurredOn (optellend per maand). Bereikt de maand de drempel van de gemeente (verzuimDrempelUren, standaard 8), dan krijgt de consulent een opvolgtaak.',
  ),
  event('ONTZORGEN_STATUS', { status: z.enum(['GESTART', 'LOPEND', 'GESTOPT', 'AFGEROND']) }, 'Ontzorgen: status.'),
  event(
    'PARTICIPATIE_STATUS',
    {
      soort: z.enum(PARTICIPATIE_SOORTEN),
      status: z.enum(PARTICIPATIE_MELDING_STATUSSEN),
      urenPerWeek: zQuarterHours(0.25, MAX_UREN_PER_WEEK).optional(),
    },
    'Werkmakelaar/jobcoach of maatschappelijk begeleider: een participatieactiviteit is gestart (met uren per week), gestopt of afgerond (occurredOn: die dag). Een overgang die niet kan (bijv. gestopt zonder start) verandert niets en staat als genegeerd in de tijdlijn.',
  ),
  event(
    'LEERROUTE_GESTART',
    {},
    'Taalaanbieder: de leerroute is echt gestart op `occurredOn`. Die datum (niet de dagtekening van het PIP) gaat naar DUO als datum van het inburgeringsaanbod (asielstatushouders). Eén keer, in de fase LEERROUTE, niet vóór de dagtekening van het PIP en niet in de toekomst; anders verandert er niets (tijdlijn: genegeerd met de regel).',
  ),
] as const;

export const ZPartnerEventBody = z.discriminatedUnion('type', [...PARTNER_EVENT_SCHEMAS]).meta({ id: 'PartnerEvent' });
export type PartnerEventBody = z.output<typeof ZPartnerEventBody>;

/**
 * May this partner kind report this event (type, hour kind, module)? The rule is
 * `partnerMayReport` in src/domain/partner-reports.ts. DUO normally reports through its
 * Notificatie API.
 */
export function partnerKindMayReport(kind: PartnerKind | null, event: PartnerEventBody): RuleResult {
  if (kind === null) return { ok: false, rule: 'SOORT_PARTNER', reason: 'Alleen een partner meldt gebeurtenissen.' };
  return partnerMayReport(kind, event as ReportedEvent, DUO_EVENT_CODES);
}

export const ZIdempotencyHeaders = z.object({
  'idempotency-key': z
    .string({ error: 'De header Idempotency-Key is verplicht' })
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'Alleen zichtbare ASCII-tekens')
    .meta({
      description: 'Uniek per gebeurtenis; dezelfde sleutel opnieuw geeft hetzelfde antwoord zonder tweede effect.',
    }),
});

export const ZAcceptedEvent = z
  .object({
    eventId: z.string(),
    trajectoryId: z.string(),
    type: z.string(),
    receivedAt: z.string(),
  })
  .meta({ id: 'AcceptedPartnerEvent' });

// --- drift check (compile time) ---------------------------------------------------------------
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const driftCheck: Same<PartnerEventBody, DistributiveOmit<PartnerEvent, 'eventId'>> = true;
void driftCheck;
