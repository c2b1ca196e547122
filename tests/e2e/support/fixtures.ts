// The `cabin` fixture: a page with the renderer, bridged to a host over the real session
// machine, and the checks every screen must pass (focus on its heading, axe clean, a screenshot).
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CabineHost } from '../../../src/shared/ipc/contract';
import { ROOT } from './build-renderer';
import { bridgePage, type Bridge } from './bridge';
import { createMachineHost, type MachineHost, type MachineHostOptions } from './machine-host';

// Test runs write under test-results (a checkout stays clean); `npm run docs:screenshots` refreshes docs/.
export const SCREENSHOT_DIR = process.env.CABINE_SCREENSHOT_DIR ?? path.join(ROOT, 'test-results', 'screenshots');

/** What moved from the toolbar into « Affichage » (issue 15): tool() opens it, presses, closes it. */
const DISPLAY_TOOLS = new Set(['text-bigger', 'text-smaller', 'contrast', 'listen']);

export interface Cabin<H extends CabineHost = MachineHost> {
  page: Page;
  host: H;
  bridge: Bridge;
  /** Waits until the screen (data-screen of <main>) is `name`, optionally at `step`. */
  screen(name: string, step?: string | RegExp): Promise<void>;
  /** Focus on the new screen's heading, axe clean, screenshot `<SCREENSHOT_DIR>/<shot>.png`. */
  check(shot: string, options?: { focus?: 'heading' | 'dialog' | 'none' }): Promise<void>;
  /** Clicks the button with this accessible name, in the screen or the open dialog. */
  press(name: string | RegExp): Promise<void>;
  /** A toolbar button; 'text-bigger', 'text-smaller', 'contrast', 'listen' through « Affichage », 'referent' through « Aide ». */
  tool(name: string): Promise<void>;
  /** Attract → welcome → catalog. */
  startSession(): Promise<void>;
  /** …→ catalog → the démarche's page. */
  openDemarche(id?: string): Promise<void>;
}

export async function expectAxeClean(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // Only violations are collected: the passes' details cost seconds per screen.
    .options({ resultTypes: ['violations'] })
    .analyze();
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
  }));
  expect(violations, `axe violations on ${label}`).toEqual([]);
}

export async function expectFocusOnHeading(page: Page, kind: 'heading' | 'dialog'): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate((k) => {
          const el = document.activeElement;
          if (!el) return 'nothing';
          if (k === 'heading') return el.tagName === 'H1' && el.id === 'screen-title' ? 'ok' : `${el.tagName}#${el.id}`;
          return el.tagName === 'H2' && el.closest('[role="dialog"],[role="alertdialog"]') ? 'ok' : `${el.tagName}#${el.id}`;
        }, kind),
      { message: `focus should be on the ${kind} heading` },
    )
    .toBe('ok');
}

/** Touch targets of at least 48×48 CSS px; text of at least 20 px (the brief's base size). */
export async function expectReadableAndTouchable(page: Page, label: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !el.closest('.visually-hidden');
    };
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[${(el.textContent ?? '').trim().slice(0, 30)}]`;
    for (const el of document.querySelectorAll('button, a[href], input, select, textarea, summary, [role="button"]')) {
      if (!visible(el) || (el as HTMLButtonElement).disabled) continue;
      // The input sits in a bordered box that is the real target.
      const target = el.tagName === 'INPUT' ? (el.closest('.text-field-box') ?? el) : el;
      const r = target.getBoundingClientRect();
      if (r.width < 47.5 || r.height < 47.5) out.push(`target ${name(el)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !(n.textContent ?? '').trim() || !visible(el) || el.closest('svg')) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 19.5) out.push(`text ${name(el)} is ${size}px`);
    }
    return [...new Set(out)];
  });
  expect(problems, `small targets or text on ${label}`).toEqual([]);
}

export async function saveScreenshot(page: Page, shot: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Caret and animations off: the same screen gives the same picture.
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${shot}.png`), animations: 'disabled', caret: 'hide' });
}

export function makeCabin<H extends CabineHost>(page: Page, host: H, bridge: Bridge): Cabin<H> {
  const cabin: Cabin<H> = {
    page,
    host,
    bridge,
    async screen(name, step) {
      const main = page.locator('main[data-screen]');
      await expect(main).toHaveAttribute('data-screen', name);
      if (step !== undefined) await expect(main).toHaveAttribute('data-step', step);
    },
    async check(shot, options = {}) {
      const t0 = Date.now();
      const focus = options.focus ?? 'heading';
      if (focus !== 'none') await expectFocusOnHeading(page, focus);
      // Let pdf.js finish drawing and images decode before axe and the screenshot.
      await page.waitForFunction(() => [...document.querySelectorAll('canvas.pdf-canvas')].every((c) => c.getAttribute('data-rendered') === 'true'));
      await page.waitForFunction(() => [...document.images].every((i) => i.complete));
      await expectAxeClean(page, shot);
      await expectReadableAndTouchable(page, shot);
      await saveScreenshot(page, shot);
      if (process.env.CABINE_E2E_TIMING) console.log(`check ${shot}: ${Date.now() - t0} ms`);
    },
    async press(name) {
      // Our screen's buttons (or the open dialog's, or a banner's); the toolbar has tool().
      const dialog = page.locator('[role="dialog"], [role="alertdialog"]');
      const scope = (await dialog.count()) > 0 ? dialog : page.locator('main, header');
      await scope.getByRole('button', { name, exact: typeof name === 'string' }).click();
    },
    async tool(name) {
      // The text size, the contrast and « Écouter » are in « Affichage »; the call in « Aide » (issue 15).
      if (DISPLAY_TOOLS.has(name)) {
        await page.locator('[data-tool="display"]').click();
        await page.locator(`[data-dialog="display"] [data-tool="${name}"]`).click();
        const dialog = page.locator('[data-dialog="display"]');
        if ((await dialog.count()) > 0) await dialog.locator('[data-dialog-close]').click();
        await expect(dialog).toHaveCount(0);
        return;
      }
      if (name === 'referent') {
        await page.locator('[data-tool="help"]').click();
        await page.locator('[data-dialog="help"] [data-help="call"]').click();
        await expect(page.locator('[data-dialog="help"]')).toHaveCount(0);
        return;
      }
      await page.locator(`[data-tool="${name}"]`).click();
    },
    async startSession() {
      await cabin.screen('attract');
      await page.locator('.attract-touch').click();
      await cabin.screen('welcome');
      await cabin.press('Commencer');
      await cabin.screen('catalog');
    },
    async openDemarche(id = 'impots') {
      await cabin.startSession();
      await page.locator(`[data-demarche="${id}"]`).click();
      await cabin.screen('browsing');
    },
  };
  return cabin;
}

export const test = base.extend<{ openCabin(options?: MachineHostOptions): Promise<Cabin> }>({
  openCabin: async ({ page }, use) => {
    const opened: { host: MachineHost; bridge: Bridge }[] = [];
    await use(async (options) => {
      const host = createMachineHost(options);
      const bridge = await bridgePage(page, host);
      opened.push({ host, bridge });
      const url = process.env.CABINE_UI_URL;
      if (!url) throw new Error('CABINE_UI_URL is not set: run through playwright.config.ts (its global setup builds and serves the renderer)');
      await page.goto(url);
      return makeCabin(page, host, bridge);
    });
    for (const { host, bridge } of opened) {
      bridge.close();
      host.stop();
      // Every message the screens sent must have passed the IPC contract.
      expect(bridge.rejected, 'messages refused by the IPC contract').toEqual([]);
    }
  },
});

export { expect };
