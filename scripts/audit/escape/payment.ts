// The escape audit's payment walk (issue 15): with `--payment-url` (a page of a payment host with a
// [data-audit-pay] link to the bank), `--payment-hosts` and `--bank-hosts`, the audit goes to the bank as a resident
// paying would, once per [data-audit-bank-click] of the bank's page (each a fresh chain), clicks it there, and
// checks the démarche's page was not taken anywhere but the démarche, the payment hosts and the declared bank
// (the judge's list); then the round trip: the bank's [data-audit-return] must bring the page back to a payment
// host; then every [data-audit-after-return] of that page, once the chain has returned.
//
// The bank hosts are the audit's own expectation, not the engine's rule: the engine lets any https host through
// inside a chain, the audit counts only the declared bank as fine, so a chain that leaks elsewhere is seen.
import type { Page } from 'playwright-core';
import type { ChromiumView } from '../../../src/engine/chromium/engine';
import { hostAllowed, hostOfOrigin } from '../../../src/shared/policy/hosts';
import { documentComplete, withTimeout } from './observe';
import type { AddFinding, PaymentWalkReport } from './report';

export interface PaymentWalk {
  /** The payment host's page the walk starts each trip from. */
  url: string;
  paymentHosts: string[];
  bankHosts: string[];
}

interface WalkContext {
  page: Page;
  view: ChromiumView;
  add: AddFinding;
  /** The page's URL if it is still off the démarche after a settling time, else null (audit.ts). */
  stillLeft: (page: Page) => Promise<string | null>;
  log: (...args: unknown[]) => void;
}

type Click = PaymentWalkReport['bank_clicked'][number];

async function waitUntil(probe: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return probe();
}

export async function walkThePayment(c: WalkContext, walk: PaymentWalk, report: PaymentWalkReport): Promise<void> {
  const { page, view, add } = c;
  const on = (hosts: string[]) => () => !page.isClosed() && hostAllowed(hosts, hostOfOrigin(page.url()));
  const onPayment = on(walk.paymentHosts);
  const onBank = on(walk.bankHosts);

  /** The cabin takes the page to the shop (a payment host), the resident touches « Payer »: the bank's page. */
  const toBank = async (): Promise<boolean> => {
    await withTimeout(view.navigate(walk.url), 10_000).catch(() => {});
    await documentComplete(page, 10_000);
    if (!onPayment()) return false;
    await withTimeout(page.bringToFront(), 2000).catch(() => {});
    await page
      .locator('[data-audit-pay]')
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
    const reached = await waitUntil(onBank, 10_000);
    if (reached) await documentComplete(page, 10_000);
    return reached;
  };

  /** Clicks one element; then the page must still be on the démarche, a payment host or the bank. */
  const tryOne = async (selector: string, i: number, name: string, where: string): Promise<Click> => {
    let click: Click;
    try {
      await page.locator(selector).nth(i).click({ timeout: 5000, noWaitAfter: true });
      click = { target: name, ok: true };
    } catch (error) {
      click = { target: name, ok: false, error: String((error as Error).message).split('\n')[0] };
    }
    await page.waitForTimeout(1000).catch(() => {});
    const left = await c.stillLeft(page);
    if (left !== null) add('navigations_outside_allowlist', { url: left, frame: 'top', window: 'main', evidence: `${where} was left there (after "${name}")` });
    c.log(`payment: clicked ${name}`);
    return click;
  };

  if (!(await toBank())) {
    c.log(`payment: the bank was not reached from ${walk.url}`);
    return;
  }
  report.reached_bank = true;
  const names = await withTimeout(
    page.locator('[data-audit-bank-click]').evaluateAll((els) => els.map((e, i) => e.getAttribute('data-audit-bank-click') || `#${i}`)),
    10_000,
  ).catch(() => [] as string[]);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    // Each attempt from a fresh chain, on the bank's page.
    if (i > 0 && !(await toBank())) {
      report.bank_clicked.push({ target: name, ok: false, error: 'the bank was not reached' });
      continue;
    }
    report.bank_clicked.push(await tryOne('[data-audit-bank-click]', i, name, "the bank's page"));
  }

  // The round trip: the bank sends the resident back to the shop.
  if (await toBank()) {
    await page
      .locator('[data-audit-return]')
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
    report.returned = await waitUntil(onPayment, 10_000);
  }
  if (!report.returned) return;
  await documentComplete(page, 10_000);
  const after = await withTimeout(
    page.locator('[data-audit-after-return]').evaluateAll((els) => els.map((e, i) => e.getAttribute('data-audit-after-return') || `#${i}`)),
    10_000,
  ).catch(() => [] as string[]);
  for (let i = 0; i < after.length; i++) {
    if (!onPayment()) {
      await withTimeout(view.navigate(walk.url), 10_000).catch(() => {});
      await documentComplete(page, 10_000);
    }
    report.after_return_clicked.push(await tryOne('[data-audit-after-return]', i, after[i]!, 'the shop, after the payment,'));
  }
}
