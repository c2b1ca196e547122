// Paying (issue 15): a démarche's payment hosts (PayFiP, the timbre fiscal's shop…) hand the resident to their
// bank for 3-D Secure, on a host nobody can list in advance. A navigation chain that starts from a payment host may
// pass through any https host until it comes back to a payment host or the démarche's own list. One pure decision
// over a page's chain, applied by every adapter with the allow-list (src/shared/policy/navigation.ts):
//   - the chain starts when a page whose document is on a payment host (or a redirect hop from one) goes off the list;
//   - while it lasts, that page and its frames may go to any https host, nothing else: no http:, no other scheme,
//     no new window off the list, nothing the resident or the cabin types in (the view's navigate());
//   - it ends when the page comes back to a listed host, after `maxMs` (counted from its start, never extended), and
//     whenever the engine forgets it (the démarche closes, the session ends).
import { hostAllowed, normalizeHost } from './hosts';
import { decideNavigation, isLoopbackHost, type NavigationDecision, type NavigationKind, type NavigationPolicy } from './navigation';

/** The bounded time of a chain when the config says nothing. */
export const DEFAULT_PAYMENT_MINUTES = 15;

export interface PaymentRule {
  /** Expanded host patterns where a payment starts and ends (`host` or `*.host`). Navigable like the allow-list. */
  hosts: readonly string[];
  /** How long a chain may last, from its start. */
  maxMs: number;
}

/** A page's chain through the bank, while it lasts. */
export interface PaymentChain {
  startedAt: number;
}

export interface PaymentNavigation {
  url: string;
  kind: NavigationKind;
  /** The page's top frame navigates (a redirect hop of it too), as opposed to one of its frames or a new window. */
  top: boolean;
  /**
   * Where the navigation comes from: the previous hop's URL for a redirect, else the page's top document (a frame's
   * navigation is judged by the page it is in). '' when unknown: then no chain starts.
   */
  from: string;
  /** The page itself (a link, a form, a script, a redirect), or the cabin's navigate() (what a resident could type). */
  by: 'page' | 'cabin';
  now: number;
}

export interface PaymentStep {
  decision: NavigationDecision;
  /** The page's chain after this navigation: null when it has none (or it ended). */
  chain: PaymentChain | null;
}

/** The allow-list with the payment hosts added: where any page may go, chain or not. */
export function withPaymentHosts(policy: NavigationPolicy, rule: PaymentRule | null): NavigationPolicy {
  return rule && rule.hosts.length ? { ...policy, allow: [...policy.allow, ...rule.hosts] } : policy;
}

/** The chain if it still runs at `now` (a chain past its time is no chain). */
export function liveChain(rule: PaymentRule | null, chain: PaymentChain | null, now: number): PaymentChain | null {
  if (!rule || !chain) return null;
  const age = now - chain.startedAt;
  return age >= 0 && age < rule.maxMs ? chain : null;
}

/** Whether a URL is an https page on a payment host (plain http to loopback when the policy tolerates it, in tests). */
export function onPaymentHost(policy: NavigationPolicy, rule: PaymentRule | null, url: string): boolean {
  if (!rule || !rule.hosts.length || !URL.canParse(url)) return false;
  const u = new URL(url);
  return secureEnough(policy, u) && hostAllowed(rule.hosts, u.hostname);
}

function secureEnough(policy: NavigationPolicy, u: URL): boolean {
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && policy.allowLoopback === true && isLoopbackHost(u.hostname);
}

/**
 * One navigation of a page, judged with its payment chain. The allow-list (with the payment hosts) decides first;
 * only an https host off the list may be let through, and only inside a chain.
 */
export function decidePaymentNavigation(policy: NavigationPolicy, rule: PaymentRule | null, chain: PaymentChain | null, nav: PaymentNavigation): PaymentStep {
  const live = liveChain(rule, chain, nav.now);
  const listed = decideNavigation(withPaymentHosts(policy, rule), { url: nav.url, kind: nav.kind });
  if (listed.allowed) {
    // Back on the démarche's list or a payment host: the page's chain ends (a frame or a new window changes nothing).
    return { decision: listed, chain: nav.top && nav.kind !== 'popup' ? null : live };
  }
  // Only a host off the list is ever exempted: a refused scheme, data:, blob:, http to a listed host stay refused.
  if (!rule || listed.reason !== 'host-not-allowed') return { decision: listed, chain: live };
  // Nothing opens, and nothing typed in goes anywhere, during a payment.
  if (nav.kind === 'popup' || nav.by === 'cabin') return { decision: listed, chain: live };
  const fromPayment = onPaymentHost(policy, rule, nav.from);
  if (!live && !fromPayment) return { decision: listed, chain: null };
  const u = new URL(nav.url);
  if (!secureEnough(policy, u)) return { decision: { allowed: false, reason: 'not-https', host: normalizeHost(u.hostname) }, chain: live };
  // The top frame leaving a payment host starts the chain; a frame of a payment page goes without starting one.
  const next = live ?? (nav.top ? { startedAt: nav.now } : null);
  return { decision: { allowed: true }, chain: next };
}

/** Whether the page shows a bank's page now: its chain runs and its document is off the list and off the payment hosts. */
export function onBankPage(policy: NavigationPolicy, rule: PaymentRule | null, chain: PaymentChain | null, url: string, now: number): boolean {
  if (!liveChain(rule, chain, now) || !/^https?:/i.test(url)) return false;
  return !decideNavigation(withPaymentHosts(policy, rule), { url, kind: 'top' }).allowed;
}
