// The payment rule (issue 15) over sequences of navigations of one page: a chain starts from a payment host, passes
// through the bank's https hosts, ends when it comes back, after its time, or when the engine forgets it.
import { describe, expect, it } from 'vitest';
import type { NavigationKind, NavigationPolicy } from '../../../../src/shared/policy/navigation';
import {
  decidePaymentNavigation,
  liveChain,
  onBankPage,
  type PaymentChain,
  type PaymentNavigation,
  type PaymentRule,
} from '../../../../src/shared/policy/payment';

const policy: NavigationPolicy = { allow: ['*.ants.gouv.fr', '*.franceconnect.gouv.fr'] };
const rule: PaymentRule = { hosts: ['timbres.impots.gouv.fr', 'www.payfip.gouv.fr'], maxMs: 15 * 60_000 };

const ANTS = 'https://moncompte.ants.gouv.fr/demande';
const SHOP = 'https://timbres.impots.gouv.fr/paiement';
const BANK = 'https://acs.bank.example/3ds?tx=1';
const BANK2 = 'https://auth.otherbank.example/challenge';

/** One page, walked navigation by navigation: what each step decided, the chain kept between them. */
class Page {
  chain: PaymentChain | null = null;
  url: string;
  now = 1_000_000;
  constructor(
    start: string,
    private readonly r: PaymentRule | null = rule,
    private readonly p: NavigationPolicy = policy,
  ) {
    this.url = start;
  }
  go(url: string, opts: Partial<Pick<PaymentNavigation, 'kind' | 'top' | 'from' | 'by'>> = {}) {
    const kind: NavigationKind = opts.kind ?? 'top';
    const step = decidePaymentNavigation(this.p, this.r, this.chain, {
      url,
      kind,
      top: opts.top ?? (kind === 'top' || kind === 'redirect'),
      from: opts.from ?? this.url,
      by: opts.by ?? 'page',
      now: this.now,
    });
    this.chain = step.chain;
    if (step.decision.allowed && (opts.top ?? (kind === 'top' || kind === 'redirect'))) this.url = url;
    return step.decision;
  }
  frame(url: string) {
    return this.go(url, { kind: 'subframe', top: false });
  }
  onBank() {
    return onBankPage(this.p, this.r, this.chain, this.url, this.now);
  }
}

const ok = { allowed: true };
const off = (host: string) => ({ allowed: false, reason: 'host-not-allowed', host });

describe('payment rule: the 3-D Secure round trip', () => {
  it('passes from the payment host through the bank and back, then the exemption is gone', () => {
    const page = new Page(ANTS);
    expect(page.go(SHOP)).toEqual(ok); // a payment host is navigable like the list
    expect(page.chain).toBeNull();
    expect(page.go(BANK)).toEqual(ok); // the chain starts
    expect(page.chain).toEqual({ startedAt: page.now });
    expect(page.onBank()).toBe(true);
    expect(page.go(BANK2)).toEqual(ok); // the bank's own hops
    expect(page.go('https://acs.bank.example/done', { kind: 'redirect', from: BANK2 })).toEqual(ok);
    expect(page.go('https://timbres.impots.gouv.fr/retour')).toEqual(ok); // back
    expect(page.chain).toBeNull();
    expect(page.onBank()).toBe(false);
    expect(page.go(BANK)).toEqual(ok); // from the payment host again: a new chain
    expect(page.go(ANTS)).toEqual(ok); // back on the démarche's own list ends it too
    expect(page.chain).toBeNull();
    expect(page.go(BANK)).toEqual(off('acs.bank.example'));
  });

  it('lets a redirect hop from a payment host start the chain (the démarche links to the shop, which sends to the bank)', () => {
    const page = new Page(ANTS);
    expect(page.go('https://www.payfip.gouv.fr/tpa/paiementws.web?idop=1')).toEqual(ok);
    const p2 = new Page(ANTS);
    expect(p2.go(BANK, { kind: 'redirect', from: 'https://www.payfip.gouv.fr/tpa/paiementws.web?idop=1' })).toEqual(ok);
    expect(p2.chain).not.toBeNull();
    // …but not a redirect hop from a page of the démarche's list.
    const p3 = new Page(SHOP);
    expect(p3.go(BANK, { kind: 'redirect', from: ANTS })).toEqual(off('acs.bank.example'));
  });

  it('lets frames of a payment page, and of a bank page in a chain, load the bank (3-D Secure in an iframe)', () => {
    const page = new Page(SHOP);
    expect(page.frame(BANK)).toEqual(ok);
    expect(page.chain).toBeNull(); // a frame starts no chain: the page is still on the shop
    expect(page.go(BANK)).toEqual(ok);
    expect(page.frame(BANK2)).toEqual(ok);
  });
});

describe('payment rule: what stays refused', () => {
  it('refuses a random https host from a page that is not a payment host, in the top frame and in a frame', () => {
    const page = new Page(ANTS);
    expect(page.go(BANK)).toEqual(off('acs.bank.example'));
    expect(page.frame(BANK)).toEqual(off('acs.bank.example'));
    expect(page.go(BANK, { kind: 'redirect', from: ANTS })).toEqual(off('acs.bank.example'));
    expect(page.chain).toBeNull();
  });

  it('refuses a new window off the list, from the bank page and after the chain returned', () => {
    const page = new Page(SHOP);
    page.go(BANK);
    expect(page.go('https://evil.example/', { kind: 'popup', top: false })).toEqual(off('evil.example'));
    expect(page.go(BANK2, { kind: 'popup', top: false })).toEqual(off('auth.otherbank.example'));
    expect(page.chain).not.toBeNull(); // a refused window does not end the page's chain
    page.go(SHOP);
    expect(page.go('https://random.example/', { kind: 'popup', top: false })).toEqual(off('random.example'));
    // From the shop itself too: the exemption never covers a new window.
    expect(page.go(BANK, { kind: 'popup', top: false, from: SHOP })).toEqual(off('acs.bank.example'));
  });

  it('refuses http:, the browser’s own pages, the disk and other schemes on the bank page', () => {
    const page = new Page(SHOP);
    page.go(BANK);
    expect(page.go('http://acs.bank.example/3ds')).toEqual({ allowed: false, reason: 'not-https', host: 'acs.bank.example' });
    expect(page.frame('http://tracker.example/')).toEqual({ allowed: false, reason: 'not-https', host: 'tracker.example' });
    expect(page.go('http://timbres.impots.gouv.fr/')).toMatchObject({ allowed: false, reason: 'not-https' });
    expect(page.go('file:///etc/passwd')).toMatchObject({ allowed: false, reason: 'scheme-refused' });
    expect(page.go('chrome://settings')).toMatchObject({ allowed: false, reason: 'scheme-refused' });
    expect(page.go('mailto:x@bank.example')).toMatchObject({ allowed: false, reason: 'external-protocol' });
    expect(page.go('data:text/html,<p>x')).toMatchObject({ allowed: false, reason: 'data-url' });
    expect(page.go('blob:https://acs.bank.example/0b7d')).toMatchObject({ allowed: false, reason: 'blob-url' });
    expect(page.go('javascript:alert(1)')).toMatchObject({ allowed: false, reason: 'javascript-url' });
    expect(page.chain).not.toBeNull(); // none of them ends the chain: the page is still on the bank
  });

  it('refuses what the cabin navigates to (nothing typed in goes off the list), chain or not', () => {
    const page = new Page(SHOP);
    expect(page.go(BANK, { by: 'cabin' })).toEqual(off('acs.bank.example'));
    page.go(BANK);
    expect(page.go(BANK2, { by: 'cabin' })).toEqual(off('auth.otherbank.example'));
    expect(page.go(ANTS, { by: 'cabin' })).toEqual(ok);
  });

  it('withdraws the exemption after the bounded time, counted from the start (never extended by more hops)', () => {
    const page = new Page(SHOP, { ...rule, maxMs: 60_000 });
    page.go(BANK);
    page.now += 30_000;
    expect(page.go(BANK2)).toEqual(ok);
    page.now += 29_999;
    expect(page.onBank()).toBe(true);
    page.now += 1;
    expect(page.onBank()).toBe(false);
    expect(page.go('https://acs.bank.example/next')).toEqual(off('acs.bank.example'));
    expect(page.frame('https://acs.bank.example/frame')).toEqual(off('acs.bank.example'));
    expect(page.chain).toBeNull();
    // The way back still works.
    expect(page.go('https://timbres.impots.gouv.fr/retour')).toEqual(ok);
    expect(liveChain(rule, { startedAt: 10 }, 5)).toBeNull(); // a chain from the future is no chain either
  });

  it('has no exemption without a rule, without payment hosts, or from a payment host over plain http', () => {
    const none = new Page(SHOP, null, { allow: ['timbres.impots.gouv.fr'] });
    expect(none.go(BANK)).toEqual(off('acs.bank.example'));
    const empty = new Page(ANTS, { hosts: [], maxMs: 60_000 });
    expect(empty.go(BANK, { from: SHOP })).toEqual(off('acs.bank.example'));
    const plain = new Page(ANTS);
    expect(plain.go(BANK, { from: 'http://timbres.impots.gouv.fr/' })).toEqual(off('acs.bank.example'));
    expect(new Page(ANTS).go(BANK, { from: '' })).toEqual(off('acs.bank.example'));
  });

  it('tolerates plain http to loopback only when the policy does (tests), for the shop and the bank alike', () => {
    const loop: NavigationPolicy = { allow: ['app.localhost'], allowLoopback: true };
    const r: PaymentRule = { hosts: ['pay.localhost'], maxMs: 60_000 };
    const page = new Page('http://pay.localhost:9/pay', r, loop);
    expect(page.go('http://bank.localhost:9/3ds')).toEqual(ok);
    expect(page.go('http://evil.example/')).toEqual({ allowed: false, reason: 'not-https', host: 'evil.example' });
    const strict = new Page('http://pay.localhost:9/pay', r, { allow: ['app.localhost'] });
    expect(strict.go('http://bank.localhost:9/3ds')).toMatchObject({ allowed: false });
  });
});
