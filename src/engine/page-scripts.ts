// Scripts the engine puts into every document of a démarche page, through CDP
// (Page.addScriptToEvaluateOnNewDocument), built here as strings: they run in the page, not in Node.
//
// - In the page's own world, only `window.print` is replaced (non-configurable), by a call to a
//   binding: window.print() becomes a `print-requested` notice, never the print dialog. This works
//   in every frame, also the about:blank iframes a page could borrow a pristine print() from.
// - Everything else runs in an isolated world the page cannot see: activity (for the inactivity
//   timer), text-field focus (for the on-screen keyboard) and the blocked browser shortcuts.
//   Its binding exists only in that world, and it listens to trusted events only, so a page can
//   neither fake activity to keep a session alive nor reach the binding.
import { classifyShortcut, shortcutName, type KeyInput } from '../shared/policy/shortcuts';

export const PRINT_BINDING = 'cabinePrintRequest';
export const NOTICE_BINDING = 'cabineNotice';
export const ISOLATED_WORLD = 'cabine';

export function printOverrideScript(): string {
  return `(() => {
  const request = globalThis[${JSON.stringify(PRINT_BINDING)}];
  if (typeof request !== 'function') return;
  try { delete globalThis[${JSON.stringify(PRINT_BINDING)}]; } catch {}
  const print = function print() { try { request(''); } catch {} };
  try { Object.defineProperty(globalThis, 'print', { value: print, writable: false, configurable: false, enumerable: true }); } catch {}
})();`;
}

/**
 * Picture-in-picture, refused in the page's own world too: the Permissions-Policy header (response-headers.ts) stops
 * it in every document that came from the network, but a document a service worker answers never passes our header
 * rewrite. Same pattern as print: defined non-configurable in every frame, fresh about:blank ones included.
 */
export function overlayOverrideScript(): string {
  return `(() => {
  const refuse = function requestPictureInPicture() { return Promise.reject(new DOMException('Picture-in-picture is not available here', 'NotAllowedError')); };
  try { Object.defineProperty(HTMLVideoElement.prototype, 'requestPictureInPicture', { value: refuse, writable: false, configurable: false }); } catch {}
  try { Object.defineProperty(Document.prototype, 'pictureInPictureEnabled', { get: () => false, configurable: false }); } catch {}
  try { Object.defineProperty(globalThis, 'documentPictureInPicture', { value: undefined, writable: false, configurable: false }); } catch {}
})();`;
}

/** Every browser shortcut the policy does not let through, by `shortcutName`. */
export function blockedShortcutNames(): string[] {
  const keys = [
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''),
    ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
    'Tab',
    'PageUp',
    'PageDown',
    'Home',
    'End',
    'ArrowLeft',
    'ArrowRight',
    'ArrowUp',
    'ArrowDown',
    'Delete',
    'Backspace',
    'Escape',
    'Enter',
    'ContextMenu',
    'BrowserBack',
    'BrowserForward',
    'BrowserRefresh',
    'BrowserHome',
    'BrowserSearch',
    'Print',
    'Help',
    '+',
    '-',
    '=',
  ];
  const names = new Set<string>();
  for (const key of keys) {
    for (let m = 0; m < 16; m++) {
      const letterOrDigit = /^[A-Z0-9]$/.test(key);
      const input: KeyInput = {
        type: 'keyDown',
        key: letterOrDigit ? key.toLowerCase() : key,
        code: letterOrDigit ? (/[0-9]/.test(key) ? `Digit${key}` : `Key${key}`) : key,
        control: (m & 1) !== 0,
        alt: (m & 2) !== 0,
        shift: (m & 4) !== 0,
        meta: (m & 8) !== 0,
      };
      if (classifyShortcut(input).action !== 'pass') names.add(shortcutName(input));
    }
  }
  return [...names].sort();
}

export interface IsolatedWorldOptions {
  /** Browser shortcuts to swallow (`shortcutName` form). */
  blocked: readonly string[];
  /** Release the pointer as soon as a page locks it (it would take the mouse from the resident). */
  releasePointerLock: boolean;
}

export function isolatedWorldScript(options: IsolatedWorldOptions): string {
  const { blocked, releasePointerLock } = options;
  return `(() => {
  const notify = globalThis[${JSON.stringify(NOTICE_BINDING)}];
  if (typeof notify !== 'function') return;
  const send = (message) => { try { notify(JSON.stringify(message)); } catch {} };
  const blocked = new Set(${JSON.stringify(blocked)});
  let lastActivity = 0;
  const activity = (event) => {
    if (!event.isTrusted) return;
    const now = Date.now();
    if (now - lastActivity < 1000) return;
    lastActivity = now;
    send({ type: 'activity' });
  };
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) document.addEventListener(type, activity, { capture: true, passive: true });
  const textTypes = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time', '']);
  document.addEventListener('focusin', (event) => {
    if (!event.isTrusted) return;
    const el = event.target;
    if (!el || el.nodeType !== 1) return;
    const tag = el.localName;
    const editable = (tag === 'input' && textTypes.has((el.getAttribute('type') || '').toLowerCase())) || tag === 'textarea' || el.isContentEditable;
    if (!editable || el.disabled || el.readOnly) return;
    // What the field says about itself, for the one-time code keypad (src/shared/policy/one-time-code.ts): never its value.
    const text = (s) => String(s || '').replace(/\\s+/g, ' ').trim().slice(0, 300);
    const label = [];
    try { for (const l of el.labels || []) label.push(l.textContent); } catch {}
    for (const id of (el.getAttribute('aria-labelledby') || '').split(/\\s+/)) { const n = id && document.getElementById(id); if (n) label.push(n.textContent); }
    label.push(el.getAttribute('aria-label'), el.getAttribute('placeholder'));
    const field = tag === 'input'
      ? { type: text(el.getAttribute('type')).toLowerCase(), autocomplete: text(el.getAttribute('autocomplete')), inputMode: text(el.getAttribute('inputmode')),
          maxLength: el.maxLength > 0 ? el.maxLength : null, name: text(el.getAttribute('name')), id: text(el.id), label: text(label.filter(Boolean).join(' ')) }
      : null;
    send({ type: 'text-field-focused', field });
  }, true);
  const keyName = (e) => {
    if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3);
    if (/^Digit[0-9]$/.test(e.code)) return e.code.slice(5);
    return e.key.length === 1 ? e.key.toUpperCase() : e.key;
  };
  const onKey = (e) => {
    if (!e.isTrusted) return;
    const name = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && 'Shift', e.metaKey && 'Meta', keyName(e)].filter(Boolean).join('+');
    // AltGr characters (Ctrl+Alt+symbol) are typing, not shortcuts.
    if (e.ctrlKey && e.altKey && e.key.length === 1 && !/^[a-z0-9]$/i.test(e.key)) return;
    if (!blocked.has(name)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    send({ type: 'shortcut', name, key: e.key, code: e.code, control: e.ctrlKey, alt: e.altKey, shift: e.shiftKey, meta: e.metaKey });
  };
  window.addEventListener('keydown', onKey, true);
  if (${JSON.stringify(releasePointerLock)}) {
    document.addEventListener('pointerlockchange', () => { if (document.pointerLockElement) document.exitPointerLock(); }, true);
  }
  // Fullscreen would cover the cabin's own bar ("Retour", "Terminer"): the engine decides.
  document.addEventListener('fullscreenchange', () => { if (document.fullscreenElement) send({ type: 'fullscreen' }); }, true);
})();`;
}
