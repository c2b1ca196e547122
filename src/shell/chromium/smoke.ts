// `--smoke`: the whole journey of a resident, alone, on the real cabin of the shell: attract → welcome
// → catalog → a démarche on a local page (served here, on loopback) → the on-screen keyboard types
// into it (the démarche's window follows the area) → print it → scan a page →
// "Terminer" → the receipt. Driven by clicks on the screens page, as a resident's touches; a screenshot
// of the display (screens and démarche window as X shows them) after each step, numbered, in outDir.
// It passes only when the receipt says the wipe was verified (the session machine's context.receipt).
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sleep } from '../../base/async';
import { messageOf } from '../../base/errors';
import type { CabinRuntime } from '../../cabin/runtime';
import { demarcheSchema, type CabinConfig } from '../../shared/config';

/** The démarche the smoke opens: a page of this process, on loopback. */
export const SMOKE_DEMARCHE_ID = 'essai';
const SMOKE_HOST = 'demarche.localhost';

const PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Démarche d’essai</title>
<style>body{font:22px sans-serif;margin:40px;max-width:900px;background:#fff;color:#111}h1{color:#000091}label{display:block;margin:24px 0}input{font:inherit;padding:8px;width:100%}</style></head>
<body>
  <h1 id="essai">Démarche d’essai</h1>
  <p>Une page locale, servie par le shell Chromium pour son parcours de fumée : elle s’imprime, on y joint un document scanné.</p>
  <label>Votre nom <input id="name" name="name" type="text" autocomplete="off"></label>
  <label>Justificatif <input id="file" name="file" type="file" accept="application/pdf"></label>
</body></html>`;

export interface SmokeSite {
  url: string;
  close(): Promise<void>;
}

export async function startSmokeSite(): Promise<SmokeSite> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://${SMOKE_HOST}:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The config with the smoke's démarche first in the catalog. The schema wants https: the local page is
 * plain http on loopback, which the engine accepts only with allowLoopback (the smoke run sets it).
 */
export function withSmokeDemarche(config: CabinConfig, site: SmokeSite): CabinConfig {
  const entry = demarcheSchema.parse({
    id: SMOKE_DEMARCHE_ID,
    icon: 'service-public',
    name: { fr: 'Démarche d’essai' },
    description: { fr: 'Une page locale : l’imprimer, y joindre un document scanné.' },
    startUrl: `https://${SMOKE_HOST}/`,
    allow: [SMOKE_HOST],
  });
  return {
    ...config,
    catalog: [{ ...entry, startUrl: site.url }, ...config.catalog.filter((d) => d.id !== SMOKE_DEMARCHE_ID)],
    // The receipt stays up long enough to be read and captured on a loaded machine.
    timers: { ...config.timers, receiptSeconds: Math.max(config.timers.receiptSeconds, 60) },
  };
}

export interface SmokeOptions {
  screens: Page;
  runtime: CabinRuntime;
  /** Resolves once the démarche's window is where the screens want it. */
  layoutSettled(): Promise<void>;
  /** Where the démarche's window is (CSS pixels of the screens page), null when hidden. */
  demarcheShown(): { x: number; y: number; width: number; height: number } | null;
  /** Whether the démarche's window is the one a resident sees at its area (on top of the X stack there). */
  demarcheOnTop(): Promise<boolean>;
  /** The display as a PNG. */
  capture(): Promise<Buffer>;
  outDir: string;
  /** Where the printer writes its pages (the private PDF printer), to check one landed. */
  printedPagesDir: string | null;
  log(message: string): void;
}

export interface SmokeResult {
  ok: boolean;
  reason: string | null;
  steps: { name: string; ms: number }[];
  shots: string[];
  totalMs: number;
}

export async function runSmoke(o: SmokeOptions): Promise<SmokeResult> {
  const started = Date.now();
  const steps: SmokeResult['steps'] = [];
  const shots: string[] = [];
  const page = o.screens;
  await rm(o.outDir, { recursive: true, force: true });
  await mkdir(o.outDir, { recursive: true });

  let n = 0;
  let stepStart = Date.now();
  const shot = async (name: string) => {
    await o.layoutSettled();
    // Let both browsers paint what they were just told.
    await sleep(400);
    const file = path.join(o.outDir, `${String(++n).padStart(2, '0')}-${name}.png`);
    const png = await o.capture().catch(async (error: unknown) => {
      o.log(`smoke: display capture failed (${messageOf(error)}): the screens page alone`);
      return page.screenshot();
    });
    await writeFile(file, png);
    shots.push(file);
    steps.push({ name, ms: Date.now() - stepStart });
    o.log(`smoke: ${path.basename(file)} (${Date.now() - stepStart} ms)`);
    stepStart = Date.now();
  };
  const screen = async (name: string, step?: string, timeout = 60_000) => {
    const selector = `main[data-screen="${name}"]${step ? `[data-step="${step}"]` : ''}`;
    await page.locator(selector).waitFor({ timeout });
  };
  const press = (name: string | RegExp) => {
    const scope = page.locator('[role="dialog"], [role="alertdialog"]');
    return scope.count().then((c) => (c > 0 ? scope : page.locator('main, header')).getByRole('button', { name, exact: typeof name === 'string' }).click());
  };
  const fail = (reason: string): SmokeResult => ({ ok: false, reason, steps, shots, totalMs: Date.now() - started });

  try {
    await screen('attract');
    await shot('attract');

    await page.locator('.attract-touch').click();
    await screen('welcome');
    await shot('welcome');

    await press('Commencer');
    await screen('catalog');
    await shot('catalog');

    await page.locator(`[data-demarche="${SMOKE_DEMARCHE_ID}"]`).click();
    await screen('browsing');
    const view = await waitFor(() => o.runtime.demarcheView(), 30_000, 'the démarche did not open');
    const site = (view as unknown as { page: Page }).page;
    await site.locator('#essai').waitFor({ timeout: 30_000 });
    const placed = await waitFor(() => o.demarcheShown(), 15_000, 'the démarche window was not placed');
    await waitFor(async () => ((await o.demarcheOnTop()) ? true : null), 5000, 'the démarche window is hidden under the screens');
    await shot('demarche');

    // A touch in the page's text field: the on-screen keyboard offers itself, the démarche's window
    // shrinks to the area left above it, and the keys type into the page.
    await site.locator('#name').click();
    await page.locator('.keyboard').waitFor();
    const shrunk = await waitFor(
      () => {
        const now = o.demarcheShown();
        return now && now.height < placed.height ? now : null;
      },
      15_000,
      'the démarche window did not follow the keyboard',
    );
    await page.locator('.keyboard [data-key="shift"]').click();
    for (const k of 'dupont') await page.locator(`.keyboard [data-key="${k}"]`).click();
    await waitFor(async () => ((await site.locator('#name').inputValue()) === 'Dupont' ? true : null), 15_000, 'the keyboard did not type into the page');
    // Seven touches on the screens' keyboard, each raising their window: the démarche's is still seen.
    await waitFor(async () => ((await o.demarcheOnTop()) ? true : null), 5000, 'the démarche window went under the screens');
    await shot('keyboard');
    await page.locator('.keyboard [data-key="hide"]').click();
    await waitFor(() => ((o.demarcheShown()?.height ?? 0) > shrunk.height ? true : null), 15_000, 'the démarche window did not grow back');

    const printedBefore = o.printedPagesDir ? (await readdir(o.printedPagesDir)).length : 0;
    await page.locator('[data-tool="print"]').click();
    await screen('print', 'confirming');
    await page.locator('.print-preview canvas[data-rendered="true"]').waitFor({ timeout: 30_000 });
    await shot('print-confirm');
    await press(/^Imprimer/);
    await screen('print', 'done', 120_000);
    await shot('print-done');
    if (o.printedPagesDir) {
      const dir = o.printedPagesDir;
      await waitFor(async () => ((await readdir(dir)).length > printedBefore ? true : null), 30_000, `no printed page landed in ${dir}`);
    }
    await page
      .locator('main[data-screen="print"] .actions button')
      .click()
      .catch(() => undefined);
    await screen('browsing');

    await page.locator('[data-tool="scan"]').click();
    // A document (not a card), then one question at a time: readable? another page? (issue 15)
    await screen('scan', 'choosing');
    await press('Un document');
    await screen('scan', 'ready');
    await shot('scan-ready');
    await press('Scanner');
    await screen('scan', 'readable-1', 120_000);
    await page.locator('img[data-preview-page="0"]').waitFor({ timeout: 30_000 });
    await shot('scan-review');
    await press('Oui');
    await screen('scan', 'another-1');
    await press(/Non, c’est fini/);
    await screen('browsing');
    await waitFor(() => (o.runtime.getState().documents.some((d) => d.kind === 'scan') ? true : null), 30_000, 'the scan was not kept');
    await shot('scan-kept');

    await page.locator('[data-tool="end"]').click();
    await page.getByRole('dialog').waitFor();
    await shot('end-confirm');
    await press('Oui, terminer et tout effacer');
    await screen('goodbye', undefined, 120_000);
    await page.locator('[data-receipt]').waitFor();
    await shot('receipt');

    const receipt = o.runtime.getState().context.receipt;
    if (!receipt) return fail('no receipt');
    if (receipt.verified !== true) return fail('the receipt does not say the wipe was verified');
    if (receipt.printJobs < 1 || receipt.scans < 1) return fail(`the receipt counts ${receipt.printJobs} print job(s) and ${receipt.scans} scan(s)`);
    // The resident reads « Tout est effacé ✓ »; the verification's details are folded for the staff: unfold them.
    await page.locator('[data-receipt-details] > summary').click();
    if (!(await page.locator('.receipt-verified').isVisible())) return fail('the receipt screen does not show the verified wipe');
    o.log(
      `smoke: receipt: wipe verified in ${Math.round(receipt.durationMs)} ms (${receipt.documents} document(s), ${receipt.scans} scan(s), ${receipt.printJobs} print job(s))`,
    );
    return { ok: true, reason: null, steps, shots, totalMs: Date.now() - started };
  } catch (error) {
    const where = await page
      .locator('main[data-screen]')
      .first()
      .evaluate((m) => `${m.getAttribute('data-screen')}${m.getAttribute('data-step') ? `/${m.getAttribute('data-step')}` : ''}`)
      .catch(() => 'unknown');
    await shot(`failed-on-${where.replace(/[^a-z0-9-]+/gi, '-')}`).catch(() => undefined);
    return fail(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (screen: ${where})`);
  }
}

/** --smoke on a config that does not validate: the out-of-service screen, then its reasons unfolded, captured; the smoke fails. */
export async function runSmokeOutOfService(o: Pick<SmokeOptions, 'screens' | 'capture' | 'outDir' | 'log'>): Promise<string[]> {
  await rm(o.outDir, { recursive: true, force: true });
  await mkdir(o.outDir, { recursive: true });
  const files: string[] = [];
  const shot = async (name: string) => {
    await sleep(400);
    const file = path.join(o.outDir, `${String(files.length + 1).padStart(2, '0')}-${name}.png`);
    await writeFile(file, await o.capture().catch(() => o.screens.screenshot()));
    files.push(file);
    o.log(`smoke: ${path.basename(file)}`);
  };
  const screen = o.screens.locator('main[data-screen="outOfService"]');
  await screen.waitFor({ timeout: 30_000 });
  await shot('out-of-service');
  // The reason is behind the technician's fold (the config's paths are not on screen: cabine doctor, the terminal).
  await screen.locator('details.technician-details > summary').click();
  await screen.locator('[data-reason-text]').waitFor({ timeout: 30_000 });
  await shot('out-of-service-reasons');
  return files;
}

async function waitFor<T>(get: () => T | null | Promise<T | null>, timeoutMs: number, message: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > end) throw new Error(message);
    await sleep(100);
  }
}
