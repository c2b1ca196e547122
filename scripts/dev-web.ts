// npm run dev:web [-- --config FILE] [--smoke]
// The cabin on this machine without Electron: the real runtime (src/cabin, the session machine and
// its actors) with Debian's Chromium as the démarche engine and the private CUPS + SANE test
// environment as printer and scanner; the screens in a Chromium window, bridged to the runtime as
// the preload would. The démarche's own window is moved over the area the screens leave for it.
// Needs a display: `xvfb-run -a -s "-screen 0 1920x1080x24" npm run dev:web` on a headless machine.
// The renderer is rebuilt on every change (vite build --watch) and the window reloads.
// --smoke: goes attract → catalog → a démarche by itself, saves two screenshots in out/dev-web-smoke/, exits.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium, type Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { assembleCabin } from '../src/cabin/assemble';
import { configArgument, loadStartupConfig } from '../src/cabin/startup-config';
import { createChromiumEngine, type ChromiumView } from '../src/engine/chromium/engine';
import type { DemarcheArea } from '../src/shared/ipc/contract';
import { startTestEnv } from './test-env/index';
import { bridgePage } from '../tests/e2e/support/bridge';
import { ROOT } from '../tests/e2e/support/build-renderer';
import { serveDirectory } from '../tests/e2e/support/static-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const smoke = process.argv.includes('--smoke');
const log = (m: string) => console.log(`dev:web: ${m}`);

async function main() {
  if (!process.env.DISPLAY) {
    console.error('dev:web needs a display. On a machine without one: xvfb-run -a -s "-screen 0 1920x1080x24" npm run dev:web');
    process.exitCode = 2;
    return;
  }
  const env = await startTestEnv();
  const startup = await loadStartupConfig(configArgument(process.argv));
  const config = startup.ok ? startup.config : null;
  if (config) {
    // This machine's printer and scanner are the test environment's.
    config.devices.printer = { ...config.devices.printer, queue: env.env.queues.pdf };
    config.devices.scanner = { ...config.devices.scanner, device: env.env.saneDevice };
    log(`config: ${startup.ok && startup.file ? startup.file : 'the embedded demo config'}; printer ${env.env.queues.pdf} (cups-pdf → ${env.env.pdfOutDir}), scanner ${env.env.saneDevice}`);
  } else if (!startup.ok) log(`config ${startup.file} is invalid: the cabin will be out of service`);

  const work = mkdtempSync('/dev/shm/cdw-');
  const outDir = path.join(ROOT, 'out', 'dev-web');
  let reload: (() => void) | null = null;
  const watcher = (await build({
    configFile: false,
    root: path.join(ROOT, 'src/renderer'),
    base: './',
    logLevel: 'error',
    plugins: [react(), { name: 'cabine-reload', writeBundle: () => reload?.() }],
    build: { outDir, emptyOutDir: true, target: 'chrome130', watch: smoke ? null : {} },
  })) as Rollup.RollupWatcher | Rollup.RollupOutput;
  const served = await serveDirectory(outDir);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: false,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-position=0,0', '--window-size=1920,1080'],
  });
  const context = await browser.newContext({ viewport: null });
  const page = await context.newPage();

  let placing = Promise.resolve();
  const cabin = assembleCabin({
    config,
    configProblems: startup.ok ? [] : startup.problems.map((p) => ({ path: p.path, message: p.message, ...(p.hint ? { hint: p.hint } : {}) })),
    engine: createChromiumEngine({ headless: false, env: { DISPLAY: process.env.DISPLAY } }),
    ramRoot: path.join(work, 'root'),
    stateDir: path.join(work, 'state'),
    tempDir: path.join(work, 'tmp'),
    cupsServer: env.env.cupsServer,
    cupsSpool: env.env.cupsSpool,
    saneConfigDir: env.env.saneConfigDir,
    usb: null,
    log,
    runtime: {
      // Where the screens want the démarche: move its window there (or out of sight).
      onDemarcheArea: (area) => {
        placing = placing.then(() => placeDemarche(page, cabin.runtime.demarcheView() as ChromiumView | null, area)).catch((e) => log(`placing the démarche: ${String(e)}`));
      },
    },
  });
  mkdirSync(path.join(work, 'tmp'), { recursive: true });
  await cabin.start();
  const bridge = await bridgePage(page, cabin.runtime);
  reload = () => void page.reload().catch(() => undefined);
  await page.goto(served.url);
  log(`screens at ${served.url} (bridged); Ctrl+C to stop`);

  const stop = async () => {
    bridge.close();
    await cabin.stop().catch(() => undefined);
    await browser.close().catch(() => undefined);
    if ('close' in watcher) await watcher.close();
    await served.close();
    await env.stop();
    rmSync(work, { recursive: true, force: true });
  };

  if (smoke) {
    const shots = path.join(ROOT, 'out', 'dev-web-smoke');
    mkdirSync(shots, { recursive: true });
    await page.locator('.attract-touch').click();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.locator('[data-demarche]').first().click();
    await page.locator('main[data-screen="browsing"]').waitFor();
    await page.screenshot({ path: path.join(shots, 'screens.png') });
    for (let i = 0; i < 100 && !cabin.runtime.demarcheView(); i++) await new Promise((r) => setTimeout(r, 100));
    const view = cabin.runtime.demarcheView() as ChromiumView | null;
    log(`démarche view: ${view ? view.currentUrl() : 'none'}`);
    if (view) await view.page.screenshot({ path: path.join(shots, 'demarche.png') }).catch(() => undefined);
    await stop();
    return;
  }
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
}

/** Moves the démarche's browser window over the screens' area (screen coordinates of our window + the area). */
async function placeDemarche(screens: Page, view: ChromiumView | null, area: DemarcheArea): Promise<void> {
  if (!view) return;
  const cdp = await view.page.context().newCDPSession(view.page);
  try {
    const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
    if (!area) {
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
      return;
    }
    const origin = (await screens.evaluate('[window.screenX, window.screenY + (window.outerHeight - window.innerHeight)]')) as [number, number];
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: origin[0] + area.x, top: origin[1] + area.y, width: area.width, height: area.height } });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
