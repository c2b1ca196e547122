// The resident's journey through the screens, on the REAL cabin runtime (src/cabin/runtime.ts):
// Debian's Chromium as the démarche engine (a loopback démarche), the private CUPS (cups-pdf
// queue) and SANE's test backend, per-session storage in RAM and the self-verifying wipe.
// The screens talk to it through the same bridge as every other e2e test.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { assembleCabin, type AssembledCabin } from '../../src/cabin/assemble';
import type { CabinRuntime } from '../../src/cabin/runtime';
import { createChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import { defaultConfig, validateConfig, type CabinConfig } from '../../src/shared/config';
import { startTestEnv, type StartedTestEnv } from '../../scripts/test-env/index';
import { startDemarcheFixture, type DemarcheFixture } from '../fixtures/demarche/server';
import { bridgePage } from './support/bridge';
import { expect, makeCabin, test } from './support/fixtures';

test.describe.configure({ mode: 'serial' });

let env: StartedTestEnv;
let fixture: DemarcheFixture;
let cabin: AssembledCabin;
const dirs: string[] = [];

function testConfig(startUrl: string, env: StartedTestEnv['env']): CabinConfig {
  const r = validateConfig({
    ...defaultConfig,
    catalog: [
      {
        id: 'test',
        icon: 'service-public',
        name: { fr: 'Démarche de test' },
        description: { fr: 'Un formulaire, un justificatif à envoyer, un avis à télécharger.' },
        prepare: [{ fr: 'Votre nom' }],
        startUrl: 'https://app.localhost/',
        allow: ['app.localhost'],
      },
    ],
    // The receipt stays up long enough for the checks on a loaded machine.
    timers: { receiptSeconds: 120 },
    devices: { printer: { queue: env.queues.pdf, pageLimitPerSession: 10 }, scanner: { device: env.saneDevice, resolution: 150, mode: 'gray' } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  // The schema wants https; the fixture is plain http on loopback (allowed for tests only).
  r.config.catalog[0]!.startUrl = startUrl;
  return r.config;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  env = await startTestEnv();
  fixture = await startDemarcheFixture();
  // Short: Chromium's singleton socket path under the RAM root must fit in 108 bytes.
  const ramRoot = await mkdtemp('/dev/shm/cui-');
  const stateDir = await mkdtemp('/tmp/cabine-ui-state-');
  const tempDir = await mkdtemp('/tmp/cabine-ui-temp-');
  dirs.push(ramRoot, stateDir, tempDir);
  cabin = assembleCabin({
    config: testConfig(fixture.url(), env.env),
    engine: createChromiumEngine(),
    ramRoot: path.join(ramRoot, 'root'),
    stateDir,
    tempDir,
    cupsServer: env.env.cupsServer,
    cupsSpool: env.env.cupsSpool,
    saneConfigDir: env.env.saneConfigDir,
    allowLoopback: true,
    usb: null,
    log: (m) => process.env.CABINE_TEST_VERBOSE && console.log(m),
  });
  await cabin.start();
  await cabin.runtime.waitFor('attract');
});

test.afterAll(async () => {
  await cabin?.stop();
  await fixture?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await env?.stop();
});

test('the resident journey on the real runtime: keyboard, print, scan from the picker, upload, download, wipe', async ({ page }) => {
  test.setTimeout(600_000);
  const runtime: CabinRuntime = cabin.runtime;
  const bridge = await bridgePage(page, runtime);
  await page.goto(process.env.CABINE_UI_URL!);
  const ui = makeCabin(page, runtime, bridge);
  const site = () => (runtime.demarcheView() as ChromiumView).page;

  await ui.startSession();
  await expect(page.locator('[data-demarche="test"]')).toContainText('Votre nom');
  await page.locator('[data-demarche="test"]').click();
  await ui.screen('browsing');
  await expect.poll(() => runtime.demarcheView() !== null).toBe(true);
  await site().waitForSelector('#name');

  // The page's text field gets focus: the keyboard offers itself and types into the page.
  await site().click('#name');
  await expect(page.locator('.keyboard')).toBeVisible();
  await page.locator('.keyboard [data-key="shift"]').click();
  for (const k of 'dupont') await page.locator(`.keyboard [data-key="${k}"]`).click();
  await expect.poll(() => site().inputValue('#name')).toBe('Dupont');
  await page.locator('.keyboard [data-key="hide"]').click();

  // window.print() in the page → our print screen, with the real PDF as preview → cups-pdf.
  const printedBefore = (await readdir(env.env.pdfOutDir)).length;
  await site().click('#print');
  await ui.screen('print', 'confirming');
  await expect(page.locator('[data-pages]')).toHaveText('1 page');
  await expect(page.locator('.print-preview canvas[data-rendered="true"]')).toBeVisible();
  await ui.press('Imprimer 1 page');
  // Through the real cupsd and cups-pdf: slow when the machine is loaded.
  await expect(page.locator('main[data-screen]')).toHaveAttribute('data-step', 'done', { timeout: 90_000 });
  await expect.poll(async () => (await readdir(env.env.pdfOutDir)).length, { timeout: 20_000 }).toBe(printedBefore + 1);
  await ui.press('D’accord');
  await ui.screen('browsing');

  // The page's file input opens our picker; nothing yet, so scan one from there (SANE's test backend).
  await site().click('#file');
  await ui.screen('picker');
  await expect(page.locator('[data-empty="picker"]')).toBeVisible();
  await ui.press(/Scanner un nouveau document/);
  await ui.press('Un document');
  await ui.screen('scan', 'ready');
  await ui.press('Scanner');
  await ui.screen('scan', 'readable-1');
  await expect(page.locator('img[data-preview-page="0"]')).toBeVisible({ timeout: 30_000 });
  await ui.check('runtime-scan-review');
  await ui.press('Oui');
  await ui.press(/Non, c’est fini/);
  await ui.screen('picker');
  const scanned = runtime.getState().documents;
  expect(scanned).toEqual([expect.objectContaining({ kind: 'scan', mime: 'application/pdf', pages: 1 })]);
  await page.locator(`[data-document="${scanned[0]!.id}"]`).click();
  await ui.press('Envoyer ce document');
  await ui.screen('browsing');
  await site().click('#send');
  await site().waitForSelector('#ok');
  expect(fixture.uploads).toHaveLength(1);
  expect(fixture.uploads[0]!.bytes).toBeGreaterThan(1000);

  // A PDF the site sends opens in our viewer (pdf.js), never Chromium's.
  await site().goBack();
  await site().click('#avis');
  await ui.screen('viewer');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('avis-de-situation.pdf');
  await expect(page.locator('canvas.pdf-canvas[data-rendered="true"]')).toBeVisible();
  await expect(page.getByText('Page 1 sur 2')).toBeVisible();
  await ui.check('runtime-viewer');
  await ui.press(/Retour à mes documents/);
  await ui.screen('documents');
  await expect(page.locator('.document-card')).toHaveCount(2);
  await ui.press(/Revenir à la démarche/);
  await ui.screen('browsing');

  // Terminer: the real wipe, and its receipt.
  await ui.tool('end');
  await ui.press('Oui, terminer et tout effacer');
  await ui.screen('goodbye');
  await expect(page.locator('[data-receipt] h2')).toHaveText('Tout est effacé ✓');
  await ui.check('runtime-receipt');
  await page.getByText('Détails pour l’agent').click();
  await expect(page.locator('[data-receipt-item="scans"]')).toHaveText('Documents scannés : 1');
  await expect(page.locator('[data-receipt-item="printJobs"]')).toHaveText('Impressions : 1');
  await expect(page.locator('.receipt-verified')).toBeVisible();
  expect(runtime.getState().documents).toEqual([]);
  await ui.press('Revenir à l’accueil');
  await ui.screen('attract');
  bridge.close();
  expect(bridge.rejected).toEqual([]);
});
