// Tells a badge from a person typing. A keyboard-wedge reader types its whole id in one fast
// burst (one key every 10–30 ms: a press report and a release report per character at the
// USB polling interval) and ends it with Enter; a person leaves 60 ms or more between keys
// and rarely produces six in a row under 40 ms. Pure: the caller gives the time of each key
// and calls flush() once `deadline()` has passed (createTimedBurstDetector does that on a Clock).
import type { Clock, TimerHandle } from '../hid';

export type BurstOutcome =
  /** A complete badge id. Hand it on and drop it: it is never stored or logged. */
  | { kind: 'badge'; id: string }
  /** Keys a person typed (or a burst too short to be a badge), in order, for whoever buffered them. */
  | { kind: 'typed'; keys: string[] };

export interface KeystrokeBurstOptions {
  /** `devices.badge.minLength`: shortest id taken for a badge. */
  minLength: number;
  /** Longest gap between two keys of one burst. Default 40 ms. */
  maxGapMs?: number;
  /** Longest id; a longer run is typing (or a key held down). Default 64. */
  maxLength?: number;
  /** Accept a fast run that ends without Enter/Tab once the gap has passed. Default false. */
  acceptUnterminated?: boolean;
}

export interface KeystrokeBurstDetector {
  /** A key as the HID decoder or `keyForKeyboardCode` names it, with its time in ms. */
  push(key: string, atMs: number): BurstOutcome[];
  /** Closes the run in progress if its last key is older than maxGapMs. */
  flush(atMs: number): BurstOutcome[];
  /** When flush() has something to close, or null when nothing is buffered. */
  deadline(): number | null;
  /** Drops what is buffered (e.g. the reader was unplugged mid-burst). */
  reset(): void;
}

export const DEFAULT_BURST_GAP_MS = 40;
const TERMINATORS = new Set(['Enter', 'Tab']);
const ID_CHARACTER = /^[0-9A-Za-z]$/;

export function createKeystrokeBurstDetector(options: KeystrokeBurstOptions): KeystrokeBurstDetector {
  const minLength = Math.max(1, options.minLength);
  const maxGapMs = options.maxGapMs ?? DEFAULT_BURST_GAP_MS;
  const maxLength = options.maxLength ?? 64;
  let run: string[] = [];
  let lastAt = 0;

  const take = (): string[] => {
    const keys = run;
    run = [];
    return keys;
  };

  // Auto-repeat of one held key is fast and regular too; a real id has more than one symbol.
  const looksLikeId = (keys: string[]) => keys.length >= minLength && keys.length <= maxLength && new Set(keys).size > 1;

  const closeByGap = (): BurstOutcome[] => {
    if (run.length === 0) return [];
    const keys = take();
    if (options.acceptUnterminated && looksLikeId(keys)) return [{ kind: 'badge', id: keys.join('') }];
    return [{ kind: 'typed', keys }];
  };

  return {
    push(key, atMs) {
      const out: BurstOutcome[] = [];
      if (run.length > 0 && atMs - lastAt > maxGapMs) out.push(...closeByGap());
      lastAt = atMs;
      if (TERMINATORS.has(key)) {
        if (looksLikeId(run)) out.push({ kind: 'badge', id: take().join('') });
        else out.push({ kind: 'typed', keys: [...take(), key] });
        return out;
      }
      if (!ID_CHARACTER.test(key)) {
        out.push({ kind: 'typed', keys: [...take(), key] });
        return out;
      }
      run.push(key);
      if (run.length > maxLength) out.push({ kind: 'typed', keys: take() });
      return out;
    },
    flush(atMs) {
      return run.length > 0 && atMs - lastAt > maxGapMs ? closeByGap() : [];
    },
    deadline: () => (run.length > 0 ? lastAt + maxGapMs + 1 : null),
    reset() {
      run = [];
    },
  };
}

export interface TimedBurstOptions extends KeystrokeBurstOptions {
  clock: Clock;
  /** What a flush closed once the gap passed with no key (a run of typing, or an unterminated badge). */
  onFlush(outcomes: BurstOutcome[]): void;
}

/** The detector on a clock: it closes a run by itself once maxGapMs has passed without a key. */
export interface TimedBurstDetector {
  /** The outcomes of this key, for the caller to handle; the flush timer is re-armed. */
  push(key: string, atMs: number): BurstOutcome[];
  /** Closes now a run whose gap has passed (returned, not given to onFlush); an open run stays. */
  flush(): BurstOutcome[];
  /** Whether a run is open (keys buffered). */
  open(): boolean;
  /** Drops the open run and its timer. */
  reset(): void;
}

export function createTimedBurstDetector(options: TimedBurstOptions): TimedBurstDetector {
  const { clock, onFlush } = options;
  const detector = createKeystrokeBurstDetector(options);
  let timer: TimerHandle | null = null;

  const cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  const arm = () => {
    cancel();
    const deadline = detector.deadline();
    if (deadline === null) return;
    timer = clock.setTimeout(
      () => {
        timer = null;
        const outcomes = detector.flush(clock.now());
        arm();
        if (outcomes.length > 0) onFlush(outcomes);
      },
      Math.max(0, deadline - clock.now()),
    );
  };

  return {
    push(key, atMs) {
      const outcomes = detector.push(key, atMs);
      arm();
      return outcomes;
    },
    flush() {
      const outcomes = detector.flush(clock.now());
      arm();
      return outcomes;
    },
    open: () => detector.deadline() !== null,
    reset() {
      cancel();
      detector.reset();
    },
  };
}
