// A badge burst vs a person typing, on the timings of tests/fixtures/hid/keystrokes-badge-vs-typing.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeystrokeBurstDetector, type BurstOutcome } from '../../../../src/devices/badge';
import { keyForKeyboardCode } from '../../../../src/devices/hid';

interface Stroke {
  code: string;
  shift: boolean;
  at: number;
}
const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../fixtures/hid/keystrokes-badge-vs-typing.json'), 'utf8')) as {
  card: string;
  reader: Stroke[];
  person: Stroke[];
  held: Stroke[];
};

function play(strokes: Stroke[], options: Parameters<typeof createKeystrokeBurstDetector>[0] = { minLength: 6 }): BurstOutcome[] {
  const detector = createKeystrokeBurstDetector(options);
  const out: BurstOutcome[] = [];
  for (const s of strokes) out.push(...detector.push(keyForKeyboardCode(s.code, s.shift) ?? 'Unidentified', s.at));
  const end = (strokes.at(-1)?.at ?? 0) + 10_000;
  out.push(...detector.flush(end));
  return out;
}

const badges = (outcomes: BurstOutcome[]) => outcomes.filter((o) => o.kind === 'badge').map((o) => (o as { id: string }).id);
const typedKeys = (outcomes: BurstOutcome[]) => outcomes.flatMap((o) => (o.kind === 'typed' ? o.keys : []));

describe('keystroke burst detector', () => {
  it('takes the reader burst for a badge', () => {
    const out = play(fixture.reader);
    expect(badges(out)).toEqual([fixture.card]);
    expect(typedKeys(out)).toEqual([]);
  });

  it('gives back a person typing the very same number, in order, and never as a badge', () => {
    const out = play(fixture.person);
    expect(badges(out)).toEqual([]);
    expect(typedKeys(out).join('')).toBe(`${fixture.card}Enter`);
  });

  it('does not take a key held down (auto-repeat is fast but monotonous) for a badge', () => {
    const out = play(fixture.held);
    expect(badges(out)).toEqual([]);
    expect(typedKeys(out)).toHaveLength(fixture.held.length);
  });

  it('reads the badge between a person’s keystrokes', () => {
    const shifted = fixture.reader.map((s) => ({ ...s, at: s.at + 20_000 }));
    const out = play([...fixture.person, ...shifted]);
    expect(badges(out)).toEqual([fixture.card]);
    expect(typedKeys(out).join('')).toBe(`${fixture.card}Enter`);
  });

  it('needs minLength keys, and accepts a run without Enter only when told to', () => {
    expect(badges(play(fixture.reader, { minLength: 11 }))).toEqual([]);
    const unterminated = fixture.reader.slice(0, -1);
    expect(badges(play(unterminated))).toEqual([]);
    expect(badges(play(unterminated, { minLength: 6, acceptUnterminated: true }))).toEqual([fixture.card]);
  });

  it('ends a burst at any key a reader never sends', () => {
    const withArrow = [...fixture.reader.slice(0, 5), { code: 'ArrowLeft', shift: false, at: 1090 }, ...fixture.reader.slice(5)];
    expect(badges(play(withArrow))).toEqual([]);
  });

  it('slower than maxGapMs is typing: the same burst at 50 ms per key is refused, at 35 ms accepted', () => {
    const at = (gap: number) => fixture.reader.map((s, i) => ({ ...s, at: 1000 + i * gap }));
    expect(badges(play(at(50)))).toEqual([]);
    expect(badges(play(at(35)))).toEqual([fixture.card]);
  });

  it('says when to flush and forgets everything on reset', () => {
    const d = createKeystrokeBurstDetector({ minLength: 6, acceptUnterminated: true });
    expect(d.deadline()).toBeNull();
    for (const [i, k] of [...'123456'].entries()) d.push(k, 100 + i * 20);
    expect(d.deadline()).toBe(100 + 5 * 20 + 41);
    expect(d.flush(200)).toEqual([]);
    d.reset();
    expect(d.flush(10_000)).toEqual([]);
    expect(d.deadline()).toBeNull();
  });
});
