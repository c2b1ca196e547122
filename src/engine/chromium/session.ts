// One resident session's Chromium: its own browser process tree and fresh profile directory
// (launch.ts), the browser-wide guards (targets.ts, network.ts, permissions.ts), each page and
// out-of-process frame guarded by the shared CDP code of src/engine as Playwright reports it (the
// démarche's page, then the popups adopted into the view), downloads, and the end: every process
// killed, none left behind.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, CDPSession, Download, Frame, Page } from 'playwright-core';
import { decideNavigation } from '../../shared/policy/navigation';
import type { CdpSession } from '../cdp';
import { guardTarget, type Guard } from '../page-guard';
import type { CallSpec, DemarcheSpec, DemarcheView, EngineSession, EngineSessionOptions } from '../port';
import { ChromiumCallView } from './call';
import { CallSlot } from '../call-view';
import { DemarcheHost } from '../view';
import { sleep } from '../../base/async';
import { DisposableStore, toDisposable } from '../../base/lifecycle';
import { childrenWithArgument, processesWithArgumentSync, processTreeSync, waitForExit, waitThenKill } from '../../base/node/processes';
import { watchExternalOpens } from './external-open';
import { launchChromium, type ChromiumEngineOptions } from './launch';
import { RequestInterception } from './network';
import { countLocalStorageEntries, localStorageSettled } from './profile-storage';
import { ChromiumPage, ChromiumView, wrapCdp } from './page';
import { OriginGrants, setDefaultPermissions } from './permissions';
import { PageTargets, type BlockedNotice } from './targets';

export class ChromiumEngineSession implements EngineSession {
  readonly sessionId: string;
  private context: BrowserContext | null = null;
  private rootPid: number | null = null;
  private readonly disabled: ReadonlySet<Guard>;
  private readonly profileDir: string;
  private readonly host: DemarcheHost<ChromiumPage>;
  private readonly targets: PageTargets;
  private readonly pages = new Map<Page, ChromiumPage>();
  private readonly guardedFrames = new WeakSet<Frame>();
  /** Frame ids (CDP) of each page's frames, for the payment chain of the page a frame navigates in. */
  private readonly frameOwners = new Map<string, ChromiumPage>();
  private mainPage: Page | null = null;
  /** The CDP listeners and the external-open watcher, undone first on destroy. */
  private readonly stoppers = new DisposableStore();
  private destroying: Promise<void> | null = null;
  private readonly endedListeners: (() => void)[] = [];
  /** The video call (issue 17), one at a time, each in a browser of its own. */
  private readonly calls = new CallSlot<ChromiumCallView>();

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
    this.targets = new PageTargets(this.disabled, (notice) => this.blocked(notice));
  }

  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  async start(): Promise<void> {
    const incoming = this.host.downloads.incomingDir;
    await mkdir(this.options.filesDir, { recursive: true });
    const { context, externalLog } = await launchChromium(this.profileDir, this.engineOptions, {
      disabled: this.disabled,
      shimDir: this.shimDir,
      incomingDir: incoming,
    });
    this.context = context;
    const [root] = await childrenWithArgument(process.pid, `--user-data-dir=${this.profileDir}`);
    this.rootPid = root ?? null;

    const browser = context.browser();
    if (!browser) throw new Error('Chromium started without a browser connection');
    const browserCdp = wrapCdp(await browser.newBrowserCDPSession());

    // Targets that exist before we listen are the engine's own (the first page).
    await this.targets.listen(browserCdp, this.stoppers);
    const grants = new OriginGrants(browserCdp, this.host);
    await new RequestInterception(
      browserCdp,
      this.host,
      this.targets,
      grants,
      this.disabled,
      (notice) => this.blocked(notice),
      (id) => this.pageOfFrame(id),
    ).enable(this.stoppers);
    await setDefaultPermissions(browserCdp, this.disabled);

    context.on('page', (page) => void this.onPage(page));
    context.on('close', () => this.onContextClosed());
    // The démarche gets a page of its own: the browser's first page stays blank under it (closing
    // a browser's last page may end the browser), and Chromium treats that first page apart
    // (measured: --auto-reject-capture does not answer its screen picker, which then holds it).
    this.targets.expectingOwnPage = true;
    const page = await context.newPage();
    this.targets.expectingOwnPage = false;
    const { targetInfo } = await wrapCdp(await context.newCDPSession(page)).send<{ targetInfo: { targetId: string } }>('Target.getTargetInfo');
    this.targets.markOurs(targetInfo.targetId);
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

  private blocked(notice: BlockedNotice): void {
    // An external protocol is seen twice (the renderer's request, then the stand-in Chromium
    // consults): say it once per scheme and moment.
    this.host.blocked(notice, notice.reason === 'external-protocol' ? { key: notice.host, ms: 5000 } : null);
  }

  /** The page a frame id belongs to: a page's own target id, or a frame it attached (in-process or not). */
  private pageOfFrame(frameId: string): ChromiumPage | null {
    for (const p of this.pages.values()) if (p.targetId === frameId) return p;
    return this.frameOwners.get(frameId) ?? null;
  }

  /** Follows the frames a target attaches (its own, and those of its out-of-process frames) for `owner`. */
  private followFrames(cdp: CdpSession, owner: ChromiumPage): void {
    cdp.on('Page.frameAttached', (e) => {
      if (typeof e.frameId === 'string') this.frameOwners.set(e.frameId, owner);
    });
    cdp.on('Page.frameDetached', (e) => {
      if (typeof e.frameId === 'string' && e.reason !== 'swap') this.frameOwners.delete(e.frameId);
    });
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
    this.followFrames(cdp, guarded);
    // Playwright dismisses dialogs nobody listens to; listening leaves them to our guard, so the
    // tests prove our code, not Playwright's.
    page.on('dialog', () => {});
    page.on('download', (download) => void this.onDownload(download));
    page.on('close', () => {
      guard.dispose();
      this.pages.delete(page);
      for (const [id, owner] of this.frameOwners) if (owner === guarded) this.frameOwners.delete(id);
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
    const owner = this.pages.get(frame.page());
    const cdp = wrapCdp(session);
    if (owner) this.followFrames(cdp, owner);
    const guard = await guardTarget(cdp, this.host.guardOptions(false)).catch(() => null);
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

  /**
   * A call's browser profile is beside the démarche's, inside the session's directory (`profile-call-N`): the wipe
   * deletes it with the rest, and a second call of the session starts from nothing.
   */
  openCall(spec: CallSpec): Promise<ChromiumCallView> {
    if (!this.context) return Promise.reject(new Error('session not started'));
    return this.calls.open(
      (n) => ChromiumCallView.open(spec, `${this.profileDir}-call-${n}`, this.engineOptions, this.options.allowLoopback),
      () => this.destroying !== null,
    );
  }

  async countStorageEntries(options: { final?: boolean } = {}): Promise<number | null> {
    if (!this.context) return null;
    if (options.final) {
      const counted = await this.countFromProfile().catch(() => null);
      if (counted !== null) return counted;
    }
    try {
      const state = await this.context.storageState();
      return state.cookies.length + state.origins.reduce((n, o) => n + o.localStorage.length, 0);
    } catch {
      return null;
    }
  }

  /**
   * The session is ending: cookies from the browser's cookie store (one CDP call: the cookie
   * database on disk lags by up to 30 s and never holds session cookies), Local Storage from the
   * profile on disk once the renderers are killed, which makes the browser commit what it holds
   * (./profile-storage.ts). Null when the files did not settle: the caller counts another way.
   */
  private async countFromProfile(): Promise<number | null> {
    const context = this.context!;
    const cookies = context.cookies();
    // Renderers are in the browser's own tree (under its zygote): no need for pids()'s search of every command line.
    const renderers = (this.rootPid === null ? this.pids() : processTreeSync(this.rootPid)).filter((pid) => isRenderer(pid));
    for (const pid of renderers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if ((await waitForExit(renderers, 2000)).length) return null;
    if (!(await localStorageSettled(this.profileDir))) return null;
    const [cookieCount, localStorage] = await Promise.all([cookies.then((c) => c.length), countLocalStorageEntries(this.profileDir)]);
    return cookieCount + localStorage;
  }

  /** The browser's process tree, and its helpers outside it (the crash handler is re-parented to init). */
  pids(): number[] {
    const tree = this.rootPid === null ? [] : processTreeSync(this.rootPid);
    // One look at every command line: this profile's (`profile/…`) and the calls' browsers (`profile-call-N`, beside it).
    return [...new Set([...tree, ...processesWithArgumentSync(this.profileDir)])];
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
    // The call first: the camera is released before anything else of the session goes.
    await this.calls.end();
    this.stoppers.dispose();
    this.targets.clearTimers();
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

/** A renderer of the session's browser (`--type=renderer`): the processes that run its pages. */
function isRenderer(pid: number): boolean {
  try {
    // Chromium rewrites its process title: the arguments may be one string separated by spaces.
    return /(?:^|[\s\0])--type=renderer(?=[\s\0]|$)/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false; // exited meanwhile
  }
}

function schemeOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:)/i.exec(url);
  return m ? m[1]!.toLowerCase() : url;
}
