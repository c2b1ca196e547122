// The Electron adapter of the engine port (production). Each resident session gets a
// non-persistent partition (`cabine-<sessionId>`, no `persist:`) and its own sandboxed
// WebContentsView without preload; a popup inside the allow-list becomes a second view shown
// over the first (the cabin's "Retour" closes it). Policies come from src/shared/policy, and the
// file chooser, print, dialogs, typing and page scripts are the shared CDP code of src/engine
// (through webContents.debugger), so what the Chromium contract suite proves is what runs here.
//
// Type-checked here; its contract suite (tests/electron/engine) runs where an Electron binary exists.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { session as electronSession, WebContentsView, type BaseWindow, type Rectangle, type Session, type WebContents } from 'electron';
import type { GrantablePermission } from '../../shared/config/schema';
import { decideNavigation, type NavigationKind, type NavigationPolicy } from '../../shared/policy/navigation';
import { canonicalPermission, decidePermission, electronMediaPermissions } from '../../shared/policy/permissions';
import type { CdpParams, CdpSession } from '../../engine/cdp';
import { DownloadGuard } from '../../engine/downloads';
import { FileChooserGate } from '../../engine/file-chooser';
import { pressKey as pressKeyCdp, typeText as typeTextCdp, type EditKey } from '../../engine/keyboard';
import { NoticeHub } from '../../engine/notices';
import { pdfAsAttachment } from '../../engine/pdf-responses';
import { guardTarget, type PageGuard } from '../../engine/page-guard';
import type { DemarcheEngine, DemarcheSpec, DemarcheView, EngineNotice, EngineSession, EngineSessionOptions, Unsubscribe } from '../../engine/port';
import { PAGE_PDF_LAYOUT } from '../../engine/print';
import { waitForExit } from '../../engine/processes';
import { applyShortcutPolicy } from '../kiosk/shortcuts';

export interface ElectronEngineOptions {
  /** The kiosk window the démarche views are shown in. */
  window: BaseWindow;
  /** Where the démarche area is, in the window (the cabin's bar stays visible around it). */
  bounds: () => Rectangle;
  development: boolean;
  maxDownloadBytes?: number;
}

const DENY_ALL: NavigationPolicy = { allow: [] };

/** webContents.debugger as the shared CdpSession (optionally one flattened child session). */
function debuggerCdp(contents: WebContents, sessionId?: string): CdpSession {
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

function webPreferences(partition: string, development: boolean): Electron.WebPreferences {
  return {
    partition,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webviewTag: false,
    // No preload: nothing of ours runs in the démarche's pages but the CDP-injected scripts.
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // No PDF viewer (its toolbar saves and prints): PDFs download, into our pdf.js viewer.
    plugins: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    // alert/confirm/prompt answered at once, never Electron's own message box (lib/browser/api/web-contents.ts
    // '-run-dialog'); the page guard still sees them through CDP and reports dialog-dismissed.
    disableDialogs: true,
    safeDialogs: true,
    // The File System Access pickers browse the whole disk.
    disableBlinkFeatures: 'FileSystemAccessLocal,FileSystemAccessAPIExperimental',
    devTools: development,
    autoplayPolicy: 'document-user-activation-required',
  };
}

interface GuardedContents {
  view: WebContentsView;
  contents: WebContents;
  cdp: CdpSession;
  guards: PageGuard[];
  offs: (() => void)[];
}

export function createElectronEngine(options: ElectronEngineOptions): DemarcheEngine {
  const sessions = new Set<ElectronEngineSession>();
  return {
    name: 'electron',
    async startSession(sessionOptions) {
      const s = new ElectronEngineSession(sessionOptions, options);
      sessions.add(s);
      s.onEnded(() => sessions.delete(s));
      await s.start();
      return s;
    },
    async shutdown() {
      await Promise.all([...sessions].map((s) => s.destroy()));
    },
  };
}

class ElectronEngineSession implements EngineSession {
  readonly sessionId: string;
  private readonly partition: string;
  private ses!: Session;
  private readonly chooser: FileChooserGate;
  private readonly downloads: DownloadGuard;
  private main: GuardedContents | null = null;
  private view: ElectronView | null = null;
  private policy: NavigationPolicy = DENY_ALL;
  private grants: readonly GrantablePermission[] = [];
  private readonly knownPids = new Set<number>();
  private readonly recentBlocks = new Map<string, number>();
  private destroying: Promise<void> | null = null;
  private readonly endedListeners: (() => void)[] = [];

  constructor(
    private readonly options: EngineSessionOptions,
    private readonly engine: ElectronEngineOptions,
  ) {
    this.sessionId = options.sessionId;
    this.partition = `cabine-${options.sessionId}`;
    this.chooser = new FileChooserGate([options.filesDir], this.emit);
    this.downloads = new DownloadGuard({ filesDir: options.filesDir, emit: this.emit, maxBytes: engine.maxDownloadBytes });
  }

  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  private readonly emit = (notice: EngineNotice): void => {
    this.view?.hub.emit(notice);
  };

  private blocked(url: string, kind: NavigationKind, decision: { host: string; reason: string }): void {
    // will-frame-navigate and the webRequest backstop may both see one attempt: say it once.
    const now = Date.now();
    const last = this.recentBlocks.get(url);
    this.recentBlocks.set(url, now);
    if (last !== undefined && now - last < 2000) return;
    this.emit({ type: 'navigation-blocked', url, host: decision.host, kind, reason: decision.reason });
  }

  get navigationPolicy(): NavigationPolicy {
    return this.policy;
  }

  get fileChooser(): FileChooserGate {
    return this.chooser;
  }

  emitNotice(notice: EngineNotice): void {
    this.emit(notice);
  }

  async start(): Promise<void> {
    // No `persist:` prefix: cookies, storage and cache live in memory and die with the session.
    const ses = electronSession.fromPartition(this.partition, { cache: true });
    this.ses = ses;
    ses.setSpellCheckerEnabled(false);
    // Electron creates no folder for a path given by setSavePath (electron_download_manager_delegate.cc
    // DetermineDownloadTarget): without it every download is interrupted.
    await mkdir(this.downloads.incomingDir, { recursive: true, mode: 0o700 });
    ses.setDownloadPath(this.downloads.incomingDir);
    this.installPermissionHandlers(ses);
    this.installDownloadHandler(ses);
    // Backstop for every document request, redirect hops included (will-* events are the
    // primary check and say why; this one catches what they might not see).
    ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'], types: ['mainFrame', 'subFrame'] }, (details, callback) => {
      const kind: NavigationKind = details.resourceType === 'subFrame' ? 'subframe' : 'top';
      const decision = decideNavigation(this.policy, { url: details.url, kind });
      if (decision.allowed) return callback({});
      this.blocked(details.url, kind, decision);
      callback({ cancel: true });
    });
    // Electron's PDF viewer renders PDFs in any partition whatever `plugins` says (electron#24977): every PDF
    // document, top or framed, becomes a download for our viewer instead.
    ses.webRequest.onHeadersReceived({ urls: ['<all_urls>'], types: ['mainFrame', 'subFrame'] }, (details, callback) => {
      const responseHeaders = pdfAsAttachment(details.responseHeaders);
      callback(responseHeaders ? { responseHeaders } : {});
    });
    this.main = await this.createContents();
  }

  private installPermissionHandlers(ses: Session): void {
    ses.setPermissionRequestHandler((contents, permission, callback, details) => {
      const asked = permission === 'media' ? electronMediaPermissions((details as Electron.MediaAccessPermissionRequest).mediaTypes) : [canonicalPermission(permission)];
      const requestingUrl = details.requestingUrl ?? contents.getURL();
      const granted = asked.every((p) => decidePermission(this.policy, this.grants, { permission: p, requestingUrl }));
      if (!granted) this.emit({ type: 'permission-denied', permission: asked.join('+'), origin: URL.canParse(requestingUrl) ? new URL(requestingUrl).origin : '' });
      callback(granted);
    });
    ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
      const asked = permission === 'media' ? electronMediaPermissions(details.mediaType ? [details.mediaType] : undefined) : [canonicalPermission(permission)];
      const url = details.requestingUrl ?? requestingOrigin;
      return asked.every((p) => decidePermission(this.policy, this.grants, { permission: p, requestingUrl: url }));
    });
    // Device choosers (HID, serial, USB, Bluetooth) and screen capture: never.
    ses.setDevicePermissionHandler(() => false);
    ses.setDisplayMediaRequestHandler((_request, callback) => callback(null as unknown as Electron.Streams));
    ses.setBluetoothPairingHandler((_details, callback) => callback({ confirmed: false }));
    ses.setUSBProtectedClassesHandler((details) => details.protectedClasses);
    ses.on('select-hid-device', (event, _details, callback) => {
      event.preventDefault();
      callback(null);
    });
    ses.on('select-serial-port', (event, _ports, _contents, callback) => {
      event.preventDefault();
      callback('');
    });
    ses.on('select-usb-device', (event, _details, callback) => {
      event.preventDefault();
      callback();
    });
  }

  private installDownloadHandler(ses: Session): void {
    ses.on('will-download', (_event, item) => {
      const decision = this.downloads.start({
        suggestedFilename: item.getFilename(),
        url: item.getURL(),
        mime: item.getMimeType(),
        totalBytes: item.getTotalBytes(),
      });
      if (!decision.accept) {
        item.cancel();
        return;
      }
      // Setting the path here is what keeps Electron from showing a Save dialog.
      const savePath = path.join(this.downloads.incomingDir, decision.id);
      item.setSavePath(savePath);
      item.once('done', (_e, state) => {
        if (state === 'completed') void this.downloads.complete(decision.id, savePath);
        else void this.downloads.failed(decision.id, 'failed', savePath);
      });
    });
  }

  /** A new sandboxed view in this session's partition (or adopting a popup's contents). */
  private async createContents(adopt?: WebContents): Promise<GuardedContents> {
    const view = new WebContentsView(adopt ? { webContents: adopt } : { webPreferences: webPreferences(this.partition, this.engine.development) });
    const contents = view.webContents;
    const offs: (() => void)[] = [];
    // Before anything else can happen in it: never the default BrowserWindow for a window.open (the policy
    // below replaces this once the guards are in place).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // Electron answers beforeunload "stay" unless this is cancelled (electron_api_web_contents.cc
    // RunBeforeUnloadDialog): navigate(), goBack() and close() would silently fail on a form that warns.
    contents.on('will-prevent-unload', (event) => event.preventDefault());
    contents.debugger.attach('1.3');
    const cdp = debuggerCdp(contents);
    const guards: PageGuard[] = [];
    // Out-of-process frames (cross-site iframes) are child targets of the same debugger. They wait for us
    // (waitForDebuggerOnStart) until their guard is in place, then run.
    offs.push(
      cdp.on('Target.attachedToTarget', (e) => {
        const info = e.targetInfo as { type?: string } | undefined;
        const sessionId = String(e.sessionId ?? '');
        if (!sessionId) return;
        const child = debuggerCdp(contents, sessionId);
        const run = () => void child.send('Runtime.runIfWaitingForDebugger').catch(() => {});
        if (info?.type !== 'iframe') return run();
        void guardTarget(child, { emit: this.emit, chooser: this.chooser, isPage: false, allowFullscreen: () => this.grants.includes('fullscreen') })
          .then((g) => guards.push(g))
          .catch(() => {})
          .finally(run);
      }),
    );
    const pageGuard = guardTarget(cdp, { emit: this.emit, chooser: this.chooser, isPage: true, allowFullscreen: () => this.grants.includes('fullscreen') });
    const autoAttach = cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    // The debugger of a web contents that has loaded nothing answers no command until it loads something
    // (electron#14810): give a new view an empty document; an adopted popup is already loading its own.
    if (!adopt) await contents.loadURL('about:blank').catch(() => {});
    guards.unshift(await pageGuard);
    await autoAttach;

    const navigationCheck = (url: string, kind: NavigationKind, prevent: () => void) => {
      const decision = decideNavigation(this.policy, { url, kind });
      if (decision.allowed) return;
      prevent();
      this.blocked(url, kind, decision);
    };
    contents.on('will-frame-navigate', (event) => navigationCheck(event.url, event.isMainFrame ? 'top' : 'subframe', () => event.preventDefault()));
    contents.on('will-redirect', (event) => navigationCheck(event.url, 'redirect', () => event.preventDefault()));
    contents.setWindowOpenHandler((details) => {
      const decision = decideNavigation(this.policy, { url: details.url, kind: 'popup' });
      if (!decision.allowed) {
        this.blocked(details.url, 'popup', decision);
        return { action: 'deny' };
      }
      return {
        action: 'allow',
        // The popup opens inside the cabin, as a view over the démarche, never as a window.
        createWindow: (windowOptions) => {
          const popupContents = (windowOptions as { webContents?: WebContents }).webContents;
          if (!popupContents) throw new Error('Electron gave no web contents for the popup');
          void this.createContents(popupContents).then((g) => this.view?.pushPopup(g));
          return popupContents;
        },
      };
    });
    contents.on('render-process-gone', (_e, details) => {
      if (details.reason !== 'clean-exit') this.emit({ type: 'crashed', reason: details.reason });
    });
    contents.on('did-navigate', (_e, url) => {
      if (this.view?.hasContents(contents) && url !== 'about:blank') this.emit({ type: 'navigated', url });
    });
    contents.on('destroyed', () => this.view?.popupClosed(contents));
    offs.push(applyShortcutPolicy(contents, { development: this.engine.development, onPrint: () => this.emit({ type: 'print-requested' }) }));
    const pid = contents.getOSProcessId();
    if (pid > 0) this.knownPids.add(pid);
    contents.on('did-finish-load', () => {
      for (const f of contents.mainFrame.framesInSubtree) if (f.osProcessId > 0) this.knownPids.add(f.osProcessId);
    });
    return { view, contents, cdp, guards, offs };
  }

  async open(demarche: DemarcheSpec): Promise<DemarcheView> {
    if (!this.main) throw new Error('session not started');
    if (this.view) await this.view.close();
    this.policy = { allow: demarche.allow, allowLoopback: this.options.allowLoopback ?? false };
    this.grants = demarche.permissions;
    const view = new ElectronView(demarche, this.main, this, this.engine);
    this.view = view;
    view.show();
    await view.navigate(demarche.startUrl);
    return view;
  }

  detachView(view: ElectronView): void {
    if (this.view !== view) return;
    this.view = null;
    this.policy = DENY_ALL;
    this.grants = [];
  }

  async countStorageEntries(): Promise<number | null> {
    try {
      return (await this.ses.cookies.get({})).length;
    } catch {
      return null;
    }
  }

  pids(): number[] {
    return [...this.knownPids].filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
  }

  destroy(): Promise<void> {
    this.destroying ??= this.doDestroy();
    return this.destroying;
  }

  private async doDestroy(): Promise<void> {
    const view = this.view;
    this.view = null;
    const all = [...(view?.allContents() ?? []), ...(this.main ? [this.main] : [])];
    const pids = this.pids();
    for (const g of new Set(all)) {
      for (const off of g.offs) off();
      for (const guard of g.guards) guard.dispose();
      this.engine.window.contentView.removeChildView(g.view);
      if (!g.contents.isDestroyed()) {
        const gone = new Promise<void>((r) => g.contents.once('destroyed', () => r()));
        g.contents.close({ waitForBeforeUnload: false });
        await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
      }
    }
    this.main = null;
    // The partition is in memory; clearing it as well drops what Chromium still caches for it.
    await this.ses.clearStorageData().catch(() => {});
    await this.ses.clearCache().catch(() => {});
    await this.ses.clearAuthCache().catch(() => {});
    await this.ses.clearHostResolverCache().catch(() => {});
    await this.ses.closeAllConnections().catch(() => {});
    await waitForExit(pids, 3000);
    for (const l of this.endedListeners.splice(0)) l();
  }
}

class ElectronView implements DemarcheView {
  readonly hub = new NoticeHub();
  private readonly stack: GuardedContents[];
  private closed = false;

  constructor(
    readonly demarche: DemarcheSpec,
    main: GuardedContents,
    private readonly session: ElectronEngineSession,
    private readonly engine: ElectronEngineOptions,
  ) {
    this.stack = [main];
  }

  private get active(): GuardedContents {
    return this.stack[this.stack.length - 1]!;
  }

  /** The web contents shown (the last popup, else the démarche's): for the cabin's layout and the tests. */
  get webContents(): WebContents {
    return this.active.contents;
  }

  allContents(): GuardedContents[] {
    return [...this.stack];
  }

  hasContents(contents: WebContents): boolean {
    return this.stack.some((g) => g.contents === contents);
  }

  /** Shows the top of the stack in the démarche area, the others hidden under it. */
  show(): void {
    const area = this.engine.window.contentView;
    this.stack.forEach((g, i) => {
      if (!area.children.includes(g.view)) area.addChildView(g.view);
      g.view.setBounds(this.engine.bounds());
      g.view.setVisible(i === this.stack.length - 1);
    });
    this.active.contents.focus();
  }

  pushPopup(g: GuardedContents): void {
    if (this.closed) return;
    this.stack.push(g);
    this.show();
    this.hub.emit({ type: 'popup-opened', url: g.contents.getURL() });
  }

  popupClosed(contents: WebContents): void {
    const i = this.stack.findIndex((g) => g.contents === contents);
    if (i <= 0) return;
    const [g] = this.stack.splice(i, 1);
    if (g) this.engine.window.contentView.removeChildView(g.view);
    this.show();
    this.hub.emit({ type: 'popup-closed' });
  }

  on(listener: (notice: EngineNotice) => void): Unsubscribe {
    return this.hub.on(listener);
  }

  currentUrl(): string {
    return this.active.contents.getURL();
  }

  async navigate(url: string): Promise<void> {
    const decision = decideNavigation(this.session.navigationPolicy, { url, kind: 'top' });
    if (!decision.allowed) {
      this.session.emitNotice({ type: 'navigation-blocked', url, host: decision.host, kind: 'top', reason: decision.reason });
      return;
    }
    // loadURL rejects on ERR_ABORTED (a refused redirect) and network errors: the guard reports those.
    await this.active.contents.loadURL(url).catch(() => {});
  }

  async goBack(): Promise<void> {
    const history = this.active.contents.navigationHistory;
    if (this.stack.length > 1 && !history.canGoBack()) {
      this.active.contents.close({ waitForBeforeUnload: false });
      return;
    }
    if (history.canGoBack()) history.goBack();
  }

  async reload(): Promise<void> {
    this.active.contents.reload();
  }

  async printToPdf(): Promise<Uint8Array> {
    // Page.printToPDF is Chrome's, not content's: Electron's debugger does not have it (docs/electron-notes.md).
    const { paperWidth, paperHeight, margin, printBackground, preferCSSPageSize } = PAGE_PDF_LAYOUT;
    const pdf = await this.active.contents.printToPDF({
      pageSize: { width: paperWidth, height: paperHeight },
      margins: { top: margin, bottom: margin, left: margin, right: margin },
      printBackground,
      preferCSSPageSize,
    });
    return new Uint8Array(pdf);
  }

  setFiles(paths: string[]): Promise<void> {
    return this.session.fileChooser.setFiles(paths);
  }

  cancelFileChooser(): Promise<void> {
    return this.session.fileChooser.cancel();
  }

  typeText(text: string): Promise<void> {
    return typeTextCdp(this.active.cdp, text);
  }

  pressKey(key: EditKey): Promise<void> {
    return pressKeyCdp(this.active.cdp, key);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const [main, ...popups] = this.stack;
    for (const p of popups.reverse()) if (!p.contents.isDestroyed()) p.contents.close({ waitForBeforeUnload: false });
    this.session.detachView(this);
    if (main) {
      main.view.setVisible(false);
      await main.contents.loadURL('about:blank').catch(() => {});
    }
  }
}
