/** Decisions of the intake: key dates, warme overdracht, machtiging and brede intake. */
import { RULE_OK, firstRefusal, refuse } from '../../../domain/rule-result';
import {
  LEEFGEBIEDEN,
  LEERBAARHEID_RESULTS,
  PARTNER_KINDS,
  WARME_OVERDRACHT_FORMS,
  type Leefgebied,
} from '../../../domain/types';
import { applyNewConsent, closeTaskStep, decide } from '../effects';
import {
  recordBredeIntakeUpdate,
  recordConsentUpdate,
  recordKeyDatesUpdate,
  recordWarmeOverdrachtUpdate,
} from '../messages';
import { enterPhase, refreshPipTask } from '../phases';
import { checkDate, checkOpen, checkPhase, defineDecision, details, isOneOf } from './define';

export const recordKeyDates = defineDecision({
  update: recordKeyDatesUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      ...(['inschrijving', 'vestiging', 'plichtStart'] as const)
        .filter((field) => input[field] !== undefined)
        .map((field) => checkDate(input[field], field, today)),
    ),
  apply: (state, input, ctx) => {
    if (input.inschrijving) state.dates.inschrijving = input.inschrijving;
    if (input.vestiging) state.dates.vestiging = input.vestiging;
    if (input.plichtStart) state.dates.plichtStart = input.plichtStart;
    // Inschrijving starts the PIP clock only when no SS139 came (SS139 wins).
    if (input.inschrijving && state.pipClock?.source !== 'SS139') {
      state.pipClock = { date: input.inschrijving, source: 'INSCHRIJVING' };
      refreshPipTask(state, ctx);
    }
    decide(state, { kind: 'SLEUTELDATA', date: ctx.today, details: details(input) });
  },
});

export const recordWarmeOverdracht = defineDecision({
  update: recordWarmeOverdrachtUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkPhase(state, ['KOPPELING', 'WARME_OVERDRACHT'], 'De warme overdracht vastleggen'),
      checkDate(input.date, 'Datum warme overdracht', today),
      isOneOf(WARME_OVERDRACHT_FORMS, input.form)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', `Onbekende vorm van warme overdracht: ${String(input.form)}.`),
    ),
  apply: (state, input, ctx) => {
    state.warmeOverdracht = {
      date: input.date,
      form: input.form,
      backgroundHandedOver: input.backgroundHandedOver === true,
    };
    closeTaskStep(state, 'warme-overdracht', 'warme overdracht vastgelegd');
    decide(state, { kind: 'WARME_OVERDRACHT', date: input.date, details: details(input) });
    enterPhase(state, 'BREDE_INTAKE', ctx);
  },
});

/** A new machtiging replaces the previous one (its scope may be wider or narrower). */
export const recordConsent = defineDecision({
  update: recordConsentUpdate,
  validate: (state, input, { today }) =>
    firstRefusal(
      checkOpen(state),
      checkDate(input.date, 'Datum machtiging', today),
      Array.isArray(input.scope) && input.scope.every((kind) => isOneOf(PARTNER_KINDS, kind))
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'De machtiging noemt een onbekende soort partner.'),
    ),
  apply: (state, input) => {
    state.consent = { date: input.date, scope: [...new Set(input.scope)] };
    decide(state, { kind: 'MACHTIGING', date: input.date, details: { scope: state.consent.scope } });
    applyNewConsent(state);
  },
});

export const recordBredeIntake = defineDecision({
  update: recordBredeIntakeUpdate,
  validate: (state, input, { today }) => {
    const recorded = input.leefgebieden ?? ({} as Record<Leefgebied, boolean>);
    const missing = LEEFGEBIEDEN.filter((gebied) => typeof recorded[gebied] !== 'boolean');
    const result = input.leerbaarheidstoets ?? state.leerbaarheidstoets?.result;
    return firstRefusal(
      checkOpen(state),
      checkPhase(state, ['KOPPELING', 'WARME_OVERDRACHT', 'BREDE_INTAKE'], 'De brede intake vastleggen'),
      checkDate(input.date, 'Datum brede intake', today),
      missing.length === 0
        ? RULE_OK
        : refuse(
            'BREDE_INTAKE_ONVOLLEDIG',
            `Leg voor elk van de 13 leefgebieden vast of het is besproken; ontbreekt: ${missing.join(', ')}.`,
          ),
      input.leerbaarheidstoets === undefined || isOneOf(LEERBAARHEID_RESULTS, input.leerbaarheidstoets)
        ? RULE_OK
        : refuse('ONGELDIGE_INVOER', 'Onbekende uitslag van de leerbaarheidstoets.'),
      result !== undefined
        ? RULE_OK
        : refuse(
            'LEERBAARHEIDSTOETS_ONTBREEKT',
            'De uitslag van de leerbaarheidstoets ontbreekt (DUO SS131 of zelf invullen).',
          ),
    );
  },
  apply: (state, input, ctx) => {
    const done = LEEFGEBIEDEN.filter((gebied) => input.leefgebieden[gebied]);
    const notDone = LEEFGEBIEDEN.filter((gebied) => !input.leefgebieden[gebied]);
    state.bredeIntake = { date: input.date, done, notDone };
    if (input.leerbaarheidstoets) state.leerbaarheidstoets = { result: input.leerbaarheidstoets, source: 'CONSULENT' };
    closeTaskStep(state, 'warme-overdracht', 'brede intake vastgelegd');
    closeTaskStep(state, 'brede-intake', 'brede intake vastgelegd');
    decide(state, {
      kind: 'BREDE_INTAKE',
      date: input.date,
      details: {
        besproken: done.length,
        nietBesproken: notDone,
        leerbaarheidstoets: state.leerbaarheidstoets?.result ?? 'ONBEKEND',
      },
    });
    enterPhase(state, 'PIP', ctx);
  },
});
