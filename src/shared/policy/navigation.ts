// Where the démarche view may go. One pure decision, applied by every adapter to the top frame,
// every sub-frame, every redirect hop and every popup, so a page cannot leave the allow-list by
// any door: a link, a form, a redirect, an iframe, window.open or a custom protocol.
import { hostAllowed, normalizeHost } from './hosts';

/** Where a navigation happens. */
export type NavigationKind = 'top' | 'subframe' | 'redirect' | 'popup';

export const NAVIGATION_REFUSALS = [
  'invalid-url',
  'not-https', // plain http (loopback excepted in tests)
  'host-not-allowed',
  'scheme-refused', // file:, chrome:, devtools:, view-source:…: the browser's own pages and the disk
  'external-protocol', // mailto:, tel:, intent:, ms-settings:…: would start another application
  'javascript-url',
  'data-url', // top-level data: (a whole page with no origin: the classic phishing vehicle)
  'blob-url', // blob: whose creator is not on the allow-list
  'about-url', // about: pages other than about:blank / about:srcdoc, and blank popups
] as const;
export type NavigationRefusal = (typeof NAVIGATION_REFUSALS)[number];

export interface NavigationPolicy {
  /** Expanded host patterns: `host` or `*.host`. */
  allow: readonly string[];
  /** Tests only: plain http to 127.0.0.1, ::1, localhost and *.localhost (still subject to `allow`). */
  allowLoopback?: boolean;
}

export interface NavigationRequest {
  url: string;
  kind: NavigationKind;
}

export type NavigationDecision =
  | { allowed: true }
  /** `host` is the host name, or the scheme (`mailto:`) when there is no host to show. */
  | { allowed: false; reason: NavigationRefusal; host: string };

/** The browser's own pages and the local disk: never, whatever the allow-list says. */
const INTERNAL_SCHEMES = new Set([
  'file:',
  'filesystem:',
  'chrome:',
  'chrome-extension:',
  'chrome-untrusted:',
  'chrome-search:',
  'chrome-error:',
  'chrome-native:',
  'devtools:',
  'view-source:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'extension:',
  'moz-extension:',
  'resource:',
  'isolated-app:',
]);

/** Hosts that resolve to this machine: plain http is tolerated there when `allowLoopback` is set. */
export function isLoopbackHost(host: string): boolean {
  const h = normalizeHost(host).replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function refuse(reason: NavigationRefusal, host: string): NavigationDecision {
  return { allowed: false, reason, host };
}

/** Whether an http(s) URL's host and scheme are acceptable, whatever the kind of navigation. */
function decideWeb(url: URL, policy: NavigationPolicy): NavigationDecision {
  const host = normalizeHost(url.hostname);
  if (url.protocol === 'http:' && !(policy.allowLoopback && isLoopbackHost(host))) {
    // Report the host, not "http": the resident sees which site was refused.
    return hostAllowed(policy.allow, host) ? refuse('not-https', host) : refuse('host-not-allowed', host);
  }
  if (!hostAllowed(policy.allow, host)) return refuse('host-not-allowed', host);
  return { allowed: true };
}

export function decideNavigation(policy: NavigationPolicy, request: NavigationRequest): NavigationDecision {
  const { kind } = request;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse('invalid-url', '');
  }
  const scheme = url.protocol;
  if (scheme === 'https:' || scheme === 'http:') return decideWeb(url, policy);

  if (scheme === 'about:') {
    const page = url.pathname.toLowerCase();
    // A blank popup has no address to check and its opener can write anything into it.
    if (kind === 'popup') return refuse('about-url', 'about:');
    if (page === 'blank' || (page === 'srcdoc' && kind === 'subframe')) return { allowed: true };
    return refuse('about-url', 'about:');
  }
  if (scheme === 'javascript:') return refuse('javascript-url', 'javascript:');
  if (scheme === 'data:') {
    // An allowed page may frame data: (it has an opaque origin and stays inside the page);
    // a top-level data: page is a document with no origin, so it could impersonate any site.
    return kind === 'subframe' ? { allowed: true } : refuse('data-url', 'data:');
  }
  if (scheme === 'blob:') {
    // blob:https://host/uuid — the blob belongs to the origin that created it.
    let inner: URL;
    try {
      inner = new URL(url.pathname);
    } catch {
      return refuse('blob-url', 'blob:');
    }
    if (inner.protocol !== 'https:' && inner.protocol !== 'http:') return refuse('blob-url', 'blob:');
    const web = decideWeb(inner, policy);
    return web.allowed ? web : refuse('blob-url', web.host);
  }
  if (INTERNAL_SCHEMES.has(scheme)) return refuse('scheme-refused', scheme);
  // Anything else is handed to another application by the OS (mail, phone, store, settings…).
  return refuse('external-protocol', scheme);
}

/** The origin (`https://host[:port]`) of an allowed http(s) URL, or null. */
export function allowedOrigin(policy: NavigationPolicy, url: string): string | null {
  if (!URL.canParse(url)) return null;
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  return decideWeb(u, policy).allowed ? u.origin : null;
}
