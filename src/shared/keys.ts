// A key on its way into a démarche page, in the words of the two layers that meet it: the engine's adapters see it
// (Electron's before-input-event) and give held keys back to the page; the badge reader's hold-back decides whether
// a burst of keys is a badge or a person typing (src/devices/badge/holdback.ts, wired in main).

/** A keyDown as `before-input-event` describes it (keyDown events only; keyUp passes). */
export interface KeyDown {
  /** What the OS layout produced ('1' on AZERTY for Shift+Digit1), or a key name ('Enter'). */
  key: string;
  /** The position (`KeyboardEvent.code`), layout-independent: what a badge id is read from. */
  code: string;
  shift: boolean;
  control: boolean;
  alt: boolean;
  meta: boolean;
}

/** Where held keys that turn out to be typing are given back: the page they were meant for. */
export interface KeyTarget {
  /** Inserts text as if typed, without key events. */
  typeText(text: string): Promise<void>;
  pressKey(key: 'Enter' | 'Tab'): Promise<void>;
}
