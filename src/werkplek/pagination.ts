/**
 * Which page links a list shows: the first and last page, the current one and two either side,
 * and a gap (null) where pages are left out — so that 4,000 pages (100,000 trajectories in the
 * regional overzicht) are a dozen links, not 4,000.
 */
export function pageLinks(current: number, last: number, around = 2): Array<number | null> {
  const shown = new Set([1, last]);
  for (let page = current - around; page <= current + around; page++) if (page >= 1 && page <= last) shown.add(page);
  const links: Array<number | null> = [];
  let previous = 0;
  for (const page of [...shown].sort((a, b) => a - b)) {
    // A gap of exactly one page shows that page rather than an ellipsis standing in for it.
    if (page - previous === 2) links.push(previous + 1);
    else if (page - previous > 2) links.push(null);
    links.push(page);
    previous = page;
  }
  return links;
}
