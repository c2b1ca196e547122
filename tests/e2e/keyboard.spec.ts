// The on-screen keyboard: types into our fields and, through cabine.keyboard(), into the
// démarche page; the page's area shrinks above it; nothing typed survives the session.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

const key = (page: Page, k: string) => page.locator(`.keyboard [data-key="${k}"]`).click();

test('typing into the catalog search with the on-screen keyboard', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.startSession();
  const search = page.getByRole('searchbox', { name: 'Chercher une démarche' });
  await search.click();
  // Focus on one of our fields opens the keyboard.
  await expect(page.locator('.keyboard')).toBeVisible();
  for (const k of 'cqf') await key(page, k);
  await key(page, 'Backspace');
  await key(page, 'Backspace');
  await key(page, 'a');
  await key(page, 'f');
  await expect(search).toHaveValue('caf');
  await expect(page.locator('[data-demarche]')).toHaveCount(1);
  await expect(page.locator('[data-demarche="caf"]')).toBeVisible();
  // The field kept the focus while keys were pressed.
  await expect(search).toBeFocused();
  await cabin.check('keyboard-catalog', { focus: 'none' });

  // Accents and capitals: "Impôts" found by "IMPOT" typed without the circumflex, and by "é…".
  await search.fill('');
  await key(page, 'shift');
  await key(page, 'shift'); // locked capitals
  for (const k of 'impot') await key(page, k);
  await expect(search).toHaveValue('IMPOT');
  await expect(page.locator('[data-demarche]')).toHaveCount(1);
  await key(page, 'shift');
  await search.fill('');
  for (const k of 'santé') await key(page, k);
  await expect(search).toHaveValue('santé');
  await expect(page.locator('[data-empty="catalog"]')).toBeVisible();
  await key(page, 'hide');
  await expect(page.locator('.keyboard')).toHaveCount(0);
});

test('typing into the démarche page goes through cabine.keyboard(), above the keyboard', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('ameli');
  await expect.poll(() => host.record.areas.at(-1)).toMatchObject({ x: 0, width: 1920 });
  const before = host.record.areas.at(-1)!;

  // A text field of the page got focus (the engine's notice, through main): the keyboard offers itself.
  await expect(page.locator('.keyboard')).toHaveCount(0);
  host.focusTextField();
  await expect(page.locator('.keyboard')).toBeVisible();
  await expect(page.locator('[data-tool="keyboard"]')).toHaveAttribute('aria-pressed', 'true');
  // The page is still shown, in the space the keyboard leaves.
  const keyboardTop = (await page.locator('.keyboard').boundingBox())!.y;
  await expect.poll(() => host.record.areas.at(-1)?.height).toBeLessThan(before.height);
  const area = host.record.areas.at(-1)!;
  expect(area.y + area.height).toBeLessThanOrEqual(Math.ceil(keyboardTop));

  host.record.keyboard.length = 0;
  await key(page, 'shift');
  await key(page, 'é');
  await key(page, '@');
  await key(page, '1');
  await key(page, 'Space');
  await key(page, 'Backspace');
  await key(page, 'Enter');
  await key(page, 'mode');
  await key(page, '€');
  await expect
    .poll(() => host.record.keyboard)
    .toEqual([
      { kind: 'text', text: 'É' },
      { kind: 'text', text: '@' },
      { kind: 'text', text: '1' },
      { kind: 'text', text: ' ' },
      { kind: 'key', key: 'Backspace' },
      { kind: 'key', key: 'Enter' },
      { kind: 'text', text: '€' },
    ]);
  // Back to the letters for the picture.
  await key(page, 'mode');
  await expect(page.locator('.keyboard')).toHaveAttribute('data-mode', 'letters');
  await cabin.check('keyboard-demarche', { focus: 'none' });

  await key(page, 'hide');
  await expect.poll(() => host.record.areas.at(-1)?.height).toBe(before.height);
  // The toolbar's "Clavier" opens it too.
  await cabin.tool('keyboard');
  await expect(page.locator('.keyboard')).toBeVisible();
  await cabin.tool('keyboard');
  await expect(page.locator('.keyboard')).toHaveCount(0);
});

test('nothing typed survives the session: the next resident finds an empty search and a closed keyboard', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.startSession();
  const search = page.getByRole('searchbox', { name: 'Chercher une démarche' });
  await search.click();
  for (const k of 'ameli') await key(page, k);
  await expect(search).toHaveValue('ameli');
  await cabin.tool('text-bigger');
  await cabin.tool('contrast');
  await cabin.tool('end');
  await cabin.press('Oui, terminer et tout effacer');
  await cabin.screen('goodbye');
  await cabin.press('Revenir à l’accueil');
  await cabin.startSession();
  await expect(page.getByRole('searchbox', { name: 'Chercher une démarche' })).toHaveValue('');
  await expect(page.locator('.keyboard')).toHaveCount(0);
  // The display choices were the last resident's too.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'default');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
});

test('keyboard navigation: Tab reaches everything with a visible focus ring, Enter opens a démarche', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await cabin.screen('welcome');
  // Tab to "Commencer" and press it.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Commencer') break;
  }
  await page.keyboard.press('Enter');
  await cabin.screen('catalog');

  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el.tagName === 'INPUT' ? el.closest('.text-field-box')! : el);
      return { name: el.dataset.tool ?? el.dataset.demarche ?? el.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
  const seen: string[] = [];
  const walk = async (keyName: string, times: number) => {
    await page.getByRole('heading', { level: 1 }).focus();
    for (let i = 0; i < times; i++) {
      await page.keyboard.press(keyName);
      const focus = await focused();
      expect(focus.outline, `focus ring on ${focus.name}`).not.toBe('none');
      expect(focus.width).toBeGreaterThanOrEqual(4);
      seen.push(focus.name);
    }
  };
  // Backwards from the heading: the toolbar's buttons that act on the catalog (the others are disabled there); forwards:
  // the search, then the cards.
  await walk('Shift+Tab', 5);
  await walk('Tab', 4);
  expect(seen).toEqual(expect.arrayContaining(['keyboard', 'help', 'display', 'end', 'staff', 'INPUT', 'impots', 'caf', 'titres']));
  while ((await page.evaluate(() => (document.activeElement as HTMLElement).dataset.demarche)) !== 'titres') await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await cabin.screen('browsing');
  expect(cabin.host.record.openedDemarches).toEqual(['titres']);
});
