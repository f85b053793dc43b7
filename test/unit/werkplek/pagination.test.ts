import { describe, expect, it } from 'vitest';
import { pageLinks } from '../../../src/werkplek/pagination';

describe('pageLinks', () => {
  it('shows every page of a short list', () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(2, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageLinks(1, 7)).toEqual([1, 2, 3, null, 7]);
  });

  it('shows first, last and two either side of the current page, with gaps between', () => {
    expect(pageLinks(2000, 4000)).toEqual([1, null, 1998, 1999, 2000, 2001, 2002, null, 4000]);
    expect(pageLinks(4000, 4000)).toEqual([1, null, 3998, 3999, 4000]);
    expect(pageLinks(1, 4000)).toEqual([1, 2, 3, null, 4000]);
  });

  it('shows a single left-out page instead of a gap standing for it', () => {
    expect(pageLinks(5, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pageLinks(4, 20)).toEqual([1, 2, 3, 4, 5, 6, null, 20]);
  });
});
