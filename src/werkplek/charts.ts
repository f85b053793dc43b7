/**
 * Monitor charts: Observable Plot rendered on the server to SVG (a DOM from linkedom), so the
 * page needs no JavaScript. Each chart has a title for screen readers; the page also shows the
 * numbers in a table.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export interface Bar {
  label: string;
  value: number;
}

const { document } = parseHTML('<!doctype html><html><body></body></html>');

/** A horizontal bar chart as an SVG string (empty string without data). */
export function barChart(title: string, bars: Bar[], options: { unit?: string; max?: number } = {}): string {
  if (bars.length === 0) return '';
  const chart = Plot.plot({
    document: document as unknown as Plot.PlotOptions['document'],
    ariaLabel: title,
    ariaDescription: bars.map((bar) => `${bar.label}: ${bar.value}${options.unit ?? ''}`).join('; '),
    marginLeft: 190,
    marginRight: 48,
    height: 40 + bars.length * 28,
    width: 640,
    style: { fontSize: '14px', color: '#1b1b1b', background: 'transparent' },
    x: {
      label: options.unit === '%' ? 'Procent' : 'Aantal',
      grid: true,
      ...(options.max !== undefined ? { domain: [0, options.max] } : {}),
    },
    y: { label: null, domain: bars.map((bar) => bar.label) },
    marks: [
      Plot.barX(bars, { x: 'value', y: 'label', fill: '#1f4e79' }),
      Plot.text(bars, {
        x: 'value',
        y: 'label',
        text: (bar: Bar) => `${bar.value}${options.unit ?? ''}`,
        dx: 6,
        textAnchor: 'start',
        fill: '#1b1b1b',
      }),
      Plot.ruleX([0]),
    ],
  }) as unknown as {
    outerHTML: string;
    setAttribute(name: string, value: string): void;
    querySelectorAll(selector: string): Iterable<{ removeAttribute(name: string): void }>;
  };
  chart.setAttribute('role', 'img');
  // Inside role="img" the parts are presentational: their own aria-labels are not allowed.
  for (const part of chart.querySelectorAll('[aria-label]')) part.removeAttribute('aria-label');
  return chart.outerHTML;
}
