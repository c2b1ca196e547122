import { describe, expect, it } from 'vitest';
import { AUDITED_SHORTCUTS, classifyShortcut, shortcutName, type KeyInput } from '../../../../src/shared/policy/shortcuts';

/** Parses Playwright's key syntax (`Control+Shift+i`) into an Electron-like input. */
function input(combo: string): KeyInput {
  const parts = combo.split('+');
  const key = parts.pop() ?? '';
  const code = key.length === 1 ? (/[0-9]/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`) : key;
  return {
    type: 'keyDown',
    key,
    code,
    control: parts.includes('Control'),
    alt: parts.includes('Alt'),
    shift: parts.includes('Shift'),
    meta: parts.includes('Meta'),
  };
}

describe('shortcut policy', () => {
  it('blocks or takes over every audited shortcut', () => {
    for (const combo of AUDITED_SHORTCUTS) expect(classifyShortcut(input(combo)).action, combo).not.toBe('pass');
  });

  it('turns Ctrl+P into our print and Ctrl+0/+/- into our zoom', () => {
    expect(classifyShortcut(input('Control+p'))).toEqual({ action: 'print' });
    expect(classifyShortcut(input('Control+0'))).toEqual({ action: 'zoom', zoom: 'reset' });
    expect(classifyShortcut({ key: '+', code: 'NumpadAdd', control: true, alt: false, shift: false, meta: false })).toEqual({ action: 'zoom', zoom: 'in' });
    expect(classifyShortcut({ key: '-', code: 'Minus', control: true, alt: false, shift: false, meta: false })).toEqual({ action: 'zoom', zoom: 'out' });
  });

  it('lets typing and editing through', () => {
    for (const combo of [
      'a',
      'Shift+A',
      'Enter',
      'Backspace',
      'Tab',
      'Escape',
      'ArrowLeft',
      'Control+c',
      'Control+v',
      'Control+x',
      'Control+a',
      'Control+z',
      'Control+Shift+z',
      'Control+Shift+v',
      'Control+ArrowLeft',
      'Control+Backspace',
    ]) {
      expect(classifyShortcut(input(combo)).action, combo).toBe('pass');
    }
  });

  it('lets AltGr characters of a French keyboard through (Ctrl+Alt with a symbol)', () => {
    for (const key of ['@', '#', '{', '[', '|', '\\', '€', ']', '}']) {
      expect(classifyShortcut({ key, code: 'Digit0', control: true, alt: true, shift: false, meta: false }).action, key).toBe('pass');
    }
    expect(classifyShortcut({ key: 'Delete', control: true, alt: true, shift: false, meta: false }).action).toBe('block');
  });

  it('uses the physical key, so AZERTY Ctrl+W (key "z") is still "close"', () => {
    expect(classifyShortcut({ key: 'z', code: 'KeyW', control: true, alt: false, shift: false, meta: false })).toEqual({ action: 'block', shortcut: 'Ctrl+W' });
  });

  it('blocks the Super key and anything held with it', () => {
    expect(classifyShortcut({ key: 'Meta', code: 'MetaLeft', control: false, alt: false, shift: false, meta: true }).action).toBe('block');
    expect(classifyShortcut({ key: 'l', code: 'KeyL', control: false, alt: false, shift: false, meta: true }).action).toBe('block');
  });

  it('keeps devtools and reload in development only', () => {
    expect(classifyShortcut(input('Control+Shift+i'), { development: true }).action).toBe('pass');
    expect(classifyShortcut(input('F5'), { development: true }).action).toBe('pass');
    expect(classifyShortcut(input('Control+n'), { development: true }).action).toBe('block');
  });

  it('ignores key-up events and names combinations', () => {
    expect(classifyShortcut({ ...input('Control+n'), type: 'keyUp' }).action).toBe('pass');
    expect(shortcutName(input('Control+Shift+i'))).toBe('Ctrl+Shift+I');
  });
});
