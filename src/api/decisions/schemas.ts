/**
 * Request and response schemas of the decisions (src/api/decisions/registry.ts). Decision inputs
 * mirror the update argument types in src/workflows/trajectory/messages/; compile-time checks
 * at the bottom fail the typecheck when the two drift apart.
 *
 * Over 300 lines because there is one schema per decision (plus the drift checks); to split
 * next by area (intake/PIP, progress, handhaving, bijstand) when it grows further.
 */
import { z } from 'zod';
import { BIJSTAND_EINDE_REDENEN } from '../../domain/bijstand';
import { JUDGED_MODULES } from '../../domain/completion';
import { MAX_VASTE_LAST_CENT, ONTZORGEN_EVALUATIE_UITKOMSTEN } from '../../domain/ontzorgen';
import { AFZIEN_REDENEN, ENFORCEMENT_REASONS, MAX_GEMEENTELIJKE_BOETE_CENT } from '../../domain/enforcement';
import { PIP_DERDEN } from '../../domain/pip-deadline';
import {
  AANBIEDER_SOORTEN,
  PARTICIPATIE_SOORTEN,
  PARTICIPATIE_UITVOERDERS,
  PIP_ONDERDELEN,
} from '../../domain/pip-plan';
import { MAX_UREN_PER_WEEK, PARTICIPATIE_MELDING_STATUSSEN, UITSTROOM_KEUZES } from '../../domain/participatie';
import { COMPLETED_MODULES, KNM_EXAM_ONLY_FROM_DUO } from '../../domain/partner-reports';
import { B1_INTENSITY_MAX, B1_INTENSITY_MIN } from '../../domain/pip-rules';
import {
  CLOSE_REASONS,
  EXAM_PARTS,
  HOUR_KINDS,
  LEEFGEBIEDEN,
  LEERBAARHEID_RESULTS,
  LEERROUTES,
  LEVELS,
  ONTHEFFING_GROUNDS,
  PARTNER_KINDS,
  WARME_OVERDRACHT_FORMS,
  type Leefgebied,
} from '../../domain/types';
import type {
  AssignConsulentInput,
  BijstandInput,
  OntzorgenEvaluatieInput,
  BredeIntakeInput,
  CloseTrajectoryInput,
  ConsentInput,
  HandhavingBesluitInput,
  HandhavingInput,
  HandhavingResult,
  KeyDatesInput,
  ModuleBeoordelingInput,
  LeerrouteGestartInput,
  ModuleResultaatInput,
  OntheffingInput,
  OpstartklasInput,
  ParticipatieStatusInput,
  PipBijstellingInput,
  PipDecisionResult,
  PipInput,
  PipTermijnVerlengingInput,
  PipTermijnVerlengingResult,
  UrenRegistratieInput,
  VerzuimRegistratieInput,
  VerwijtbaarheidInput,
  VoortgangsgesprekInput,
  WarmeOverdrachtInput,
} from '../../workflows/trajectory/messages';
import { zDateIn, zIsoDate, zQuarterHours, zSubject, zText } from '../http/primitives';

export const zLeerroute = z.enum(LEERROUTES);
export const zLevel = z.enum(LEVELS);
export const zPartnerKind = z.enum(PARTNER_KINDS);

/** A date a client gives: in the plausible window of process dates (src/domain/date-windows.ts). */
const zProcessDate = zDateIn('process');

/** DUO's geschatteIntensiteitB1Route: whole hours (src/domain/pip-rules.ts). */
const zB1Intensity = z.number().int().min(B1_INTENSITY_MIN).max(B1_INTENSITY_MAX);

/** The provider of a PIP agreement: the organisation, never a person's name. */
const zAanbieder = zText({ max: 200 }).meta({ description: 'Naam van de organisatie (geen persoonsnaam).' });

export const ZPipAfspraak = z
  .object({
    onderdeel: z.enum(PIP_ONDERDELEN),
    start: zProcessDate.meta({ description: 'Startdatum van het onderdeel.' }),
    aanbieder: zAanbieder,
    aanbiederSoort: z.enum(AANBIEDER_SOORTEN).optional().meta({
      description:
        'De soort partner die het onderdeel uitvoert en de aanmelding krijgt. Weggelaten: de taalaanbieder (KNM, PVT, MAP), de maatschappelijk begeleider, de ontzorgpartner. PVT: TAALAANBIEDER of MAATSCHAPPELIJKE_BEGELEIDING; MAP: TAALAANBIEDER of WERK (anders 409 PIP_AANBIEDER_SOORT_ONGELDIG).',
    }),
  })
  .strict()
  .meta({ id: 'PipAfspraak', description: 'Afspraak over een verplicht onderdeel van het PIP.' });

export const ZParticipatieAfspraak = z
  .object({
    soort: z.enum(PARTICIPATIE_SOORTEN),
    start: zProcessDate,
    aanbieder: zAanbieder.optional(),
    aanbiederSoort: z.enum(PARTICIPATIE_UITVOERDERS).optional().meta({
      description:
        'De soort partner van de aanbieder, die de aanmelding (AANMELDING_PARTICIPATIE) en de berichten over het traject krijgt: WERK (werkmakelaar/jobcoach, standaard als er een aanbieder is) of MAATSCHAPPELIJKE_BEGELEIDING. Zonder aanbieder (zelf gevonden werk) gaat er niets naar een partner (met soort maar zonder aanbieder: 409 PIP_AANBIEDER_ONTBREEKT).',
    }),
    urenPerWeek: zQuarterHours(0, 60).optional(),
    participatiewet: z.boolean().optional().meta({
      description:
        'Een beslissing op grond van de Participatiewet (alleen bij asielstatushouders; kader 8.1.4). Standaard: nee.',
    }),
  })
  .strict()
  .meta({ id: 'ParticipatieAfspraak', description: 'Afspraak over participatie in het PIP.' });

export const ZPipInstemming = z
  .object({ akkoord: z.boolean(), datum: zProcessDate })
  .strict()
  .meta({ id: 'PipInstemming', description: 'Of de inburgeraar met het PIP instemt, en de datum daarvan.' });

export const ZPipRecord = z
  .object({
    dagtekening: zIsoDate,
    leerroute: zLeerroute,
    level: zLevel,
    alfabetisering: z.boolean(),
    b1Intensity: zB1Intensity.optional(),
    afspraken: z
      .array(ZPipAfspraak)
      .max(PIP_ONDERDELEN.length * 2)
      .optional(),
    participatie: z.array(ZParticipatieAfspraak).max(20).optional(),
    instemming: ZPipInstemming.optional(),
  })
  .meta({ id: 'PipRecord' });

/** A recorded machtiging as the view shows it. */
export const ZConsent = z.object({ date: zIsoDate, scope: z.array(zPartnerKind) }).meta({ id: 'Consent' });

export const ZConsentInput = z
  .object({
    date: zProcessDate,
    scope: z
      .array(zPartnerKind)
      .min(1, 'Noem minstens één soort partner')
      .meta({ description: 'Soorten partners waarvoor de machtiging geldt.' }),
  })
  .strict()
  .meta({ id: 'ConsentInput' });

export const ZKeyDatesInput = z
  .object({
    inschrijving: zProcessDate.optional(),
    vestiging: zProcessDate.optional(),
    plichtStart: zProcessDate.optional(),
  })
  .strict()
  .meta({ id: 'KeyDatesInput' });

export const ZWarmeOverdrachtInput = z
  .object({ date: zProcessDate, form: z.enum(WARME_OVERDRACHT_FORMS), backgroundHandedOver: z.boolean() })
  .strict()
  .meta({ id: 'WarmeOverdrachtInput' });

const zLeefgebiedenDone = z
  .object(Object.fromEntries(LEEFGEBIEDEN.map((name) => [name, z.boolean()])) as Record<Leefgebied, z.ZodBoolean>)
  .strict();

export const ZIntakeNoteInput = z
  .object({ leefgebied: z.enum(LEEFGEBIEDEN).optional(), text: zText({ max: 10_000, multiline: true }) })
  .strict()
  .meta({ id: 'IntakeNoteInput' });

export const ZBredeIntakeBody = z
  .object({
    date: zProcessDate,
    leefgebieden: zLeefgebiedenDone.meta({ description: 'Alle 13 leefgebieden: besproken (true) of niet (false).' }),
    leerbaarheidstoets: z.enum(LEERBAARHEID_RESULTS).optional(),
    notes: z.array(ZIntakeNoteInput).max(50).default([]).meta({
      description:
        'Vrije tekst (kan gezondheidsgegevens bevatten): alleen in PostgreSQL (IntakeNote), nooit naar de workflow.',
    }),
  })
  .strict()
  .meta({ id: 'BredeIntakeDecision' });

/** A PIP decision (or a PIP brought along at start): the PIP's fields, nothing else. */
export const ZPipInput = ZPipRecord.extend({ dagtekening: zProcessDate }).strict().meta({ id: 'PipInput' });

export const ZPipBijstellingInput = ZPipInput.extend({ inPersonLessonHours: zQuarterHours(0, 9999).optional() })
  .strict()
  .meta({ id: 'PipBijstellingInput' });

export const ZPipTermijnVerlengingInput = z
  .object({
    date: zProcessDate,
    derde: z.enum(PIP_DERDEN).meta({ description: 'Van wie de gemeente informatie nodig had.' }),
    informatieOntvangenOp: zProcessDate.meta({
      description: 'De dag waarop de informatie binnenkwam; de termijn loopt tot twee weken daarna (Besluit art. 5.3).',
    }),
  })
  .strict()
  .meta({ id: 'PipTermijnVerlengingInput' });

export const ZPipTermijnVerlengingResult = z
  .object({ vorigeDeadline: zIsoDate, nieuweDeadline: zIsoDate })
  .meta({ id: 'PipTermijnVerlengingResult' });

export const ZOpstartklasInput = z
  .object({ start: zProcessDate, end: zProcessDate })
  .strict()
  .meta({ id: 'OpstartklasInput' });

export const ZVoortgangsgesprekInput = z
  .object({ date: zProcessDate, outcome: z.enum(['OP_SCHEMA', 'ACHTERSTAND', 'NIET_VERSCHENEN']) })
  .strict()
  .meta({ id: 'VoortgangsgesprekInput' });

export const ZOntheffingInput = z
  .object({
    date: zProcessDate,
    ground: z.enum(ONTHEFFING_GROUNDS),
    whole: z.boolean(),
    parts: z.array(z.enum(EXAM_PARTS)).optional(),
    maxParticipatieHours: zQuarterHours(0, 9999).optional(),
  })
  .strict()
  .meta({ id: 'OntheffingInput' });

export const ZHandhavingInput = z
  .object({ date: zProcessDate, reason: z.enum(ENFORCEMENT_REASONS) })
  .strict()
  .meta({ id: 'HandhavingInput' });

/** The decision on a handhaving proposal (workflow Update recordHandhavingBesluit; completes HANDHAVING_BEOORDELEN). */
export const ZHandhavingBesluitInput = z
  .discriminatedUnion('besluit', [
    z
      .object({ besluit: z.literal('WAARSCHUWING'), date: zProcessDate })
      .strict()
      .meta({ id: 'HandhavingBesluit_WAARSCHUWING', description: 'Een waarschuwing gegeven.' }),
    z
      .object({
        besluit: z.literal('BOETE'),
        date: zProcessDate,
        bedragCent: z
          .number()
          .int()
          .min(1)
          .max(MAX_GEMEENTELIJKE_BOETE_CENT)
          .meta({ description: 'Het bedrag in hele centen, ten hoogste 80000 (€ 800, Wi art. 22–23).' }),
        individueleAfweging: z.boolean().optional().meta({
          description:
            'Verplicht (true) bij een asielstatushouder: de omstandigheden zijn individueel afgewogen; een boete is voor hen nooit standaardpraktijk (Raad van State 2025, 2026). Anders 409 RVS_2025_ASIELSTATUSHOUDER.',
        }),
      })
      .strict()
      .meta({
        id: 'HandhavingBesluit_BOETE',
        description: 'Een boete opgelegd; alleen na een gegeven waarschuwing (anders 409 BOETE_ZONDER_WAARSCHUWING).',
      }),
    z
      .object({ besluit: z.literal('AFGEZIEN'), date: zProcessDate, reden: z.enum(AFZIEN_REDENEN) })
      .strict()
      .meta({ id: 'HandhavingBesluit_AFGEZIEN', description: 'Afgezien van een sanctie, met de reden.' }),
  ])
  .meta({
    id: 'HandhavingBesluitInput',
    description:
      'Het besluit van een medewerker over het open handhavingsvoorstel (zonder open voorstel: 409 GEEN_HANDHAVINGSVOORSTEL). Een voorgestelde waarschuwing is pas gegeven met dit besluit.',
  });

export const ZCloseTrajectoryInput = z
  .object({
    date: zProcessDate,
    reason: z.enum(CLOSE_REASONS),
    uitstroom: z
      .object({
        uitkomst: z.enum(UITSTROOM_KEUZES),
        urenPerWeek: zQuarterHours(0.25, MAX_UREN_PER_WEEK)
          .optional()
          .meta({
            description: `Uren per week (0,25 tot en met ${MAX_UREN_PER_WEEK}): verplicht bij WERK, alleen bij WERK (anders 409 UITSTROOM_UREN_ONTBREKEN / UITSTROOM_UREN_ALLEEN_BIJ_WERK).`,
          }),
      })
      .strict()
      .optional()
      .meta({
        description:
          'De uitkomst bij het einde: WERK (met uren per week), OPLEIDING, PARTICIPATIE of GEEN. Weggelaten: afgeleid van de participatie die op die dag loopt (betaald werk vóór opleiding vóór andere participatie). Telt in de monitor (uitstroom) en de CBS-levering.',
      }),
  })
  .strict()
  .meta({ id: 'CloseTrajectoryInput' });

/** Hours per week of a participation activity (src/domain/participatie.ts: more than 0, at most 60). */
export const zUrenPerWeek = zQuarterHours(0.25, MAX_UREN_PER_WEEK).meta({
  description: `Uren per week (kwartieren, 0,25 tot en met ${MAX_UREN_PER_WEEK}).`,
});

export const ZParticipatieStatusInput = z
  .object({
    date: zProcessDate.meta({ description: 'De dag waarop de activiteit startte, stopte of werd afgerond.' }),
    soort: z.enum(PARTICIPATIE_SOORTEN),
    status: z.enum(PARTICIPATIE_MELDING_STATUSSEN),
    urenPerWeek: zUrenPerWeek.optional().meta({
      description:
        'Alleen bij GESTART; verplicht bij de start van betaald werk (anders 409 PARTICIPATIE_UREN_ONTBREKEN).',
    }),
    participatiewet: z.boolean().optional().meta({
      description:
        'Een beslissing op grond van de Participatiewet (alleen bij asielstatushouders; kader 8.1.4, anders 409 PIP_PARTICIPATIEWET_NIET_VOOR_DOELGROEP).',
    }),
  })
  .strict()
  .meta({
    id: 'ParticipatieStatusInput',
    description:
      'De stand van een participatieactiviteit (betaald werk, vrijwilligerswerk, stage, werkervaringsplaats, opleiding, dagbesteding): AFGESPROKEN → GESTART → GESTOPT of AFGEROND; GESTOPT → GESTART. Een activiteit die niet in het PIP staat kan starten (wordt toegevoegd). Een overgang die niet kan → 409 PARTICIPATIE_OVERGANG_ONGELDIG.',
  });

export const ZPipWarning = z.object({ code: z.string(), melding: z.string() }).meta({ id: 'PipWaarschuwing' });

export const ZPipDecisionResult = z
  .object({
    pip: ZPipRecord,
    termijnStart: zIsoDate,
    termijnEnd: zIsoDate,
    bijstellingen: z.number(),
    waarschuwingen: z.array(ZPipWarning).meta({
      description:
        'Opmerkingen voor de consulent (bijv. route wijkt af van de leerbaarheidstoets); het PIP is vastgesteld.',
    }),
  })
  .meta({ id: 'PipDecisionResult' });

export const ZHandhavingResult = z
  .object({
    proposal: z.object({
      kind: z.enum(['NONE', 'WAARSCHUWING', 'BOETE_VOORSTEL']),
      maxAmountEur: z.number().optional(),
      flags: z.array(z.string()),
      reason: z.string(),
    }),
    taskKey: z.string().optional(),
  })
  .meta({ id: 'HandhavingResult' });

/** Completion of VERWIJTBAARHEID_DOORGEVEN (workflow Update recordVerwijtbaarheid). */
export const ZVerwijtbaarheidInput = z
  .object({
    date: zProcessDate,
    mapVerwijtbaar: z.boolean().optional().meta({
      description: "MAP niet afgerond: verwijtbaar (true → 'Ja') of niet (false → 'Nee'). Weglaten: niets te melden.",
    }),
    pvtVerwijtbaar: z.boolean().optional().meta({
      description:
        "PVT niet ondertekend: verwijtbaar (true → 'Ja') of niet (false → 'Nee'). Weglaten: niets te melden.",
    }),
  })
  .strict()
  .meta({
    id: 'VerwijtbaarheidInput',
    description:
      "DUO neemt 'Nee' alleen aan in de laatste twee maanden van de termijn, 'Ja' pas na overschrijding; de workflow weigert het anders (409).",
  });

export const ZAssignConsulentInput = z
  .object({
    date: zProcessDate,
    consulentId: zSubject.meta({
      description: 'Gebruikers-id van een consulent van de gemeente van het traject (ook uzelf).',
      example: 'dev-consulent-altena',
    }),
  })
  .strict()
  .meta({ id: 'AssignConsulentInput' });

/** Hours recorded by the gemeente over a period (workflow Update recordUren). */
export const ZUrenRegistratieInput = z
  .object({
    kind: z.enum(HOUR_KINDS).meta({ description: 'LES, TAAL_KNM, PARTICIPATIE, MAP of PVT.' }),
    hours: zQuarterHours(0.25, 1000),
    inPersonHours: zQuarterHours(0, 1000).optional().meta({ description: 'Alleen bij LES: het klassikale deel.' }),
    van: zProcessDate,
    tot: zProcessDate,
  })
  .strict()
  .meta({
    id: 'UrenRegistratieInput',
    description:
      'Gevolgde uren over een periode, vastgelegd door de gemeente (zelfde effect als UREN van een aanbieder). Eén registratie per soort en periode: dezelfde nog eens → 409 DUBBELE_MELDING.',
  });

/** Verzuim recorded by the gemeente (workflow Update recordVerzuim). */
export const ZVerzuimRegistratieInput = z
  .object({
    date: zProcessDate.meta({ description: 'Een dag in de maand van het verzuim (niet in de toekomst).' }),
    kind: z
      .enum(HOUR_KINDS)
      .meta({ description: 'Soort uren die gemist zijn: LES, TAAL_KNM, PARTICIPATIE, MAP of PVT.' }),
    hours: zQuarterHours(0.25, 1000).meta({ description: 'Gemiste uren, in kwartieren.' }),
  })
  .strict()
  .meta({
    id: 'VerzuimRegistratieInput',
    description:
      'Verzuim vastgelegd door de gemeente (zelfde effect als VERZUIM van een aanbieder): de gemiste uren tellen op per kalendermaand; bereikt de maand de drempel van de gemeente (verzuimDrempelUren, standaard 8), dan krijgt de consulent een opvolgtaak. Eén registratie per soort en dag: dezelfde nog eens → 409 DUBBELE_MELDING.',
  });

export const ZLeerrouteGestartInput = z
  .object({
    start: zProcessDate.meta({ description: 'De dag waarop de leerroute echt begon (eerste les).' }),
  })
  .strict()
  .meta({
    id: 'LeerrouteGestartInput',
    description:
      'De echte start van de leerroute, vastgelegd door de gemeente als de aanbieder geen systeem heeft (zelfde effect als LEERROUTE_GESTART van de taalaanbieder). Die datum, niet de dagtekening van het PIP, gaat naar DUO als datum van het inburgeringsaanbod (asielstatushouders). Alleen in de fase LEERROUTE (anders 409 VERKEERDE_FASE), niet vóór de dagtekening van het PIP (409 START_VOOR_PIP), niet in de toekomst, één keer (nog eens → 409 DUBBELE_MELDING).',
  });

export const ZModuleResultaatInput = z
  .object({
    date: zProcessDate,
    module: z.enum(COMPLETED_MODULES, {
      error: (issue) => (issue.input === 'KNM_EXAMEN' ? KNM_EXAM_ONLY_FROM_DUO : undefined),
    }),
  })
  .strict()
  .meta({
    id: 'ModuleResultaatInput',
    description:
      'Een module afgerond, vastgelegd door de gemeente (zelfde effect als MODULE_AFGEROND). KNM_MODULE zijn de KNM-lessen; examenuitslagen komen alleen van DUO (SS199).',
  });

export const ZModuleBeoordelingInput = z
  .object({ date: zProcessDate, module: z.enum(JUDGED_MODULES) })
  .strict()
  .meta({
    id: 'ModuleBeoordelingInput',
    description:
      'Het oordeel van de gemeente dat PVT of MAP is afgerond (kader 4.5.2–4.5.3): telt ook als de uren niet alle gemeld zijn; de ondertekening (PVT) en het eindgesprek (MAP) blijven nodig.',
  });

const zVasteLastCent = z
  .number()
  .int('Hele centen')
  .min(0)
  .max(MAX_VASTE_LAST_CENT)
  .meta({ description: 'Per maand, in hele centen (0 tot en met 1000000).' });

/** The fixed costs the ontzorgen provider takes over (per month, cents); a cost left out: the gemeente's default. */
export const ZVasteLastenCent = z
  .object({
    huur: zVasteLastCent.optional(),
    energie: zVasteLastCent.optional(),
    water: zVasteLastCent.optional(),
    zorgverzekering: zVasteLastCent.optional(),
  })
  .strict()
  .meta({ id: 'VasteLastenCent' });

const zBijstandDatum = zProcessDate.meta({
  description:
    'GESTART: eerste dag van de bijstand; BEEINDIGD: de dag dat ze stopt; GEEN: de dag van vaststellen. Niet in de toekomst.',
});

/** One shape per soort, so the documented schema says exactly what the server accepts. */
export const ZBijstandInput = z
  .discriminatedUnion('soort', [
    z
      .object({
        soort: z.literal('GESTART'),
        datum: zBijstandDatum,
        vasteLasten: ZVasteLastenCent.optional().meta({
          description:
            'De vaste lasten die de ontzorgpartner overneemt (per maand, hele centen); wat ontbreekt komt uit het beleid van de gemeente.',
        }),
      })
      .strict(),
    z
      .object({
        soort: z.literal('BEEINDIGD'),
        datum: zBijstandDatum,
        reden: z.enum(BIJSTAND_EINDE_REDENEN).meta({ description: 'Reden van het einde. WERK: uitstroom naar werk.' }),
      })
      .strict(),
    z.object({ soort: z.literal('GEEN'), datum: zBijstandDatum }).strict(),
  ])
  .meta({
    id: 'BijstandInput',
    description:
      'Bijstand gestart (met de vaste lasten), beëindigd (met de reden) of geen bijstand (kader 4.4). Het ontzorgen van een asielstatushouder loopt zes maanden vanaf de start van de bijstand en stopt eerder als de bijstand eindigt (bijv. door werk). Nog eens hetzelfde → 409 DUBBELE_MELDING; einde vóór de start → 409 EINDE_VOOR_START.',
  });

export const ZOntzorgenEvaluatieInput = z
  .object({
    date: zProcessDate,
    uitkomst: z.enum(ONTZORGEN_EVALUATIE_UITKOMSTEN).meta({
      description:
        'ZELFREDZAAM (financieel zelfredzaam), BUDGETBEHEER_VERVOLG (vervolg met budgetbeheer) of SCHULDHULP (doorverwezen naar schuldhulpverlening).',
    }),
  })
  .strict()
  .meta({
    id: 'OntzorgenEvaluatieInput',
    description:
      'De evaluatie van het ontzorgen (kader 4.4), na het einde (zes maanden, of eerder als de bijstand stopte); telt in de monitor (tabel ontzorgen). Nog lopend → 409 ONTZORGEN_LOOPT; vóór het einde → 409 EVALUATIE_VOOR_EINDE; nog eens → 409 DUBBELE_MELDING; niet ontzorgd → 409 GEEN_ONTZORGEN.',
  });

// --- drift checks against the workflow messages (compile time only) ---------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assignable<From, To> = [From] extends [To] ? true : false;
function assertTrue<T extends true>(): T | undefined {
  return undefined;
}
assertTrue<Same<z.output<typeof ZKeyDatesInput>, KeyDatesInput>>();
assertTrue<Same<z.output<typeof ZWarmeOverdrachtInput>, WarmeOverdrachtInput>>();
assertTrue<Same<z.output<typeof ZConsentInput>, ConsentInput>>();
assertTrue<Assignable<Omit<z.output<typeof ZBredeIntakeBody>, 'notes'>, BredeIntakeInput>>();
assertTrue<Same<z.output<typeof ZPipInput>, PipInput>>();
assertTrue<Same<z.output<typeof ZPipBijstellingInput>, PipBijstellingInput>>();
assertTrue<Same<z.output<typeof ZOpstartklasInput>, OpstartklasInput>>();
assertTrue<Same<z.output<typeof ZPipTermijnVerlengingInput>, PipTermijnVerlengingInput>>();
assertTrue<Assignable<PipTermijnVerlengingResult, z.input<typeof ZPipTermijnVerlengingResult>>>();
assertTrue<Same<z.output<typeof ZVoortgangsgesprekInput>, VoortgangsgesprekInput>>();
assertTrue<Same<z.output<typeof ZOntheffingInput>, OntheffingInput>>();
assertTrue<Same<z.output<typeof ZHandhavingInput>, HandhavingInput>>();
assertTrue<Same<z.output<typeof ZCloseTrajectoryInput>, CloseTrajectoryInput>>();
assertTrue<Same<z.output<typeof ZHandhavingBesluitInput>, HandhavingBesluitInput>>();
assertTrue<Assignable<PipDecisionResult, z.input<typeof ZPipDecisionResult>>>();
assertTrue<Assignable<HandhavingResult, z.input<typeof ZHandhavingResult>>>();
assertTrue<Same<z.output<typeof ZVerwijtbaarheidInput>, VerwijtbaarheidInput>>();
assertTrue<Same<z.output<typeof ZAssignConsulentInput>, AssignConsulentInput>>();
assertTrue<Same<z.output<typeof ZUrenRegistratieInput>, UrenRegistratieInput>>();
assertTrue<Same<z.output<typeof ZVerzuimRegistratieInput>, VerzuimRegistratieInput>>();
assertTrue<Same<z.output<typeof ZModuleResultaatInput>, ModuleResultaatInput>>();
assertTrue<Same<z.output<typeof ZLeerrouteGestartInput>, LeerrouteGestartInput>>();
assertTrue<Same<z.output<typeof ZModuleBeoordelingInput>, ModuleBeoordelingInput>>();
assertTrue<Same<z.output<typeof ZParticipatieStatusInput>, ParticipatieStatusInput>>();
// Each shape is a BijstandInput (the workflow's type keeps the fields optional, its validator checks them too).
assertTrue<z.output<typeof ZBijstandInput> extends BijstandInput ? true : false>();
assertTrue<Same<z.output<typeof ZOntzorgenEvaluatieInput>, OntzorgenEvaluatieInput>>();
