import { describe, expect, it } from 'vitest';
import { decisionBySegment } from '../../../src/api/decisions/registry';
import { useDutchValidationMessages } from '../../../src/api/http/dutch-messages';
import { fieldErrorsFromZod } from '../../../src/api/http/errors';
import {
  DECISION_FORMS,
  decisionForm,
  errorsByField,
  formForTask,
  routeLevelOptions,
} from '../../../src/werkplek/decision-forms';
import { validatePipVaststelling } from '../../../src/domain/pip-rules';
import type { TrajectoryView } from '../../../src/workflows/trajectory/messages';

useDutchValidationMessages();

describe('decision forms', () => {
  it('has a form for every decision route of the API, checked by that route’s own schema', () => {
    for (const form of DECISION_FORMS.filter((f) => !f.taskOnly)) {
      expect(decisionBySegment(form.segment), form.segment).toBeDefined();
    }
    for (const segment of [
      'warme-overdracht',
      'machtiging',
      'brede-intake',
      'pip',
      'pip-bijstelling',
      'opstartklas',
      'voortgangsgesprek',
      'ontheffing',
      'handhaving',
      'afsluiting',
      'sleuteldata',
    ]) {
      expect(decisionForm(segment), segment).toBeDefined();
    }
  });

  it('offers only legal leerroute/niveau choices: every one passes the PIP rules of a first PIP', () => {
    const choices = routeLevelOptions(null, false);
    expect(choices.map((c) => c.value)).not.toContain('ONDERWIJS:A2');
    expect(choices.map((c) => c.value)).not.toContain('B1:A2');
    for (const choice of choices) {
      const [leerroute, level] = choice.value.split(':') as ['B1', 'B1'];
      const result = validatePipVaststelling({
        dagtekening: '2026-11-20',
        leerroute,
        level,
        isFirstPip: true,
        targetGroup: 'gezinsmigrant',
      });
      expect(result.ok, choice.value).toBe(true);
    }
    // A bijstelling may lower the B1-route to A2 (afschalen); after a move the leerroute is fixed.
    expect(routeLevelOptions(null, true).map((c) => c.value)).toContain('B1:A2');
    expect(routeLevelOptions({ requiredLeerroute: 'Z' } as TrajectoryView, false).map((c) => c.value)).toEqual([
      'Z:A0',
      'Z:A1',
      'Z:A2',
    ]);
  });

  it('turns a filled-in PIP form into the API body the schema accepts', () => {
    const form = decisionForm('pip')!;
    const body = form.toBody({ dagtekening: '2026-11-20', routeNiveau: 'Z:A1', alfabetisering: 'ja', b1Intensity: '' });
    expect(decisionBySegment('pip')!.body.parse(body)).toEqual({
      dagtekening: '2026-11-20',
      leerroute: 'Z',
      level: 'A1',
      alfabetisering: true,
    });
  });

  it('puts the schema’s Dutch messages beside the right field (leerroute/niveau → one choice)', () => {
    const form = decisionForm('pip')!;
    const result = decisionBySegment('pip')!.body.safeParse(
      form.toBody({ dagtekening: '20-11-2026', b1Intensity: 'veel' }),
    );
    expect(result.success).toBe(false);
    const errors = errorsByField(form, fieldErrorsFromZod(result.error!));
    expect(errors).toEqual({
      dagtekening: 'Verwacht een datum JJJJ-MM-DD',
      routeNiveau: 'Dit veld is verplicht',
      b1Intensity: 'Vul een getal in',
    });
  });

  it('opens the decision a task asks for; other tasks close with a short form', () => {
    expect(formForTask('PIP_OPSTELLEN')?.segment).toBe('pip');
    expect(formForTask('BREDE_INTAKE')?.segment).toBe('brede-intake');
    expect(formForTask('VERWIJTBAARHEID_DOORGEVEN')?.task?.key).toBe('verwijtbaarheid');
    expect(formForTask('ONTZORGEN_CHECKIN')).toBeUndefined();
  });

  it('brede intake: unchecked leefgebieden are sent as not done; a note stays beside the decision', () => {
    const body = decisionForm('brede-intake')!.toBody({
      date: '2026-11-10',
      leefgebieden: ['opleiding', 'taalniveau'],
      note: 'Werkt graag buiten',
    }) as {
      leefgebieden: Record<string, boolean>;
      notes: Array<{ text: string }>;
    };
    expect(Object.values(body.leefgebieden).filter(Boolean)).toHaveLength(2);
    expect(Object.keys(body.leefgebieden)).toHaveLength(13);
    expect(body.notes).toEqual([{ text: 'Werkt graag buiten' }]);
  });
});

describe('the PIP form: agreements, participation and instemming', () => {
  const form = decisionForm('pip')!;
  const schema = decisionBySegment('pip')!.body;

  it('turns the filled rows into the API body, which its schema accepts', () => {
    const values = {
      dagtekening: '2026-03-02',
      routeNiveau: 'B1:B1',
      afspraak_PVT_start: '2026-04-01',
      afspraak_PVT_aanbieder: 'Taalhuis',
      participatieSoort: 'STAGE',
      participatieStart: '2026-05-01',
      participatieUren: '12',
      instemmingAkkoord: 'ja',
      instemmingDatum: '2026-03-02',
    };
    const body = form.toBody(values);
    expect(body).toMatchObject({
      afspraken: [{ onderdeel: 'PVT', start: '2026-04-01', aanbieder: 'Taalhuis' }],
      participatie: [{ soort: 'STAGE', start: '2026-05-01', urenPerWeek: 12 }],
      instemming: { akkoord: true, datum: '2026-03-02' },
    });
    expect(schema.safeParse(body).success).toBe(true);
    expect(form.toBody({ dagtekening: '2026-03-02', routeNiveau: 'B1:B1' })).not.toHaveProperty('afspraken');
  });

  it('shows a missing provider beside the field of its own part', () => {
    const values = {
      dagtekening: '2026-03-02',
      routeNiveau: 'B1:B1',
      afspraak_KNM_start: '2026-04-01',
      afspraak_KNM_aanbieder: 'Taalhuis',
      afspraak_MAP_start: '2026-04-01',
    };
    const parsed = schema.safeParse(form.toBody(values));
    expect(parsed.success).toBe(false);
    const errors = errorsByField(form, fieldErrorsFromZod(parsed.error!), 'body.', values);
    expect(Object.keys(errors)).toEqual(['afspraak_MAP_aanbieder']);
  });
});

describe('the handhaving decision and verzuim forms', () => {
  const form = decisionForm('handhaving-besluit')!;
  const schema = decisionBySegment('handhaving-besluit')!.body;

  it('completing a handhaving task opens the decision form', () => {
    expect(formForTask('HANDHAVING_BEOORDELEN')?.segment).toBe('handhaving-besluit');
    expect(formForTask('HANDHAVING_BEOORDELEN')?.task?.key).toBe('handhavingBesluit');
  });

  it('a boete in euro becomes whole cents the schema accepts; afzien sends its reason', () => {
    const boete = form.toBody({
      date: '2026-11-20',
      besluit: 'BOETE',
      bedragEuro: '125,50',
      individueleAfweging: 'ja',
    });
    expect(schema.parse(boete)).toEqual({
      date: '2026-11-20',
      besluit: 'BOETE',
      bedragCent: 12_550,
      individueleAfweging: true,
    });
    const afgezien = form.toBody({
      date: '2026-11-20',
      besluit: 'AFGEZIEN',
      reden: 'GESPREK_VOLSTAAT',
      bedragEuro: '5',
    });
    expect(schema.parse(afgezien)).toEqual({ date: '2026-11-20', besluit: 'AFGEZIEN', reden: 'GESPREK_VOLSTAAT' });
  });

  it('an amount over € 800 is shown beside the euro field', () => {
    const values = { date: '2026-11-20', besluit: 'BOETE', bedragEuro: '900' };
    const parsed = schema.safeParse(form.toBody(values));
    expect(parsed.success).toBe(false);
    expect(Object.keys(errorsByField(form, fieldErrorsFromZod(parsed.error!), 'body.', values))).toEqual([
      'bedragEuro',
    ]);
  });

  it('asks for the individual weighing only where it applies (asielstatushouders)', () => {
    const names = (view: TrajectoryView | null) => form.fields(view).map((field) => field.name);
    expect(names({ targetGroup: 'asielstatushouder' } as TrajectoryView)).toContain('individueleAfweging');
    expect(names({ targetGroup: 'gezinsmigrant' } as TrajectoryView)).not.toContain('individueleAfweging');
  });

  it('verzuim: the filled form is the body its schema accepts', () => {
    const body = decisionForm('verzuim')!.toBody({ date: '2026-11-20', kind: 'LES', hours: '4,75' });
    expect(decisionBySegment('verzuim')!.body.parse(body)).toEqual({ date: '2026-11-20', kind: 'LES', hours: 4.75 });
  });
});
