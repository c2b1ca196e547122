// The payment rule in a real Chromium (issue 15), through the shared view and the Chromium adapter: the démarche
// (app.localhost) links to its payment host (pay.localhost), which hands the page to a bank on no list
// (bank.localhost) and gets it back; from the bank nothing opens, downloads or is chosen; the démarche's own page
// reaches no bank; the exemption runs out. Pages: tests/fixtures/escape/pages/payment*.html.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumView } from '../../src/engine/chromium/engine';
import type { DemarcheSpec } from '../../src/engine/port';
import { NoticeLog, until, type SessionUnderTest } from './contract/harness';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).hostname : '');

describe('payment chain (Chromium)', () => {
  let h: ChromiumHarness;
  let s: SessionUnderTest;

  beforeAll(async () => {
    h = await createChromiumHarness();
    s = await h.newSession();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  const spec = (maxMs = 15 * 60_000): DemarcheSpec => ({
    id: 'titres',
    startUrl: h.fixtures.url('app.localhost', '/payment.html'),
    allow: ['app.localhost'],
    permissions: [],
    payment: { hosts: ['pay.localhost'], maxMs },
  });

  async function toBank(view: ChromiumView) {
    await view.page.click('#to-shop');
    await until(() => hostOf(view.page.url()) === 'pay.localhost', 'the shop');
    await view.page.click('#pay');
    await until(() => hostOf(view.page.url()) === 'bank.localhost', 'the bank');
    await view.page.waitForSelector('#bank');
  }

  it('goes from the shop to the bank and back; the bank page is said as such, then the exemption is gone', async () => {
    const view = (await s.session.open(spec())) as ChromiumView;
    const log = new NoticeLog(view);
    await toBank(view);
    await log.wait('navigated', (n) => hostOf(n.url) === 'bank.localhost' && n.payment === true);
    // The bank's own next step.
    await view.page.click('#bank-next');
    await until(() => view.page.url().includes('step=2'), 'the bank’s second page');
    // Back through the bank's redirect to the shop.
    await view.page.click('#return');
    await until(() => hostOf(view.page.url()) === 'pay.localhost', 'back on the shop');
    expect(await view.page.textContent('#paid')).toBe('Paiement accepté');
    const back = await log.wait('navigated', (n) => hostOf(n.url) === 'pay.localhost' && n.url.includes('paid'));
    expect(back.payment).toBeUndefined();
    // The chain returned: the bank is off the list again for anything but a new chain from the shop, and the cabin's
    // own navigation never reaches it.
    await view.navigate(h.fixtures.url('bank.localhost', '/payment-bank.html'));
    expect(hostOf(view.page.url())).toBe('pay.localhost');
    expect(log.of('navigation-blocked').map((n) => n.host)).toContain('bank.localhost');
    await view.close();
  });

  it('from the bank page: no new window, no download, no file chooser, no file:/chrome:/http:', async () => {
    const view = (await s.session.open(spec())) as ChromiumView;
    const log = new NoticeLog(view);
    await toBank(view);
    const pagesBefore = view.page.context().pages().length;
    await view.page.click('[data-audit-bank-click="bank-window-open"]');
    await view.page.click('[data-audit-bank-click="bank-target-blank"]');
    await view.page.click('#bank-download');
    await log.wait('download-refused', (n) => n.reason === 'during-payment');
    await view.page.click('#bank-file');
    for (const name of ['bank-file-url', 'bank-chrome-url', 'bank-plain-http'])
      await view.page.click(`[data-audit-bank-click="${name}"]`, { noWaitAfter: true }).catch(() => {});
    await log.wait('navigation-blocked', (n) => n.host === 'plain-http.bank.invalid' && n.reason === 'not-https');
    await new Promise((r) => setTimeout(r, 2000));
    expect(hostOf(view.page.url())).toBe('bank.localhost');
    expect(view.pages).toHaveLength(1);
    expect(view.page.context().pages().length).toBeLessThanOrEqual(pagesBefore);
    expect(log.of('file-chooser')).toEqual([]);
    expect(log.of('download-done')).toEqual([]);
    expect(log.of('popup-opened')).toEqual([]);
    const blocked = log.of('navigation-blocked').map((n) => `${n.kind} ${n.reason}`);
    expect(blocked).toEqual(expect.arrayContaining(['popup host-not-allowed', 'top not-https']));
    expect(h.fixtures.offListHits()).toEqual([]);
    await view.close();
  });

  it('from the démarche’s own page, no other host: neither a random one nor the bank', async () => {
    const view = (await s.session.open(spec())) as ChromiumView;
    const log = new NoticeLog(view);
    await view.page.click('#link-random-from-demarche');
    await log.wait('navigation-blocked', (n) => n.host === 'random.evil.localhost');
    await view.page.click('#to-bank-from-demarche');
    await log.wait('navigation-blocked', (n) => n.host === 'bank-direct.evil.localhost');
    expect(hostOf(view.page.url())).toBe('app.localhost');
    expect(h.fixtures.offListHits()).toEqual([]);
    await view.close();
  });

  it('lets a frame of the shop’s page load the bank (3-D Secure in a frame), never a frame of the démarche’s own page', async () => {
    const view = (await s.session.open(spec())) as ChromiumView;
    const log = new NoticeLog(view);
    await view.navigate(h.fixtures.url('pay.localhost', '/payment-frame.html'));
    const bankFrame = await until(() => view.page.frames().find((f) => hostOf(f.url()) === 'bank.localhost'), 'the bank in a frame');
    expect(await bankFrame!.textContent('#bank')).toBe('Confirmez votre paiement');
    expect(log.of('navigation-blocked')).toEqual([]);
    await view.navigate(h.fixtures.url('app.localhost', '/payment-frame-demarche.html'));
    await log.wait('navigation-blocked', (n) => n.host === 'bank.localhost' && n.kind === 'subframe');
    expect(view.page.frames().some((f) => hostOf(f.url()) === 'bank.localhost')).toBe(false);
    await view.close();
  });

  it('withdraws the exemption after its time: the page on the bank goes back to the démarche', async () => {
    const view = (await s.session.open(spec(3000))) as ChromiumView;
    await toBank(view);
    await until(() => hostOf(view.page.url()) === 'app.localhost', 'back on the démarche', 8000);
    await view.close();
  });

  it('forgets the chain when the démarche closes: a new démarche starts with none', async () => {
    const view = (await s.session.open(spec())) as ChromiumView;
    await toBank(view);
    await view.close();
    const again = (await s.session.open({ ...spec(), payment: undefined })) as ChromiumView;
    const log = new NoticeLog(again);
    await again.page.click('#to-shop');
    await log.wait('navigation-blocked', (n) => n.host === 'pay.localhost');
    expect(hostOf(again.page.url())).toBe('app.localhost');
    await again.close();
  });
});
