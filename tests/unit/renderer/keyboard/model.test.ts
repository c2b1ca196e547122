import { describe, expect, it } from 'vitest';
import { applyInput, INITIAL_KEYBOARD, LETTER_ROWS, press, SYMBOL_ROWS, type KeySpec } from '../../../../src/renderer/keyboard/model';

const char = (c: string): KeySpec => ({ kind: 'char', char: c });
const shift: KeySpec = { kind: 'shift', label: '' };
const mode: KeySpec = { kind: 'mode', label: '' };

describe('the AZERTY layout', () => {
  const chars = (rows: KeySpec[][]) => rows.flat().flatMap((k) => (k.kind === 'char' ? [k.char] : []));
  it('has the French letters in AZERTY order, the accents, @ and the digits', () => {
    const letters = chars(LETTER_ROWS).join('');
    expect(letters).toContain('azertyuiop');
    expect(letters).toContain('qsdfghjklm');
    expect(letters).toContain('wxcvbn');
    expect(letters).toContain('1234567890');
    for (const c of 'éèêàâçùôîë@') expect(letters).toContain(c);
  });
  it('has the symbols web forms ask for', () => {
    const symbols = chars(SYMBOL_ROWS).join('');
    for (const c of '@.-_/€()') expect(symbols).toContain(c);
  });
  it('has Backspace, Enter, Space on both pages', () => {
    for (const rows of [LETTER_ROWS, SYMBOL_ROWS]) {
      const specials = rows.flat().flatMap((k) => (k.kind === 'special' ? [k.key] : []));
      expect(specials).toEqual(expect.arrayContaining(['Backspace', 'Enter', 'Space']));
    }
  });
});

describe('press', () => {
  it('types characters, capitals once with shift, locked with shift twice', () => {
    let s = INITIAL_KEYBOARD;
    expect(press(s, char('é')).input).toEqual({ kind: 'text', text: 'é' });
    s = press(s, shift).state;
    const r = press(s, char('é'));
    expect(r.input).toEqual({ kind: 'text', text: 'É' });
    expect(r.state.shift).toBe('off');
    s = press(press(INITIAL_KEYBOARD, shift).state, shift).state;
    expect(s.shift).toBe('lock');
    s = press(s, char('a')).state;
    expect(press(s, char('b')).input).toEqual({ kind: 'text', text: 'B' });
    expect(press(s, shift).state.shift).toBe('off');
  });
  it('switches to symbols and back, dropping shift', () => {
    const s = press(press(INITIAL_KEYBOARD, shift).state, mode).state;
    expect(s).toEqual({ shift: 'off', mode: 'symbols' });
    expect(press(s, mode).state.mode).toBe('letters');
  });
  it('sends a space as text and the other specials as keys', () => {
    expect(press(INITIAL_KEYBOARD, { kind: 'special', key: 'Space', label: '' }).input).toEqual({ kind: 'text', text: ' ' });
    expect(press(INITIAL_KEYBOARD, { kind: 'special', key: 'Backspace', label: '' }).input).toEqual({ kind: 'key', key: 'Backspace' });
  });
  it('forgets shift and symbols when hidden', () => {
    const s = press(press(INITIAL_KEYBOARD, shift).state, mode).state;
    expect(press(s, { kind: 'hide', label: '' }).state).toEqual(INITIAL_KEYBOARD);
  });
});

describe('applyInput (our own text fields)', () => {
  const at = (value: string, start = value.length, end = start) => ({ value, start, end });
  it('inserts at the caret and replaces a selection', () => {
    expect(applyInput(at('cf', 1), { kind: 'text', text: 'a' })).toEqual(at('caf', 2));
    expect(applyInput(at('carte', 0, 5), { kind: 'text', text: 'caf' })).toEqual(at('caf'));
  });
  it('deletes one whole character backwards and forwards', () => {
    expect(applyInput(at('santé'), { kind: 'key', key: 'Backspace' })).toEqual(at('sant'));
    // An "é" written as e + combining accent is two code units: both go.
    expect(applyInput(at('e\u0301'), { kind: 'key', key: 'Backspace' }).value).toBe('e');
    expect(applyInput(at('caf', 0), { kind: 'key', key: 'Delete' })).toEqual(at('af', 0));
    expect(applyInput(at('', 0), { kind: 'key', key: 'Backspace' })).toEqual(at('', 0));
  });
  it('moves the caret with the arrows', () => {
    expect(applyInput(at('caf', 3), { kind: 'key', key: 'ArrowLeft' })).toEqual(at('caf', 2));
    expect(applyInput(at('caf', 3), { kind: 'key', key: 'ArrowRight' })).toEqual(at('caf', 3));
    expect(applyInput(at('caf', 0, 2), { kind: 'key', key: 'ArrowRight' })).toEqual(at('caf', 2));
  });
  it('respects the field’s length limit', () => {
    expect(applyInput(at('abcd'), { kind: 'text', text: 'xyz' }, 5).value).toBe('abcdx');
  });
  it('leaves Enter and Tab to the field', () => {
    expect(applyInput(at('caf', 1), { kind: 'key', key: 'Enter' })).toEqual(at('caf', 1));
  });
});
