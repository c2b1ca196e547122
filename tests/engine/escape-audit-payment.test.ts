// The escape audit's payment cases (issue 15), run as the command on local hosts of the fixture server:
// app.localhost is the démarche (payment.html), pay.localhost its payment host (payment-shop.html),
// bank.localhost the resident's bank (payment-bank.html, on no list), random.evil.localhost any other site.
//
// It must pass — the 3-D Secure round trip goes to the bank and comes back, and from the bank's page a new window
// (window.open, target=_blank), a download (a PDF, which the cabin keeps anywhere else), a file chooser, file:,
// chrome: and http: links are refused; after the return a window.open to a random host is refused; from the
// démarche's own page a link to a random host (and one to a bank not reached through the shop) is refused — and it
// must fail when the rule is too loose (`--unsafe-disable payment`: any http(s) host, any window, any time).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscapeAuditReport } from '../../scripts/audit/escape';
import { startEscapeFixtures, type EscapeFixtures } from '../fixtures/escape/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const BANK_CLICKS = [
  'bank-window-open',
  'bank-target-blank',
  'bank-download-pdf',
  'bank-file-input',
  'bank-file-url',
  'bank-chrome-url',
  'bank-plain-http',
  'bank-geolocation',
];

function runAudit(f: EscapeFixtures, extra: string[] = []): Promise<{ code: number | null; report: EscapeAuditReport; stderr: string }> {
  const args = [
    'run',
    '-s',
    'audit:escape',
    '--',
    '--url',
    f.url('app.localhost', '/payment.html'),
    '--allow',
    'app.localhost',
    '--payment-url',
    f.url('pay.localhost', '/payment-shop.html'),
    '--payment-hosts',
    'pay.localhost',
    '--bank-hosts',
    'bank.localhost',
    '--seconds',
    '2',
    '--verbose',
    ...extra,
  ];
  return new Promise((resolve, reject) => {
    execFile('npm', args, { cwd: root, timeout: 400_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? ((error as NodeJS.ErrnoException & { code?: number }).code as unknown as number) : 0;
      try {
        resolve({ code: typeof code === 'number' ? code : null, report: JSON.parse(stdout) as EscapeAuditReport, stderr });
      } catch {
        reject(new Error(`the audit printed no JSON (exit ${String(code)}): ${stderr.slice(-2000)}`));
      }
    });
  });
}

const LISTS = [
  'navigations_outside_allowlist',
  'popups_opened_outside',
  'native_dialogs',
  'downloads_accepted',
  'permissions_granted',
  'file_choosers_native',
] as const;

describe('escape audit: paying through a bank', () => {
  let fixtures: EscapeFixtures;

  beforeAll(async () => {
    fixtures = await startEscapeFixtures();
  });
  afterAll(async () => {
    await fixtures?.close();
  });

  it('passes: the round trip goes and returns, nothing else gets out of the bank’s page or the démarche’s', { timeout: 420_000 }, async () => {
    const since = Date.now();
    const { code, report, stderr } = await runAudit(fixtures);
    for (const list of LISTS) expect(report[list], `${list}\n${stderr.slice(-3000)}`).toEqual([]);
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    // It really went: to the bank for every attempt, and back.
    expect(report.payment).toMatchObject({ hosts: ['pay.localhost'], bank_hosts: ['bank.localhost'], reached_bank: true, returned: true });
    expect(report.payment!.bank_clicked).toEqual(BANK_CLICKS.map((target) => ({ target, ok: true })));
    expect(report.payment!.after_return_clicked).toEqual([{ target: 'window-open-random-after-return', ok: true }]);
    expect(report.clicked.map((c) => c.target)).toEqual(['link-random-from-demarche', 'link-bank-from-demarche']);
    // The bank's PDF was not kept (anywhere else the cabin keeps a PDF), no chooser was offered, no window opened.
    expect(report.downloads_saved).toEqual([]);
    expect(report.engine_notices['download-refused']).toBeGreaterThanOrEqual(1);
    expect(report.engine_notices['file-chooser']).toBeUndefined();
    expect(report.engine_notices['popup-opened']).toBeUndefined();
    // Two from the démarche's page, window.open and target=_blank and http: from the bank's, window.open after the return
    // (Chromium itself refuses file: and chrome: links from a web page before any request).
    expect(report.engine_notices['navigation-blocked']).toBeGreaterThanOrEqual(5);
    // And from the server's side: no random host was ever contacted.
    expect(fixtures.offListHits().filter((h) => h.at >= since)).toEqual([]);
    expect(fixtures.hits.filter((h) => h.at >= since && h.host === 'bank.localhost').length).toBeGreaterThanOrEqual(BANK_CLICKS.length);
  });

  it('fails when the payment rule is too loose (--unsafe-disable payment)', { timeout: 420_000 }, async () => {
    const { code, report, stderr } = await runAudit(fixtures, ['--unsafe-disable', 'payment']);
    const urls = report.navigations_outside_allowlist.map((n) => n.url);
    expect(
      urls.some((u) => u.includes('random.evil.localhost')),
      `${JSON.stringify(urls)}\n${stderr.slice(-3000)}`,
    ).toBe(true);
    expect(report.popups_opened_outside.length).toBeGreaterThan(0);
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
  });
});
