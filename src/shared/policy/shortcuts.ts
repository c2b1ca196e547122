// Keyboard shortcuts in the cabin. A kiosk is left through its browser's shortcuts (a new window,
// devtools, the address bar, view-source, a Save dialog…), so every browser shortcut is blocked;
// a few become ours (print through our driver, zoom for residents who need larger text).
// Editing keys (Ctrl+C/V/X/A/Z) and plain typing pass.

/** A key event, in the shape of Electron's `before-input-event` input. */
export interface KeyInput {
  type?: 'keyDown' | 'keyUp' | 'rawKeyDown' | 'char';
  key: string;
  code?: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export type ShortcutAction =
  { action: 'pass' } | { action: 'block'; shortcut: string } | { action: 'print' } | { action: 'zoom'; zoom: 'in' | 'out' | 'reset' };

export interface ShortcutContext {
  /** Development builds keep devtools and reload. */
  development?: boolean;
}

/** Canonical name of a key combination: `Ctrl+Shift+I`, `Alt+F4`, `F5`. */
export function shortcutName(input: KeyInput): string {
  const parts: string[] = [];
  if (input.control) parts.push('Ctrl');
  if (input.alt) parts.push('Alt');
  if (input.shift) parts.push('Shift');
  if (input.meta) parts.push('Meta');
  parts.push(keyName(input));
  return parts.join('+');
}

function keyName(input: KeyInput): string {
  // Prefer the physical key for letters and digits (layout-independent: AZERTY keyboards are common here).
  const code = input.code ?? '';
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  if (input.key.length === 1) return input.key.toUpperCase();
  return input.key;
}

/** Keys that act on the browser itself, pressed alone. */
const BLOCKED_ALONE = new Set([
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'F10',
  'F11',
  'F12',
  'F13',
  'F14',
  'F15',
  'F16',
  'F17',
  'F18',
  'F19',
  'F20',
  'F21',
  'F22',
  'F23',
  'F24',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserStop',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserHome',
  'LaunchApplication1',
  'LaunchApplication2',
  'LaunchMail',
  'LaunchMediaPlayer',
  'LaunchCalculator',
  'LaunchMyComputer',
  'LaunchWebBrowser',
  'ContextMenu',
  'Help',
  'Print',
  'PrintScreen',
  'Open',
  'Find',
  'Save',
  'New',
  'Close',
  'Props',
  'Select',
  'ZoomToggle',
  'ZoomIn',
  'ZoomOut',
  'Meta',
  'OS',
  'Super',
  'Hyper',
  'AppSwitch',
  'Call',
  'Camera',
  'Eject',
  'Power',
  'Standby',
  'WakeUp',
  'LogOff',
]);

/** Ctrl (with or without Shift) + these letters are editing keys that a form needs. */
const EDITING_LETTERS = new Set(['A', 'C', 'V', 'X', 'Z', 'Y']);

export function classifyShortcut(input: KeyInput, context: ShortcutContext = {}): ShortcutAction {
  if (input.type === 'keyUp' || input.type === 'char') return { action: 'pass' };
  const name = shortcutName(input);
  const key = keyName(input);
  const dev = context.development === true;
  const block = (): ShortcutAction => ({ action: 'block', shortcut: name });

  if (dev && (name === 'Ctrl+Shift+I' || name === 'F12' || name === 'Ctrl+R' || name === 'F5' || name === 'Ctrl+Shift+R')) return { action: 'pass' };

  // The Super/Windows key and anything held with it belong to the desktop, not to the page.
  if (input.meta || BLOCKED_ALONE.has(input.key)) return block();

  if (input.alt) {
    // AltGr (Ctrl+Alt on Linux/Windows) types characters on French keyboards: @ # { [ | ` \ ^ ] } €.
    if (input.control && input.key.length === 1 && !/^[a-z0-9]$/i.test(input.key)) return { action: 'pass' };
    // Alt+letter: menu access keys, Alt+D address bar, Alt+F browser menu, Alt+Home home page,
    // Alt+Left/Right history, Alt+F4 close, Alt+Tab switch: none is the page's.
    return block();
  }

  if (input.control) {
    if (key === 'P') return input.shift ? block() : { action: 'print' };
    if (key === '0' || input.code === 'Numpad0') return { action: 'zoom', zoom: 'reset' };
    if (input.key === '+' || input.key === '=' || input.code === 'NumpadAdd' || input.code === 'Equal') return { action: 'zoom', zoom: 'in' };
    if (input.key === '-' || input.key === '_' || input.code === 'NumpadSubtract' || input.code === 'Minus') return { action: 'zoom', zoom: 'out' };
    // Shift+Z is redo, Shift+V pastes without formatting; other Ctrl+Shift letters are browser tools.
    if (EDITING_LETTERS.has(key) && (!input.shift || key === 'Z' || key === 'V')) return { action: 'pass' };
    // Ctrl+Shift+Delete is the browser's "clear browsing data" page.
    if (input.shift && input.key === 'Delete') return block();
    // Ctrl(+Shift)+Arrows/Home/End/Backspace/Delete move, select and delete by word in a text field.
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'Backspace', 'Delete'].includes(input.key)) return { action: 'pass' };
    // Everything else with Ctrl is the browser's: N T W R S O U H J D L F G E K B Q, Tab, PageUp/Down, 1-9, Shift+I/J/C/N/T/Delete…
    return block();
  }

  return { action: 'pass' };
}

/**
 * The shortcuts the escape audit presses (Playwright key syntax) and that the kiosk must block
 * or take over. Each one opens something of the browser's own in an unguarded Chromium.
 */
export const AUDITED_SHORTCUTS: readonly string[] = [
  'Control+n', // new window
  'Control+t', // new tab
  'Control+Shift+n', // incognito window
  'Control+Shift+t', // reopen closed tab
  'Control+o', // open file dialog
  'Control+s', // save page dialog
  'Control+p', // print dialog (ours instead)
  'Control+Shift+p',
  'Control+u', // view-source
  'Control+h', // history
  'Control+j', // downloads
  'Control+d', // bookmark dialog
  'Control+Shift+o', // bookmark manager
  'Control+Shift+b',
  'Control+l', // address bar
  'Alt+d',
  'F6',
  'Control+f', // find bar
  'Control+g',
  'F3',
  'Control+Shift+i', // devtools
  'Control+Shift+j',
  'Control+Shift+c',
  'F12',
  'Control+Shift+Delete', // clear browsing data page
  'Control+r', // reload
  'F5',
  'Control+w', // close
  'Control+F4',
  'Alt+F4',
  'Control+q',
  'Control+Shift+q',
  'Alt+ArrowLeft', // history (leaves through a page the allow-list already refused)
  'Alt+Home',
  'Alt+f', // browser menu
  'Alt+e',
  'F10',
  'F11', // fullscreen toggle
  'F1', // help page
  'Control+Tab',
  'Control+PageDown',
  'Control+1',
  'Control+9',
  'ContextMenu',
  'Control+Shift+m', // profile switcher
  'Control+Shift+a', // tab search
];
