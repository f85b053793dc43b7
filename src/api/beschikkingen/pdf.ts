/**
 * The beschikking of a PIP (Wi art. 15) as a PDF in Dutch, made with pdfkit: the gemeente, the
 * facts of the PIP (leerroute, level, agreements with start and provider, participation, the
 * termijn, the inburgeraar's instemming), the legal basis and how to object (bezwaar within six
 * weeks, Awb art. 6:7). Made by the API after the workflow accepted the decision — never from
 * a refused one — and kept in PostgreSQL (store.ts), never in Temporal history.
 */
import PDFDocument from 'pdfkit';
import { dutchDate, LEERROUTE_NAMES, ONDERDEEL_LABELS, PARTICIPATIE_LABELS } from '../../domain/labels';
import type { PipRecord } from '../../workflows/trajectory/messages';

export interface BeschikkingFacts {
  kind: 'PIP_VASTGESTELD' | 'PIP_BIJGESTELD';
  gemeenteNaam: string;
  /** The addressee (from PostgreSQL; never from the workflow). */
  naam?: string;
  trajectoryId: string;
  pip: PipRecord;
  termijnStart: string;
  termijnEnd: string;
  bijstellingen: number;
}

/** The text of the beschikking, paragraph by paragraph (also what a test reads back). */
export function beschikkingParagraphs(facts: BeschikkingFacts): { title: string; paragraphs: string[] } {
  const { pip } = facts;
  const bijstelling = facts.kind === 'PIP_BIJGESTELD';
  const title = bijstelling
    ? 'Beschikking bijstelling Plan Inburgering en Participatie (PIP)'
    : 'Beschikking Plan Inburgering en Participatie (PIP)';
  const paragraphs: string[] = [
    `Gemeente ${facts.gemeenteNaam}`,
    `Dagtekening: ${dutchDate(pip.dagtekening)}`,
    `Kenmerk: ${facts.trajectoryId}`,
    ...(facts.naam ? [`Aan: ${facts.naam}`] : []),
    bijstelling
      ? `Het college van burgemeester en wethouders van de gemeente ${facts.gemeenteNaam} stelt uw Plan Inburgering en Participatie bij (bijstelling ${facts.bijstellingen}). Vanaf de dagtekening geldt het plan zoals hieronder beschreven.`
      : `Het college van burgemeester en wethouders van de gemeente ${facts.gemeenteNaam} stelt uw Plan Inburgering en Participatie (PIP) vast. In dit plan staat hoe u inburgert en meedoet in Nederland.`,
    `Leerroute: ${LEERROUTE_NAMES[pip.leerroute]}, te behalen taalniveau ${pip.level}${pip.alfabetisering ? ', met alfabetisering' : ''}.`,
  ];
  if (pip.afspraken?.length) {
    paragraphs.push(
      'Afspraken over de onderdelen van uw inburgering:',
      ...pip.afspraken.map(
        (afspraak) =>
          `- ${capitalize(ONDERDEEL_LABELS[afspraak.onderdeel])}: vanaf ${dutchDate(afspraak.start)}, bij ${afspraak.aanbieder}.`,
      ),
    );
  }
  if (pip.participatie?.length) {
    paragraphs.push(
      'Afspraken over participatie:',
      ...pip.participatie.map(
        (afspraak) =>
          `- ${capitalize(PARTICIPATIE_LABELS[afspraak.soort])}: vanaf ${dutchDate(afspraak.start)}${afspraak.aanbieder ? `, bij ${afspraak.aanbieder}` : ''}${afspraak.urenPerWeek !== undefined ? `, ${String(afspraak.urenPerWeek).replace('.', ',')} uur per week` : ''}.`,
      ),
    );
  }
  paragraphs.push(
    `Uw inburgeringstermijn begon op ${dutchDate(facts.termijnStart)} en loopt tot ${dutchDate(facts.termijnEnd)}. Binnen die termijn voldoet u aan uw inburgeringsplicht.`,
  );
  if (pip.instemming) {
    paragraphs.push(
      pip.instemming.akkoord
        ? `Wij hebben dit plan samen met u opgesteld. U heeft op ${dutchDate(pip.instemming.datum)} ingestemd met dit plan.`
        : `Wij hebben dit plan met u besproken. U heeft op ${dutchDate(pip.instemming.datum)} laten weten dat u niet instemt met dit plan; het plan geldt wel.`,
    );
  }
  paragraphs.push(
    'Wettelijke grondslag: dit besluit is genomen op grond van artikel 15 van de Wet inburgering 2021 en hoofdstuk 5 van het Besluit inburgering 2021.',
    `Bezwaar maken: bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dagtekening van dit besluit bezwaar maken (artikel 6:7 van de Algemene wet bestuursrecht). Stuur uw bezwaarschrift aan het college van burgemeester en wethouders van de gemeente ${facts.gemeenteNaam}. Zet in uw bezwaarschrift uw naam en adres, de datum, het kenmerk van dit besluit, waarom u het er niet mee eens bent, en uw handtekening.`,
    `Met vriendelijke groet, het college van burgemeester en wethouders van de gemeente ${facts.gemeenteNaam}.`,
  );
  return { title, paragraphs };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Renders the beschikking as a PDF (A4, Helvetica). */
export function renderBeschikkingPdf(facts: BeschikkingFacts): Promise<Buffer> {
  const { title, paragraphs } = beschikkingParagraphs(facts);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'nl-NL',
    info: { Title: title, Author: `Gemeente ${facts.gemeenteNaam}`, Subject: 'Wet inburgering 2021, artikel 15' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(title);
  doc.moveDown();
  doc.font('Helvetica').fontSize(11);
  for (const paragraph of paragraphs) {
    doc.text(paragraph, { align: 'left' });
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}
