// The kiosk window: fullscreen over everything, no menu, no devtools outside development, browser
// shortcuts swallowed, no context menu, no way to close or leave fullscreen from the keyboard.
// Every web contents the app ever creates is hardened the same way (no <webview>, no new
// windows unless a démarche view allows one, devtools closed).
import { app, Menu, type BrowserWindow, type WebContents } from 'electron';
import { applyShortcutPolicy } from './shortcuts';
import { isCabinScreenNavigation } from './app-navigation';

export interface KioskOptions {
  /** Development builds keep devtools and reload, and a normal window. */
  development: boolean;
  /** Ctrl+P on the cabin's own screens (the démarche views handle theirs). */
  onPrint?: () => void;
  onBlockedShortcut?: (shortcut: string) => void;
}

export interface Kiosk {
  /** Lets the window close (app shutdown, technician's "Quitter"). */
  allowClose(): void;
}

/** Call once, before any window: hardens every web contents the app will create. */
export function hardenAllWebContents(options: { development: boolean }): void {
  Menu.setApplicationMenu(null);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options.development));
}

export function hardenWebContents(contents: WebContents, development: boolean): void {
  // From its creation on, no window.open gets Electron's default BrowserWindow (the default when no handler is
  // set: lib/browser/api/web-contents.ts); the démarche engine replaces this with its allow-list policy.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // <webview> would be a browser inside the cabin with its own rules.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (!development) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
  // No context menu (it offers "Inspect", "Save as", "Open link in new window" in some builds).
  contents.on('context-menu', (event) => event.preventDefault());
}

export function setupKiosk(win: BrowserWindow, options: KioskOptions): Kiosk {
  const { development } = options;
  let closable = false;
  win.removeMenu();
  win.setMenuBarVisibility(false);
  win.setAutoHideMenuBar(true);
  if (!development) {
    win.setKiosk(true);
    win.setFullScreen(true);
    win.setAlwaysOnTop(true, 'screen-saver');
    win.setMinimizable(false);
    win.setMaximizable(false);
    win.setResizable(false);
    win.setMovable(false);
    // A resident cannot leave fullscreen, minimise or close the cabin.
    win.on('leave-full-screen', () => win.setFullScreen(true));
    win.on('minimize', () => win.restore());
    win.on('close', (event) => {
      if (!closable) event.preventDefault();
    });
  }
  const contents = win.webContents;
  hardenWebContents(contents, development);
  // The cabin's own screens never open windows and never leave the app.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isCabinScreenNavigation(contents.getURL(), event.url)) event.preventDefault();
  });
  applyShortcutPolicy(contents, { development, onPrint: options.onPrint, onBlocked: options.onBlockedShortcut });
  if (!development) contents.closeDevTools();
  return {
    allowClose() {
      closable = true;
    },
  };
}
