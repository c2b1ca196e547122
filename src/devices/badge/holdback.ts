// Keeps a keyboard-wedge badge reader's keystrokes out of the démarche page. In keystroke mode
// the reader types into whatever has focus: during a démarche that is a third-party site, which
// would receive the referent's badge id as typed text. So every key the page is about to get is
// first offered here, synchronously (Electron's `before-input-event`): an ID character is held
// (the caller cancels the native event) and fed to the reader's burst detection; a badge is
// handed to the reader and its keys never reach the page; typing (gaps over maxGapMs, a run too
// short or monotonous to be an id) is given back to the page, in order, through the target the
// caller passed with each key. A person's single key thus reaches the page maxGapMs + 1 ms late
// (41 ms by default), as text inserted without key events (typeText) or as Enter/Tab (pressKey).
//
// Nothing held outlives its run: the keys are dropped once detected as a badge, or kept only
// until given back. Neither ids nor typed keys are ever logged.
//
// Ordering limitation: giving keys back is asynchronous (the target sends them to the page),
// while a key that passes continues at once as a native event. A key that cannot be re-typed
// (Backspace, arrows, a shortcut with Ctrl/Alt/Meta…) releases the held run and passes, and may
// therefore reach the page before the released text does (e.g. "ab" then Backspace within a few
// ms). While a give-back is still under way, keys that can be re-typed are held too and queued
// behind it, which keeps the order of ordinary typing.
import { keyForKeyboardCode, systemClock, type Clock, type KeyboardLayout } from '../hid';
import { createTimedBurstDetector, DEFAULT_BURST_GAP_MS, type BurstOutcome } from './burst';
import type { KeyDown, KeyTarget } from '../../shared/keys';

export interface KeystrokeHoldBack {
  /** true: held (cancel the native event); false: let it through. */
  offer(key: KeyDown, target: KeyTarget, atMs?: number): boolean;
  /** Ends the run in progress (see endRun) and passes every key from now on. */
  dispose(): void;
}

export interface KeystrokeHoldBackOptions {
  /** `devices.badge.minLength`. */
  minLength: number;
  /** Longest gap inside a burst. Default 40 ms. */
  maxGapMs?: number;
  /** Layout the reader was set for (detection only). Default 'qwerty'. */
  layout?: KeyboardLayout;
  clock?: Clock;
  /** A badge read from held keys, raw: hand it on, never keep it. */
  onBadge(id: string): void;
}

export interface ManagedKeystrokeHoldBack extends KeystrokeHoldBack {
  /**
   * Ends the run in progress and keeps holding afterwards (the reader stops). Keys whose gap has
   * passed are typing and are given back. A still-open fast run of two keys or more may be a
   * badge being read: it is dropped. A single open key cannot be told from the first key of a
   * badge; it is given back, since losing a resident's keystroke is the worse of the two.
   */
  endRun(): void;
}

const ID_KEY = /^[0-9A-Za-z]$/;
const RETYPED_KEYS = new Set(['Enter', 'Tab']);
const CONTROL_CHARACTER = /\p{Cc}/u;
// Shift and the lock keys alone produce no text: they pass, and neither hold nor end a run (a
// reader set for AZERTY presses Shift before each digit). Ctrl/Alt/Meta alone are shortcuts
// starting: they release the run like any key that cannot be re-typed.
export const NEUTRAL_KEYS: ReadonlySet<string> = new Set(['Shift', 'CapsLock', 'NumLock']);

interface HeldKey {
  /** The key as the layout produced it: what is given back. */
  key: string;
  target: KeyTarget;
}

function canRetype(key: KeyDown): boolean {
  // pressKey gives back a bare Enter/Tab: Shift+Tab (and Shift+Enter) would change meaning.
  if (RETYPED_KEYS.has(key.key)) return !key.shift;
  return [...key.key].length === 1 && !CONTROL_CHARACTER.test(key.key);
}

/** The hold-back of a reader read over HID: its keys never come through the window. */
export const PASS_ALL_KEYSTROKES: ManagedKeystrokeHoldBack = Object.freeze({
  offer: () => false,
  dispose: () => undefined,
  endRun: () => undefined,
});

export function createKeystrokeHoldBack(options: KeystrokeHoldBackOptions): ManagedKeystrokeHoldBack {
  const clock = options.clock ?? systemClock;
  const layout = options.layout ?? 'qwerty';
  /** The keys of the run the detector holds, in order: exactly what it has buffered. */
  let held: HeldKey[] = [];
  let givingBack = 0;
  let queue: Promise<void> = Promise.resolve();
  let disposed = false;

  const giveBack = (keys: HeldKey[]) => {
    for (const { key, target } of keys) {
      givingBack += 1;
      queue = queue
        .then(() => (key === 'Enter' || key === 'Tab' ? target.pressKey(key) : target.typeText(key)))
        // The page went away: there is nothing to give the key back to. Not logged (a password?).
        .catch(() => undefined)
        .finally(() => {
          givingBack -= 1;
        });
    }
  };

  /** Matches the detector's outcomes to the held keys; `terminated`: the key just pushed was Enter/Tab. */
  const settle = (outcomes: BurstOutcome[], terminated: boolean) => {
    const badges: string[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'typed') {
        giveBack(held.splice(0, outcome.keys.length));
        return;
      }
      // One held key per id character, plus the Enter/Tab that ended it: dropped, never typed.
      held.splice(0, outcome.id.length + (terminated && i === outcomes.length - 1 ? 1 : 0));
      badges.push(outcome.id);
    });
    // Handed on once the state is consistent (a listener may end the démarche, and dispose).
    for (const id of badges) options.onBadge(id);
  };

  const detector = createTimedBurstDetector({
    minLength: options.minLength,
    maxGapMs: options.maxGapMs ?? DEFAULT_BURST_GAP_MS,
    acceptUnterminated: false,
    clock,
    onFlush: (outcomes) => settle(outcomes, false),
  });

  /** Gives back the run in progress as typed (a key that cannot wait is coming). */
  const release = () => {
    const keys = held;
    held = [];
    detector.reset();
    giveBack(keys);
  };

  const endRun = () => {
    settle(detector.flush(), false);
    const open = held;
    held = [];
    detector.reset();
    if (open.length === 1) giveBack(open);
  };

  return {
    offer(key, target, atMs) {
      if (disposed || NEUTRAL_KEYS.has(key.key)) return false;
      const chorded = key.control || key.alt || key.meta;
      if (held.length === 0 && givingBack === 0) {
        if (chorded || !ID_KEY.test(key.key)) return false;
      } else if (chorded || !canRetype(key)) {
        // Released first, but asynchronously: see the ordering limitation at the top.
        release();
        return false;
      }
      // Detection reads the position (the same id whatever the cabin's layout); the page gets `key`.
      const name = RETYPED_KEYS.has(key.key) ? key.key : (keyForKeyboardCode(key.code, key.shift, layout) ?? 'Unidentified');
      held.push({ key: key.key, target });
      settle(detector.push(name, atMs ?? clock.now()), RETYPED_KEYS.has(name));
      return true;
    },
    dispose() {
      if (disposed) return;
      endRun();
      disposed = true;
    },
    endRun,
  };
}
