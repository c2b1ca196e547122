// The shared démarche view over stand-in pages: what the Electron adapter's layout is asked to do (it never
// runs here), and the rules of "Retour" and close that both adapters get from src/engine/view.ts. The same
// view runs on a real Chromium in the contract suite (tests/engine/contract).
import { describe, expect, it } from 'vitest';
import type { CdpSession } from '../../../src/engine/cdp';
import type { EngineNotice } from '../../../src/engine/port';
import { DemarcheHost, SharedDemarcheView, type EnginePage, type ViewLayout } from '../../../src/engine/view';

class FakePage implements EnginePage {
  readonly cdp: CdpSession = { send: async <T>() => ({}) as T, on: () => () => {} };
  history: string[] = [];
  closed = false;
  constructor(
    readonly name: string,
    private readonly onClose: (p: FakePage) => void = () => {},
  ) {}
  url = () => this.history.at(-1) ?? '';
  load = async (url: string) => {
    this.history.push(url);
  };
  canGoBack = async () => this.history.length > 1;
  goBack = async () => {
    this.history.pop();
  };
  forgetHistory = async () => {
    this.history = this.history.slice(-1);
  };
  reload = async () => {};
  printToPdf = async () => new Uint8Array([0x25]);
  zooms: number[] = [];
  setZoom = async (factor: number) => {
    this.zooms.push(factor);
  };
  close = async () => {
    this.closed = true;
    this.onClose(this);
  };
  isClosed = () => this.closed;
}

function setup() {
  const calls: string[] = [];
  const layout: ViewLayout<FakePage> = {
    show: (stack) => calls.push(`show ${stack.map((p) => p.name).join(',')}`),
    hide: (p) => calls.push(`hide ${p.name}`),
    remove: (p) => calls.push(`remove ${p.name}`),
  };
  const host = new DemarcheHost<FakePage>({ filesDir: '/nonexistent', layout });
  const notices: EngineNotice[] = [];
  const pageClosed = (p: FakePage) => host.pageClosed(p);
  const main = new FakePage('main', pageClosed);
  return { host, calls, notices, main, pageClosed };
}

const spec = { id: 'caf', startUrl: 'https://www.caf.fr/', allow: ['www.caf.fr', 'wwwd.caf.fr'], permissions: [] };

describe('shared démarche view', () => {
  it('shows the démarche, then a popup over it; Retour from the popup’s first page closes it and shows the démarche again', async () => {
    const { host, calls, notices, main, pageClosed } = setup();
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    view.on((n) => notices.push(n));
    expect(main.history).toEqual(['https://www.caf.fr/']);
    const popup = new FakePage('popup', pageClosed);
    await popup.load('https://wwwd.caf.fr/attestation');
    host.adoptPopup(popup);
    expect(view.currentUrl()).toBe('https://wwwd.caf.fr/attestation');
    await view.goBack();
    expect(popup.closed).toBe(true);
    expect(view.currentUrl()).toBe('https://www.caf.fr/');
    expect(calls).toEqual(['show main', 'show main,popup', 'remove popup', 'show main']);
    expect(notices.map((n) => n.type)).toEqual(['popup-opened', 'popup-closed']);
  });

  it('a popup off the allow-list, or not yet on a web page, is not shown unless the adapter judged it already', async () => {
    const { host, main, pageClosed } = setup();
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    const evil = new FakePage('evil', pageClosed);
    await evil.load('https://evil.example/');
    host.adoptPopup(evil);
    const blank = new FakePage('blank', pageClosed);
    host.adoptPopup(blank);
    expect(view.allPages().map((p) => p.name)).toEqual(['main']);
    host.adoptPopup(blank, true);
    expect(view.allPages().map((p) => p.name)).toEqual(['main', 'blank']);
  });

  it('navigate() off the allow-list moves nothing and says why', async () => {
    const { host, main } = setup();
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    const notices: EngineNotice[] = [];
    view.on((n) => notices.push(n));
    await view.navigate('file:///etc/passwd');
    await view.navigate('https://evil.example/');
    expect(main.history).toEqual(['https://www.caf.fr/']);
    expect(notices.map((n) => n.type)).toEqual(['navigation-blocked', 'navigation-blocked']);
  });

  it('close() closes the popups, hides and empties the démarche page, and nothing is allowed any more', async () => {
    const { host, calls, main, pageClosed } = setup();
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    const popup = new FakePage('popup', pageClosed);
    await popup.load('https://www.caf.fr/aide');
    host.adoptPopup(popup);
    calls.length = 0;
    await view.close();
    expect(popup.closed).toBe(true);
    expect(calls).toEqual(['remove popup', 'hide main']);
    expect(main.url()).toBe('about:blank');
    expect(host.view).toBeNull();
    expect(host.policy.allow).toEqual([]);
    const notices: EngineNotice[] = [];
    view.on((n) => notices.push(n));
    host.emit({ type: 'activity' });
    expect(notices).toEqual([]);
  });

  it('navigated is said for the pages of the view only, never for about:blank', async () => {
    const { host, main } = setup();
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    const notices: EngineNotice[] = [];
    view.on((n) => notices.push(n));
    host.pageNavigated(main, 'about:blank');
    host.pageNavigated(new FakePage('stranger'), 'https://www.caf.fr/x');
    host.pageNavigated(main, 'https://www.caf.fr/y');
    expect(notices).toEqual([{ type: 'navigated', url: 'https://www.caf.fr/y' }]);
  });

  it('the démarche’s history starts at its start URL: nothing from before it can be reached', async () => {
    const { host, main } = setup();
    await main.load('about:blank');
    await main.load('https://www.impots.gouv.fr/previous-demarche');
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    expect(main.history).toEqual(['https://www.caf.fr/']);
    await view.goBack();
    expect(view.currentUrl()).toBe('https://www.caf.fr/');
  });

  it('a page of the démarche that goes blank by itself is taken back: to where it was, else to the start', async () => {
    const { host, main } = setup();
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    await main.load('https://www.caf.fr/etape-2');
    await main.load('about:blank');
    host.pageNavigated(main, 'about:blank');
    await new Promise((r) => setTimeout(r, 0));
    expect(view.currentUrl()).toBe('https://www.caf.fr/etape-2');
    main.history = ['about:blank'];
    host.pageNavigated(main, 'about:blank');
    await new Promise((r) => setTimeout(r, 0));
    expect(view.currentUrl()).toBe('https://www.caf.fr/');
  });

  it('with the history guard off (audit self-test), the blank page stays', async () => {
    const calls: string[] = [];
    const host = new DemarcheHost<FakePage>({
      filesDir: '/nonexistent',
      disabled: new Set(['history']),
      layout: { show: () => calls.push('show'), hide: () => {}, remove: () => {} },
    });
    const main = new FakePage('main');
    await main.load('about:blank');
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    expect(main.history).toEqual(['about:blank', 'https://www.caf.fr/']);
    await main.load('about:blank');
    host.pageNavigated(main, 'about:blank');
    await new Promise((r) => setTimeout(r, 0));
    expect(view.currentUrl()).toBe('about:blank');
  });

  it('the zoom goes to every page of the view, to popups as they open, and to the session’s next démarche; out of range rejects', async () => {
    const { host, main, pageClosed } = setup();
    const view = await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    expect(main.zooms).toEqual([1]);
    await view.setZoom(1.5);
    expect(main.zooms).toEqual([1, 1.5]);
    const popup = new FakePage('popup', pageClosed);
    await popup.load('https://wwwd.caf.fr/attestation');
    host.adoptPopup(popup);
    expect(popup.zooms).toEqual([1.5]);
    await view.setZoom(1.75);
    expect([main.zooms.at(-1), popup.zooms.at(-1)]).toEqual([1.75, 1.75]);
    await expect(view.setZoom(0)).rejects.toThrow(RangeError);
    await expect(view.setZoom(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
    await expect(view.setZoom(4)).rejects.toThrow(RangeError);
    expect(host.zoom).toBe(1.75);
    await view.close();
    // The session's page is reused for the next démarche, at the session's zoom.
    await host.open(spec, main, (d, m, h) => new SharedDemarcheView(d, m, h));
    expect(main.zooms.at(-1)).toBe(1.75);
  });
});
