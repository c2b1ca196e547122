// The video call's view in the Chromium adapter (issue 17): a browser of its own, started for the call and killed
// at its end, on a profile inside the session's directory (so the wipe deletes whatever the call left), apart from
// the démarche's browser, whose allow-list and permissions it neither sees nor changes. Killing its process tree is
// what releases the camera and the microphone, whatever the page did.
//
// What may happen in it: the call page (../call-page.ts, answered here, never fetched) in its one window, and the
// service's pages in frames under it. Any other document is refused before it leaves; a new window is closed;
// downloads denied; dialogs, file choosers and shortcuts handled by the same page guard as a démarche's. Camera and
// microphone are granted to the call page's origin and the service's only (a frame's request is decided for both).
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { sleep } from '../../base/async';
import { DisposableStore, toDisposable } from '../../base/lifecycle';
import { childrenWithArgument, processTreeSync, waitThenKill } from '../../base/node/processes';
import { visioOrigin } from '../../shared/visio/jitsi';
import { sendQuietly, type CdpParams, type CdpSession } from '../cdp';
import { CALL_PAGE_ORIGIN, CALL_PAGE_URL, callPageResponse, decideCallDocument, type CallSpec } from '../call-page';
import type { ShareSource } from '../call-share';
import { CallCore, guardCallPage } from '../call-view';
import type { CallNotice, CallView, Unsubscribe } from '../port';
import type { ChromiumEngineOptions } from './launch';
import { wrapCdp } from './page';
import { chromiumArgs, chromiumEnv, IGNORED_PLAYWRIGHT_DEFAULTS, prepareProfile } from './profile';

interface PausedRequest {
  requestId: string;
  request: { url: string };
  frameId: string;
  resourceType: string;
}

export class ChromiumCallView implements CallView {
  private readonly stoppers = new DisposableStore();
  private context: BrowserContext | null = null;
  private page: Page | null = null;
  private rootPid: number | null = null;
  private readonly pageTargets = new Set<string>();
  private ourTarget = '';
  /** What every adapter's call view does (../call-view.ts); this file gives it the primitives. */
  private readonly core = new CallCore({
    evaluatePage: (expression) => (this.page ? this.page.evaluate(expression) : Promise.reject(new Error('no call page'))),
    pageAlive: () => !!this.page && !this.page.isClosed(),
    roomFrame: () => {
      const service = visioOrigin({ url: this.spec.serviceUrl });
      const page = this.page;
      const frame = page?.frames().find((f) => f !== page.mainFrame() && URL.canParse(f.url()) && new URL(f.url()).origin === service);
      return frame ? (expression) => frame.evaluate(expression) : null;
    },
    terminate: () => this.terminate(),
  });

  private constructor(
    private readonly spec: CallSpec,
    private readonly profileDir: string,
    private readonly engineOptions: ChromiumEngineOptions,
    private readonly allowLoopback: boolean,
  ) {}

  /** Starts the call's browser on `profileDir` (created; inside the session's directory) and opens the call page. */
  static async open(spec: CallSpec, profileDir: string, engineOptions: ChromiumEngineOptions, allowLoopback = false): Promise<ChromiumCallView> {
    const view = new ChromiumCallView(spec, path.resolve(profileDir), engineOptions, allowLoopback);
    try {
      await view.start();
    } catch (error) {
      await view.core.end('crashed').catch(() => {});
      throw error;
    }
    return view;
  }

  /** The call's page (the shell places its window). */
  get callPage(): Page | null {
    return this.page;
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

  /** The processes of the call's browser (the wipe checks they are gone). */
  pids(): number[] {
    return this.rootPid === null ? [] : processTreeSync(this.rootPid);
  }

  private async start(): Promise<void> {
    const incoming = path.join(this.profileDir, 'incoming');
    await prepareProfile(this.profileDir, { incomingDir: incoming, disabled: new Set() });
    const headless = this.engineOptions.headless ?? process.env.CABINE_ENGINE_HEADED !== '1';
    const context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: this.engineOptions.executablePath ?? process.env.CABINE_CHROMIUM ?? '/usr/bin/chromium',
      headless,
      args: chromiumArgs({ disabled: new Set(), extra: [...(this.engineOptions.extraArgs ?? []), ...(this.engineOptions.callExtraArgs ?? [])] }),
      ignoreDefaultArgs: IGNORED_PLAYWRIGHT_DEFAULTS,
      env: chromiumEnv(this.profileDir, process.env, { ...(this.engineOptions.env ?? {}) }),
      chromiumSandbox: false,
      acceptDownloads: false,
      // As the démarche's (./launch.ts): a fixed size in tests, the window's own under the shell (null).
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
    if (!browser) throw new Error('the call’s Chromium started without a browser connection');
    const browserCdp = wrapCdp(await browser.newBrowserCDPSession());

    // Every window that is not the call page's is closed at once.
    this.stoppers.add(toDisposable(browserCdp.on('Target.targetCreated', (e) => this.onTarget(browserCdp, e))));
    await browserCdp.send('Target.setDiscoverTargets', { discover: true });
    this.stoppers.add(toDisposable(browserCdp.on('Fetch.requestPaused', (e) => void this.onRequest(browserCdp, e as unknown as PausedRequest))));
    this.stoppers.add(
      toDisposable(
        browserCdp.on('Fetch.authRequired', (e) => {
          const requestId = (e as { requestId: string }).requestId;
          void sendQuietly(browserCdp, 'Fetch.continueWithAuth', { requestId, authChallengeResponse: { response: 'CancelAuth' } });
        }),
      ),
    );
    await browserCdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }], handleAuthRequests: true });
    await browserCdp.send('Browser.setDownloadBehavior', { behavior: 'deny' });
    // Camera and microphone for the call page and the service only; every other permission stays denied (profile).
    for (const origin of [CALL_PAGE_ORIGIN, visioOrigin({ url: this.spec.serviceUrl })]) {
      for (const name of ['camera', 'microphone']) {
        await browserCdp.send('Browser.setPermission', { permission: { name }, setting: 'granted', origin });
      }
    }
    // Tests only: the stand-in service is on this machine, which Local Network Access keeps from a public page
    // (Chromium 156 names that permission 'loopback-network'; 'local-network-access' and 'local-network' do not open it).
    if (this.allowLoopback)
      await browserCdp.send('Browser.setPermission', { permission: { name: 'loopback-network' }, setting: 'granted', origin: CALL_PAGE_ORIGIN });

    // A page of its own, the browser's first staying blank under it: Chromium treats that first page apart (measured,
    // as for the démarche: --auto-reject-capture leaves its screen picker unanswered, holding the page).
    const page = await context.newPage();
    this.page = page;
    const cdp = wrapCdp(await context.newCDPSession(page));
    const { targetInfo } = await cdp.send<{ targetInfo: { targetId: string } }>('Target.getTargetInfo');
    this.ourTarget = targetInfo.targetId;
    this.stoppers.add(toDisposable(await guardCallPage(cdp, this.core)));
    page.on('crash', () => void this.core.end('crashed'));
    context.on('close', () => void this.core.end('crashed'));
    await cdp.send('Page.navigate', { url: CALL_PAGE_URL });
  }

  private onTarget(browserCdp: CdpSession, e: CdpParams): void {
    const info = e.targetInfo as { targetId: string; type: string } | undefined;
    if (!info || info.type !== 'page') return;
    this.pageTargets.add(info.targetId);
    // Once the call page is there, any new page is a window the call opened.
    if (this.page && info.targetId !== this.ourTarget) void sendQuietly(browserCdp, 'Target.closeTarget', { targetId: info.targetId });
  }

  private async onRequest(browserCdp: CdpSession, e: PausedRequest): Promise<void> {
    const url = e.request.url;
    if (url.startsWith(`${CALL_PAGE_ORIGIN}/`)) {
      const response = e.frameId === this.ourTarget || e.resourceType !== 'Document' ? callPageResponse(url, this.spec) : null;
      if (!response) return sendQuietly(browserCdp, 'Fetch.fulfillRequest', { requestId: e.requestId, responseCode: 404, body: '' });
      const headers = Object.entries({ ...response.headers, 'content-type': response.contentType }).map(([name, value]) => ({ name, value }));
      return sendQuietly(browserCdp, 'Fetch.fulfillRequest', {
        requestId: e.requestId,
        responseCode: 200,
        responseHeaders: headers,
        body: Buffer.from(response.body).toString('base64'),
      });
    }
    if (e.resourceType === 'Document') {
      // A page target's id is its top frame's: a document there is a top-level one (the call page's window, or a new one).
      const topFrame = e.frameId === this.ourTarget || this.pageTargets.has(e.frameId);
      const allowed = decideCallDocument(this.spec, { url, topFrame }) && (!topFrame || e.frameId === this.ourTarget);
      // Aborted: the navigation is dropped and the call page stays (BlockedByClient would put an error page there).
      if (!allowed) return sendQuietly(browserCdp, 'Fetch.failRequest', { requestId: e.requestId, errorReason: 'Aborted' });
    }
    return sendQuietly(browserCdp, 'Fetch.continueRequest', { requestId: e.requestId });
  }

  /** Kills the call's browser, whatever its page did: that is what releases the camera and the microphone. */
  private async terminate(): Promise<number[]> {
    this.stoppers.dispose();
    const pids = this.pids();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (this.context) await Promise.race([this.context.close().catch(() => {}), sleep(3000)]);
    return waitThenKill([...new Set([...pids, ...this.pids()])], 3000);
  }
}
