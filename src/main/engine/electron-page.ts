// The Electron side of one démarche page: a WebContentsView as the shared view's primitives
// (EnginePage, src/engine/view.ts), its webContents.debugger as the shared CdpSession, where the
// views sit in the kiosk window (ViewLayout), and the view handed to the cabin. The session that
// creates and guards these pages is electron-engine.ts.
//
// Type-checked here; its contract suite (tests/electron/engine) runs where an Electron binary exists.
import type { BaseWindow, Rectangle, WebContents, WebContentsView } from 'electron';
import type { CdpParams, CdpSession } from '../../engine/cdp';
import type { PageGuard } from '../../engine/page-guard';
import { PAGE_PDF_LAYOUT } from '../../engine/print';
import { DisposableStore, toDisposable } from '../../base/lifecycle';
import { SharedDemarcheView, type EnginePage, type ViewLayout } from '../../engine/view';

/** webContents.debugger as the shared CdpSession (optionally one flattened child session). */
export function debuggerCdp(contents: WebContents, sessionId?: string): CdpSession {
  const dbg = contents.debugger;
  return {
    send: <T>(method: string, params?: CdpParams) => dbg.sendCommand(method, params, sessionId) as Promise<T>,
    on(event, listener) {
      const handler = (_e: Electron.Event, method: string, params: CdpParams, fromSession?: string) => {
        if (method === event && (fromSession || undefined) === sessionId) listener(params);
      };
      dbg.on('message', handler);
      return () => dbg.off('message', handler);
    },
  };
}

/** A WebContentsView as the shared view's primitives (src/engine/view.ts). */
export class ElectronPage implements EnginePage {
  readonly guards: PageGuard[] = [];
  readonly offs = new DisposableStore();
  /** The démarche's zoom for this page, and whether it is set again after each navigation. */
  private zoom = 1;
  private zoomFollowsNavigations = false;

  constructor(
    readonly view: WebContentsView,
    readonly cdp: CdpSession,
  ) {}

  get contents(): WebContents {
    return this.view.webContents;
  }

  url(): string {
    return this.contents.getURL();
  }

  async load(url: string): Promise<void> {
    // loadURL rejects on ERR_ABORTED (a refused redirect) and network errors: the guard reports those.
    await this.contents.loadURL(url).catch(() => {});
  }

  async canGoBack(): Promise<boolean> {
    return this.contents.navigationHistory.canGoBack();
  }

  async goBack(): Promise<void> {
    this.contents.navigationHistory.goBack();
  }

  async forgetHistory(): Promise<void> {
    // NavigationController::PruneAllButLastCommitted (docs/electron-notes.md).
    this.contents.navigationHistory.clear();
  }

  async reload(): Promise<void> {
    this.contents.reload();
  }

  async printToPdf(): Promise<Uint8Array> {
    // Page.printToPDF is Chrome's, not content's: Electron's debugger does not have it (docs/electron-notes.md).
    const { paperWidth, paperHeight, margin, printBackground, preferCSSPageSize } = PAGE_PDF_LAYOUT;
    const pdf = await this.contents.printToPDF({
      pageSize: { width: paperWidth, height: paperHeight },
      margins: { top: margin, bottom: margin, left: margin, right: margin },
      printBackground,
      preferCSSPageSize,
    });
    return new Uint8Array(pdf);
  }

  async setZoom(factor: number): Promise<void> {
    if (this.contents.isDestroyed()) return;
    this.zoom = factor;
    this.applyZoom();
    // Electron drops a zoom set before the page's frame is live (a popup adopted as it opens): set again on each
    // navigation that commits, which also covers any navigation the isolated mode would not (docs/electron-notes.md).
    if (!this.zoomFollowsNavigations) {
      this.zoomFollowsNavigations = true;
      const again = () => this.applyZoom();
      this.contents.on('did-navigate', again);
      this.offs.add(toDisposable(() => this.contents.off('did-navigate', again)));
    }
  }

  private applyZoom(): void {
    if (this.contents.isDestroyed()) return;
    // 'isolated': this page's own zoom, not its host's (the default zoom is shared by every page of a host), and
    // set through the JS API it is kept across navigations, cross-site ones included (docs/electron-notes.md).
    if (this.contents.getZoomMode() !== 'isolated') this.contents.setZoomMode('isolated');
    this.contents.setZoomFactor(this.zoom);
  }

  async close(): Promise<void> {
    if (!this.contents.isDestroyed()) this.contents.close({ waitForBeforeUnload: false });
  }

  isClosed(): boolean {
    return this.contents.isDestroyed();
  }
}

/** The démarche area of the kiosk window: the top of the stack shown, the others hidden under it. */
export function windowLayout(engine: { window: BaseWindow; bounds: () => Rectangle }): ViewLayout<ElectronPage> {
  const area = () => engine.window.contentView;
  return {
    show(stack) {
      stack.forEach((p, i) => {
        if (!area().children.includes(p.view)) area().addChildView(p.view);
        p.view.setBounds(engine.bounds());
        p.view.setVisible(i === stack.length - 1);
      });
      stack.at(-1)?.contents.focus();
    },
    hide: (p) => p.view.setVisible(false),
    remove: (p) => area().removeChildView(p.view),
  };
}

/** The shared view, with the web contents shown for the cabin's layout and the tests. */
export class ElectronView extends SharedDemarcheView<ElectronPage> {
  get webContents(): WebContents {
    return this.active.contents;
  }
}
