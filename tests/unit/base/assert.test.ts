import { describe, expect, it } from 'vitest';
import { assertNever } from '../../../src/base/assert';

type Shape = { kind: 'circle'; r: number } | { kind: 'square'; side: number };

function area(s: Shape): number {
  switch (s.kind) {
    case 'circle':
      return Math.PI * s.r ** 2;
    case 'square':
      return s.side ** 2;
    default:
      return assertNever(s, 'shape');
  }
}

describe('assertNever', () => {
  it('is never reached while every case is handled', () => {
    expect(area({ kind: 'square', side: 3 })).toBe(9);
  });

  it('throws, naming what and the value, when a value from outside reaches it', () => {
    expect(() => area({ kind: 'triangle' } as unknown as Shape)).toThrow('unexpected shape: {"kind":"triangle"}');
    expect(() => assertNever('other' as never)).toThrow('unexpected value: "other"');
  });

  it('still throws its own error for a value JSON cannot show', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => assertNever(cyclic as never, 'event')).toThrow('unexpected event: [object Object]');
    expect(() => assertNever(10n as never)).toThrow('unexpected value: 10');
  });
});
