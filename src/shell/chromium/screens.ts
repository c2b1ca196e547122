// The screens' window: Debian's Chromium, a browser of its own (never the démarche's), one page,
// kiosk and fullscreen over the whole display. Under X11 with no window manager a fullscreen window
// keeps the bounds it was given and shows no browser UI (no tab strip, no address bar), so the
// window is put in place first, then made fullscreen; --kiosk keeps Chromium's "press F11" bubble away.
// Chromium makes a window asked for at the display's exact size one pixel smaller on each side
// (measured: 1919x1079 on 1920x1080), so X sizes it then. And it stays under the démarche's window:
// without a window manager a touch on it would raise it over the démarche (xscreen.ts keepAtBottom).
import { chromium, type Browser, type Page } from 'playwright-core';
import type { XScreenHandle } from './xscreen';

export interface ScreensWindow {
  browser: Browser;
  page: Page;
  /**
   * What the kiosk window does under Electron (src/main/kiosk), as far as a page can: the screens load
   * nothing but `appUrl`'s origin (any other request, a navigation included, is aborted), a window they
   * would open is closed at once, and there is no context menu.
   */
  lockTo(appUrl: string): Promise<void>;
  /** Where the page's top-left corner is on the display (screen pixels). */
  origin(): Promise<{ x: number; y: number }>;
  close(): Promise<void>;
}

/** Switches for the shell's two browsers: no first-run UI, no background traffic, one scale. */
export const SHELL_BROWSER_ARGS = [
  '--kiosk',
  '--force-device-scale-factor=1',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-session-crashed-bubble',
  '--hide-crash-restore-bubble',
  '--noerrdialogs',
  '--password-store=basic',
  '--disable-pinch',
  '--overscroll-history-navigation=0',
  // No crash dump of a page a resident used (the screens show names, documents): nothing written anywhere.
  '--disable-breakpad',
  '--disable-crash-reporter',
];

export interface ScreensOptions {
  executablePath: string;
  display: string;
  width: number;
  height: number;
  /** The display's X connection: sizes the window exactly and keeps it at the bottom. */
  screen?: XScreenHandle;
  /**
   * The browser's home, config, cache and temp (inside the shell's RAM work directory, gone when it stops): never
   * the user's ~/.config/chromium (measured before: its crash database's settings were written there).
   */
  homeDir: string;
  log?: (message: string) => void;
}

export async function openScreens(options: ScreensOptions): Promise<ScreensWindow> {
  const browser = await chromium.launch({
    executablePath: options.executablePath,
    headless: false,
    args: [
      ...SHELL_BROWSER_ARGS,
      '--window-position=0,0',
      `--window-size=${options.width},${options.height}`,
      '--lang=fr-FR',
      '--disable-features=Translate,MediaRouter,GlobalMediaControls',
    ],
    env: {
      ...process.env,
      DISPLAY: options.display,
      HOME: options.homeDir,
      XDG_CONFIG_HOME: `${options.homeDir}/config`,
      XDG_CACHE_HOME: `${options.homeDir}/cache`,
      XDG_DATA_HOME: `${options.homeDir}/data`,
      TMPDIR: `${options.homeDir}/tmp`,
    },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  });
  const context = await browser.newContext({ viewport: null, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: 0, top: 0, width: options.width, height: options.height } });
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'fullscreen' } });
  let release = () => {};
  if (options.screen) {
    const screen = options.screen;
    if (await screen.windowManager()) {
      options.log?.(
        'a window manager runs on this display: it stacks the windows, so the démarche may show under the screens (the shell expects X11 with none)',
      );
    } else {
      // The only window of the display so far that starts at its corner and (nearly) covers it.
      const own = (await screen.topLevels()).find((w) => w.mapped && w.x === 0 && w.y === 0 && w.width >= options.width - 2 && w.height >= options.height - 2);
      if (own) {
        screen.configure(own.id, { x: 0, y: 0, width: options.width, height: options.height });
        release = screen.keepAtBottom(own.id);
      } else options.log?.('the screens window was not found on the display: it may cover the démarche when touched');
    }
  }
  return {
    browser,
    page,
    async lockTo(appUrl) {
      const origin = new URL(appUrl).origin;
      await context.route(
        (url) => url.origin !== origin,
        (route) => route.abort('blockedbyclient'),
      );
      context.on('page', (opened) => {
        if (opened !== page) void opened.close().catch(() => undefined);
      });
      await page.addInitScript({ content: `addEventListener('contextmenu', (e) => e.preventDefault(), true);` });
    },
    async origin() {
      const { bounds } = (await cdp.send('Browser.getWindowBounds', { windowId })) as { bounds: { left?: number; top?: number } };
      return { x: bounds.left ?? 0, y: bounds.top ?? 0 };
    },
    close: async () => {
      release();
      await browser.close().catch(() => undefined);
    },
  };
}
