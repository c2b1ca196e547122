// The browser's page targets (windows and tabs), seen through the browser-wide CDP session: the
// engine's own pages, and the new windows a page or a shortcut opens. A new window is let run at
// once, and closed when it does not load an allowed page in time; the request interception
// (network.ts) reads here whether a document request is a popup's first page.
import type { NavigationKind } from '../../shared/policy/navigation';
import type { CdpSession } from '../cdp';
import { sendQuietly } from '../cdp';
import type { Guard } from '../page-guard';
import { toDisposable, type DisposableStore } from '../../base/lifecycle';

/** How long a new window may stay without loading an allowed page before it is closed. */
const BLANK_POPUP_GRACE_MS = 1500;

export interface TargetState {
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

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  openerId?: string;
}

export type BlockedNotice = { url: string; host: string; kind: NavigationKind; reason: string };

export class PageTargets {
  private readonly targets = new Map<string, TargetState>();
  private browserCdp: CdpSession | null = null;
  /** Set while the engine opens its own page: a page target created meanwhile is ours. */
  expectingOwnPage = false;

  constructor(
    private readonly disabled: ReadonlySet<Guard>,
    private readonly blocked: (notice: BlockedNotice) => void,
  ) {}

  /** Takes the targets that exist (the engine's own: the first page), then follows every new one. */
  async listen(browserCdp: CdpSession, stoppers: DisposableStore): Promise<void> {
    this.browserCdp = browserCdp;
    const { targetInfos } = await browserCdp.send<{ targetInfos: { targetId: string; type: string; url: string }[] }>('Target.getTargets');
    for (const t of targetInfos)
      if (t.type === 'page') this.targets.set(t.targetId, { targetId: t.targetId, ours: true, navigated: false, committed: false, refused: false, url: t.url });
    stoppers.add(toDisposable(browserCdp.on('Target.targetCreated', (e) => this.onTargetCreated(e.targetInfo as TargetInfo))));
    stoppers.add(toDisposable(browserCdp.on('Target.targetInfoChanged', (e) => this.onTargetChanged(e.targetInfo as TargetInfo))));
    stoppers.add(toDisposable(browserCdp.on('Target.targetDestroyed', (e) => this.onTargetDestroyed(String(e.targetId)))));
    await browserCdp.send('Target.setDiscoverTargets', { discover: true });
  }

  get(targetId: string): TargetState | undefined {
    return this.targets.get(targetId);
  }

  markOurs(targetId: string): void {
    const state = this.targets.get(targetId) ?? { targetId, ours: true, navigated: false, committed: false, refused: false, url: '' };
    state.ours = true;
    if (state.timer) clearTimeout(state.timer);
    this.targets.set(targetId, state);
  }

  async closeTarget(targetId: string): Promise<void> {
    if (this.browserCdp) await sendQuietly(this.browserCdp, 'Target.closeTarget', { targetId });
  }

  /** On destroy: no window is judged any more. */
  clearTimers(): void {
    for (const t of this.targets.values()) if (t.timer) clearTimeout(t.timer);
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
}
