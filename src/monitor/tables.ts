/**
 * A figure table: what the monitor answers, in JSON as it is and as CSV (Dutch headers,
 * `;`-separated, UTF-8 with BOM, as Dutch spreadsheet programs read it). One row per gemeente
 * in scope, plus a `regio` row when the scope holds more than one gemeente.
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface FigureColumn {
  key: string;
  /** Dutch column header (CSV). */
  header: string;
}

export interface FigureTable {
  id: string;
  title: string;
  /** How the figure is counted (Dutch, for the reader). */
  description: string;
  columns: FigureColumn[];
  rows: Row[];
}

/** The key of the region's row in the `gemeente` column. */
export const REGIO = 'regio';

export function defineColumns(columns: Array<[key: string, header: string]>): FigureColumn[] {
  return columns.map(([key, header]) => ({ key, header }));
}

/** CSV with a byte-order mark (Excel then reads UTF-8), `;` as separator, `,` as decimal sign. */
export function tableToCsv(table: Pick<FigureTable, 'columns' | 'rows'>): string {
  const body = stringify(
    table.rows.map((row) => table.columns.map((column) => csvCell(row[column.key] ?? null))),
    { delimiter: ';', header: true, columns: table.columns.map((column) => column.header), record_delimiter: '\r\n' },
  );
  return `\uFEFF${body}`;
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return String(value).replace('.', ',');
  return value;
}

/** Percentage with one decimal, or null when there is nothing to divide by. */
export function percentage(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}

/** Rows for every gemeente in scope (zeros where SQL returned none) and the region's row. */
export function rowsPerGemeente(gemeenten: string[], found: Map<string | null, Row>, empty: () => Row): Row[] {
  const keys: Array<string | null> = gemeenten.length > 1 ? [...gemeenten, null] : gemeenten;
  return keys.map((gemeente) => ({ gemeente: gemeente ?? REGIO, ...empty(), ...found.get(gemeente) }));
}
