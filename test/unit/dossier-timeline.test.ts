import { describe, expect, it } from 'vitest';
import { buildTimeline, describeDecision, describeTimelineCode } from '../../src/api/trajectories/timeline';
import { dutchDate, dutchDateTime, dutchShortDate } from '../../src/domain/labels';
import type { TrajectoryView } from '../../src/workflows/trajectory/messages';

type ViewPart = Pick<TrajectoryView, 'decisions' | 'timeline' | 'deadlines'>;
const view = (part: Partial<ViewPart>): ViewPart => ({ decisions: [], timeline: [], deadlines: [], ...part });

describe('dossier timeline', () => {
  it('speaks Dutch sentences instead of codes ("10 nov 2026 — Warme overdracht (videobellen)")', () => {
    const items = buildTimeline({
      today: '2026-11-20',
      view: view({
        timeline: [
          { on: '2026-11-01', what: 'START:KOPPELING' },
          { on: '2026-11-10', what: 'WARME_OVERDRACHT' },
          { on: '2026-11-10', what: 'FASE:BREDE_INTAKE' },
          { on: '2026-11-12', what: 'TIMER:pip-waarschuwing:2027-01-10' },
        ],
        decisions: [
          { kind: 'WARME_OVERDRACHT', date: '2026-11-10', details: { form: 'VIDEO', backgroundHandedOver: true } },
        ],
      }),
    });
    expect(items.map((item) => item.sentence)).toEqual([
      '1 nov 2026 — Traject gestart in de fase Koppeling en huisvesting',
      '10 nov 2026 — Warme overdracht (videobellen)',
      '10 nov 2026 — Nieuwe fase: Brede intake',
      '12 nov 2026 — Signaal: het PIP moet binnenkort vastgesteld zijn',
    ]);
    expect(items.every((item) => !/[A-Z]{3,}_|:[a-z]/.test(item.text))).toBe(true);
  });

  it('puts everything on one time axis in date order, also when the workflow recorded it out of order', () => {
    const items = buildTimeline({
      today: '2026-12-01',
      view: view({
        timeline: [
          { on: '2026-11-20', what: 'PIP_VASTGESTELD' },
          { on: '2026-11-05', what: 'SS139', eventId: 'evt-1' },
        ],
        decisions: [{ kind: 'PIP_VASTGESTELD', date: '2026-11-20', details: { leerroute: 'Z', level: 'A1' } }],
        deadlines: [
          { kind: 'TERMIJN_EINDE', date: '2029-11-21', source: 'EERSTE_PIP', daysRemaining: 1086 },
          { kind: 'VOORTGANGSGESPREK', date: '2027-02-20', source: 'BELEID', daysRemaining: 81 },
          { kind: 'PIP', date: '2026-11-15', source: 'SS139', daysRemaining: -16 },
        ],
      }),
      messages: [
        {
          type: 'PIP_VASTGESTELD',
          recipient: 'DUO',
          status: 'DELIVERED',
          createdAt: new Date('2026-11-20T10:00:00Z'),
          deliveredAt: new Date('2026-11-21T09:00:00Z'),
        },
      ],
      inbox: [{ id: 'evt-1', type: 'SS139', partnerName: 'DUO', status: 'DELIVERED' }],
    });
    expect(items.map((item) => [item.date, item.kind, item.text])).toEqual([
      ['2026-11-05', 'GEBEURD', 'DUO meldt: de PIP-termijn van 10 weken is gestart (DUO)'],
      ['2026-11-20', 'GEBEURD', 'PIP vastgesteld: Z-route, niveau A1'],
      ['2026-11-21', 'GEBEURD', 'Bericht PIP aan DUO: afgeleverd'],
      ['2027-02-20', 'VERWACHT', 'Volgend voortgangsgesprek'],
      ['2029-11-21', 'VERWACHT', 'Einde van de inburgeringstermijn'],
    ]);
  });

  it('names every outbound message, the end of ontzorgen and an ignored participation report in words', () => {
    expect(describeTimelineCode('ONTZORGEN_EINDE:BIJSTAND_BEEINDIGD_WERK').text).toBe(
      'Ontzorgen beëindigd (bijstand beëindigd wegens werk)',
    );
    expect(describeTimelineCode('PARTICIPATIE_GENEGEERD:PARTICIPATIE_OVERGANG_ONGELDIG').text).toBe(
      'Gemelde stand van participatie genegeerd (deze overgang kan niet vanuit de huidige stand)',
    );
    const items = buildTimeline({
      today: '2026-12-02',
      view: view({}),
      messages: ['Z_ROUTE_AFGEROND', 'MAP_EINDGESPREK', 'PVT_ONDERTEKEND', 'GEVOLGDE_UREN', 'CONTACTPERSOON'].map(
        (type) => ({
          type,
          recipient: 'DUO',
          status: 'WACHT_OP_DUO',
          createdAt: new Date('2026-12-02T10:00:00Z'),
          deliveredAt: null,
        }),
      ),
    });
    const texts = items.map((item) => item.text);
    expect(texts.some((text) => text.startsWith('Bericht afronding Z-route aan DUO'))).toBe(true);
    expect(texts.some((text) => text.startsWith('Bericht eindgesprek MAP aan DUO'))).toBe(true);
    expect(texts.every((text) => !/[a-z]+ route afgerond|pvt ondertekend|gevolgde_uren/i.test(text))).toBe(true);
  });

  it('shows partner reports the workflow has not processed yet, with their status', () => {
    const items = buildTimeline({
      today: '2026-12-01',
      view: null,
      inbox: [{ id: 'evt-9', type: 'UREN', partnerName: 'Taalschool Noord', status: 'FAILED' }],
    });
    expect(items).toEqual([
      expect.objectContaining({
        date: '2026-12-01',
        text: 'Uren gemeld door de aanbieder (Taalschool Noord): mislukt, nog niet verwerkt',
      }),
    ]);
  });

  it('describes every decision kind, ontheffing and afsluiting with their details', () => {
    expect(describeDecision({ kind: 'ONTHEFFING', details: { ground: 'MED', whole: true } })).toBe(
      'Ontheffing (volledig): medische redenen',
    );
    expect(describeDecision({ kind: 'AFGESLOTEN', details: { reden: 'PLICHT_VOLDAAN' } })).toBe(
      'Traject afgesloten: inburgeringsplicht voldaan',
    );
    expect(describeDecision({ kind: 'BREDE_INTAKE', details: { leerbaarheidstoets: 'B1_HAALBAAR' } })).toBe(
      'Brede intake afgerond (leerbaarheidstoets: B1 is haalbaar)',
    );
    expect(describeTimelineCode('SS103:ONGELDIGE_VERLENGING').text).toBe(
      'DUO meldt: termijn ambtshalve verlengd (ongeldige verlenging, genegeerd)',
    );
    expect(describeTimelineCode('ONTZORGEN_EINDE:ZES_MAANDEN_VERSTREKEN').text).toBe(
      'Ontzorgen beëindigd (zes maanden verstreken)',
    );
  });
});

describe('Dutch dates', () => {
  it('formats calendar dates without a time-zone shift and instants in Europe/Amsterdam', () => {
    expect(dutchDate('2026-12-02')).toBe('2 december 2026');
    expect(dutchShortDate('2026-11-10')).toBe('10 nov 2026');
    // 23:30 UTC on 31 December is already 1 January in Amsterdam.
    expect(dutchDateTime('2026-12-31T23:30:00Z')).toBe('1 januari 2027 om 00:30');
    expect(dutchDate(null)).toBe('—');
  });
});

describe('one status vocabulary', () => {
  it('answers with the workflow’s words for the stored projection codes, and filters on either', async () => {
    const { storedTrajectoryStatus, trajectoryStatusOf } = await import('../../src/api/trajectories/status');
    expect(['ACTIVE', 'SUSPENDED', 'CLOSED', 'CANCELLED', 'TERMINATED'].map(trajectoryStatusOf)).toEqual([
      'ACTIEF',
      'GESCHORST',
      'AFGESLOTEN',
      'GEANNULEERD',
      'BEEINDIGD',
    ]);
    expect(storedTrajectoryStatus('ACTIEF')).toBe('ACTIVE');
    expect(storedTrajectoryStatus('ACTIVE')).toBe('ACTIVE');
  });
});
