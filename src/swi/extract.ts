/**
 * The CBS Statistiek Wet inburgering (SWI) extract of one gemeente and quarter: one record
 * per inburgeraar whose trajectory ran in the quarter (begun by its last day, not ended
 * before its first), generated from the projection, the Person row (BSN, geboortedatum) and
 * the MonitorEvent rows — never typed by hand. Written as XML valid against the schema in
 * ./schema (validated with libxml2's xmllint, compiled to WebAssembly: it runs offline on any
 * machine `npm ci` ran on) and as CSV. Both contain BSNs: only a beheerder of the gemeente may
 * download them, and every download is audited (src/api/monitor/swi-router.ts).
 *
 * Who is in it: the wettelijke doelgroep of the Wet inburgering 2021. The ondertussengroep
 * (old law) and trajectories a beheerder cancelled (started by mistake) are not.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';
import type { PrismaClient } from '../db/client';
import type { Period } from '../domain/period';
import { defineColumns, tableToCsv } from '../monitor/tables';

export const SWI_NAMESPACE = 'urn:inburgering-orchestrator:swi:1';
export const SWI_SCHEMA_FILE = fileURLToPath(new URL('./schema/swi-levering.xsd', import.meta.url));

export interface SwiRecord {
  bsn: string;
  geboortedatum: string | null;
  doelgroep: string;
  datumInstroom: string | null;
  bredeIntakeDatum: string | null;
  leerbaarheidstoets: string | null;
  pipDagtekening: string | null;
  startTermijnPip: string | null;
  leerroute: string | null;
  niveau: string | null;
  alfabetisering: boolean | null;
  knmBehaald: boolean;
  pvtAfgerond: boolean;
  mapAfgerond: boolean;
  urenTaalKnm: number;
  urenParticipatie: number;
  examenniveau: string | null;
  ontzorgenStart: string | null;
  ontzorgenEinde: string | null;
  uitkomst: string | null;
  urenPerWeek: number | null;
  eindeDatum: string | null;
  eindeReden: string | null;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString().slice(0, 10) : null);

/** The records, ordered by BSN (a stable file for the same data). */
export async function swiRecords(prisma: PrismaClient, gemeente: string, quarter: Period): Promise<SwiRecord[]> {
  const rows = await prisma.$queryRaw<
    Array<{
      bsn: string;
      geboortedatum: Date | null;
      targetGroup: string;
      instroomOn: Date | null;
      intake: string | null;
      toets: string | null;
      firstPipDagtekening: Date | null;
      pipClockStart: Date | null;
      leerroute: string | null;
      niveau: string | null;
      alfa: boolean | null;
      knmDone: boolean;
      pvtDone: boolean;
      mapDone: boolean;
      hoursTaalKnm: number;
      hoursParticipatie: number;
      examLevel: string | null;
      ontzorgenStart: Date | null;
      ontzorgenEnd: Date | null;
      uitkomst: string | null;
      uren: number | null;
      closedOn: Date | null;
      closeReason: string | null;
    }>
  >`
    SELECT p.bsn, p.geboortedatum, t."targetGroup", t."instroomOn",
      t.state->'bredeIntake'->>'date' AS intake, t.state->'leerbaarheidstoets'->>'result' AS toets,
      t."firstPipDagtekening", t."pipClockStart", t.leerroute,
      t.state->'pip'->>'level' AS niveau, (t.state->'pip'->>'alfabetisering')::boolean AS alfa,
      t."knmDone", t."pvtDone", t."mapDone", t."hoursTaalKnm", t."hoursParticipatie", t."examLevel",
      t."ontzorgenStart", t."ontzorgenEnd",
      e.data->>'uitkomst' AS uitkomst, (e.data->>'urenPerWeek')::float8 AS uren,
      CASE WHEN t."closedOn" <= ${quarter.tot}::date THEN t."closedOn" END AS "closedOn",
      CASE WHEN t."closedOn" <= ${quarter.tot}::date THEN t."closeReason" END AS "closeReason"
    FROM "Trajectory" t
    JOIN "Person" p ON p."trajectoryId" = t.id
    LEFT JOIN LATERAL (
      SELECT data FROM "MonitorEvent" m
      WHERE m."trajectoryId" = t.id AND m.type = 'UITSTROOM' AND m."occurredOn" <= ${quarter.tot}::date
      ORDER BY m."occurredOn" DESC LIMIT 1
    ) e ON true
    WHERE t.gemeente = ${gemeente} AND t.status <> 'CANCELLED' AND NOT t.ondertussengroep
      AND COALESCE(t."instroomOn", t."createdAt"::date) <= ${quarter.tot}::date
      AND (t."closedOn" IS NULL OR t."closedOn" >= ${quarter.van}::date)
    ORDER BY p.bsn`;
  return rows.map((row) => ({
    bsn: row.bsn,
    geboortedatum: iso(row.geboortedatum),
    doelgroep: row.targetGroup,
    datumInstroom: iso(row.instroomOn),
    bredeIntakeDatum: row.intake,
    leerbaarheidstoets: row.toets,
    pipDagtekening: iso(row.firstPipDagtekening),
    startTermijnPip: iso(row.pipClockStart),
    leerroute: row.firstPipDagtekening ? row.leerroute : null,
    niveau: row.firstPipDagtekening ? row.niveau : null,
    alfabetisering: row.firstPipDagtekening ? row.alfa : null,
    knmBehaald: row.knmDone,
    pvtAfgerond: row.pvtDone,
    mapAfgerond: row.mapDone,
    urenTaalKnm: row.hoursTaalKnm,
    urenParticipatie: row.hoursParticipatie,
    examenniveau: row.examLevel,
    ontzorgenStart: iso(row.ontzorgenStart),
    ontzorgenEinde: iso(row.ontzorgenEnd),
    uitkomst: row.uitkomst,
    urenPerWeek: row.uren,
    eindeDatum: iso(row.closedOn),
    eindeReden: row.closeReason,
  }));
}

/** The XML document. Optional kenmerken that are unknown or do not apply are left out. */
export function toXml(records: SwiRecord[], header: { gemeente: string; quarter: Period; createdAt: Date }): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(SWI_NAMESPACE, 'swiLevering');
  const kop = root.ele('kop');
  kop.ele('gemeente').txt(header.gemeente);
  kop.ele('kwartaal').txt(header.quarter.label);
  kop.ele('periodeVan').txt(header.quarter.van);
  kop.ele('periodeTot').txt(header.quarter.tot);
  kop.ele('aangemaakt').txt(header.createdAt.toISOString());
  kop.ele('aantalRecords').txt(String(records.length));
  for (const r of records) {
    const person = root.ele('inburgeraar');
    const optional = (parent: typeof person, name: string, value: string | number | boolean | null) => {
      if (value !== null) parent.ele(name).txt(String(value));
    };
    person.ele('bsn').txt(r.bsn);
    optional(person, 'geboortedatum', r.geboortedatum);
    person.ele('doelgroep').txt(r.doelgroep);
    optional(person, 'datumInstroom', r.datumInstroom);
    if (r.bredeIntakeDatum) {
      const intake = person.ele('bredeIntake');
      intake.ele('datum').txt(r.bredeIntakeDatum);
      optional(intake, 'leerbaarheidstoets', r.leerbaarheidstoets);
    }
    if (r.pipDagtekening && r.leerroute) {
      const pip = person.ele('pip');
      pip.ele('dagtekening').txt(r.pipDagtekening);
      optional(pip, 'startTermijnPip', r.startTermijnPip);
      pip.ele('leerroute').txt(r.leerroute);
      optional(pip, 'niveau', r.niveau);
      optional(pip, 'alfabetisering', r.alfabetisering);
    }
    const modules = person.ele('modules');
    modules.ele('knmBehaald').txt(String(r.knmBehaald));
    modules.ele('pvtAfgerond').txt(String(r.pvtAfgerond));
    modules.ele('mapAfgerond').txt(String(r.mapAfgerond));
    modules.ele('urenTaalKnm').txt(String(r.urenTaalKnm));
    modules.ele('urenParticipatie').txt(String(r.urenParticipatie));
    optional(modules, 'examenniveau', r.examenniveau);
    if (r.ontzorgenStart && r.ontzorgenEinde) {
      const ontzorgen = person.ele('ontzorgen');
      ontzorgen.ele('start').txt(r.ontzorgenStart);
      ontzorgen.ele('einde').txt(r.ontzorgenEinde);
    }
    if (r.uitkomst) {
      const participatie = person.ele('participatie');
      participatie.ele('uitkomst').txt(r.uitkomst);
      optional(participatie, 'urenPerWeek', r.urenPerWeek);
    }
    if (r.eindeDatum && r.eindeReden) {
      const einde = person.ele('einde');
      einde.ele('datum').txt(r.eindeDatum);
      einde.ele('reden').txt(r.eindeReden);
    }
  }
  return root.end({ prettyPrint: true });
}

const CSV_COLUMNS = defineColumns([
  ['bsn', 'BSN'],
  ['geboortedatum', 'Geboortedatum'],
  ['doelgroep', 'Doelgroep'],
  ['datumInstroom', 'Datum instroom'],
  ['bredeIntakeDatum', 'Datum brede intake'],
  ['leerbaarheidstoets', 'Leerbaarheidstoets'],
  ['pipDagtekening', 'Dagtekening PIP'],
  ['startTermijnPip', 'Start PIP-termijn'],
  ['leerroute', 'Leerroute'],
  ['niveau', 'Niveau PIP'],
  ['alfabetisering', 'Alfabetisering'],
  ['knmBehaald', 'KNM behaald'],
  ['pvtAfgerond', 'PVT afgerond'],
  ['mapAfgerond', 'MAP afgerond'],
  ['urenTaalKnm', 'Uren taal en KNM'],
  ['urenParticipatie', 'Uren participatie'],
  ['examenniveau', 'Examenniveau'],
  ['ontzorgenStart', 'Start ontzorgen'],
  ['ontzorgenEinde', 'Einde ontzorgen'],
  ['uitkomst', 'Uitkomst participatie/werk'],
  ['urenPerWeek', 'Uren per week'],
  ['eindeDatum', 'Datum einde plicht'],
  ['eindeReden', 'Reden einde plicht'],
]);

export function toCsv(records: SwiRecord[]): string {
  return tableToCsv({
    columns: CSV_COLUMNS,
    rows: records as unknown as Array<Record<string, string | number | boolean | null>>,
  });
}

let schemaText: Promise<string> | undefined;

/** Validates against the repository's XSD (libxml2): the list of errors, empty when valid. */
export async function validateSwiXml(xml: string): Promise<string[]> {
  schemaText ??= readFile(SWI_SCHEMA_FILE, 'utf8');
  const result = await validateXML({
    xml: [{ fileName: 'swi-levering.xml', contents: xml }],
    schema: [{ fileName: 'swi-levering.xsd', contents: await schemaText }],
    // A large gemeente's quarter: up to ~1 GiB of WebAssembly memory.
    maxMemoryPages: 16_384,
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

export interface SwiExtract {
  records: number;
  xml: string;
  csv: string;
}

/** Builds and validates the extract; an extract that does not validate is never stored. */
export async function buildSwiExtract(
  prisma: PrismaClient,
  gemeente: string,
  quarter: Period,
  createdAt = new Date(),
): Promise<SwiExtract> {
  const records = await swiRecords(prisma, gemeente, quarter);
  const xml = toXml(records, { gemeente, quarter, createdAt });
  const errors = await validateSwiXml(xml);
  if (errors.length > 0)
    throw new Error(
      `SWI-extract ${gemeente} ${quarter.label} voldoet niet aan het schema: ${errors.slice(0, 5).join('; ')}`,
    );
  return { records: records.length, xml, csv: toCsv(records) };
}
