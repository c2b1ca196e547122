// Typing for the cabin's on-screen keyboard, into the page's focused field, through CDP (so it
// works the same in Electron and Chromium, in every frame, with the page's own input events).
import type { CdpSession } from './cdp';
import type { KeyDown, KeyTarget } from '../shared/keys';

export type EditKey = 'Backspace' | 'Enter' | 'Tab' | 'ArrowLeft' | 'ArrowRight' | 'Delete' | 'Space';

/** Key identities as a US keyboard reports them (what pages' key handlers expect). */
const KEYS: Record<EditKey, { key: string; code: string; keyCode: number; text?: string }> = {
  Backspace: { key: 'Backspace', code: 'Backspace', keyCode: 8 },
  Enter: { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' },
  Tab: { key: 'Tab', code: 'Tab', keyCode: 9 },
  ArrowLeft: { key: 'ArrowLeft', code: 'ArrowLeft', keyCode: 37 },
  ArrowRight: { key: 'ArrowRight', code: 'ArrowRight', keyCode: 39 },
  Delete: { key: 'Delete', code: 'Delete', keyCode: 46 },
  Space: { key: ' ', code: 'Space', keyCode: 32, text: ' ' },
};

/** Inserts text as an IME would: any character (é, ç, œ, Arabic…), one input event per call. */
export async function typeText(cdp: CdpSession, text: string): Promise<void> {
  if (text.length === 0) return;
  await cdp.send('Input.insertText', { text });
}

export async function pressKey(cdp: CdpSession, name: EditKey): Promise<void> {
  const k = KEYS[name];
  const common = { key: k.key, code: k.code, windowsVirtualKeyCode: k.keyCode, nativeVirtualKeyCode: k.keyCode };
  await cdp.send('Input.dispatchKeyEvent', { type: k.text ? 'keyDown' : 'rawKeyDown', ...common, ...(k.text ? { text: k.text, unmodifiedText: k.text } : {}) });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
}

/**
 * Sees each keyDown before the page does; true keeps it from the page (the filter may give it back later
 * through the target). The badge reader's hold-back is one (src/devices/badge/holdback.ts, wired in main).
 */
export type PageKeyFilter = (key: KeyDown, target: KeyTarget) => boolean;

/**
 * The target for one page, and a test telling the keys it is itself sending: a key given back with
 * Input.dispatchKeyEvent may come through the adapter's key hook again, and must not be held twice.
 */
export function pageKeyTarget(cdp: CdpSession): { target: KeyTarget; isOwnKey(key: string): boolean } {
  const inFlight = new Map<string, number>();
  return {
    target: {
      typeText: (text) => typeText(cdp, text),
      async pressKey(name) {
        inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
        try {
          await pressKey(cdp, name);
        } finally {
          inFlight.set(name, (inFlight.get(name) ?? 1) - 1);
        }
      },
    },
    isOwnKey: (key) => (inFlight.get(key) ?? 0) > 0,
  };
}
