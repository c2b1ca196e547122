// Page ranges as a resident picks them ("1-3, 5") → IPP page-ranges, and how many pages they select.

export type PageRange = [first: number, last: number];

/**
 * Parses "1-3,5" (spaces allowed, "7-" = from 7 to the end) into sorted, merged ranges.
 * Throws RangeError on anything else, so a typo never prints the whole document.
 */
export function parsePageRanges(text: string, pageCount = 2_147_483_647 /* IPP: MAX */): PageRange[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) throw new RangeError(`invalid page range: "${text}"`);
  const ranges = parts.map((part): PageRange => {
    const m = /^(\d+)(?:\s*-\s*(\d*))?$/.exec(part);
    if (!m) throw new RangeError(`invalid page range: "${part}"`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : m[2] === '' ? pageCount : Number(m[2]);
    if (first < 1 || last < first) throw new RangeError(`invalid page range: "${part}"`);
    return [first, last];
  });
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: PageRange[] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Pages of a `pageCount`-page document that the ranges select. */
export function pagesInRanges(ranges: readonly PageRange[] | null, pageCount: number): number {
  if (!ranges) return pageCount;
  let n = 0;
  for (const [first, last] of ranges) n += Math.max(0, Math.min(last, pageCount) - first + 1);
  return n;
}
