// « Regardez votre téléphone » (issue 15): a one-time code field of the démarche page gets the big code keypad instead
// of the letters; its digits, « Effacer » and « Valider » go to the page through cabine.keyboard(); « Je n’ai pas reçu
// de code » explains what to do; the keyboard's « Taper un code » opens it by hand; nothing typed outlives the session.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { locale } from './support/locales';

const fr = locale('fr');
const ar = locale('ar');

const pad = (page: Page) => page.locator('[data-code-pad]');
const digit = (page: Page, d: string) => pad(page).locator(`.pad-key[data-key="${d}"]`).click();

test('a code field of the page opens the code keypad; digits, Effacer and Valider reach the page', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  const before = host.record.areas.at(-1)!;

  // An ordinary field: the letters.
  host.focusTextField(false);
  await expect(page.locator('.keyboard')).toBeVisible();
  await expect(pad(page)).toHaveCount(0);

  // A one-time code field: the keypad, docked where the keyboard was; the page stays in sight above it.
  host.focusTextField(true);
  await expect(pad(page)).toBeVisible();
  await expect(page.locator('.keyboard')).toHaveCount(0);
  await expect(pad(page).getByRole('heading', { name: 'Regardez votre téléphone' })).toBeVisible();
  await expect(pad(page)).toContainText('Le site vous a envoyé un code par SMS ou par e-mail. Regardez votre téléphone, puis tapez le code ici.');
  await expect(page.locator('[data-tool="keyboard"]')).toHaveAttribute('aria-pressed', 'true');
  const padTop = (await pad(page).boundingBox())!.y;
  await expect.poll(() => host.record.areas.at(-1)?.height).toBeLessThan(before.height);
  const area = host.record.areas.at(-1)!;
  expect(area.y + area.height).toBeLessThanOrEqual(Math.ceil(padTop));

  const valider = pad(page).getByRole('button', { name: fr('unlock.submit') });
  await expect(valider).toBeDisabled();
  host.record.keyboard.length = 0;
  for (const d of '4829') await digit(page, d);
  await pad(page).getByRole('button', { name: 'Effacer' }).click();
  await digit(page, '1');
  await expect(pad(page).locator('[data-code-typed]')).toHaveText('4 8 2 1');
  await cabin.check('sms-code', { focus: 'none' });
  await valider.click();
  await expect
    .poll(() => host.record.keyboard)
    .toEqual([
      { kind: 'text', text: '4' },
      { kind: 'text', text: '8' },
      { kind: 'text', text: '2' },
      { kind: 'text', text: '9' },
      { kind: 'key', key: 'Backspace' },
      { kind: 'text', text: '1' },
      { kind: 'key', key: 'Enter' },
    ]);
  // Valider sends the code and gives the page its whole height back.
  await expect(pad(page)).toHaveCount(0);
  await expect.poll(() => host.record.areas.at(-1)?.height).toBe(before.height);
});

test('« Je n’ai pas reçu de code » explains; « Taper un code » and « Revenir au clavier » switch by hand', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  host.focusTextField(false);
  await expect(page.locator('.keyboard')).toBeVisible();
  await page.locator('.keyboard [data-key="code"]').click();
  await expect(pad(page)).toBeVisible();
  await expect(pad(page).locator('[data-code-typed]')).toHaveCount(0);
  await expect(pad(page)).toContainText(fr('code.nothingTyped'));

  const notReceived = pad(page).getByRole('button', { name: 'Je n’ai pas reçu de code' });
  await expect(notReceived).toHaveAttribute('aria-expanded', 'false');
  await notReceived.click();
  await expect(notReceived).toHaveAttribute('aria-expanded', 'true');
  const help = page.locator('#code-help');
  await expect(help).toContainText('Attendez une minute. Le code peut arriver en retard.');
  await expect(help).toContainText('Toujours rien ? Sur le site, demandez un nouveau code.');
  await cabin.check('sms-code-help', { focus: 'none' });
  await notReceived.click();
  await expect(help).toHaveCount(0);

  await pad(page).getByRole('button', { name: 'Revenir au clavier' }).click();
  await expect(page.locator('.keyboard')).toBeVisible();
  await expect(pad(page)).toHaveCount(0);
  await page.locator('.keyboard [data-key="code"]').click();
  await pad(page).getByRole('button', { name: 'Masquer' }).click();
  await expect(pad(page)).toHaveCount(0);
  await expect(page.locator('.keyboard')).toHaveCount(0);
});

test('Arabic: the keypad reads right to left, its digits stay left to right', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.screen('attract');
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.getByRole('button', { name: ar('welcome.start') }).click();
  await cabin.screen('catalog');
  await page.locator('[data-demarche="impots"]').click();
  await cabin.screen('browsing');
  host.focusTextField(true);
  await expect(pad(page).getByRole('heading', { name: ar('code.title') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(pad(page).locator('.numeric-pad')).toHaveAttribute('dir', 'ltr');
  await cabin.check('sms-code-ar', { focus: 'none' });
});
