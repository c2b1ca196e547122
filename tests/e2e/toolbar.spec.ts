// The toolbar (issue 15): one row at every text size, its buttons in fixed places (disabled, never hidden),
// « Autres démarches » asks first, « Aide » calls an agent d'accueil and says where else to find help, « Affichage »
// holds the text size (which zooms the démarche's site too), the contrast, the language and « Écouter ».
import type { Page } from '@playwright/test';
import { expect, expectAxeClean, expectReadableAndTouchable, saveScreenshot, test, type Cabin } from './support/fixtures';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** « Affichage » → « Plus grand » until the largest size, then « Fermer ». */
async function largestText(cabin: Cabin, page: Page): Promise<void> {
  await cabin.tool('display');
  const bigger = page.locator('[data-dialog="display"] [data-tool="text-bigger"]');
  while (await bigger.isEnabled()) await bigger.click();
  await page.locator('[data-dialog="display"] [data-dialog-close]').click();
  await expect(page.locator('[data-dialog="display"]')).toHaveCount(0);
}

/** Every button of the bar and the time left: their tops, and whether anything leaves the bar or the window. */
async function toolbarLayout(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('nav.toolbar') as HTMLElement;
    const items = [...bar.querySelectorAll<HTMLElement>(':scope > .tool, :scope > .toolbar-time')];
    const rects = items.map((el) => ({ name: el.dataset.tool ?? 'time', rect: el.getBoundingClientRect() }));
    const barRect = bar.getBoundingClientRect();
    return {
      names: rects.map((r) => r.name),
      tops: rects.map((r) => Math.round(r.rect.top)),
      outside: rects
        .filter((r) => r.rect.left < barRect.left - 0.5 || r.rect.right > barRect.right + 0.5 || r.rect.right > innerWidth + 0.5)
        .map((r) => r.name),
      barOverflows: bar.scrollWidth > bar.clientWidth + 1,
      pageOverflows: document.documentElement.scrollWidth > innerWidth + 1,
      // Text cut inside a button: a label wider or taller than its button.
      clipped: items
        .filter((el) => {
          const label = el.querySelector('.tool-label');
          if (!label) return false;
          const l = label.getBoundingClientRect();
          const b = el.getBoundingClientRect();
          return l.width > b.width + 0.5 || l.height > b.height + 0.5;
        })
        .map((el) => el.dataset.tool),
      fontSize: parseFloat(getComputedStyle(bar).fontSize),
    };
  });
}

for (const size of SIZES) {
  test(`at the largest text size, ${size.width}×${size.height}: the toolbar is one row, nothing overflows, axe is clean`, async ({ openCabin, page }) => {
    await page.setViewportSize(size);
    // The last 15 minutes: « Il reste … min » is in the bar too.
    const cabin = await openCabin({ timers: { maxSessionMinutes: 10 } });
    await cabin.openDemarche('impots');
    await largestText(cabin, page);
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(35);
    const layout = await toolbarLayout(page);
    expect(layout.names).toEqual(['home', 'back', 'print', 'scan', 'documents', 'help', 'display', 'keyboard', 'staff', 'time', 'end']);
    expect(new Set(layout.tops).size, `tops ${layout.tops.join(', ')}`).toBe(1);
    expect(layout.outside).toEqual([]);
    expect(layout.clipped).toEqual([]);
    expect(layout.barOverflows).toBe(false);
    expect(layout.pageOverflows).toBe(false);
    expect(layout.fontSize).toBeGreaterThanOrEqual(20);
    await expectAxeClean(page, `toolbar-largest-${size.width}`);
    await saveScreenshot(page, `toolbar-largest-${size.width}`);
    await expectReadableAndTouchable(page, `toolbar-largest-${size.width}`);

    // The same on our screens: « Mes documents », and the catalog (buttons disabled there, not gone).
    await cabin.tool('documents');
    await cabin.screen('documents');
    expect(new Set((await toolbarLayout(page)).tops).size).toBe(1);
    await cabin.tool('home');
    await cabin.press('Oui');
    await cabin.screen('catalog');
    const onCatalog = await toolbarLayout(page);
    expect(onCatalog.names).toEqual(layout.names);
    expect(new Set(onCatalog.tops).size).toBe(1);
    expect(onCatalog.pageOverflows).toBe(false);
    for (const name of ['home', 'back', 'print', 'documents']) await expect(page.locator(`[data-tool="${name}"]`)).toBeDisabled();
    await expectAxeClean(page, `toolbar-catalog-largest-${size.width}`);
  });
}

test('« Autres démarches » asks « Quitter ce site ? » first: Non stays on the site, Oui goes back to the list', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.openDemarche('impots');
  await cabin.tool('home');
  await expect(page.getByRole('dialog', { name: 'Quitter ce site ?' })).toBeVisible();
  await cabin.check('toolbar-leave', { focus: 'dialog' });
  await cabin.press('Non');
  await cabin.screen('browsing');
  expect(cabin.host.record.sent.filter((e) => e.type === 'HOME')).toEqual([]);
  await cabin.tool('home');
  await cabin.press('Oui');
  await cabin.screen('catalog');
  expect(cabin.host.record.sent.filter((e) => e.type === 'HOME')).toHaveLength(1);
});

test('« Page précédente » goes back in the site', async ({ openCabin }) => {
  const cabin = await openCabin();
  await cabin.openDemarche('impots');
  await cabin.tool('back');
  expect(cabin.host.record.sent.at(-1)).toEqual({ type: 'BACK' });
});

test('« Aide »: « Appeler un agent d’accueil » calls (and says so only once told), and where else to find help', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  cabin.host.controls.referentCall = 'hold';
  await cabin.openDemarche('impots');
  await cabin.tool('help');
  const dialog = page.getByRole('dialog', { name: 'Besoin d’aide ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-help="place"]')).toBeVisible();
  await cabin.check('toolbar-help', { focus: 'dialog' });
  await cabin.press('Appeler un agent d’accueil');
  // The dialog gives the screen back; the banner says what the call is.
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('[data-banner="referent-calling"]')).toBeVisible();
  expect(cabin.host.record.referentCalls).toBe(1);
  // Opened again: the call's state, and no second call.
  await cabin.tool('help');
  await expect(dialog.locator('[data-help="call-state"]')).toHaveText('Appel en cours…');
  await expect(dialog.locator('[data-help="call"]')).toBeDisabled();
  cabin.host.release('referent');
  await expect(dialog.locator('[data-help="call-state"]')).toHaveText('Un agent d’accueil est prévenu. Il arrive.');
  await expect(dialog.locator('[data-help="call"]')).toBeDisabled();
  await cabin.press('Fermer');
  await expect(dialog).toHaveCount(0);
  expect(cabin.host.record.referentCalls).toBe(1);
});

test('« Affichage »: the text size zooms our screens and the démarche’s site; contrast; the language in a session', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.openDemarche('impots');
  const zooms = () => cabin.host.record.zooms.filter((z, i, all) => i === 0 || z !== all[i - 1]);
  await cabin.tool('display');
  await cabin.check('toolbar-display', { focus: 'dialog' });
  await page.locator('[data-tool="text-bigger"]').click();
  await page.locator('[data-tool="text-bigger"]').click();
  await expect.poll(() => zooms().at(-1)).toBe(1.5);
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(30);
  await page.locator('[data-tool="text-smaller"]').click();
  await expect.poll(() => zooms().at(-1)).toBe(1.25);
  await page.locator('[data-tool="contrast"]').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
  await page.locator('[data-dialog="display"] [data-locale="en"]').click();
  await expect(page.getByRole('dialog', { name: 'Display' })).toBeVisible();
  await cabin.press('Close');
  await expect(page.locator('[data-tool="help"]')).toHaveText('Help');
  // The visit's end brings the démarche back to 100 %.
  await cabin.tool('end');
  await cabin.press(/Yes/);
  await expect.poll(() => zooms().at(-1)).toBe(1);
});
