// A Playwright page as the shared view's primitives (EnginePage, src/engine/view.ts), its CDP
// session as the shared CdpSession, and the view that hands those pages to the tests and the audit.
import type { CDPSession, Page } from 'playwright-core';
import type { CdpParams, CdpSession } from '../cdp';
import type { PageGuard } from '../page-guard';
import { printPageToPdf } from '../print';
import { SharedDemarcheView, type EnginePage } from '../view';
import { messageOf } from '../../base/errors';

export function wrapCdp(session: CDPSession): CdpSession {
  type Send = (method: string, params?: CdpParams) => Promise<unknown>;
  type On = (event: string, listener: (params: CdpParams) => void) => void;
  const send = session.send.bind(session) as unknown as Send;
  const on = session.on.bind(session) as unknown as On;
  const off = session.off.bind(session) as unknown as On;
  return {
    send: <T>(method: string, params?: CdpParams) => send(method, params) as Promise<T>,
    on(event, listener) {
      on(event, listener);
      return () => off(event, listener);
    },
  };
}

/** The world the zoom's style sheet is made in: not the page's, so its scripts never hold it. */
const ZOOM_WORLD = 'cabine-zoom';

/** Sets the document's zoom (a style sheet of our world, adopted by the document: `:root { zoom }`, or nothing at 1). */
export function zoomScript(factor: number): string {
  const rule = factor === 1 ? '' : `:root { zoom: ${factor} !important; }`;
  return `(() => {
  const sheet = globalThis.__cabineZoom ??= new CSSStyleSheet();
  sheet.replaceSync(${JSON.stringify(rule)});
  if (!document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
})();`;
}

/** A Playwright page as the shared view's primitives. */
export class ChromiumPage implements EnginePage {
  private zoom = 1;
  /** The script that zooms each new document, while one is set. */
  private zoomScriptId: string | null = null;

  constructor(
    readonly page: Page,
    readonly cdp: CdpSession,
    readonly targetId: string,
    readonly guard: PageGuard,
  ) {}

  url(): string {
    return this.page.url();
  }

  async load(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'commit', timeout: 30_000 }).catch(ignoreNavigationError);
  }

  canGoBack(): Promise<boolean> {
    return this.cdp
      .send<{ currentIndex: number }>('Page.getNavigationHistory')
      .then((h) => h.currentIndex > 0)
      .catch(() => false);
  }

  async goBack(): Promise<void> {
    await this.page.goBack({ waitUntil: 'commit', timeout: 30_000 }).catch(ignoreNavigationError);
  }

  async forgetHistory(): Promise<void> {
    await this.cdp.send('Page.resetNavigationHistory');
  }

  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'commit', timeout: 30_000 }).catch(ignoreNavigationError);
  }

  printToPdf(): Promise<Uint8Array> {
    return printPageToPdf(this.cdp);
  }

  /**
   * The zoom as CSS `zoom` on each document's root, from a style sheet adopted in a world of ours (the page's
   * scripts do not see it): the page is laid out again, its lines wrap, and hit testing is the browser's own, so a
   * touch lands on what is drawn. Set for the documents shown now (runImmediately) and every next one, same-process
   * frames included. Measured on a headed Chromium (tests/engine/zoom.test.ts): device emulation
   * (Emulation.setDeviceMetricsOverride with a narrower width and a bigger deviceScaleFactor) lays out narrower but
   * shows the page at its old size in a window that narrow, and Emulation.setPageScaleFactor only magnifies.
   * Unlike the browser's own zoom, media queries and `vw` still see the whole window.
   */
  async setZoom(factor: number): Promise<void> {
    if (this.page.isClosed() || factor === this.zoom) return;
    this.zoom = factor;
    const previous = this.zoomScriptId;
    const { identifier } = await this.cdp.send<{ identifier: string }>('Page.addScriptToEvaluateOnNewDocument', {
      source: zoomScript(factor),
      worldName: ZOOM_WORLD,
      runImmediately: true,
    });
    this.zoomScriptId = identifier;
    if (previous) await this.cdp.send('Page.removeScriptToEvaluateOnNewDocument', { identifier: previous }).catch(() => {});
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => {});
  }

  isClosed(): boolean {
    return this.page.isClosed();
  }
}

/** The shared view, with the Playwright pages for the tests and the audit that look at them. */
export class ChromiumView extends SharedDemarcheView<ChromiumPage> {
  /** The page shown (the last popup, else the démarche's page). */
  get page(): Page {
    return this.active.page;
  }

  /** Every page of the view, the démarche's first. */
  get pages(): Page[] {
    return this.allPages().map((p) => p.page);
  }
}

function ignoreNavigationError(error: unknown): void {
  const message = messageOf(error);
  // Refused by the allow-list (ERR_ABORTED), interrupted by another navigation, or a network
  // error the page shows (and the guard reports): none of them is the caller's failure.
  if (
    /net::ERR_|interrupted by another navigation|Navigation failed because page was closed|Target page, context or browser has been closed|frame was detached/i.test(
      message,
    )
  )
    return;
  throw error;
}
