// The on-screen keyboard as pure functions: the layouts, what a key press produces, and how it
// edits one of our text fields. No DOM here, so the unit tests run it directly.
import type { KeyboardInput } from '../../shared/ipc/contract';

export type SpecialKey = Extract<KeyboardInput, { kind: 'key' }>['key'];
export type ShiftState = 'off' | 'once' | 'lock';
export type KeyboardMode = 'letters' | 'symbols';

export interface KeyboardState {
  shift: ShiftState;
  mode: KeyboardMode;
}

export const INITIAL_KEYBOARD: KeyboardState = { shift: 'off', mode: 'letters' };

/** A key of the layout: a character, or a control with an i18n label. */
export type KeySpec =
  | { kind: 'char'; char: string }
  | { kind: 'special'; key: SpecialKey; label: string; width?: number }
  | { kind: 'shift'; label: string; width?: number }
  | { kind: 'mode'; label: string; width?: number }
  | { kind: 'hide'; label: string; width?: number };

const chars = (s: string): KeySpec[] => [...s].map((char) => ({ kind: 'char', char }));

/** French AZERTY, with the accented letters French needs on their own row (no dead keys to learn). */
export const LETTER_ROWS: KeySpec[][] = [
  [...chars('1234567890'), { kind: 'special', key: 'Backspace', label: 'keyboard.backspace', width: 2 }],
  chars('éèêàâçùôîë'),
  chars('azertyuiop'),
  [...chars('qsdfghjklm'), { kind: 'special', key: 'Enter', label: 'keyboard.enter', width: 2 }],
  [{ kind: 'shift', label: 'keyboard.shift', width: 2 }, ...chars("wxcvbn',.-")],
  [
    { kind: 'mode', label: 'keyboard.symbols', width: 2 },
    ...chars('@'),
    { kind: 'special', key: 'Space', label: 'keyboard.space', width: 5 },
    ...chars('_'),
    { kind: 'special', key: 'ArrowLeft', label: 'keyboard.left' },
    { kind: 'special', key: 'ArrowRight', label: 'keyboard.right' },
    { kind: 'hide', label: 'keyboard.hide', width: 2 },
  ],
];

export const SYMBOL_ROWS: KeySpec[][] = [
  [...chars('1234567890'), { kind: 'special', key: 'Backspace', label: 'keyboard.backspace', width: 2 }],
  chars('@.-_/:;&?!'),
  chars('()[]"#%*+='),
  [...chars('€$£<>|~\\^°'), { kind: 'special', key: 'Enter', label: 'keyboard.enter', width: 2 }],
  [{ kind: 'special', key: 'Tab', label: 'keyboard.tab', width: 2 }, ...chars("ïûœæ«»',.")],
  [
    { kind: 'mode', label: 'keyboard.letters', width: 2 },
    ...chars('@'),
    { kind: 'special', key: 'Space', label: 'keyboard.space', width: 5 },
    ...chars('.'),
    { kind: 'special', key: 'ArrowLeft', label: 'keyboard.left' },
    { kind: 'special', key: 'ArrowRight', label: 'keyboard.right' },
    { kind: 'hide', label: 'keyboard.hide', width: 2 },
  ],
];

export function rowsFor(state: KeyboardState): KeySpec[][] {
  return state.mode === 'letters' ? LETTER_ROWS : SYMBOL_ROWS;
}

/** The character a char key types now (upper case while shift is on). */
export function charFor(state: KeyboardState, char: string): string {
  return state.shift === 'off' ? char : char.toLocaleUpperCase('fr');
}

/**
 * One key press: the new keyboard state and what to type (null for keys that only change
 * the keyboard). Shift is one-shot; pressed twice it locks (capitals), a third time it is off.
 */
export function press(state: KeyboardState, key: KeySpec): { state: KeyboardState; input: KeyboardInput | null } {
  switch (key.kind) {
    case 'char': {
      const text = charFor(state, key.char);
      return { state: state.shift === 'once' ? { ...state, shift: 'off' } : state, input: { kind: 'text', text } };
    }
    case 'special':
      return { state, input: key.key === 'Space' ? { kind: 'text', text: ' ' } : { kind: 'key', key: key.key } };
    case 'shift':
      return { state: { ...state, shift: state.shift === 'off' ? 'once' : state.shift === 'once' ? 'lock' : 'off' }, input: null };
    case 'mode':
      return { state: { shift: 'off', mode: state.mode === 'letters' ? 'symbols' : 'letters' }, input: null };
    case 'hide':
      return { state: INITIAL_KEYBOARD, input: null };
  }
}

/** A text field's content and selection. */
export interface TextEdit {
  value: string;
  start: number;
  end: number;
}

/**
 * What a key does to one of our own fields. Enter and Tab are the field's business
 * (submit, next field): they leave the text as it is.
 */
export function applyInput(edit: TextEdit, input: KeyboardInput, maxLength = Infinity): TextEdit {
  const { value } = edit;
  const start = Math.max(0, Math.min(edit.start, edit.end, value.length));
  const end = Math.min(value.length, Math.max(edit.start, edit.end));
  if (input.kind === 'text') {
    const room = Math.max(0, maxLength - (value.length - (end - start)));
    const text = [...input.text].slice(0, room).join('');
    const next = value.slice(0, start) + text + value.slice(end);
    return { value: next, start: start + text.length, end: start + text.length };
  }
  switch (input.key) {
    case 'Backspace':
      if (start !== end) return { value: value.slice(0, start) + value.slice(end), start, end: start };
      if (start === 0) return { value, start, end: start };
      {
        // Remove one whole character (an accented letter may be two UTF-16 units).
        const before = [...value.slice(0, start)];
        before.pop();
        const head = before.join('');
        return { value: head + value.slice(end), start: head.length, end: head.length };
      }
    case 'Delete':
      if (start !== end) return { value: value.slice(0, start) + value.slice(end), start, end: start };
      {
        const after = [...value.slice(end)];
        after.shift();
        return { value: value.slice(0, start) + after.join(''), start, end: start };
      }
    case 'ArrowLeft': {
      const p = start === end ? Math.max(0, start - ([...value.slice(0, start)].pop()?.length ?? 0)) : start;
      return { value, start: p, end: p };
    }
    case 'ArrowRight': {
      const p = start === end ? Math.min(value.length, end + ([...value.slice(end)][0]?.length ?? 0)) : end;
      return { value, start: p, end: p };
    }
    case 'Space':
      return applyInput(edit, { kind: 'text', text: ' ' }, maxLength);
    case 'Enter':
    case 'Tab':
      return { value, start, end };
  }
}
