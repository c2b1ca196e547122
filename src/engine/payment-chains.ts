// Each page's payment chain through a bank, for the shared view (issue 15): the pure rule decides
// (src/shared/policy/payment.ts, called by DemarcheHost.decide), this keeps the chains per page and says when one
// runs out of time.
import type { NavigationPolicy } from '../shared/policy/navigation';
import { liveChain, onBankPage, type PaymentChain, type PaymentRule } from '../shared/policy/payment';

/** What a chain needs of a page. */
export interface ChainPage {
  url(): string;
  isClosed(): boolean;
}

/** Pages are keys only (never typed further here), so DemarcheHost<P> stays assignable across page types. */
export class PaymentChains {
  private ruleNow: PaymentRule | null = null;
  private readonly chains = new Map<ChainPage, PaymentChain>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  /**
   * @param policy the open démarche's allow-list, now.
   * @param leaveBank a page's chain ran out of time while it shows a bank's page: the view takes it back.
   */
  constructor(
    private readonly policy: () => NavigationPolicy,
    private readonly leaveBank: (page: ChainPage) => void,
  ) {}

  get rule(): PaymentRule | null {
    return this.ruleNow;
  }

  /** A démarche opens (its rule, or null) or closes (null): every chain is forgotten. */
  reset(rule: PaymentRule | null): void {
    this.chains.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ruleNow = rule && rule.hosts.length ? rule : null;
  }

  /** The chain `page` is in (null: none, or no page). */
  chainOf(page: ChainPage | null): PaymentChain | null {
    return page ? (this.chains.get(page) ?? null) : null;
  }

  /** After a decision: `page`'s chain is now `after` (it was `before`). */
  settle(page: ChainPage | null, before: PaymentChain | null, after: PaymentChain | null): void {
    if (!page || after === before) return;
    if (after) this.chains.set(page, after);
    else this.chains.delete(page);
    this.arm();
  }

  /** Whether a page is in a live chain now: nothing is downloaded or chosen then. */
  paying(): boolean {
    const now = Date.now();
    for (const chain of this.chains.values()) if (liveChain(this.ruleNow, chain, now)) return true;
    return false;
  }

  /** Whether `page` shows a bank's page (`url`) inside its chain. */
  onBank(page: ChainPage, url: string): boolean {
    return onBankPage(this.policy(), this.ruleNow, this.chains.get(page) ?? null, url, Date.now());
  }

  /** A page closed: its chain goes with it. */
  drop(page: ChainPage): void {
    this.chains.delete(page);
  }

  /** Wakes up when the first chain runs out of time. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rule = this.ruleNow;
    if (!rule || this.chains.size === 0) return;
    const first = Math.min(...[...this.chains.values()].map((c) => c.startedAt));
    this.timer = setTimeout(() => this.outOfTime(), Math.max(0, first + rule.maxMs - Date.now()) + 10);
    this.timer.unref?.();
  }

  /** The exemption of a chain past its time is withdrawn; a page still on a bank is handed back to the view. */
  private outOfTime(): void {
    this.timer = null;
    const now = Date.now();
    for (const [page, chain] of [...this.chains]) {
      if (liveChain(this.ruleNow, chain, now)) continue;
      this.chains.delete(page);
      if (!page.isClosed() && onBankPage(this.policy(), this.ruleNow, { startedAt: now }, page.url(), now)) this.leaveBank(page);
    }
    this.arm();
  }
}
