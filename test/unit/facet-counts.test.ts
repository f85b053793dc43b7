import { describe, expect, it } from 'vitest';
import { facetCounts, type FacetCubeRow } from '../../src/api/beheer/list-trajectories';

const row = (gemeente: string, phase: string, leerroute: string | null, targetGroup: string, count: number) =>
  ({ values: { gemeente, phase, leerroute, targetGroup }, count }) satisfies FacetCubeRow;

const cube = [
  row('altena', 'PIP', null, 'asielstatushouder', 3),
  row('altena', 'LEERROUTE', 'B1', 'asielstatushouder', 2),
  row('drimmelen', 'LEERROUTE', 'Z', 'gezinsmigrant', 5),
  row('drimmelen', 'PIP', null, 'gezinsmigrant', 1),
];

describe('facet counts of the beheer list (from one GROUP BY over the four facets)', () => {
  it('without filters: every facet counts every trajectory, a missing leerroute as GEEN', () => {
    const { counts, total } = facetCounts(cube, {});
    expect(total).toBe(11);
    expect(counts.gemeente).toEqual({ altena: 5, drimmelen: 6 });
    expect(counts.phase).toEqual({ PIP: 4, LEERROUTE: 7 });
    expect(counts.leerroute).toEqual({ GEEN: 4, B1: 2, Z: 5 });
    expect(counts.targetGroup).toEqual({ asielstatushouder: 5, gezinsmigrant: 6 });
  });

  it("a facet's own filter leaves its counts alone; the other facets and the total follow it", () => {
    const { counts, total } = facetCounts(cube, { phase: 'LEERROUTE' });
    expect(total).toBe(7);
    expect(counts.phase).toEqual({ PIP: 4, LEERROUTE: 7 });
    expect(counts.gemeente).toEqual({ altena: 2, drimmelen: 5 });
    expect(counts.leerroute).toEqual({ B1: 2, Z: 5 });
  });

  it('two filters: each facet is counted with the other one applied', () => {
    const { counts, total } = facetCounts(cube, { gemeente: 'drimmelen', phase: 'PIP' });
    expect(total).toBe(1);
    expect(counts.gemeente).toEqual({ altena: 3, drimmelen: 1 });
    expect(counts.phase).toEqual({ LEERROUTE: 5, PIP: 1 });
    expect(counts.targetGroup).toEqual({ gezinsmigrant: 1 });
  });

  it('a filter no trajectory matches: total 0, the facets still show where the trajectories are', () => {
    const { counts, total } = facetCounts(cube, { leerroute: 'ONDERWIJS' });
    expect(total).toBe(0);
    expect(counts.leerroute).toEqual({ GEEN: 4, B1: 2, Z: 5 });
    expect(counts.gemeente).toEqual({});
  });
});
