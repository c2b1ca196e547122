// The démarche's window over the area the screens leave for it (and, with a second layout, a video call's window
// over the call panel: issue 17). The screens say where (the runtime's onDemarcheArea or onCallArea: a rectangle of
// the screens page, or null while one of our screens or dialogs must be seen); the démarche's browser (the Chromium
// engine, one per session) has its own window, which is put there and follows every change (keyboard opened, a
// banner, a popup).
// X11 with no window manager: a window goes exactly where it is put, and a fullscreen window keeps
// those bounds without any browser UI; so each move is normal → bounds → fullscreen. Hidden means
// moved off the display (minimizing needs a window manager). The engine starts its browser off the
// display already (DEMARCHE_WINDOW_ARGS), so a pre-warmed session never shows over the screens.
import type { CDPSession, Page } from 'playwright-core';
import { messageOf } from '../../base/errors';
import type { DemarcheArea } from '../../shared/ipc/contract';
import { SHELL_BROWSER_ARGS } from './screens';

type Area = NonNullable<DemarcheArea>;

/** Where hidden windows wait: far left of any display. */
const OFF_DISPLAY = { left: -16000, top: 0 };

/** The engine's extra switches for the démarche's browser: kiosk (no browser UI), started off the display. */
export const DEMARCHE_WINDOW_ARGS = [...SHELL_BROWSER_ARGS, `--window-position=${OFF_DISPLAY.left},${OFF_DISPLAY.top}`, '--window-size=800,600'];

/** What the layout needs of the open démarche: its pages (the démarche's, then popups), the shown one last. */
export interface DemarchePages {
  pages: Page[];
  page: Page;
}

export interface LayoutOptions {
  /** The démarche open now, if any. */
  view(): DemarchePages | null;
  /** The screens page's top-left corner on the display. */
  screensOrigin(): Promise<{ x: number; y: number }>;
  log?: (message: string) => void;
  /** How often the layout looks for a démarche that opened or a popup (ms). */
  intervalMs?: number;
}

export interface DemarcheLayout {
  setArea(area: DemarcheArea): void;
  /** The démarche's page shown, and where on the screens page; null when hidden. */
  shown(): { page: Page; area: Area } | null;
  /** Resolves once every change asked so far is applied. */
  settled(): Promise<void>;
  close(): void;
}

interface Placed {
  key: string;
  cdp: CDPSession;
  windowId: number;
}

export function createDemarcheLayout(options: LayoutOptions): DemarcheLayout {
  const log = options.log ?? (() => {});
  let area: DemarcheArea = null;
  let lastAsked = '';
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  let showing: { page: Page; area: Area } | null = null;
  const placed = new Map<Page, Placed>();

  const windowOf = async (page: Page): Promise<Placed> => {
    const known = placed.get(page);
    if (known) return known;
    const cdp = await page.context().newCDPSession(page);
    const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
    const entry = { key: '', cdp, windowId };
    placed.set(page, entry);
    return entry;
  };

  const move = async (page: Page, bounds: { left: number; top: number; width: number; height: number } | null) => {
    const w = await windowOf(page);
    const key = JSON.stringify(bounds);
    if (w.key === key) return;
    const set = (b: Record<string, unknown>) => w.cdp.send('Browser.setWindowBounds', { windowId: w.windowId, bounds: b });
    await set({ windowState: 'normal' });
    await set(bounds ?? { ...OFF_DISPLAY, width: 800, height: 600 });
    await set({ windowState: 'fullscreen' });
    w.key = key;
  };

  const reconcile = async () => {
    const view = options.view();
    const pages = view ? view.pages.filter((p) => !p.isClosed()) : [];
    for (const [page, w] of placed) {
      if (page.isClosed()) {
        placed.delete(page);
        void w.cdp.detach().catch(() => undefined);
      }
    }
    let bounds: { left: number; top: number; width: number; height: number } | null = null;
    if (area && area.width > 0 && area.height > 0 && pages.length) {
      const origin = await options.screensOrigin();
      bounds = { left: origin.x + area.x, top: origin.y + area.y, width: area.width, height: area.height };
    }
    // Pages of a démarche that closed (the session's browser stays, blank, until the wipe): out of sight.
    for (const page of placed.keys()) if (!pages.includes(page)) await move(page, null).catch(() => undefined);
    // The démarche's page and its popups all at the area; the newest window is on top.
    for (const page of pages) await move(page, bounds);
    showing = bounds && view && area ? { page: view.page, area } : null;
  };

  const schedule = () => {
    queue = queue.then(() => (closed ? undefined : reconcile())).catch((error: unknown) => log(`placing the démarche: ${messageOf(error)}`));
    return queue;
  };

  // A démarche's view appears after the screens said where (the browser opens it meanwhile), and a
  // popup opens on its own: look for them now and then, act only on a change.
  const onChange = () => {
    const view = options.view();
    const asked = JSON.stringify([area, view ? view.pages.filter((p) => !p.isClosed()).map(pageId) : null]);
    if (asked === lastAsked) return;
    lastAsked = asked;
    void schedule();
  };
  const timer = setInterval(onChange, options.intervalMs ?? 200);
  timer.unref();

  return {
    setArea(next) {
      area = next;
      onChange();
    },
    shown: () => showing,
    settled: () => queue,
    close() {
      closed = true;
      clearInterval(timer);
      for (const w of placed.values()) void w.cdp.detach().catch(() => undefined);
      placed.clear();
    },
  };
}

const ids = new WeakMap<Page, number>();
let nextId = 1;
/** A stable number per page, to notice a new page (a popup, the next démarche). */
function pageId(page: Page): number {
  let id = ids.get(page);
  if (id === undefined) {
    id = nextId++;
    ids.set(page, id);
  }
  return id;
}
