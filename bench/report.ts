/** The output: a table on stdout and bench/results/latest.json. */

// --- output ------------------------------------------------------------------------------

export type Row = {
  label: string;
  baseline: number | null;
  subject: number | null;
  unit: string;
  better: 'higher' | 'lower';
  ratio?: boolean;
  /** Lowest and highest per-round ratio (rounds paired in order). */
  range?: [number, number] | null;
};

export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

export function printTable(rows: Row[], header = ['metric', 'baseline', 'subject', 'subject/baseline']): void {
  const withRange = rows.some((row) => row.range);
  if (withRange) header = [...header, 'per-round range'];
  const lines = rows.map((row) => {
    const ratio =
      row.ratio === false || row.baseline === null || row.subject === null || row.baseline === 0
        ? null
        : row.subject / row.baseline;
    const cells = [
      `${row.label} (${row.unit}, ${row.better} is better)`,
      fmt(row.baseline),
      fmt(row.subject),
      ratio === null ? '—' : `${ratio.toFixed(2)}×`,
    ];
    if (withRange)
      cells.push(ratio !== null && row.range ? `${row.range[0].toFixed(2)}–${row.range[1].toFixed(2)}×` : '');
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(render(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(render(line));
}
