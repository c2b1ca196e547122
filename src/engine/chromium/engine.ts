// The Chromium adapter of the engine port: Debian's Chromium driven through Playwright and CDP,
// one browser process tree and one fresh profile directory per resident session. Used by the
// tests and the audits; it applies the same policies and the same CDP code (src/engine) as the
// Electron adapter the cabin runs.
//
// Where each escape is stopped here (see docs/escape-audit.md for the whole list):
//   - every document request of the browser (top frame, sub-frames, redirect hops, popups) is
//     paused by a browser-wide Fetch interception and judged by the allow-list before it leaves;
//   - new windows and tabs that do not load an allowed page are closed;
//   - external protocols reach stand-in openers that launch nothing (external-open.ts);
//   - downloads, file choosers, print, dialogs, shortcuts: the shared code of src/engine.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Download, type Frame, type Page } from 'playwright-core';
import type { GrantablePermission } from '../../shared/config/schema';
import { allowedOrigin, decideNavigation, type NavigationDecision, type NavigationKind } from '../../shared/policy/navigation';
import type { CdpParams, CdpSession } from '../cdp';
import { sendQuietly } from '../cdp';
import { guardTarget, type Guard, type PageGuard } from '../page-guard';
import type { DemarcheEngine, DemarcheSpec, DemarcheView, EngineSession, EngineSessionOptions } from '../port';
import { printPageToPdf } from '../print';
import { cabinResponseHeaders, headersFromEntries, headersToEntries } from '../response-headers';
import { DemarcheHost, SharedDemarcheView, type EnginePage } from '../view';
import { sleep } from '../../base/async';
import { messageOf } from '../../base/errors';
import { DisposableStore, toDisposable } from '../../base/lifecycle';
import { childrenWithArgument, processesWithArgumentSync, processTreeSync, waitThenKill } from '../../base/node/processes';
import { createOpenerShims, EXTERNAL_OPEN_LOG_ENV, watchExternalOpens } from './external-open';
import { chromiumArgs, chromiumEnv, IGNORED_PLAYWRIGHT_DEFAULTS, prepareProfile } from './profile';

export interface ChromiumEngineOptions {
  /** Default: $CABINE_CHROMIUM, else /usr/bin/chromium. */
  executablePath?: string;
  /** Default: headless, unless CABINE_ENGINE_HEADED=1 (then a DISPLAY is needed, e.g. Xvfb). */
  headless?: boolean;
  viewport?: { width: number; height: number } | null;
  extraArgs?: string[];
  /** Extra environment for the browser (DISPLAY for a headed run…). */
  env?: Record<string, string>;
  maxDownloadBytes?: number;
  /** Where the stand-in openers live (an exec-allowed file system). Default: the OS temp dir. */
  openerShimParent?: string;
  /**
   * Guards switched off. ONLY for the escape audit's self-test, which proves that the audit sees
   * each escape when the engine does not stop it. Never set in the cabin.
   */
  unsafeDisabledGuards?: readonly Guard[];
}

/** How long a new window may stay without loading an allowed page before it is closed. */
const BLANK_POPUP_GRACE_MS = 1500;

/** CDP permission descriptors of what a démarche may be granted. */
const GRANT_DESCRIPTORS: Record<GrantablePermission, CdpParams> = {
  camera: { name: 'camera' },
  microphone: { name: 'microphone' },
  fullscreen: { name: 'fullscreen', allowWithoutGesture: false },
  'clipboard-write': { name: 'clipboard-write', allowWithoutSanitization: false },
};

/** Permissions API names denied to every origin through CDP, on top of the profile's content settings. */
const DENIED_BY_DEFAULT = [
  'geolocation', 'notifications', 'camera', 'microphone', 'clipboard-read', 'midi', 'persistent-storage', 'idle-detection',
  'window-management', 'local-fonts', 'storage-access', 'top-level-storage-access', 'accelerometer', 'gyroscope', 'magnetometer',
  'ambient-light-sensor', 'background-sync', 'background-fetch', 'payment-handler', 'screen-wake-lock', 'system-wake-lock',
  'display-capture', 'nfc', 'captured-surface-control', 'keyboard-lock', 'pointer-lock', 'speaker-selection', 'periodic-background-sync',
  'push', 'fullscreen', 'web-app-installation', 'local-network-access',
];

/** Everything, for the audit self-test with permissions unguarded. */
const ALL_CDP_PERMISSIONS = [
  'geolocation', 'notifications', 'audioCapture', 'videoCapture', 'clipboardReadWrite', 'clipboardSanitizedWrite', 'midi', 'midiSysex',
  'sensors', 'idleDetection', 'windowManagement', 'localFonts', 'paymentHandler', 'backgroundSync', 'durableStorage', 'storageAccess',
];

function wrapCdp(session: CDPSession): CdpSession {
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

interface TargetState {
  targetId: string;
  /** Created by the engine (the session's page), as opposed to opened by a page or a shortcut. */
  ours: boolean;
  /** Has asked for (and been allowed) a document at least once. */
  navigated: boolean;
  /** Shows a document (its URL is no longer empty or about:blank). */
  committed: boolean;
  refused: boolean;
  url: string;
  timer?: NodeJS.Timeout;
}

/** A Playwright page as the shared view's primitives. */
class ChromiumPage implements EnginePage {
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

  async close(): Promise<void> {
    await this.page.close().catch(() => {});
  }

  isClosed(): boolean {
    return this.page.isClosed();
  }
}

export interface ChromiumEngine extends DemarcheEngine {
  readonly name: 'chromium';
  startSession(options: EngineSessionOptions): Promise<ChromiumEngineSession>;
}

export function createChromiumEngine(options: ChromiumEngineOptions = {}): ChromiumEngine {
  const sessions = new Set<ChromiumEngineSession>();
  let shims: Promise<{ dir: string; remove(): Promise<void> }> | null = null;
  return {
    name: 'chromium',
    async startSession(sessionOptions) {
      shims ??= createOpenerShims(options.openerShimParent);
      const session = new ChromiumEngineSession(sessionOptions, options, (await shims).dir);
      sessions.add(session);
      session.onEnded(() => sessions.delete(session));
      try {
        await session.start();
      } catch (error) {
        await session.destroy().catch(() => {});
        throw error;
      }
      return session;
    },
    async shutdown() {
      await Promise.all([...sessions].map((s) => s.destroy()));
      if (shims) await (await shims).remove();
      shims = null;
    },
  };
}

export class ChromiumEngineSession implements EngineSession {
  readonly sessionId: string;
  private context: BrowserContext | null = null;
  private browserCdp: CdpSession | null = null;
  private rootPid: number | null = null;
  private readonly disabled: ReadonlySet<Guard>;
  private readonly profileDir: string;
  private readonly host: DemarcheHost<ChromiumPage>;
  private readonly targets = new Map<string, TargetState>();
  private readonly pages = new Map<Page, ChromiumPage>();
  private readonly guardedFrames = new WeakSet<Frame>();
  private mainPage: Page | null = null;
  private expectingOwnPage = false;
  private readonly granted = new Set<string>();
  /** The CDP listeners and the external-open watcher, undone first on destroy. */
  private readonly stoppers = new DisposableStore();
  private destroying: Promise<void> | null = null;
  private readonly endedListeners: (() => void)[] = [];

  constructor(
    private readonly options: EngineSessionOptions,
    private readonly engineOptions: ChromiumEngineOptions,
    private readonly shimDir: string,
  ) {
    this.sessionId = options.sessionId;
    this.profileDir = path.resolve(options.profileDir);
    this.disabled = new Set(engineOptions.unsafeDisabledGuards ?? []);
    this.host = new DemarcheHost<ChromiumPage>({
      filesDir: options.filesDir,
      maxDownloadBytes: engineOptions.maxDownloadBytes,
      allowLoopback: options.allowLoopback,
      disabled: this.disabled,
    });
  }

  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  async start(): Promise<void> {
    const incoming = this.host.downloads.incomingDir;
    await mkdir(this.options.filesDir, { recursive: true });
    await prepareProfile(this.profileDir, { incomingDir: incoming, disabled: this.disabled });
    const headless = this.engineOptions.headless ?? process.env.CABINE_ENGINE_HEADED !== '1';
    const externalLog = path.join(this.profileDir, 'external-open.log');
    const extraEnv: Record<string, string> = { [EXTERNAL_OPEN_LOG_ENV]: externalLog, ...(this.engineOptions.env ?? {}) };
    const basePath = this.engineOptions.env?.PATH ?? process.env.PATH ?? '/usr/bin:/bin';
    extraEnv.PATH = this.disabled.has('external-protocols') ? basePath : `${this.shimDir}:${basePath}`;

    const context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: this.engineOptions.executablePath ?? process.env.CABINE_CHROMIUM ?? '/usr/bin/chromium',
      headless,
      args: chromiumArgs({ disabled: this.disabled, extra: this.engineOptions.extraArgs }),
      ignoreDefaultArgs: IGNORED_PLAYWRIGHT_DEFAULTS,
      env: chromiumEnv(this.profileDir, process.env, extraEnv),
      chromiumSandbox: false,
      acceptDownloads: true,
      downloadsPath: incoming,
      viewport: this.engineOptions.viewport === undefined ? { width: 1280, height: 800 } : this.engineOptions.viewport,
      locale: 'fr-FR',
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 30_000,
    });
    this.context = context;
    const [root] = await childrenWithArgument(process.pid, `--user-data-dir=${this.profileDir}`);
    this.rootPid = root ?? null;

    const browser = context.browser();
    if (!browser) throw new Error('Chromium started without a browser connection');
    const browserCdp = wrapCdp(await browser.newBrowserCDPSession());
    this.browserCdp = browserCdp;

    // Targets that exist before we listen are the engine's own (the first page).
    const { targetInfos } = await browserCdp.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
    for (const t of targetInfos) if (t.type === 'page') this.targets.set(t.targetId, { targetId: t.targetId, ours: true, navigated: false, committed: false, refused: false, url: t.url });
    this.stoppers.add(toDisposable(browserCdp.on('Target.targetCreated', (e) => this.onTargetCreated(e.targetInfo as TargetInfo))));
    this.stoppers.add(toDisposable(browserCdp.on('Target.targetInfoChanged', (e) => this.onTargetChanged(e.targetInfo as TargetInfo))));
    this.stoppers.add(toDisposable(browserCdp.on('Target.targetDestroyed', (e) => this.onTargetDestroyed(String(e.targetId)))));
    await browserCdp.send('Target.setDiscoverTargets', { discover: true });

    // Every document the browser asks for, whoever asks, waits for the allow-list.
    this.stoppers.add(toDisposable(browserCdp.on('Fetch.requestPaused', (e) => void this.onRequestPaused(e as unknown as PausedRequest))));
    // Every login challenge (a document's or a script's) is ours to answer: refused, never Chromium's "Sign in" dialog.
    this.stoppers.add(toDisposable(browserCdp.on('Fetch.authRequired', (e) => void this.onAuthRequired(e as unknown as AuthChallenge))));
    await browserCdp.send('Fetch.enable', {
      patterns: [
        // Every request, not just documents: Chromium asks for a login whenever a script, an image or a style gets
        // a challenge too (measured: a fetch() answered 401 Basic holds the page), and the Fetch domain reports
        // challenges of intercepted requests only. Other resources continue at once (onRequestPaused).
        { urlPattern: '*', requestStage: 'Request' },
        // The documents' answers, for the headers both adapters rewrite (PDF as a download, no picture-in-picture).
        { urlPattern: '*', resourceType: 'Document', requestStage: 'Response' },
      ],
      handleAuthRequests: !this.disabled.has('auth'),
    });

    if (this.disabled.has('permissions')) {
      for (const name of ALL_CDP_PERMISSIONS) await sendQuietly(browserCdp, 'Browser.grantPermissions', { permissions: [name] });
    } else {
      // Some permissions are granted by default, without a prompt (wake lock, pointer and
      // keyboard lock, storage access): denied too, for every origin. Grants come per origin.
      for (const name of DENIED_BY_DEFAULT) await sendQuietly(browserCdp, 'Browser.setPermission', { permission: { name }, setting: 'denied' });
    }

    context.on('page', (page) => void this.onPage(page));
    context.on('close', () => this.onContextClosed());
    // The démarche gets a page of its own: the browser's first page stays blank under it (closing
    // a browser's last page may end the browser), and Chromium treats that first page apart
    // (measured: --auto-reject-capture does not answer its screen picker, which then holds it).
    this.expectingOwnPage = true;
    const page = await context.newPage();
    this.expectingOwnPage = false;
    const { targetInfo } = await wrapCdp(await context.newCDPSession(page)).send<{ targetInfo: { targetId: string } }>('Target.getTargetInfo');
    this.markOurs(targetInfo.targetId);
    this.mainPage = page;
    await this.guardPage(page);

    if (!this.disabled.has('external-protocols')) {
      this.stoppers.add(
        toDisposable(
          watchExternalOpens(externalLog, (attempt) => {
            const url = attempt.target.trim();
            this.blocked({ url, host: schemeOf(url), kind: 'top', reason: 'external-protocol' });
          }),
        ),
      );
    }
  }

  // ——— targets and popups ———

  private markOurs(targetId: string): void {
    const state = this.targets.get(targetId) ?? { targetId, ours: true, navigated: false, committed: false, refused: false, url: '' };
    state.ours = true;
    if (state.timer) clearTimeout(state.timer);
    this.targets.set(targetId, state);
  }

  private onTargetCreated(info: TargetInfo): void {
    if (info.type !== 'page' || this.targets.has(info.targetId)) return;
    if (this.expectingOwnPage) return this.markOurs(info.targetId);
    const state: TargetState = { targetId: info.targetId, ours: false, navigated: false, committed: false, refused: false, url: info.url };
    this.targets.set(info.targetId, state);
    void this.resumeTarget(info.targetId);
    if (this.disabled.has('popups')) return;
    // A window that loads nothing allowed (about:blank written by its opener, a new window from a
    // shortcut, a data: URL Chromium refused) is closed: only allowed pages open in the cabin.
    // While it waits, its opener's renderer may be paused with it, so the grace is short; an
    // allowed page still loading gets longer.
    const check = (grace: number, extended: boolean) => {
      state.timer = setTimeout(() => {
        if (state.committed || state.refused) return;
        if (state.navigated && !extended) return check(15_000, true);
        state.refused = true;
        void this.closeTarget(state.targetId);
        this.blocked({ url: state.url || 'about:blank', host: 'about:', kind: 'popup', reason: 'about-url' });
      }, grace);
    };
    check(BLANK_POPUP_GRACE_MS, false);
  }

  /**
   * Playwright holds every new window until it has set it up, and for a window that never shows
   * a page (data: refused by Chromium, a blank window) that can take seconds — while its opener,
   * in the same renderer process, is frozen with it (measured: ~5 s without a click answering).
   * Letting it run at once keeps the démarche responsive; our guards attach as soon as
   * Playwright reports the page, and an unwanted window is closed by the rules above.
   */
  private async resumeTarget(targetId: string): Promise<void> {
    const cdp = this.browserCdp;
    if (!cdp) return;
    try {
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: false });
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.runIfWaitingForDebugger' }) });
      await sendQuietly(cdp, 'Target.detachFromTarget', { sessionId });
    } catch {
      // closed already
    }
  }

  private onTargetChanged(info: TargetInfo): void {
    const state = this.targets.get(info.targetId);
    if (!state) return;
    state.url = info.url;
    if (info.url && info.url !== 'about:blank') state.committed = true;
  }

  private onTargetDestroyed(targetId: string): void {
    const state = this.targets.get(targetId);
    if (state?.timer) clearTimeout(state.timer);
    this.targets.delete(targetId);
  }

  private async closeTarget(targetId: string): Promise<void> {
    if (this.browserCdp) await sendQuietly(this.browserCdp, 'Target.closeTarget', { targetId });
  }

  private async onRequestPaused(e: PausedRequest): Promise<void> {
    const cdp = this.browserCdp;
    if (!cdp) return;
    if (e.responseStatusCode !== undefined || e.responseErrorReason !== undefined) return this.onResponsePaused(cdp, e);
    if (e.resourceType !== 'Document') return sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId });
    const target = this.targets.get(e.frameId);
    const kind: NavigationKind = e.redirectedRequestId ? 'redirect' : target ? (!target.ours && !target.navigated ? 'popup' : 'top') : 'subframe';
    const unguarded = kind === 'popup' ? this.disabled.has('popups') : this.disabled.has('navigation');
    const decision: NavigationDecision = unguarded ? { allowed: true } : decideNavigation(this.host.policy, { url: e.request.url, kind });
    if (decision.allowed) {
      if (target) {
        target.navigated = true;
        if (target.timer) clearTimeout(target.timer);
      }
      await this.grantFor(e.request.url);
      await sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId });
      return;
    }
    // ERR_ABORTED: the navigation is dropped, the page stays where it was (no error page).
    await sendQuietly(cdp, 'Fetch.failRequest', { requestId: e.requestId, errorReason: 'Aborted' });
    if (target && !target.ours && !target.committed) {
      // A new window whose first page is refused is closed; a redirect inside it counts the same.
      target.refused = true;
      if (target.timer) clearTimeout(target.timer);
      await this.closeTarget(target.targetId);
    }
    this.blocked({ url: e.request.url, host: decision.host, kind, reason: decision.reason });
  }

  /** A document's answer: the same header rewrite as Electron's onHeadersReceived. */
  private async onResponsePaused(cdp: CdpSession, e: PausedRequest): Promise<void> {
    const headers = e.responseHeaders && e.responseStatusCode !== undefined ? cabinResponseHeaders(headersFromEntries(e.responseHeaders), { overlays: !this.disabled.has('overlays') }) : null;
    if (!headers) return sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId });
    // Changing the headers needs the status too (CDP: "all of them must be present").
    await cdp
      .send('Fetch.continueResponse', { requestId: e.requestId, responseCode: e.responseStatusCode, responsePhrase: e.responseStatusText || undefined, responseHeaders: headersToEntries(headers) })
      .catch(() => sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId }));
  }

  /** Basic, Digest, NTLM, proxy: the cabin has no password to give, and Chromium's dialog would hold the page. */
  private async onAuthRequired(e: AuthChallenge): Promise<void> {
    if (!this.browserCdp) return;
    await sendQuietly(this.browserCdp, 'Fetch.continueWithAuth', { requestId: e.requestId, authChallengeResponse: { response: 'CancelAuth' } });
    this.host.emit({ type: 'auth-refused', origin: URL.canParse(e.request.url) ? new URL(e.request.url).origin : '' });
  }

  private blocked(notice: { url: string; host: string; kind: NavigationKind; reason: string }): void {
    // An external protocol is seen twice (the renderer's request, then the stand-in Chromium
    // consults): say it once per scheme and moment.
    this.host.blocked(notice, notice.reason === 'external-protocol' ? { key: notice.host, ms: 5000 } : null);
  }

  /** Grants the démarche's configured permissions to an allowed origin, once. */
  private async grantFor(url: string): Promise<void> {
    if (!this.browserCdp || this.host.grants.length === 0) return;
    const origin = allowedOrigin(this.host.policy, url);
    if (!origin) return;
    for (const grant of this.host.grants) {
      const key = `${grant} ${origin}`;
      if (this.granted.has(key)) continue;
      this.granted.add(key);
      await sendQuietly(this.browserCdp, 'Browser.setPermission', { permission: GRANT_DESCRIPTORS[grant], setting: 'granted', origin });
    }
  }

  private async onPage(page: Page): Promise<void> {
    if (this.pages.has(page) || page === this.mainPage) return;
    try {
      // The engine's own pages are set up by the engine (Playwright reports them here too).
      const probe = await this.context!.newCDPSession(page);
      const { targetInfo } = (await probe.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
      await probe.detach().catch(() => {});
      if (this.targets.get(targetInfo.targetId)?.ours) return;
    } catch {
      return; // closed already
    }
    let guarded: ChromiumPage;
    try {
      guarded = await this.guardPage(page);
    } catch {
      return; // closed while we were attaching
    }
    const state = this.targets.get(guarded.targetId);
    if (state?.refused) return;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.host.adoptPopup(guarded);
    });
    this.host.adoptPopup(guarded);
  }

  private async guardPage(page: Page): Promise<ChromiumPage> {
    const context = this.context!;
    const cdp = wrapCdp(await context.newCDPSession(page));
    const { targetInfo } = await cdp.send<{ targetInfo: { targetId: string } }>('Target.getTargetInfo');
    const guard = await guardTarget(cdp, this.host.guardOptions(true));
    const guarded = new ChromiumPage(page, cdp, targetInfo.targetId, guard);
    this.pages.set(page, guarded);
    // Playwright dismisses dialogs nobody listens to; listening leaves them to our guard, so the
    // tests prove our code, not Playwright's.
    page.on('dialog', () => {});
    page.on('download', (download) => void this.onDownload(download));
    page.on('close', () => {
      guard.dispose();
      this.pages.delete(page);
      this.host.pageClosed(guarded);
    });
    page.on('crash', () => this.host.emit({ type: 'crashed', reason: 'renderer-crashed' }));
    page.on('frameattached', (frame) => void this.guardFrame(frame));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.host.pageNavigated(guarded, frame.url());
      else void this.guardFrame(frame);
    });
    if (!this.disabled.has('external-protocols')) {
      cdp.on('Page.frameRequestedNavigation', (e) => {
        const url = String(e.url ?? '');
        if (/^(https?|about|data|blob|javascript):/i.test(url)) return; // judged by the Fetch guard (or harmless)
        const decision = decideNavigation(this.host.policy, { url, kind: 'top' });
        if (!decision.allowed) this.blocked({ url, host: decision.host, kind: 'top', reason: decision.reason });
      });
    }
    for (const frame of page.frames()) void this.guardFrame(frame);
    return guarded;
  }

  /** Out-of-process frames (cross-site iframes) have their own target: guard each one too. */
  private async guardFrame(frame: Frame): Promise<void> {
    if (this.guardedFrames.has(frame) || !frame.parentFrame()) return;
    let session: CDPSession;
    try {
      session = await this.context!.newCDPSession(frame);
    } catch {
      return; // an in-process frame: its page's guard covers it
    }
    if (this.guardedFrames.has(frame)) {
      await session.detach().catch(() => {});
      return;
    }
    this.guardedFrames.add(frame);
    const guard = await guardTarget(wrapCdp(session), this.host.guardOptions(false)).catch(() => null);
    frame.page().once('close', () => guard?.dispose());
  }

  private async onDownload(download: Download): Promise<void> {
    const decision = this.host.downloads.start({ suggestedFilename: download.suggestedFilename(), url: download.url() });
    if (!decision.accept) {
      await download.cancel().catch(() => {});
      await download.delete().catch(() => {});
      return;
    }
    let file: string;
    try {
      file = await download.path();
    } catch {
      const failure = await download.failure().catch(() => null);
      await this.host.downloads.failed(decision.id, failure?.includes('FILE_NO_SPACE') ? 'disk-full' : 'failed');
      return;
    }
    await this.host.downloads.complete(decision.id, file);
  }

  // ——— the port ———

  async open(demarche: DemarcheSpec): Promise<DemarcheView> {
    const main = this.mainPage && this.pages.get(this.mainPage);
    if (!this.context || !main) throw new Error('session not started');
    return this.host.open(demarche, main, (d, m, host) => new ChromiumView(d, m, host));
  }

  async countStorageEntries(): Promise<number | null> {
    if (!this.context) return null;
    try {
      const state = await this.context.storageState();
      return state.cookies.length + state.origins.reduce((n, o) => n + o.localStorage.length, 0);
    } catch {
      return null;
    }
  }

  /** The browser's process tree, and its helpers outside it (the crash handler is re-parented to init). */
  pids(): number[] {
    const tree = this.rootPid === null ? [] : processTreeSync(this.rootPid);
    return [...new Set([...tree, ...processesWithArgumentSync(this.profileDir + path.sep)])];
  }

  /** The page démarches open in (before open() too), for the audit that observes it from the start. */
  get demarchePage(): Page | null {
    return this.mainPage;
  }

  /** The browser connection, for tests and the audit that observe from the browser's side. */
  get browserContext(): BrowserContext | null {
    return this.context;
  }

  destroy(): Promise<void> {
    this.destroying ??= this.doDestroy();
    return this.destroying;
  }

  private async doDestroy(): Promise<void> {
    this.stoppers.dispose();
    for (const t of this.targets.values()) if (t.timer) clearTimeout(t.timer);
    const pids = this.pids();
    const context = this.context;
    this.host.end();
    // The profile is deleted right after: nothing in it is worth a graceful shutdown (which takes
    // about a second). Killing the whole tree is immediate and leaves no process behind.
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (context) await Promise.race([context.close().catch(() => {}), sleep(3000)]);
    const survivors = await waitThenKill([...new Set([...pids, ...this.pids()])], 3000);
    for (const l of this.endedListeners.splice(0)) l();
    if (survivors.length) throw new Error(`Chromium processes survived the session: ${survivors.join(', ')}`);
  }

  private onContextClosed(): void {
    if (this.destroying) return;
    // The browser died under us: the machine ends the session (VIEW_CRASHED).
    this.host.emit({ type: 'crashed', reason: 'browser-exited' });
  }
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  openerId?: string;
}

interface PausedRequest {
  requestId: string;
  request: { url: string; method: string };
  frameId: string;
  resourceType: string;
  redirectedRequestId?: string;
  /** Set at the response stage. */
  responseStatusCode?: number;
  responseStatusText?: string;
  responseErrorReason?: string;
  responseHeaders?: { name: string; value: string }[];
}

interface AuthChallenge {
  requestId: string;
  request: { url: string };
}

function schemeOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  return m ? m[1]!.toLowerCase() : url;
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
  if (/net::ERR_|interrupted by another navigation|Navigation failed because page was closed|Target page, context or browser has been closed|frame was detached/i.test(message)) return;
  throw error;
}
