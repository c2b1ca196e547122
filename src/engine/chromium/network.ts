// The browser-wide Fetch interception: every document the browser asks for (top frame, sub-frames,
// redirect hops, popups), whoever asks, waits for the allow-list before it leaves; the documents'
// answers get the same header rewrite as Electron's onHeadersReceived; every login challenge is
// refused (never Chromium's "Sign in" dialog).
import type { NavigationDecision, NavigationKind } from '../../shared/policy/navigation';
import type { CdpSession } from '../cdp';
import { sendQuietly } from '../cdp';
import type { Guard } from '../page-guard';
import { cabinResponseHeaders, headersFromEntries, headersToEntries } from '../response-headers';
import type { DemarcheHost, EnginePage } from '../view';
import { toDisposable, type DisposableStore } from '../../base/lifecycle';
import type { OriginGrants } from './permissions';
import type { BlockedNotice, PageTargets } from './targets';

interface PausedRequest {
  requestId: string;
  /** The Network domain's id: the same for every hop of one navigation's redirects. */
  networkId?: string;
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

export class RequestInterception {
  constructor(
    private readonly browserCdp: CdpSession,
    private readonly host: DemarcheHost<EnginePage>,
    private readonly targets: PageTargets,
    private readonly grants: OriginGrants,
    private readonly disabled: ReadonlySet<Guard>,
    private readonly blocked: (notice: BlockedNotice) => void,
    /** The page a frame belongs to (its top frame's id is the page's target id), for its payment chain; null: unknown. */
    private readonly pageOfFrame: (frameId: string) => EnginePage | null = () => null,
  ) {}

  /** The last document URL let through, per navigation (networkId): where a redirect hop comes from. */
  private readonly lastHop = new Map<string, string>();

  async enable(stoppers: DisposableStore): Promise<void> {
    const browserCdp = this.browserCdp;
    // Every document the browser asks for, whoever asks, waits for the allow-list.
    stoppers.add(toDisposable(browserCdp.on('Fetch.requestPaused', (e) => void this.onRequestPaused(e as unknown as PausedRequest))));
    // Every login challenge (a document's or a script's) is ours to answer: refused, never Chromium's "Sign in" dialog.
    stoppers.add(toDisposable(browserCdp.on('Fetch.authRequired', (e) => void this.onAuthRequired(e as unknown as AuthChallenge))));
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
  }

  private async onRequestPaused(e: PausedRequest): Promise<void> {
    const cdp = this.browserCdp;
    if (e.responseStatusCode !== undefined || e.responseErrorReason !== undefined) return this.onResponsePaused(cdp, e);
    if (e.resourceType !== 'Document') return sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId });
    const target = this.targets.get(e.frameId);
    const kind: NavigationKind = e.redirectedRequestId ? 'redirect' : target ? (!target.ours && !target.navigated ? 'popup' : 'top') : 'subframe';
    const unguarded = kind === 'popup' ? this.disabled.has('popups') : this.disabled.has('navigation');
    const top = target !== undefined && kind !== 'popup';
    const from = kind === 'redirect' && e.networkId ? this.lastHop.get(e.networkId) : undefined;
    const decision: NavigationDecision = unguarded
      ? { allowed: true }
      : this.host.decide(kind === 'popup' ? null : this.pageOfFrame(e.frameId), { url: e.request.url, kind, top, ...(from ? { from } : {}) });
    if (decision.allowed) {
      if (e.networkId) this.rememberHop(e.networkId, e.request.url);
      if (target) {
        target.navigated = true;
        if (target.timer) clearTimeout(target.timer);
      }
      await this.grants.grantFor(e.request.url);
      await sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId });
      return;
    }
    // ERR_ABORTED: the navigation is dropped, the page stays where it was (no error page).
    await sendQuietly(cdp, 'Fetch.failRequest', { requestId: e.requestId, errorReason: 'Aborted' });
    if (target && !target.ours && !target.committed) {
      // A new window whose first page is refused is closed; a redirect inside it counts the same.
      target.refused = true;
      if (target.timer) clearTimeout(target.timer);
      await this.targets.closeTarget(target.targetId);
    }
    this.blocked({ url: e.request.url, host: decision.host, kind, reason: decision.reason });
  }

  private rememberHop(networkId: string, url: string): void {
    this.lastHop.delete(networkId);
    this.lastHop.set(networkId, url);
    // Only the last few navigations matter (a redirect follows its request at once).
    if (this.lastHop.size > 64) this.lastHop.delete(this.lastHop.keys().next().value!);
  }

  /** A document's answer: the same header rewrite as Electron's onHeadersReceived. */
  private async onResponsePaused(cdp: CdpSession, e: PausedRequest): Promise<void> {
    const headers =
      e.responseHeaders && e.responseStatusCode !== undefined
        ? cabinResponseHeaders(headersFromEntries(e.responseHeaders), { overlays: !this.disabled.has('overlays') })
        : null;
    if (!headers) return sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId });
    // Changing the headers needs the status too (CDP: "all of them must be present").
    await cdp
      .send('Fetch.continueResponse', {
        requestId: e.requestId,
        responseCode: e.responseStatusCode,
        responsePhrase: e.responseStatusText || undefined,
        responseHeaders: headersToEntries(headers),
      })
      .catch(() => sendQuietly(cdp, 'Fetch.continueRequest', { requestId: e.requestId }));
  }

  /** Basic, Digest, NTLM, proxy: the cabin has no password to give, and Chromium's dialog would hold the page. */
  private async onAuthRequired(e: AuthChallenge): Promise<void> {
    await sendQuietly(this.browserCdp, 'Fetch.continueWithAuth', { requestId: e.requestId, authChallengeResponse: { response: 'CancelAuth' } });
    this.host.emit({ type: 'auth-refused', origin: URL.canParse(e.request.url) ? new URL(e.request.url).origin : '' });
  }
}
