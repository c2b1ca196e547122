// At the largest text size, on the smallest screen (1280×800), the main action of each screen is on screen without
// scrolling (issue 15): print confirm's « Imprimer N pages », the PIN pad's « Valider », the scan review's answer.
import type { Page } from '@playwright/test';
import { expect, expectAxeClean, saveScreenshot, test, type Cabin } from './support/fixtures';

/** « Affichage » → « Plus grand » until the largest size, then « Fermer ». */
async function largestText(cabin: Cabin, page: Page): Promise<void> {
  await cabin.tool('display');
  const bigger = page.locator('[data-dialog="display"] [data-tool="text-bigger"]');
  while (await bigger.isEnabled()) await bigger.click();
  await page.locator('[data-dialog="display"] [data-dialog-close]').click();
  await expect(page.locator('[data-dialog="display"]')).toHaveCount(0);
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(35);
}

test.describe('at the largest text size, 1280×800, the main action of the screen is on screen without scrolling', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  const onScreen = (page: Page, name: string | RegExp) =>
    // The screen's or the dialog's button, not the toolbar's of the same name.
    page
      .locator('main, [role="dialog"]')
      .getByRole('button', { name, exact: typeof name === 'string' })
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0;
      });
  const scrolled = (page: Page) => page.evaluate(() => [...document.querySelectorAll('*')].some((el) => el.scrollTop > 0) || scrollY > 0);

  test('print confirm’s « Imprimer N pages »', async ({ openCabin, page }) => {
    const cabin = await openCabin();
    await cabin.openDemarche('impots');
    await largestText(cabin, page);
    await cabin.tool('print');
    await cabin.screen('print');
    const go = page.getByRole('button', { name: /^Imprimer \d+ pages?$/ });
    await expect(go).toBeVisible();
    expect(await onScreen(page, /^Imprimer \d+ pages?$/)).toBe(true);
    expect(await scrolled(page)).toBe(false);
    await expectAxeClean(page, 'print-largest');
    await saveScreenshot(page, 'print-largest');
  });

  test('the PIN pad’s « Valider »', async ({ openCabin, page }) => {
    const cabin = await openCabin();
    await cabin.openDemarche('impots');
    await largestText(cabin, page);
    await cabin.tool('staff');
    await expect(page.getByRole('button', { name: 'Valider' })).toBeVisible();
    expect(await onScreen(page, 'Valider')).toBe(true);
    expect(await scrolled(page)).toBe(false);
    await expectAxeClean(page, 'unlock-largest');
    await saveScreenshot(page, 'unlock-largest');
  });

  test('scan review’s « Oui » (the page is readable)', async ({ openCabin, page }) => {
    const cabin = await openCabin();
    await cabin.openDemarche('impots');
    await largestText(cabin, page);
    await cabin.tool('scan');
    await cabin.screen('scan', 'choosing');
    await cabin.press('Un document');
    await cabin.screen('scan', 'ready');
    expect(await onScreen(page, 'Scanner')).toBe(true);
    await cabin.press('Scanner');
    await cabin.screen('scan', 'readable-1');
    await expect(page.locator('main').getByRole('button', { name: 'Oui', exact: true })).toBeVisible();
    expect(await onScreen(page, 'Oui')).toBe(true);
    expect(await scrolled(page)).toBe(false);
    await expectAxeClean(page, 'scan-review-largest');
    await saveScreenshot(page, 'scan-review-largest');
  });
});
