// Fuzzing the decoder on real CUPS responses, deterministically (seeded PRNG): truncations, flipped octets,
// random lengths, random tags, spliced and random octets. Every input must decode or throw IppDecodeError,
// quickly; whatever decodes must give its plain view and encode again (or be refused with IppEncodeError).
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, IppDecodeError, IppEncodeError, plainGroup, ValueTag, type IppMessage } from '../../../../../src/devices/printer/ipp';
import { FIXTURES, fixture } from './bytes';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = [...Array(0x10).keys(), ...Object.values(ValueTag), 0x14, 0x20, 0x2a, 0x43, 0x4b, 0x80, 0xff];
const LENGTHS = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 0x7fff, 0x8000, 0xfffe, 0xffff];

type Mutation = (input: Uint8Array, random: () => number) => Uint8Array;
const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;
const at = (input: Uint8Array, random: () => number): number => Math.floor(random() * input.length);

const MUTATIONS: Record<string, Mutation> = {
  truncate: (input, random) => input.slice(0, at(input, random)),
  flip: (input, random) => {
    const out = input.slice();
    for (let n = 1 + Math.floor(random() * 8); n > 0; n--) {
      const i = at(out, random);
      out[i] = out[i]! ^ (1 << Math.floor(random() * 8));
    }
    return out;
  },
  length: (input, random) => {
    const out = input.slice();
    const i = Math.max(8, at(out, random) - 1);
    const v = random() < 0.5 ? pick(LENGTHS, random) : Math.floor(random() * 0x10000);
    out[i] = v >> 8;
    if (i + 1 < out.length) out[i + 1] = v & 0xff;
    return out;
  },
  tag: (input, random) => {
    const out = input.slice();
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) out[Math.max(8, at(out, random))] = pick(TAGS, random);
    return out;
  },
  splice: (input, random) => {
    const from = at(input, random);
    const to = Math.min(input.length, from + Math.floor(random() * 64));
    const where = at(input, random);
    const parts = random() < 0.5 ? [input.subarray(0, where), input.subarray(from, to), input.subarray(where)] : [input.subarray(0, from), input.subarray(to)];
    return new Uint8Array(Buffer.concat(parts));
  },
  random: (input, random) => {
    const out = new Uint8Array(8 + Math.floor(random() * 256));
    out.set(input.subarray(0, 8));
    for (let i = 8; i < out.length; i++) out[i] = random() < 0.3 ? pick(TAGS, random) : Math.floor(random() * 256);
    return out;
  },
};

function timeDecoding(input: Uint8Array): number {
  const started = performance.now();
  try {
    decodeMessage(input).groups.forEach(plainGroup);
  } catch {
    // Only the time counts here.
  }
  return performance.now() - started;
}

const ITERATIONS = 12_000;
/** Far above what one decode takes (µs to a few ms when the JIT is cold); only a loop or a blow-up could reach it. */
const MAX_MS_PER_INPUT = 100;

describe('fuzzing the decoder', () => {
  it(`${ITERATIONS} mutated CUPS responses: each decodes or throws IppDecodeError, within ${MAX_MS_PER_INPUT} ms`, () => {
    const random = prng(0x1bb_8010);
    const originals = FIXTURES.map(fixture);
    const names = Object.keys(MUTATIONS);
    const outcomes = { decoded: 0, refused: 0, reencoded: 0, notReencodable: 0 };
    let slowest = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const mutation = pick(names, random);
      const input = MUTATIONS[mutation]!(pick(originals, random), random);
      // Re-encoded and compared one time in four: the deep comparison of an 18 KB response costs more than its decoding.
      const check = i % 4 === 0;
      const where = `iteration ${i} (${mutation}, ${input.length} octets: ${Buffer.from(input.subarray(0, 64)).toString('hex')}…)`;
      const started = performance.now();
      let message: IppMessage | null = null;
      try {
        message = decodeMessage(input);
        outcomes.decoded++;
      } catch (error) {
        if (!(error instanceof IppDecodeError)) throw new Error(`${where}: ${String(error)}`, { cause: error });
        outcomes.refused++;
      }
      if (message) message.groups.forEach(plainGroup);
      // Timed: decoding and the plain view (not the checks below, whose deep comparisons are the slow part).
      // A garbage collection or a busy machine can stall one run: an input is slow only if it is slow three times.
      let elapsed = performance.now() - started;
      for (let retry = 0; retry < 2 && elapsed > MAX_MS_PER_INPUT; retry++) elapsed = Math.min(elapsed, timeDecoding(input));
      slowest = Math.max(slowest, elapsed);
      if (elapsed > MAX_MS_PER_INPUT) throw new Error(`${where}: took ${elapsed.toFixed(1)} ms`);
      if (message && check) {
        let again: Uint8Array | null = null;
        try {
          again = encodeMessage(message);
        } catch (error) {
          // e.g. a keyword that is no longer US-ASCII after a flipped octet.
          if (!(error instanceof IppEncodeError)) throw new Error(`${where}: re-encoding: ${String(error)}`, { cause: error });
          outcomes.notReencodable++;
        }
        if (again) {
          expect(decodeMessage(again), where).toEqual(message);
          outcomes.reencoded++;
        }
      }
    }
    if (process.env.IPP_FUZZ_REPORT) console.log(outcomes, `slowest ${slowest.toFixed(2)} ms`);
    // Both sides were exercised.
    expect(outcomes.decoded).toBeGreaterThan(ITERATIONS / 20);
    expect(outcomes.refused).toBeGreaterThan(ITERATIONS / 2);
    expect(outcomes.reencoded).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(MAX_MS_PER_INPUT);
  }, 120_000);

  it('the same seed gives the same inputs (a failure can be replayed)', () => {
    const a = prng(42);
    const b = prng(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});
