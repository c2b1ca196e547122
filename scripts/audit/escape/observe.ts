// What the escape audit sees from the browser's side, never from the engine's own notices:
// windows and the browser's own pages and dialogs as the browser lists them (CDP targets), what
// every frame of every page committed and which documents answered, JS dialogs left open, the
// page probe's messages, and at the end what the browser granted and which windows stayed open.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { PERMISSION_QUERY, PROBE_BINDING, PROBE_SCRIPT, PROBE_WORLD } from './probes';
import type { AddFinding, Judge } from './report';

/** A page held by a native dialog (print preview…) answers nothing: never wait on it for ever. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/** Waits for document.readyState === 'complete' (Playwright's load state waits on refused frames forever). */
export async function documentComplete(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !page.isClosed()) {
    const state = await withTimeout(page.evaluate('document.readyState'), 2000).catch(() => '');
    if (state === 'complete') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ——— windows, and the browser's own pages and dialogs, as the browser itself lists them ———

export interface BrowserWindow {
  urls: Set<string>;
  created: number;
  closed?: number;
  /** There before the démarche opened (the démarche's own window). */
  main: boolean;
}

export async function watchWindows(context: BrowserContext, add: AddFinding, { offList }: Judge): Promise<Map<string, BrowserWindow>> {
  const browserCdp = await context.browser()!.newBrowserCDPSession();
  const windows = new Map<string, BrowserWindow>();
  const { targetInfos } = (await browserCdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  for (const t of targetInfos) if (t.type === 'page') windows.set(t.targetId, { urls: new Set([t.url]), created: Date.now(), main: true });
  const onTarget = (info: { targetId: string; type: string; url: string }) => {
    if (/^(chrome|chrome-untrusted):\/\/print/.test(info.url)) add('native_dialogs', { kind: 'print-preview', detail: info.url });
    else if (/^devtools:/.test(info.url)) add('native_dialogs', { kind: 'devtools', detail: info.url });
    if (info.type !== 'page' || /^(chrome|chrome-untrusted|devtools):\/\/(print|devtools)/.test(info.url)) return;
    const w = windows.get(info.targetId) ?? { urls: new Set<string>(), created: Date.now(), main: false };
    windows.set(info.targetId, w);
    if (info.url) w.urls.add(info.url);
    if (!w.main && info.url && info.url !== 'about:blank' && offList(info.url, 'top'))
      add('popups_opened_outside', { url: info.url, evidence: 'window showed it' });
  };
  browserCdp.on('Target.targetCreated', (e) => onTarget(e.targetInfo));
  browserCdp.on('Target.targetInfoChanged', (e) => onTarget(e.targetInfo));
  browserCdp.on('Target.targetDestroyed', (e) => {
    const w = windows.get(e.targetId);
    if (w) w.closed = Date.now();
  });
  await browserCdp.send('Target.setDiscoverTargets', { discover: true });
  return windows;
}

/** Windows that stayed open showing nothing allowed (a blank window written by its opener…). */
export function reportWindowsLeftOpen(windows: Map<string, BrowserWindow>, add: AddFinding, { offList }: Judge): void {
  for (const [, w] of windows) {
    if (w.main || w.closed || [...w.urls].some((u) => /^(chrome|chrome-untrusted|devtools):\/\/(print|devtools)/.test(u))) continue;
    const urls = [...w.urls].filter(Boolean);
    const allowed = urls.some((u) => /^https?:/.test(u) && !offList(u, 'top'));
    if (!allowed && Date.now() - w.created > 2500) add('popups_opened_outside', { url: urls.join(' → ') || '(empty)', evidence: 'window stayed open' });
  }
}

// ——— pages: what every frame committed and which documents answered; JS dialogs left open ———

export interface PageObservation {
  page: Page;
  cdp: CDPSession | null;
  role: 'main' | 'other';
  openDialogs: Map<string, number>;
}

export interface PagesWatch {
  /** The démarche's page first, then every other page of the context as it appears. */
  observations: PageObservation[];
  /** Real clicks (pointerdown) that reached the démarche's page: when they stop, something native holds it. */
  inputsReceived: number;
  /** Real pointer moves that reached it. */
  movesReceived: number;
}

export async function watchPages(context: BrowserContext, mainPage: Page, add: AddFinding, { offList }: Judge): Promise<PagesWatch> {
  const watch: PagesWatch = { observations: [], inputsReceived: 0, movesReceived: 0 };
  const observe = async (page: Page, role: 'main' | 'other') => {
    const obs: PageObservation = { page, cdp: null, role, openDialogs: new Map() };
    watch.observations.push(obs);
    page.on('framenavigated', (frame) => {
      const kind = frame.parentFrame() ? 'subframe' : 'top';
      if (offList(frame.url(), kind)) add('navigations_outside_allowlist', { url: frame.url(), frame: kind, window: role, evidence: 'committed' });
    });
    page.on('response', (response) => {
      const request = response.request();
      if (!request.isNavigationRequest()) return;
      const kind = request.frame().parentFrame() ? 'subframe' : 'top';
      if (offList(response.url(), kind))
        add('navigations_outside_allowlist', { url: response.url(), frame: kind, window: role, evidence: `answered ${response.status()}` });
    });
    try {
      const cdp = await context.newCDPSession(page);
      obs.cdp = cdp;
      cdp.on('Page.javascriptDialogOpening', (e) => obs.openDialogs.set(`${e.type}:${e.message}`, Date.now()));
      cdp.on('Page.javascriptDialogClosed', () => obs.openDialogs.clear());
      cdp.on('Runtime.bindingCalled', (e) => {
        if (e.name !== PROBE_BINDING) return;
        const m = JSON.parse(e.payload) as { type: string; url: string };
        if (m.type === 'input') {
          if (role === 'main') watch.inputsReceived++;
        } else if (m.type === 'move') {
          if (role === 'main') watch.movesReceived++;
        } else if (m.type === 'pointer-lock' || m.type === 'fullscreen') {
          add('permissions_granted', { permission: `${m.type} (taken)`, origin: URL.canParse(m.url) ? new URL(m.url).origin : m.url });
        } else add('file_choosers_native', { how: `native chooser ran (trusted '${m.type}' on a file input)`, detail: m.url });
      });
      await cdp.send('Page.enable');
      await cdp.send('Runtime.enable');
      await cdp.send('Runtime.addBinding', { name: PROBE_BINDING, executionContextName: PROBE_WORLD });
      await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: PROBE_SCRIPT, worldName: PROBE_WORLD, runImmediately: true });
    } catch {
      // the page closed while we attached
    }
  };
  await observe(mainPage, 'main');
  for (const page of context.pages()) if (page !== mainPage) await observe(page, 'other');
  context.on('page', (page) => void observe(page, 'other'));
  return watch;
}

/** JS dialogs (alert, confirm…) open for more than a second: nobody answered them. */
export function reportDialogsLeftOpen(watch: PagesWatch, add: AddFinding): void {
  for (const obs of watch.observations) {
    for (const [dialog, since] of obs.openDialogs) {
      if (Date.now() - since > 1000) add('native_dialogs', { kind: 'js-dialog left open', detail: dialog });
    }
  }
}

/** What the browser granted, and which pickers it offers, in every frame still there. */
export async function reportGrants(context: BrowserContext, add: AddFinding): Promise<void> {
  for (const page of context.pages()) {
    for (const frame of page.frames()) {
      try {
        const raw = await withTimeout(frame.evaluate(PERMISSION_QUERY), 3000);
        const result = JSON.parse(String(raw)) as { origin: string; granted: string[]; pickers: string[] };
        for (const permission of result.granted) add('permissions_granted', { permission, origin: result.origin });
        for (const picker of result.pickers) add('file_choosers_native', { how: `${picker}() available`, detail: result.origin });
      } catch {
        // frame detached or not scriptable (chrome-error, sandboxed without scripts)
      }
    }
  }
}
