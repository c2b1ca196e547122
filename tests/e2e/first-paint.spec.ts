// The first paint (issue 15): the attract screen is pre-rendered into index.html (scripts/build/first-paint.ts)
// and shows before the app's code and the first state; the app's screen replaces it in one frame.
import type { Page } from '@playwright/test';
import { defaultConfig } from '../../src/shared/config/default-config';
import type { Query } from '../../src/shared/ipc/contract';
import { bridgePage } from './support/bridge';
import { expect, makeCabin, test } from './support/fixtures';
import { createMachineHost, type MachineHost, type MachineHostOptions } from './support/machine-host';

const url = () => {
  const u = process.env.CABINE_UI_URL;
  if (!u) throw new Error('CABINE_UI_URL is not set: run through playwright.config.ts');
  return u;
};

/** The host, with its answer to the public config held until release(): the app then has no config. */
function holdConfig(host: MachineHost): { host: MachineHost; release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = new Proxy(host, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return async (query: Query) => {
          if (query.kind === 'publicConfig') await gate;
          return target.query(query);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { host: held, release };
}

// Counts the moments (after each batch of DOM changes) when neither the pre-rendered screen nor one of the app's is there.
const WATCH_BLANK = `(() => {
  let seen = false;
  window.__blank = 0;
  new MutationObserver(() => {
    const first = document.getElementById('first-paint');
    if (first) seen = true;
    if (seen && !first && !document.querySelector('#root main')) window.__blank++;
  }).observe(document, { childList: true, subtree: true });
})();`;

async function open(page: Page, options: MachineHostOptions = {}) {
  const machine = createMachineHost(options);
  const held = holdConfig(machine);
  const bridge = await bridgePage(page, held.host);
  await page.addInitScript({ content: WATCH_BLANK });
  await page.goto(url(), { waitUntil: 'commit' });
  const cabin = makeCabin(page, machine, bridge);
  return {
    cabin,
    release: held.release,
    close() {
      bridge.close();
      machine.stop();
      expect(bridge.rejected, 'messages refused by the IPC contract').toEqual([]);
    },
  };
}

test('the built index.html holds the attract in French, inert, its stylesheet inline and allowed by hash', async ({ page }) => {
  const response = await page.request.get(url());
  const html = await response.text();
  expect(html).toContain('<html lang="fr" dir="ltr">');
  expect(html).toMatch(/<div id="first-paint" class="app" inert>/);
  expect(html).toContain('data-first-paint="attract"');
  // Built as the Chromium shell builds it, with the cabin's config (tests/e2e/support/global-setup.ts): its name.
  expect(html).toContain(`elementtiming="attract">${defaultConfig.cabin.commune.name}</h1>`);
  expect(html).toContain('Touchez l’écran pour commencer');
  expect(html).toContain('Rien n’est gardé : tout est effacé à la fin.');
  // Not the app's screen: no data-screen (the tests and the bench wait for the app's).
  expect(html).not.toContain('data-screen=');
  // The stylesheet is in the page, and the CSP allows that one <style> by its hash, nothing inline besides.
  expect(html).not.toMatch(/<link rel="stylesheet"/);
  expect(html).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'; img-src/);
  expect(html).toMatch(/script-src 'self';/);
  // The app's code is not preloaded: fetched during the first frame, it held that frame back.
  expect(html).not.toContain('modulepreload');
});

/** When the app's chunk was asked for, and when the first paint was on screen (ms since the page began). */
async function appChunkAgainstFirstPaint(page: Page) {
  await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/app-root-[\w-]+\.js$/.test(e.name)))).toBe(true);
  return page.evaluate(() => ({
    appChunkRequested: performance.getEntriesByType('resource').find((e) => /\/app-root-[\w-]+\.js$/.test(e.name))!.startTime,
    firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
}

test('the app’s code is asked for only once the pre-rendered attract is on screen', async ({ page }) => {
  const { cabin, release, close } = await open(page);
  release();
  await cabin.screen('attract');
  const t = await appChunkAgainstFirstPaint(page);
  expect(t.firstPaint).not.toBeNull();
  expect(t.appChunkRequested).toBeGreaterThanOrEqual(t.firstPaint!);
  close();
});

test('a browser that reports no paint: the app starts anyway (FIRST_PAINT_FALLBACK_MS)', async ({ page }) => {
  // No paint timing at all: the observer cannot be made.
  await page.addInitScript({ content: 'window.PerformanceObserver = function () { throw new Error("no paint timing"); };' });
  const { cabin, release, close } = await open(page);
  release();
  await cabin.screen('attract');
  await expect(page.locator('#first-paint')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(defaultConfig.cabin.commune.name);
  close();
});

test('config withheld: the pre-rendered attract shows, inert; then « La cabine démarre »; then the app’s attract, with no blank frame', async ({ page }) => {
  const { cabin, release, close } = await open(page);
  const first = page.locator('#first-paint');
  await expect(first.locator('main[data-first-paint="attract"] .attract-title')).toHaveText('Touchez l’écran pour commencer');
  await expect(first).toHaveAttribute('inert', '');
  // A touch there reaches nothing: the page has no handler on it, and inert keeps it from focus and clicks.
  expect(await page.evaluate(() => document.activeElement?.closest('#first-paint') ?? null)).toBeNull();

  // No config within FIRST_STATE_WAIT_MS: the app takes over with what it can say.
  await cabin.screen('booting');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('La cabine démarre');
  await expect(first).toHaveCount(0);

  release();
  await cabin.screen('attract');
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(defaultConfig.cabin.commune.name);
  expect(await page.evaluate('window.__blank')).toBe(0);
  await cabin.check('first-paint-attract');
  close();
});

test('the app’s attract takes the pre-rendered one’s place: same layout, one frame, one <main>', async ({ page }) => {
  const { cabin, release, close } = await open(page);
  const prerendered = page.locator('#first-paint .attract-touch');
  await expect(prerendered).toBeVisible();
  const before = await prerendered.boundingBox();
  const languagesBefore = await page.locator('#first-paint .attract-languages').boundingBox();
  release();
  await cabin.screen('attract');
  await expect(page.locator('#first-paint')).toHaveCount(0);
  await expect(page.locator('main')).toHaveCount(1);
  await expect(page.locator('h1')).toHaveCount(1);
  const after = await page.locator('#root .attract-touch').boundingBox();
  const languagesAfter = await page.locator('#root .attract-languages').boundingBox();
  expect(before).not.toBeNull();
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(after![key]).toBeCloseTo(before![key], 0);
    expect(languagesAfter![key]).toBeCloseTo(languagesBefore![key], 0);
  }
  expect(await page.evaluate('window.__blank')).toBe(0);
  // While it waited, no démarche page was to be drawn over the screens (as the app asks with no state).
  expect(cabin.host.record.areas).toContain(null);
  // And it is the live one: a touch starts.
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  close();
});

test('out of service at boot: its screen replaces the pre-rendered attract', async ({ page }) => {
  const raw = structuredClone(defaultConfig) as Record<string, unknown>;
  raw.catalog = [];
  const { cabin, release, close } = await open(page, { rawConfig: raw });
  release();
  await cabin.screen('outOfService');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cabine momentanément indisponible');
  await expect(page.locator('#first-paint')).toHaveCount(0);
  await expect(page.locator('main')).toHaveCount(1);
  expect(await page.evaluate('window.__blank')).toBe(0);
  close();
});
