// The Electron adapter's zoom (ElectronPage.setZoom) over a stand-in of Electron's zoom controller, built from its
// source (docs/electron-notes.md, « The démarche's zoom »): in the default mode a zoom is the host's, for every
// page of the partition on that host, and a page going to another host takes that host's; set through the JS API,
// 'isolated' is the page's own, and kept across navigations; a zoom on a frame not live yet is dropped.
// The same behaviour on a real Electron: the engine contract's setZoom case (tests/electron/engine).
import { describe, expect, it } from 'vitest';
import type { WebContentsView } from 'electron';
import type { CdpSession } from '../../../../src/engine/cdp';
import { ElectronPage } from '../../../../src/main/engine/electron-page';

type ZoomMode = 'default' | 'isolated' | 'manual' | 'disabled';

/** HostZoomMap of one partition: a level per host, and temporary levels per page (its RenderFrameHost). */
class HostZoomMap {
  readonly hosts = new Map<string, number>();
  readonly temporary = new Map<StandInContents, number>();
  levelOf(c: StandInContents): number {
    return this.temporary.get(c) ?? this.hosts.get(c.host) ?? 0;
  }
}

/** webContents, as far as zoom goes (shell/browser/web_contents_zoom_controller.cc). */
class StandInContents {
  host = '';
  live = false;
  private mode: ZoomMode = 'default';
  private persist = false;
  private level = 0;
  private readonly navigated = new Set<() => void>();
  constructor(private readonly map: HostZoomMap) {}
  isDestroyed = () => false;
  on(event: string, listener: () => void): void {
    if (event === 'did-navigate') this.navigated.add(listener);
  }
  off(event: string, listener: () => void): void {
    if (event === 'did-navigate') this.navigated.delete(listener);
  }
  getZoomMode = () => this.mode;
  // electron_api_web_contents.cc SetZoomMode: persist for isolated/manual; the controller's SetZoomMode keeps the level as a temporary one.
  setZoomMode(mode: ZoomMode): void {
    this.persist = mode === 'isolated' || mode === 'manual';
    if (mode === 'isolated' && this.mode !== 'isolated') this.map.temporary.set(this, this.map.levelOf(this));
    this.mode = mode;
  }
  // SetZoomFactor → SetZoomLevel(ZoomFactorToZoomLevel): nothing on a frame that is not live; isolated → temporary, else the host's.
  setZoomFactor(factor: number): void {
    if (!this.live || this.mode === 'disabled') return;
    const level = Math.log(factor) / Math.log(1.2);
    if (this.mode === 'isolated' || this.map.temporary.has(this)) {
      this.map.temporary.set(this, level);
      this.level = level;
    } else this.map.hosts.set(this.host, level);
  }
  getZoomFactor = () => 1.2 ** this.map.levelOf(this);
  // ProcessNavigationZoom → ResetZoomModeOnNavigationIfNeeded: persisted isolated keeps its level; else back to default mode.
  // electron_api_web_contents.cc:2515-2519: the zoom controller first, then 'did-navigate' for the handlers.
  navigate(host: string): void {
    this.host = host;
    this.live = true;
    this.processNavigationZoom();
    for (const l of this.navigated) l();
  }
  private processNavigationZoom(): void {
    if (this.mode === 'isolated' || this.mode === 'manual') {
      if (this.persist) return void this.map.temporary.set(this, this.level);
      this.mode = 'default';
    }
    this.map.temporary.delete(this);
  }
}

const noCdp: CdpSession = { send: async <T>() => ({}) as T, on: () => () => {} };
const pageOf = (contents: StandInContents) => new ElectronPage({ webContents: contents } as unknown as WebContentsView, noCdp);

describe('ElectronPage.setZoom (stand-in of Electron’s zoom controller)', () => {
  it('zooms its own page only, not other pages of the same host, and keeps the zoom on another host', async () => {
    const map = new HostZoomMap();
    const demarche = new StandInContents(map);
    const other = new StandInContents(map);
    demarche.navigate('www.impots.gouv.fr');
    other.navigate('www.impots.gouv.fr');
    const page = pageOf(demarche);
    await page.setZoom(1.5);
    expect(demarche.getZoomFactor()).toBeCloseTo(1.5);
    expect(other.getZoomFactor()).toBeCloseTo(1);
    demarche.navigate('app.franceconnect.gouv.fr');
    expect(demarche.getZoomFactor()).toBeCloseTo(1.5);
    await page.setZoom(1);
    demarche.navigate('www.impots.gouv.fr');
    expect(demarche.getZoomFactor()).toBeCloseTo(1);
    expect(map.hosts.size).toBe(0);
  });

  it('the stand-in is the default mode’s zoom when the page does not ask for isolated (what setZoom must avoid)', () => {
    const map = new HostZoomMap();
    const a = new StandInContents(map);
    const b = new StandInContents(map);
    a.navigate('www.caf.fr');
    b.navigate('www.caf.fr');
    a.setZoomFactor(1.5);
    expect(b.getZoomFactor()).toBeCloseTo(1.5);
    a.navigate('wwwd.caf.fr');
    expect(a.getZoomFactor()).toBeCloseTo(1);
  });

  it('a page zoomed before its frame is live (a popup as it opens) gets the zoom when its first page commits', async () => {
    const map = new HostZoomMap();
    const popup = new StandInContents(map);
    await pageOf(popup).setZoom(1.5);
    expect(popup.getZoomFactor()).toBeCloseTo(1);
    popup.navigate('www.caf.fr');
    expect(popup.getZoomFactor()).toBeCloseTo(1.5);
    popup.navigate('wwwd.caf.fr');
    expect(popup.getZoomFactor()).toBeCloseTo(1.5);
  });
});
