// Boot-protocol keyboard reports (HID 1.11, appendix B.1): byte 0 = modifier bits, byte 1
// reserved, bytes 2–7 = usages of up to six keys held. Used by the badge reader (keyboard-wedge
// RFID readers) and by occupancy sensors that hold a key while the cabin is occupied.
//
// A usage names a key *position*, not a character: the reader's firmware picks usages so that a
// given host layout prints the right characters. Digits are therefore read from the position
// alone: a reader set for QWERTY sends the digit row without Shift, one set for AZERTY (where
// digits are shifted) sends it with Shift; both mean the same digit here. Letters (hex ids)
// depend on the layout the reader was set for.

export type KeyboardLayout = 'qwerty' | 'azerty';

export interface KeyboardReport {
  /** Modifier bits: 0x01 LCtrl, 0x02 LShift, 0x04 LAlt, 0x08 LGui, 0x10…0x80 the right ones. */
  modifiers: number;
  shift: boolean;
  /** Usages of the keys held (0x04–0xDD), in report order, modifiers not included. */
  usages: number[];
  /** The same keys as names: one character ('7', 'A'), or 'Enter', 'Tab', 'Escape', 'Backspace', 'F1'…'F24'. */
  keys: string[];
}

const SHIFT_BITS = 0x02 | 0x20;
const ERROR_ROLL_OVER = 0x01;

const DIGIT_ROW = '1234567890';
const QWERTY_LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// Letters an AZERTY host prints for the usages 0x04…0x1D (a q, w z swapped; M sits on ';').
const AZERTY_LETTERS = 'qbcdefghijkl,noparstuvzxyw';
const AZERTY_SEMICOLON_KEY = 'm';

function letter(usage: number, layout: KeyboardLayout): string | undefined {
  const table = layout === 'azerty' ? AZERTY_LETTERS : QWERTY_LETTERS;
  return table[usage - 0x04];
}

/** The name of the key at a usage, or undefined for keys Cabine has no use for. */
export function keyForUsage(usage: number, shift: boolean, layout: KeyboardLayout = 'qwerty'): string | undefined {
  if (usage >= 0x04 && usage <= 0x1d) {
    const ch = letter(usage, layout);
    if (!ch) return undefined;
    return shift ? ch.toUpperCase() : ch;
  }
  if (usage >= 0x1e && usage <= 0x27) return DIGIT_ROW[usage - 0x1e];
  if (usage >= 0x59 && usage <= 0x62) return DIGIT_ROW[usage - 0x59]; // keypad 1…9, 0
  if (usage === 0x28 || usage === 0x58) return 'Enter';
  if (usage === 0x29) return 'Escape';
  if (usage === 0x2a) return 'Backspace';
  if (usage === 0x2b) return 'Tab';
  if (usage === 0x2c) return ' ';
  if (usage === 0x2d || usage === 0x56) return '-';
  if (usage === 0x33 && layout === 'azerty') return shift ? AZERTY_SEMICOLON_KEY.toUpperCase() : AZERTY_SEMICOLON_KEY;
  if (usage >= 0x3a && usage <= 0x45) return `F${usage - 0x3a + 1}`;
  if (usage >= 0x68 && usage <= 0x73) return `F${usage - 0x68 + 13}`;
  return undefined;
}

/**
 * Decodes one keyboard input report as node-hid delivers it: 8 bytes, or 9 when the device
 * numbers its reports (byte 0 = report id). Returns null for anything else (not a boot
 * keyboard report) and for the "phantom" report a keyboard sends when too many keys are held.
 */
export function decodeKeyboardReport(report: Uint8Array, options: { layout?: KeyboardLayout } = {}): KeyboardReport | null {
  const offset = report.length === 8 ? 0 : report.length === 9 ? 1 : -1;
  if (offset < 0) return null;
  const modifiers = report[offset] ?? 0;
  const slots = Array.from(report.subarray(offset + 2, offset + 8));
  if (slots.every((u) => u === ERROR_ROLL_OVER)) return null;
  const usages = slots.filter((u) => u >= 0x04 && u <= 0xdd);
  const shift = (modifiers & SHIFT_BITS) !== 0;
  const keys: string[] = [];
  for (const usage of usages) {
    const key = keyForUsage(usage, shift, options.layout);
    if (key !== undefined) keys.push(key);
  }
  return { modifiers, shift, usages, keys };
}

/** Whether a usage is held in a decoded report; 0xE0–0xE7 are the modifier keys (bits of byte 0). */
export function isUsageHeld(report: KeyboardReport, usage: number): boolean {
  if (usage >= 0xe0 && usage <= 0xe7) return (report.modifiers & (1 << (usage - 0xe0))) !== 0;
  return report.usages.includes(usage);
}

/**
 * Turns successive reports (which say what is held) into keystrokes (what was just pressed).
 * A key held across reports counts once; reset() after a reconnect.
 */
export function createKeystrokeDecoder(options: { layout?: KeyboardLayout } = {}) {
  let held = new Set<number>();
  return {
    push(report: Uint8Array): string[] {
      const decoded = decodeKeyboardReport(report, options);
      if (!decoded) return [];
      const pressed: string[] = [];
      for (const usage of decoded.usages) {
        if (held.has(usage)) continue;
        const key = keyForUsage(usage, decoded.shift, options.layout);
        if (key !== undefined) pressed.push(key);
      }
      held = new Set(decoded.usages);
      return pressed;
    },
    reset() {
      held = new Set();
    },
  };
}

/** HID usages of the `KeyboardEvent.code` values a badge or sensor can produce. */
function usageForCode(code: string): number | undefined {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return 0x04 + (m[1] as string).charCodeAt(0) - 65;
  m = /^Digit([0-9])$/.exec(code);
  if (m) return 0x1e + ((Number(m[1]) + 9) % 10);
  m = /^Numpad([0-9])$/.exec(code);
  if (m) return 0x59 + ((Number(m[1]) + 9) % 10);
  m = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code);
  if (m) {
    const n = Number(m[1]);
    return n <= 12 ? 0x3a + n - 1 : 0x68 + n - 13;
  }
  const named: Record<string, number> = {
    Enter: 0x28,
    NumpadEnter: 0x58,
    Escape: 0x29,
    Backspace: 0x2a,
    Tab: 0x2b,
    Space: 0x2c,
    Minus: 0x2d,
    NumpadSubtract: 0x56,
    Semicolon: 0x33,
  };
  return named[code];
}

/**
 * The key name for a DOM `KeyboardEvent.code` (Electron's `before-input-event` gives it):
 * the same name the HID path gives for the same key, whatever the cabin's OS layout, so that a
 * badge read as keystrokes and one read over HID produce the same id.
 */
export function keyForKeyboardCode(code: string, shift: boolean, layout: KeyboardLayout = 'qwerty'): string | undefined {
  const usage = usageForCode(code);
  return usage === undefined ? undefined : keyForUsage(usage, shift, layout);
}
