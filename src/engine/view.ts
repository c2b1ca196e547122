// Long file: the démarche view both adapters share, in one piece (the session's host: allow-list, payment chains,
// the agent's session grants; the view: popups, typing, print, close).
// The démarche view itself, once, for both adapters. An adapter gives each page it shows (the
// démarche's, then each popup) as a handful of primitives (EnginePage); everything else lives
// here: the popup stack, the allow-list state of the open démarche, notices, the file chooser,
// downloads policy, print, typing, "Retour" and close/reset. The Chromium contract suite runs
// this code; the Electron adapter runs the same code over its WebContentsViews.
import type { GrantablePermission } from '../shared/config/schema';
import { decideNavigation, type NavigationDecision, type NavigationKind, type NavigationPolicy } from '../shared/policy/navigation';
import { decidePaymentNavigation, withPaymentHosts, type PaymentRule } from '../shared/policy/payment';
import { grantableHost } from '../shared/policy/agent-grant';
import { isZoomFactor } from '../shared/policy/zoom';
import type { CdpSession } from './cdp';
import { DownloadGuard } from './downloads';
import { FileChooserGate } from './file-chooser';
import { pressKey, typeText, type EditKey } from './keyboard';
import { NoticeHub } from './notices';
import type { Guard, PageGuardOptions } from './page-guard';
import { PaymentChains } from './payment-chains';
import type { DemarcheSpec, DemarcheView, EngineNotice, Unsubscribe } from './port';

/** What an adapter can do with one page it shows. Nothing here decides anything. */
export interface EnginePage {
  /** The page's CDP session (guards, file chooser, typing, Chromium's print). */
  readonly cdp: CdpSession;
  url(): string;
  /** Loads a URL already judged by the allow-list; resolves once it is under way or refused, never throws for the page's own failures. */
  load(url: string): Promise<void>;
  canGoBack(): Promise<boolean>;
  goBack(): Promise<void>;
  /** Drops every history entry but the current one (what came before the démarche: about:blank, the last démarche). */
  forgetHistory(): Promise<void>;
  reload(): Promise<void>;
  printToPdf(): Promise<Uint8Array>;
  /** Lays the page out at this zoom (a browser's zoom: it reflows), for this document and the next ones. */
  setZoom(factor: number): Promise<void>;
  /** Closes the page (a popup); the adapter then calls DemarcheHost.pageClosed. */
  close(): Promise<void>;
  isClosed(): boolean;
}

/** Where pages appear on the screen. Chromium (tests, audits) has no layout: each page is its own tab. */
export interface ViewLayout<P extends EnginePage> {
  /** Shows the last page of the stack in the démarche area, the others hidden under it. */
  show(stack: readonly P[]): void;
  hide(page: P): void;
  /** The page is gone (a closed popup): forget its place. */
  remove(page: P): void;
}

export interface DemarcheHostOptions<P extends EnginePage> {
  filesDir: string;
  maxDownloadBytes?: number;
  allowLoopback?: boolean;
  /** Guards switched off: the escape audit's self-test only. */
  disabled?: ReadonlySet<Guard>;
  layout?: ViewLayout<P>;
}

const DENY_ALL: NavigationPolicy = { allow: [] };

/**
 * One session's side of the view: the open démarche (allow-list, grants), where notices go, the
 * session's file chooser and downloads. Nothing is allowed while no démarche is open.
 */
export class DemarcheHost<P extends EnginePage> {
  readonly chooser: FileChooserGate;
  readonly downloads: DownloadGuard;
  readonly disabled: ReadonlySet<Guard>;
  private current: SharedDemarcheView<P> | null = null;
  private policyNow: NavigationPolicy = DENY_ALL;
  private grantsNow: readonly GrantablePermission[] = [];
  /** The open démarche's payment hosts and time, and each page's chain through the bank. */
  private readonly payment = new PaymentChains(
    () => this.policyNow,
    (page) => this.leaveBank(page as P),
  );
  /** The démarche's zoom (A+ / A−), for the session: each page shown gets it, popups included. */
  private zoomNow = 1;
  private readonly recentBlocks = new Map<string, number>();
  /**
   * Hosts the agent's panel opened for the rest of this session (issue 15): exact host names, https (loopback
   * http in tests), whatever démarche is open; never their permissions. They live in this object only: the
   * session's end() forgets them, and the next session has another DemarcheHost.
   */
  private readonly sessionHosts = new Set<string>();
  /** The last navigation refused in this session (its URL stays here, in the engine: the machine only gets the host). */
  private lastBlocked: { url: string; host: string; kind: NavigationKind } | null = null;

  constructor(private readonly options: DemarcheHostOptions<P>) {
    this.disabled = options.disabled ?? new Set();
    this.chooser = new FileChooserGate([options.filesDir], this.emit, () => this.paying());
    this.downloads = new DownloadGuard({
      filesDir: options.filesDir,
      emit: this.emit,
      maxBytes: options.maxDownloadBytes,
      disabled: this.disabled.has('downloads'),
      // Nothing is kept from a bank's page: no download while a page pays.
      refuseNow: () => (this.paying() ? 'during-payment' : null),
    });
  }

  /** Notices of the whole session go to the open view, if any. */
  readonly emit = (notice: EngineNotice): void => {
    if (notice.type === 'navigation-blocked') this.lastBlocked = { url: notice.url, host: notice.host, kind: notice.kind };
    this.current?.hub.emit(notice);
  };

  /** Where navigations may go: the démarche's allow-list, and the hosts opened for this session. */
  private get navigationPolicy(): NavigationPolicy {
    if (this.sessionHosts.size === 0 || this.current === null) return this.policyNow;
    return { ...this.policyNow, allow: [...this.policyNow.allow, ...this.sessionHosts] };
  }

  /**
   * The agent's panel opens `host` for the rest of this session: exactly that host (no subdomain), https only
   * (the navigation policy refuses plain http), never a scheme, an IP address or this machine (grantableHost).
   * Returns the host granted, or null when it may not be. Permissions stay the démarche's (`policy`).
   */
  allowForSession(host: string): string | null {
    const granted = grantableHost(host, { allowLoopback: this.options.allowLoopback ?? false });
    if (granted !== null) this.sessionHosts.add(granted);
    return granted;
  }

  /** Hosts opened for this session, for tests and diagnostics. */
  get hostsForSession(): readonly string[] {
    return [...this.sessionHosts];
  }

  /** The last refused navigation if it was to `host`: where the view goes once it is granted. */
  blockedTo(host: string): { url: string; kind: NavigationKind } | null {
    const b = this.lastBlocked;
    return b && b.host === host ? { url: b.url, kind: b.kind } : null;
  }

  get policy(): NavigationPolicy {
    return this.policyNow;
  }

  get grants(): readonly GrantablePermission[] {
    return this.grantsNow;
  }

  get view(): SharedDemarcheView<P> | null {
    return this.current;
  }

  get zoom(): number {
    return this.zoomNow;
  }

  set zoom(factor: number) {
    this.zoomNow = factor;
  }

  get layout(): ViewLayout<P> | undefined {
    return this.options.layout;
  }

  /** What guardTarget needs, for a page (true) or an out-of-process frame. */
  guardOptions(isPage: boolean): PageGuardOptions {
    return { emit: this.emit, chooser: this.chooser, disabled: this.disabled, isPage, allowFullscreen: () => this.grantsNow.includes('fullscreen') };
  }

  /**
   * Where a page may go: the allow-list, the démarche's payment hosts, and the bank's https hosts inside a chain that
   * started from a payment host (src/shared/policy/payment.ts). `page`: the page navigating (its top frame, or one of
   * its frames), null when the adapter cannot tell (then no chain applies). `by: 'cabin'`: the view's navigate().
   * `from`: a redirect hop's previous URL, when the adapter knows it.
   */
  decide(page: P | null, request: { url: string; kind: NavigationKind; top: boolean; from?: string; by?: 'page' | 'cabin' }): NavigationDecision {
    const rule = this.paymentNow;
    // The audit's self-test: a rule too loose (any http(s) host, any window, any time) must be caught.
    if (rule && this.disabled.has('payment') && /^https?:/i.test(request.url)) return { allowed: true };
    const chain = this.payment.chainOf(page);
    const from = request.from ?? (page && !page.isClosed() ? page.url() : '');
    const step = decidePaymentNavigation(this.navigationPolicy, rule, chain, { ...request, from, by: request.by ?? 'page', now: Date.now() });
    this.payment.settle(page, chain, step.chain);
    return step.decision;
  }

  /** The open démarche's payment rule (null: none). */
  private get paymentNow(): PaymentRule | null {
    return this.payment.rule;
  }

  /** Whether a page of the view is in a chain through a bank now: nothing is downloaded or chosen then. */
  paying(): boolean {
    return this.payment.paying();
  }

  /** A page's chain ran out of time on a bank's page: back to the démarche's start (a popup closes). */
  private leaveBank(page: P): void {
    const view = this.current;
    if (!view?.hasPage(page)) return;
    if (view.allPages()[0] === page) void page.load(view.demarche.startUrl).catch(() => {});
    else void page.close().catch(() => {});
  }

  /**
   * A refused navigation, said once: an adapter may see one attempt twice (Electron's will-* event and
   * its webRequest backstop; Chromium's renderer request and its external-protocol consult).
   */
  blocked(notice: { url: string; host: string; kind: NavigationKind; reason: string }, sameWithin: { key: string; ms: number } | null = null): void {
    if (sameWithin) {
      const now = Date.now();
      const last = this.recentBlocks.get(sameWithin.key);
      this.recentBlocks.set(sameWithin.key, now);
      if (last !== undefined && now - last < sameWithin.ms) return;
    }
    this.emit({ type: 'navigation-blocked', ...notice });
  }

  /** Opens a démarche in the session's page (closing the one open, if any). */
  async open<V extends SharedDemarcheView<P>>(
    demarche: DemarcheSpec,
    main: P,
    createView: (demarche: DemarcheSpec, main: P, host: DemarcheHost<P>) => V,
  ): Promise<V> {
    if (this.current) await this.current.close();
    this.policyNow = { allow: demarche.allow, allowLoopback: this.options.allowLoopback ?? false };
    this.grantsNow = demarche.permissions;
    this.payment.reset(demarche.payment ?? null);
    const view = createView(demarche, main, this);
    this.current = view;
    this.options.layout?.show([main]);
    await view.navigate(demarche.startUrl);
    // At the session's zoom (the page may keep another from the last démarche). After the load: Electron zooms only a live frame.
    await main.setZoom(this.zoomNow).catch(() => {});
    // The démarche's history starts at its start URL: history.back() from there goes nowhere, never to the blank
    // page (or the previous démarche) the session's page showed before.
    if (!this.disabled.has('history')) await main.forgetHistory().catch(() => {});
    return view;
  }

  /** Called by the view when it closes: nothing is allowed any more. */
  detach(view: SharedDemarcheView<P>): void {
    if (this.current !== view) return;
    this.current = null;
    this.policyNow = DENY_ALL;
    this.grantsNow = [];
    this.payment.reset(null);
  }

  /**
   * A page the démarche opened (window.open, target=_blank) now shows `url`: shown over the démarche if
   * the allow-list allows it. `judged`: the adapter refused or allowed it already, when it was created.
   */
  adoptPopup(page: P, judged = false): void {
    const view = this.current;
    if (!view || page.isClosed() || view.hasPage(page)) return;
    if (!judged) {
      const url = page.url();
      if (!/^https?:/.test(url)) return;
      // A page of the list or a payment host: a new window never joins a chain through the bank.
      if (!this.disabled.has('popups') && !decideNavigation(withPaymentHosts(this.navigationPolicy, this.paymentNow), { url, kind: 'top' }).allowed) return;
    }
    view.pushPopup(page);
  }

  /** A page of the view committed a document: the cabin's bar follows it. */
  pageNavigated(page: P, url: string): void {
    const view = this.current;
    if (!view?.hasPage(page)) return;
    if (url === 'about:blank' || url === '') {
      // A page of the démarche went blank by itself (`location = 'about:blank'`, a history entry older than the
      // démarche): a screen the resident could not leave. Back where it was, else to the démarche's start.
      if (!this.disabled.has('history')) void this.leaveBlank(view, page).catch(() => this.leaveBlankFailed(view, page));
      return;
    }
    this.emit({ type: 'navigated', url, ...(this.payment.onBank(page, url) ? { payment: true } : {}) });
  }

  private async leaveBlank(view: SharedDemarcheView<P>, page: P): Promise<void> {
    if (page.isClosed()) return;
    if (await page.canGoBack().catch(() => false)) return page.goBack();
    if (this.current === view && view.allPages()[0] === page) await page.load(view.demarche.startUrl);
    else await page.close();
  }

  /** Going back failed (the page was moving already, or closing): the start page, else closed; never left blank. */
  private async leaveBlankFailed(view: SharedDemarcheView<P>, page: P): Promise<void> {
    if (page.isClosed() || this.current !== view) return;
    const url = page.url();
    if (url !== 'about:blank' && url !== '') return;
    if (view.allPages()[0] === page) await page.load(view.demarche.startUrl).catch(() => {});
    else await page.close().catch(() => {});
  }

  /** A page closed (a popup closing itself, or "Retour" from its first page). */
  pageClosed(page: P): void {
    this.payment.drop(page);
    this.current?.popupClosed(page);
  }

  /** Ends the session's view without loading anything: the adapter destroys the pages. */
  end(): P[] {
    const view = this.current;
    this.current = null;
    this.sessionHosts.clear();
    this.lastBlocked = null;
    this.policyNow = DENY_ALL;
    this.grantsNow = [];
    this.payment.reset(null);
    return view?.allPages() ?? [];
  }
}

/** The port's DemarcheView over an adapter's pages: the démarche's first, then its popups (the last shows). */
export class SharedDemarcheView<P extends EnginePage> implements DemarcheView {
  readonly hub = new NoticeHub();
  private readonly stack: P[];
  private closed = false;

  constructor(
    readonly demarche: DemarcheSpec,
    main: P,
    protected readonly host: DemarcheHost<P>,
  ) {
    this.stack = [main];
  }

  /** The page shown: the last popup, else the démarche's page. */
  protected get active(): P {
    return this.stack[this.stack.length - 1]!;
  }

  allPages(): P[] {
    return [...this.stack];
  }

  hasPage(page: P): boolean {
    return this.stack.includes(page);
  }

  pushPopup(page: P): void {
    if (this.closed) return;
    this.stack.push(page);
    // A popup is shown at the zoom the resident chose, as the démarche's page.
    void page.setZoom(this.host.zoom).catch(() => {});
    this.host.layout?.show(this.stack);
    this.hub.emit({ type: 'popup-opened', url: page.url() });
  }

  popupClosed(page: P): void {
    const i = this.stack.indexOf(page);
    if (i <= 0) return;
    this.stack.splice(i, 1);
    this.host.layout?.remove(page);
    if (!this.closed) this.host.layout?.show(this.stack);
    this.hub.emit({ type: 'popup-closed' });
  }

  on(listener: (notice: EngineNotice) => void): Unsubscribe {
    return this.hub.on(listener);
  }

  currentUrl(): string {
    return this.active.url();
  }

  async navigate(url: string): Promise<void> {
    // The cabin's own navigation (what a resident could type): the list and the payment hosts, never a bank by itself.
    const decision = this.host.decide(this.active, { url, kind: 'top', top: true, by: 'cabin' });
    if (!decision.allowed) {
      this.host.emit({ type: 'navigation-blocked', url, host: decision.host, kind: 'top', reason: decision.reason });
      return;
    }
    await this.active.load(url);
  }

  /** "Retour": back in the page shown; out of a popup (closing it) from its first page. */
  async goBack(): Promise<void> {
    const active = this.active;
    if (await active.canGoBack()) return active.goBack();
    if (this.stack.length > 1) await active.close();
  }

  reload(): Promise<void> {
    return this.active.reload();
  }

  /**
   * The agent's panel opened `host` for this session (issue 15): granted in the session's host (every démarche
   * from now on), then the page that was refused is loaded (a frame's: the page shown is reloaded).
   */
  async allowHostForSession(host: string): Promise<boolean> {
    const granted = this.host.allowForSession(host);
    if (granted === null || this.closed) return false;
    const blocked = this.host.blockedTo(granted);
    if (blocked && blocked.kind !== 'subframe') await this.navigate(blocked.url);
    else await this.active.reload();
    return true;
  }

  printToPdf(): Promise<Uint8Array> {
    return this.active.printToPdf();
  }

  setFiles(paths: string[]): Promise<void> {
    return this.host.chooser.setFiles(paths);
  }

  cancelFileChooser(): Promise<void> {
    return this.host.chooser.cancel();
  }

  typeText(text: string): Promise<void> {
    return typeText(this.active.cdp, text);
  }

  pressKey(key: EditKey): Promise<void> {
    return pressKey(this.active.cdp, key);
  }

  /** Every page of the démarche (popups too), now and for what they load next, at this zoom. */
  async setZoom(factor: number): Promise<void> {
    if (!isZoomFactor(factor)) throw new RangeError(`zoom factor out of range: ${factor}`);
    this.host.zoom = factor;
    if (this.closed) return;
    await Promise.all(this.stack.filter((p) => !p.isClosed()).map((p) => p.setZoom(factor)));
  }

  /** Closes the popups and empties the session's page, which stays for the next démarche. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const [main, ...popups] = this.stack;
    for (const p of popups.reverse()) if (!p.isClosed()) await p.close().catch(() => {});
    this.host.detach(this);
    if (main && !main.isClosed()) {
      this.host.layout?.hide(main);
      await main.load('about:blank');
    }
  }
}
