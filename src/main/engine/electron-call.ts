// The video call's view in the Electron adapter (issue 17): the same call page and the same rules as the Chromium
// adapter's (src/engine/call-page.ts, call-share.ts), in a WebContentsView of its own, on an in-memory partition of
// its own (`cabine-call-<session>-<n>`, no `persist:`): the démarche's partition, allow-list and permission handlers
// never see it, and it never sees theirs.
//
//   the call page     answered by the partition's own https handler (ses.protocol.handle, docs/api/net.md:104-118:
//                     the documented way to answer one https origin and pass every other request on);
//   documents         webRequest.onBeforeRequest: the call page in the top frame, the service in frames, nothing else;
//   permissions       camera and microphone for the service (and our page, which embeds it), only while the call is
//                     on (decideVisioPermission); the checks also want our page as the embedder; devices never;
//   screen            setDisplayMediaRequestHandler answers no stream, ever: the share is the engine's canvas
//                     (call-share.ts), never Electron's capture of a window or of the desktop portal's picker;
//   windows, files    window.open denied; downloads cancelled; dialogs, file choosers, shortcuts: the page guard.
//
// Type-checked here (no Electron binary on the project's VM); the behaviour it relies on is in docs/electron-notes.md
// (« The video call's view »). Hanging up closes the web contents, which ends its renderer and so the capture.
import { session as electronSession, WebContentsView, type BaseWindow, type Session, type WebContents } from 'electron';
import { sleep } from '../../base/async';
import { DisposableStore, toDisposable } from '../../base/lifecycle';
import { waitThenKill } from '../../base/node/processes';
import { CALL_PAGE_ORIGIN, CALL_PAGE_URL, callPageResponse, decideCallDocument } from '../../engine/call-page';
import { CallCore, guardCallPage } from '../../engine/call-view';
import type { CallNotice, CallSpec, CallView, ShareSource, Unsubscribe } from '../../engine/port';
import { canonicalPermission, electronMediaPermissions } from '../../shared/policy/permissions';
import { decideVisioPermission } from '../../shared/policy/visio-permissions';
import { visioOrigin } from '../../shared/visio/jitsi';
import { debuggerCdp } from './electron-page';

/** The call views of this process: main's démarche layout leaves them alone (src/main/main.ts). */
export const CALL_VIEWS = new WeakSet<WebContentsView>();

const originOf = (url: string): string | null => (URL.canParse(url) ? new URL(url).origin : null);

export class ElectronCallView implements CallView {
  private readonly offs = new DisposableStore();
  private readonly pidsSeen = new Set<number>();
  /** What every adapter's call view does (src/engine/call-view.ts); this file gives it the primitives. */
  private readonly core = new CallCore({
    evaluatePage: (expression) => this.contents.executeJavaScript(expression),
    pageAlive: () => !this.contents.isDestroyed(),
    roomFrame: () => {
      if (this.contents.isDestroyed()) return null;
      const service = visioOrigin({ url: this.spec.serviceUrl });
      const main = this.contents.mainFrame;
      const frame = main.framesInSubtree.find((f) => f !== main && originOf(f.url) === service);
      return frame ? (expression) => frame.executeJavaScript(expression) : null;
    },
    terminate: () => this.terminate(),
  });

  private constructor(
    readonly view: WebContentsView,
    private readonly ses: Session,
    private readonly spec: CallSpec,
    private readonly window: BaseWindow,
  ) {}

  static async open(
    spec: CallSpec,
    options: { partition: string; window: BaseWindow; development: boolean; allowLoopback?: boolean },
  ): Promise<ElectronCallView> {
    const { partition, window, development } = options;
    // Tests only: the stand-in service is on this machine, which Local Network Access keeps from a public page; Electron
    // names that permission 'loopback-network' (shell/common/gin_converters/content_converter.cc:235-236).
    const loopbackAllowed = (permission: string, origin: string | null) =>
      options.allowLoopback === true && permission === 'loopback-network' && origin === CALL_PAGE_ORIGIN;
    // No `persist:`: what the service keeps (its name in Local Storage…) lives in memory, in this partition only.
    const ses = electronSession.fromPartition(partition, { cache: false });
    const service = visioOrigin({ url: spec.serviceUrl });
    let active = true;
    ses.protocol.handle('https', (request) => {
      if (originOf(request.url) !== CALL_PAGE_ORIGIN) return ses.fetch(request, { bypassCustomProtocolHandlers: true });
      const answer = callPageResponse(request.url, spec);
      if (!answer) return new Response('', { status: 404 });
      return new Response(answer.body, { headers: { ...answer.headers, 'content-type': answer.contentType } });
    });
    ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'], types: ['mainFrame', 'subFrame'] }, (details, callback) => {
      callback({ cancel: !decideCallDocument(spec, { url: details.url, topFrame: details.resourceType === 'mainFrame' }) });
    });
    const visio = (url: string) => ({ origin: service, callActive: active, screenShareConsented: false, url });
    ses.setPermissionRequestHandler((contents, permission, callback, details) => {
      const asked =
        permission === 'media' ? electronMediaPermissions((details as Electron.MediaAccessPermissionRequest).mediaTypes) : [canonicalPermission(permission)];
      // A frame's request names the frame (docs/api/session.md:986): the service's; our page embeds it.
      const url = details.requestingUrl ?? contents.getURL();
      if (loopbackAllowed(permission, originOf(url))) return callback(true);
      const state = visio(url);
      callback(asked.every((p) => decideVisioPermission(state, { permission: p, requestingUrl: originOf(url) === CALL_PAGE_ORIGIN ? service : url })));
    });
    ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
      // Cross-origin frames check with a null web contents and no requestingUrl (docs/api/session.md:1056-1060):
      // the origin decides, and only inside our call page.
      if (details.embeddingOrigin && originOf(details.embeddingOrigin) !== CALL_PAGE_ORIGIN) return false;
      if (loopbackAllowed(permission, originOf(requestingOrigin))) return true;
      const asked = permission === 'media' ? electronMediaPermissions(details.mediaType ? [details.mediaType] : undefined) : [canonicalPermission(permission)];
      const origin = originOf(requestingOrigin) === CALL_PAGE_ORIGIN ? service : requestingOrigin;
      return asked.every((p) => decideVisioPermission(visio(origin), { permission: p, requestingUrl: origin }));
    });
    ses.setDevicePermissionHandler(() => false);
    // getDisplayMedia that reaches Electron gets no stream: the share is the engine's canvas (call-share.ts).
    ses.setDisplayMediaRequestHandler((_request, callback) => callback(null as unknown as Electron.Streams));
    ses.on('will-download', (_event, item) => item.cancel());

    const view = new WebContentsView({
      webPreferences: {
        partition,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        plugins: false,
        spellcheck: false,
        navigateOnDragDrop: false,
        disableDialogs: true,
        safeDialogs: true,
        disableBlinkFeatures: 'FileSystemAccessLocal,FileSystemAccessAPIExperimental,DocumentPictureInPictureAPI,EyeDropperAPI',
        devTools: development,
        // The referent's voice and face start without a touch.
        autoplayPolicy: 'no-user-gesture-required',
      },
    });
    CALL_VIEWS.add(view);
    // Hidden until main places it over the call panel (setCallArea); above the démarche's views, added after them.
    view.setVisible(false);
    window.contentView.addChildView(view);
    const call = new ElectronCallView(view, ses, spec, window);
    call.offs.add(toDisposable(() => (active = false)));
    try {
      await call.start();
    } catch (error) {
      await call.core.end('crashed').catch(() => {});
      throw error;
    }
    return call;
  }

  private get contents(): WebContents {
    return this.view.webContents;
  }

  private async start(): Promise<void> {
    const contents = this.contents;
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-prevent-unload', (event) => event.preventDefault());
    contents.on('render-process-gone', () => void this.core.end('crashed'));
    contents.debugger.attach('1.3');
    const cdp = debuggerCdp(contents);
    // The debugger answers nothing before a first load (electron#14810).
    await contents.loadURL('about:blank').catch(() => {});
    this.offs.add(toDisposable(await guardCallPage(cdp, this.core)));
    const pid = contents.getOSProcessId();
    if (pid > 0) this.pidsSeen.add(pid);
    contents.on('did-frame-finish-load', () => {
      for (const f of contents.mainFrame.framesInSubtree) if (f.osProcessId > 0) this.pidsSeen.add(f.osProcessId);
    });
    await contents.loadURL(CALL_PAGE_URL);
  }

  on(listener: (notice: CallNotice) => void): Unsubscribe {
    return this.core.on(listener);
  }

  shareScreen(source: ShareSource | null): Promise<void> {
    return this.core.shareScreen(source);
  }

  hangUp(): Promise<void> {
    return this.core.end('hung-up');
  }

  /** The call's renderer processes (the wipe checks they are gone). */
  pids(): number[] {
    return [...this.pidsSeen];
  }

  /** Closes the web contents (its renderer ends, and the capture with it), then forgets what the partition held. */
  private async terminate(): Promise<number[]> {
    this.offs.dispose();
    const contents = this.contents;
    const pids = this.pids();
    this.view.setVisible(false);
    this.window.contentView.removeChildView(this.view);
    if (!contents.isDestroyed()) {
      const gone = new Promise<void>((r) => contents.once('destroyed', () => r()));
      contents.close({ waitForBeforeUnload: false });
      await Promise.race([gone, sleep(2000)]);
    }
    this.ses.protocol.unhandle('https');
    await this.ses.clearStorageData().catch(() => {});
    await this.ses.closeAllConnections().catch(() => {});
    return waitThenKill(pids, 3000);
  }
}
