// The Electron adapter of the engine port (production). Each resident session gets a
// non-persistent partition (`cabine-<sessionId>`, no `persist:`) and its own sandboxed
// WebContentsView without preload; a popup inside the allow-list becomes a second view shown
// over the first (the cabin's "Retour" closes it). Policies come from src/shared/policy, and the
// file chooser, print, dialogs, typing and page scripts are the shared CDP code of src/engine
// (through webContents.debugger), so what the Chromium contract suite proves is what runs here.
//
// The page wrapper (a WebContentsView as an EnginePage, its debugger as a CdpSession, the window layout) is
// electron-page.ts. Type-checked here; its contract suite (tests/electron/engine) runs where an Electron binary exists.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { session as electronSession, WebContentsView, type BaseWindow, type Rectangle, type Session, type WebContents } from 'electron';
import type { NavigationKind } from '../../shared/policy/navigation';
import { canonicalPermission, decidePermission, electronMediaPermissions } from '../../shared/policy/permissions';
import { cabinResponseHeaders } from '../../engine/response-headers';
import { guardTarget } from '../../engine/page-guard';
import { pageKeyTarget, type PageKeyFilter } from '../../engine/keyboard';
import type { CallSpec, CallView, DemarcheEngine, DemarcheSpec, DemarcheView, EngineSession, EngineSessionOptions } from '../../engine/port';
import { sleep } from '../../base/async';
import { toDisposable } from '../../base/lifecycle';
import { waitThenKill } from '../../base/node/processes';
import { DemarcheHost } from '../../engine/view';
import { applyShortcutPolicy } from '../kiosk/shortcuts';
import { ElectronCallView } from './electron-call';
import { CallSlot } from '../../engine/call-view';
import { debuggerCdp, ElectronPage, ElectronView, windowLayout } from './electron-page';

export interface ElectronEngineOptions {
  /** The kiosk window the démarche views are shown in. */
  window: BaseWindow;
  /** Where the démarche area is, in the window (the cabin's bar stays visible around it). */
  bounds: () => Rectangle;
  development: boolean;
  maxDownloadBytes?: number;
  /**
   * Sees each keyDown of a démarche page first (the badge reader's hold-back in keystroke mode: a badge
   * swiped during a démarche must not type its id into the site).
   */
  keyFilter?: PageKeyFilter;
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
    // The File System Access pickers browse the whole disk; Document picture-in-picture and EyeDropper open windows
    // (and a pointer grab) of their own outside the view (electron_api_web_contents.cc OpenEyeDropper, docs/electron-notes.md).
    // Video picture-in-picture is refused by the Permissions-Policy header (src/engine/response-headers.ts).
    disableBlinkFeatures: 'FileSystemAccessLocal,FileSystemAccessAPIExperimental,DocumentPictureInPictureAPI,EyeDropperAPI',
    devTools: development,
    autoplayPolicy: 'document-user-activation-required',
  };
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
  private readonly host: DemarcheHost<ElectronPage>;
  private main: ElectronPage | null = null;
  private readonly knownPids = new Set<number>();
  /** The session's pages by web contents id: the webRequest backstop judges a request with its page's payment chain. */
  private readonly pagesById = new Map<number, ElectronPage>();
  private destroying: Promise<void> | null = null;
  private readonly endedListeners: (() => void)[] = [];
  /** The video call (issue 17), one at a time, each in a partition of its own. */
  private readonly calls = new CallSlot<ElectronCallView>();

  constructor(
    private readonly options: EngineSessionOptions,
    private readonly engine: ElectronEngineOptions,
  ) {
    this.sessionId = options.sessionId;
    this.partition = `cabine-${options.sessionId}`;
    this.host = new DemarcheHost<ElectronPage>({
      filesDir: options.filesDir,
      maxDownloadBytes: engine.maxDownloadBytes,
      allowLoopback: options.allowLoopback,
      layout: windowLayout(engine),
    });
  }

  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  private blocked(url: string, kind: NavigationKind, decision: { host: string; reason: string }): void {
    // will-frame-navigate and the webRequest backstop may both see one attempt: say it once.
    this.host.blocked({ url, host: decision.host, kind, reason: decision.reason }, { key: url, ms: 2000 });
  }

  async start(): Promise<void> {
    // No `persist:` prefix: cookies, storage and cache live in memory and die with the session.
    const ses = electronSession.fromPartition(this.partition, { cache: true });
    this.ses = ses;
    ses.setSpellCheckerEnabled(false);
    // Electron creates no folder for a path given by setSavePath (electron_download_manager_delegate.cc
    // DetermineDownloadTarget): without it every download is interrupted.
    await mkdir(this.host.downloads.incomingDir, { recursive: true, mode: 0o700 });
    ses.setDownloadPath(this.host.downloads.incomingDir);
    this.installPermissionHandlers(ses);
    this.installDownloadHandler(ses);
    // Backstop for every document request, redirect hops included (will-* events are the
    // primary check and say why; this one catches what they might not see).
    ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'], types: ['mainFrame', 'subFrame'] }, (details, callback) => {
      const kind: NavigationKind = details.resourceType === 'subFrame' ? 'subframe' : 'top';
      // details.webContentsId: electron_api_web_request.cc FillDetails (docs/electron-notes.md, « Paying »).
      const page = details.webContentsId === undefined ? null : (this.pagesById.get(details.webContentsId) ?? null);
      const decision = this.host.decide(page, { url: details.url, kind, top: kind === 'top' });
      if (decision.allowed) return callback({});
      this.blocked(details.url, kind, decision);
      callback({ cancel: true });
    });
    // Electron's PDF viewer renders PDFs in any partition whatever `plugins` says (electron#24977): every PDF
    // document, top or framed, becomes a download for our viewer instead.
    ses.webRequest.onHeadersReceived({ urls: ['<all_urls>'], types: ['mainFrame', 'subFrame'] }, (details, callback) => {
      const responseHeaders = cabinResponseHeaders(details.responseHeaders);
      callback(responseHeaders ? { responseHeaders } : {});
    });
    this.main = await this.createContents();
  }

  private installPermissionHandlers(ses: Session): void {
    ses.setPermissionRequestHandler((contents, permission, callback, details) => {
      const asked =
        permission === 'media' ? electronMediaPermissions((details as Electron.MediaAccessPermissionRequest).mediaTypes) : [canonicalPermission(permission)];
      const requestingUrl = details.requestingUrl ?? contents.getURL();
      const granted = asked.every((p) => decidePermission(this.host.policy, this.host.grants, { permission: p, requestingUrl }));
      if (!granted)
        this.host.emit({ type: 'permission-denied', permission: asked.join('+'), origin: URL.canParse(requestingUrl) ? new URL(requestingUrl).origin : '' });
      callback(granted);
    });
    ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
      const asked = permission === 'media' ? electronMediaPermissions(details.mediaType ? [details.mediaType] : undefined) : [canonicalPermission(permission)];
      const url = details.requestingUrl ?? requestingOrigin;
      return asked.every((p) => decidePermission(this.host.policy, this.host.grants, { permission: p, requestingUrl: url }));
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
      const decision = this.host.downloads.start({
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
      const savePath = path.join(this.host.downloads.incomingDir, decision.id);
      item.setSavePath(savePath);
      item.once('done', (_e, state) => {
        if (state === 'completed') void this.host.downloads.complete(decision.id, savePath);
        else void this.host.downloads.failed(decision.id, 'failed', savePath);
      });
    });
  }

  /** A new sandboxed view in this session's partition (or adopting a popup's contents). */
  private async createContents(adopt?: WebContents): Promise<ElectronPage> {
    const view = new WebContentsView(adopt ? { webContents: adopt } : { webPreferences: webPreferences(this.partition, this.engine.development) });
    const contents = view.webContents;
    // Before anything else can happen in it: never the default BrowserWindow for a window.open (the policy
    // below replaces this once the guards are in place).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    // Electron answers beforeunload "stay" unless this is cancelled (electron_api_web_contents.cc
    // RunBeforeUnloadDialog): navigate(), goBack() and close() would silently fail on a form that warns.
    contents.on('will-prevent-unload', (event) => event.preventDefault());
    contents.debugger.attach('1.3');
    const cdp = debuggerCdp(contents);
    const page = new ElectronPage(view, cdp);
    const { guards, offs } = page;
    // Out-of-process frames (cross-site iframes) are child targets of the same debugger. They wait for us
    // (waitForDebuggerOnStart) until their guard is in place, then run.
    offs.add(
      toDisposable(
        cdp.on('Target.attachedToTarget', (e) => {
          const info = e.targetInfo as { type?: string } | undefined;
          const sessionId = String(e.sessionId ?? '');
          if (!sessionId) return;
          const child = debuggerCdp(contents, sessionId);
          const run = () => void child.send('Runtime.runIfWaitingForDebugger').catch(() => {});
          if (info?.type !== 'iframe') return run();
          void guardTarget(child, this.host.guardOptions(false))
            .then((g) => guards.push(g))
            .catch(() => {})
            .finally(run);
        }),
      ),
    );
    const pageGuard = guardTarget(cdp, this.host.guardOptions(true));
    const autoAttach = cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    // The debugger of a web contents that has loaded nothing answers no command until it loads something
    // (electron#14810): give a new view an empty document; an adopted popup is already loading its own.
    if (!adopt) await contents.loadURL('about:blank').catch(() => {});
    guards.unshift(await pageGuard);
    await autoAttach;

    this.pagesById.set(contents.id, page);
    contents.once('destroyed', () => this.pagesById.delete(contents.id));
    // The top frame's last document request: where its next redirect hop comes from (the payment rule starts a chain
    // from a payment host's redirect to the bank).
    let lastTopHop = '';
    const navigationCheck = (url: string, kind: NavigationKind, top: boolean, prevent: () => void) => {
      const from = kind === 'redirect' && top && lastTopHop ? lastTopHop : undefined;
      const decision = this.host.decide(page, { url, kind, top, ...(from ? { from } : {}) });
      if (decision.allowed) {
        if (top) lastTopHop = url;
        return;
      }
      prevent();
      this.blocked(url, kind, decision);
    };
    contents.on('will-frame-navigate', (event) =>
      navigationCheck(event.url, event.isMainFrame ? 'top' : 'subframe', event.isMainFrame, () => event.preventDefault()),
    );
    contents.on('will-redirect', (event) => navigationCheck(event.url, 'redirect', event.isMainFrame, () => event.preventDefault()));
    contents.setWindowOpenHandler((details) => {
      const decision = this.host.decide(null, { url: details.url, kind: 'popup', top: false });
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
          // Judged by the allow-list just above; shown once its guards are in place.
          void this.createContents(popupContents).then((p) => this.host.adoptPopup(p, true));
          return popupContents;
        },
      };
    });
    contents.on('render-process-gone', (_e, details) => {
      if (details.reason !== 'clean-exit') this.host.emit({ type: 'crashed', reason: details.reason });
    });
    contents.on('did-navigate', (_e, url) => this.host.pageNavigated(page, url));
    // A login challenge: Electron cancels it unless a listener prevents that (login_handler.cc EmitEvent); there is
    // no dialog to fear, but the resident must know why the page says "401".
    contents.on('login', (_e, details) => this.host.emit({ type: 'auth-refused', origin: URL.canParse(details.url) ? new URL(details.url).origin : '' }));
    contents.on('destroyed', () => this.host.pageClosed(page));
    const keys = pageKeyTarget(cdp);
    // Keys given back by the filter through CDP may come through here again (docs/electron-notes.md): let them pass.
    contents.on('before-input-event', (event, input) => {
      if (input.type !== 'keyDown' || !this.engine.keyFilter || keys.isOwnKey(input.key)) return;
      const { key, code, shift, control, alt, meta } = input;
      if (this.engine.keyFilter({ key, code, shift, control, alt, meta }, keys.target)) event.preventDefault();
    });
    offs.add(toDisposable(applyShortcutPolicy(contents, { development: this.engine.development, onPrint: () => this.host.emit({ type: 'print-requested' }) })));
    const pid = contents.getOSProcessId();
    if (pid > 0) this.knownPids.add(pid);
    contents.on('did-finish-load', () => {
      for (const f of contents.mainFrame.framesInSubtree) if (f.osProcessId > 0) this.knownPids.add(f.osProcessId);
    });
    return page;
  }

  async open(demarche: DemarcheSpec): Promise<DemarcheView> {
    if (!this.main) throw new Error('session not started');
    return this.host.open(demarche, this.main, (d, m, host) => new ElectronView(d, m, host));
  }

  /** A video call in a view and a partition of its own (./electron-call.ts); one at a time, ended with the session. */
  openCall(spec: CallSpec): Promise<CallView> {
    return this.calls.open(
      (n) =>
        ElectronCallView.open(spec, {
          partition: `${this.partition}-call-${n}`,
          window: this.engine.window,
          development: this.engine.development,
          allowLoopback: this.options.allowLoopback,
        }),
      () => this.destroying !== null,
    );
  }

  async countStorageEntries(): Promise<number | null> {
    try {
      return (await this.ses.cookies.get({})).length;
    } catch {
      return null;
    }
  }

  pids(): number[] {
    return [...this.knownPids, ...(this.calls.current?.pids() ?? [])].filter((pid) => {
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
    // The call first: the camera is released before anything else of the session goes.
    await this.calls.end();
    const all = [...this.host.end(), ...(this.main ? [this.main] : [])];
    const pids = this.pids();
    for (const g of new Set(all)) {
      g.offs.dispose();
      for (const guard of g.guards) guard.dispose();
      this.engine.window.contentView.removeChildView(g.view);
      if (!g.contents.isDestroyed()) {
        const gone = new Promise<void>((r) => g.contents.once('destroyed', () => r()));
        g.contents.close({ waitForBeforeUnload: false });
        await Promise.race([gone, sleep(2000)]);
      }
    }
    this.main = null;
    // The partition is in memory; clearing it as well drops what Chromium still caches for it.
    await this.ses.clearStorageData().catch(() => {});
    await this.ses.clearCache().catch(() => {});
    await this.ses.clearAuthCache().catch(() => {});
    await this.ses.clearHostResolverCache().catch(() => {});
    await this.ses.closeAllConnections().catch(() => {});
    await waitThenKill(pids, 3000);
    for (const l of this.endedListeners.splice(0)) l();
  }
}
