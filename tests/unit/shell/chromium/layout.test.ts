// The démarche's window over the area the screens leave (src/shell/chromium/layout.ts), with pages
// that record the CDP window calls: placed as normal → bounds → fullscreen (no browser UI under X11
// without a window manager), following the area, hidden off the display, popups at the same place.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createDemarcheLayout, type DemarchePages } from '../../../../src/shell/chromium/layout';

type Call = { window: number; bounds: Record<string, unknown> };

function fakePage(window: number, calls: Call[]): Page {
  let closed = false;
  const cdp = {
    send: async (method: string, params?: { bounds?: Record<string, unknown> }) => {
      if (method === 'Browser.getWindowForTarget') return { windowId: window };
      if (method === 'Browser.setWindowBounds') calls.push({ window, bounds: params!.bounds! });
      return {};
    },
    detach: async () => {},
  };
  const page = {
    context: () => ({ newCDPSession: async () => cdp }),
    isClosed: () => closed,
    close: () => void (closed = true),
  };
  return page as unknown as Page;
}

const settle = (ms = 60) => new Promise((r) => setTimeout(r, ms));
const placements = (calls: Call[]) => calls.filter((c) => !('windowState' in c.bounds)).map((c) => [c.window, c.bounds]);

describe('createDemarcheLayout', () => {
  it('places the démarche when both the area and the page are there, follows the area, hides off the display', async () => {
    const calls: Call[] = [];
    let view: DemarchePages | null = null;
    const layout = createDemarcheLayout({ view: () => view, screensOrigin: async () => ({ x: 0, y: 0 }), intervalMs: 10 });
    layout.setArea({ x: 0, y: 135, width: 1920, height: 945 });
    await settle();
    expect(calls).toEqual([]);
    expect(layout.shown()).toBeNull();

    // The engine opens the page after the screens said where: the layout finds it by itself.
    const page = fakePage(7, calls);
    view = { pages: [page], page };
    await settle();
    await layout.settled();
    expect(calls).toEqual([
      { window: 7, bounds: { windowState: 'normal' } },
      { window: 7, bounds: { left: 0, top: 135, width: 1920, height: 945 } },
      { window: 7, bounds: { windowState: 'fullscreen' } },
    ]);
    expect(layout.shown()).toEqual({ page, area: { x: 0, y: 135, width: 1920, height: 945 } });

    // The keyboard opens: the area shrinks, the window follows; the same area again changes nothing.
    layout.setArea({ x: 0, y: 135, width: 1920, height: 500 });
    layout.setArea({ x: 0, y: 135, width: 1920, height: 500 });
    await settle();
    await layout.settled();
    expect(placements(calls).slice(1)).toEqual([[7, { left: 0, top: 135, width: 1920, height: 500 }]]);

    // A dialog of ours: out of sight, still fullscreen (no browser UI on the way back).
    layout.setArea(null);
    await layout.settled();
    expect(placements(calls).at(-1)).toEqual([7, { left: -16000, top: 0, width: 800, height: 600 }]);
    expect(calls.at(-1)!.bounds).toEqual({ windowState: 'fullscreen' });
    expect(layout.shown()).toBeNull();
    layout.close();
  });

  it('puts a popup at the area too, and moves the pages of a closed démarche away', async () => {
    const calls: Call[] = [];
    const page = fakePage(1, calls);
    let view: DemarchePages | null = { pages: [page], page };
    const layout = createDemarcheLayout({ view: () => view, screensOrigin: async () => ({ x: 100, y: 50 }), intervalMs: 10 });
    layout.setArea({ x: 0, y: 135, width: 800, height: 600 });
    await layout.settled();
    const popup = fakePage(2, calls);
    view = { pages: [page, popup], page: popup };
    await settle();
    await layout.settled();
    // Screen coordinates: the screens' window origin plus the area.
    expect(placements(calls)).toEqual([
      [1, { left: 100, top: 185, width: 800, height: 600 }],
      [2, { left: 100, top: 185, width: 800, height: 600 }],
    ]);
    expect(layout.shown()?.page).toBe(popup);

    // "Accueil": the démarche closes (its session page stays, blank): away from the screens.
    view = null;
    layout.setArea(null);
    await settle();
    await layout.settled();
    expect(placements(calls).slice(2)).toEqual([
      [1, { left: -16000, top: 0, width: 800, height: 600 }],
      [2, { left: -16000, top: 0, width: 800, height: 600 }],
    ]);
    layout.close();
  });
});
