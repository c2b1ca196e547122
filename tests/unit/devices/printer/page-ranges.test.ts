import { describe, expect, it } from 'vitest';
import { pagesInRanges, parsePageRanges } from '../../../../src/devices/printer/page-ranges';

describe('parsePageRanges', () => {
  it('reads single pages, ranges and open ranges, sorted and merged', () => {
    expect(parsePageRanges('1-3,5')).toEqual([
      [1, 3],
      [5, 5],
    ]);
    expect(parsePageRanges(' 5 , 1 - 2 ,3')).toEqual([
      [1, 3],
      [5, 5],
    ]);
    expect(parsePageRanges('2-4,3-6')).toEqual([[2, 6]]);
    expect(parsePageRanges('7-', 10)).toEqual([[7, 10]]);
    expect(parsePageRanges('7-')).toEqual([[7, 2_147_483_647]]);
  });

  it.each(['', ',', '0', '3-1', 'a', '1;2', '-3', '1,,2', '1.5'])('refuses %j rather than print everything', (text) => {
    expect(() => parsePageRanges(text)).toThrow(RangeError);
  });
});

describe('pagesInRanges', () => {
  it('counts the selected pages that exist', () => {
    expect(pagesInRanges(null, 5)).toBe(5);
    expect(pagesInRanges(parsePageRanges('1-3,5'), 5)).toBe(4);
    expect(pagesInRanges(parsePageRanges('4-10'), 5)).toBe(2);
    expect(pagesInRanges(parsePageRanges('8-9'), 5)).toBe(0);
    expect(pagesInRanges(parsePageRanges('2-'), 5)).toBe(4);
  });
});
