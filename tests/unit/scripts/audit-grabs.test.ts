// The escape audit's grab detector reports a grab that lasts (the resident's hands taken), not a pointer held for the
// moment of a click: a fake probe stands for the X server here; tests/engine/escape-audit.test.ts runs the real one.
import { describe, expect, it } from 'vitest';
import { heldForGood } from '../../../scripts/audit/escape/probes';
import type { GrabProbe, GrabState } from '../../../scripts/audit/x11-grabs';

const probeOf = (answers: (GrabState | null)[]): GrabProbe & { asked: number } => {
  const probe = {
    asked: 0,
    probe: async () => answers[Math.min(probe.asked++, answers.length - 1)] ?? null,
    close: () => {},
  };
  return probe;
};
const free = { pointer: false, keyboard: false };
const pointer = { pointer: true, keyboard: false };

describe('heldForGood', () => {
  it('nothing held: one probe, nothing reported', async () => {
    const p = probeOf([free]);
    expect(await heldForGood(p, 3, 1)).toEqual(free);
    expect(p.asked).toBe(1);
  });

  it('a grab let go on the next probe is not reported', async () => {
    expect(await heldForGood(probeOf([pointer, free]), 3, 1)).toEqual(free);
    expect(await heldForGood(probeOf([pointer, pointer, pointer, free]), 3, 1)).toEqual(free);
  });

  it('a grab still held on every probe is reported', async () => {
    const p = probeOf([pointer]);
    expect(await heldForGood(p, 3, 1)).toEqual(pointer);
    expect(p.asked).toBe(4);
  });

  it('an X server that stops answering is not a grab', async () => {
    expect(await heldForGood(probeOf([pointer, null]), 3, 1)).toBeNull();
  });
});
