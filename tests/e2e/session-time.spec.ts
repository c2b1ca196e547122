// Time you can see, and no wipe by surprise (WCAG 2.2.1 Timing Adjustable): the welcome screen says how long a
// session lasts, the toolbar shows the time left in the last 15 minutes, a dialog comes 5 minutes and 1 minute
// before the end with « Continuer 15 minutes », and the end screens say why the session ended.
// The machine's clock is simulated where minutes must pass (inactivity is set long, so only the length counts).
import { expect, test } from './support/fixtures';

const minutes = (n: number) => n * 60_000;

test('the welcome screen says how long the session lasts, in each language', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  const time = page.locator('[data-welcome="time"]');
  await expect(time).toHaveText('Vous avez 45 minutes. Nous vous prévenons avant la fin.');
  await cabin.press('English');
  await expect(time).toHaveText('You have 45 minutes. We will tell you before the end.');
  await cabin.press('العربية');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(time).toContainText('45');
  await cabin.check('welcome-time-ar', { focus: 'none' });
});

test('5 minutes before the end: « J’ai fini » asks before erasing; at 1 minute, « Continuer 15 minutes » pushes the end', async ({ openCabin, page }) => {
  test.setTimeout(240_000);
  const cabin = await openCabin({ timers: { inactivitySeconds: 3600 }, clock: 'simulated' });
  const { host } = cabin;
  await cabin.openDemarche('caf');
  const endsAt = host.getState().context.sessionEndsAt!;
  // At the largest text size, so the dialog is checked there.
  for (let i = 0; i < 3; i++) await cabin.tool('text-bigger');
  await page.locator('[data-tool="display"]').click();
  await expect(page.locator('[data-dialog="display"] [data-tool="text-bigger"]')).toBeDisabled();
  await page.locator('[data-dialog="display"] [data-dialog-close]').click();

  const dialog = page.getByRole('alertdialog');
  host.advance(minutes(40) - 1_000);
  await page.waitForTimeout(300);
  await expect(dialog).toHaveCount(0);
  host.advance(1_000);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText('Il reste 5 minutes');
  await expect(dialog.getByRole('button')).toHaveText(['Continuer 15 minutes', 'J’ai fini']);
  // Said once, at this moment (the toolbar's number itself is not live).
  await expect(page.locator('[data-time-announce]')).toHaveText('Il reste 5 minutes');
  await expect(page.locator('.app-content')).toHaveAttribute('inert', '');
  await cabin.check('time-warning-large-text', { focus: 'dialog' });

  // « J’ai fini » is the usual "Vous avez fini ?" question, never an erasing at once.
  await cabin.press('J’ai fini');
  await expect(page.getByRole('dialog').getByRole('heading')).toHaveText('Vous avez fini ?');
  await cabin.press('Non, continuer');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(dialog).toHaveCount(0);
  await cabin.screen('browsing');

  // 1 minute before the end, the question again: « Continuer 15 minutes » pushes the end, counted.
  host.advance(minutes(4));
  await expect(dialog.getByRole('heading')).toHaveText('Il reste 1 minute');
  await expect(page.locator('[data-time-announce]')).toHaveText('Il reste 1 minute');
  await cabin.press('Continuer 15 minutes');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => host.getState().context.extensionsLeft).toBe(1);
  expect(host.getState().context.sessionEndsAt).toBe(endsAt + minutes(15));
  expect(host.record.sent.filter((e) => e.type === 'EXTEND_SESSION')).toHaveLength(1);
  await expect(page.locator('[data-time-announce]')).toHaveText('');
  expect(host.record.endings).toEqual([]);
});

test('no extension left: "Pensez à imprimer ou enregistrer", then the time is up and the end screen says so', async ({ openCabin, page }) => {
  test.setTimeout(240_000);
  const cabin = await openCabin({ timers: { inactivitySeconds: 3600, maxExtensions: 0, receiptSeconds: 120 }, clock: 'simulated' });
  const { host } = cabin;
  await cabin.openDemarche('caf');
  const dialog = page.getByRole('alertdialog');
  host.advance(minutes(40));
  await expect(dialog.getByRole('heading')).toHaveText('Il reste 5 minutes');
  await expect(dialog).toContainText('Pensez à imprimer ou enregistrer.');
  await expect(dialog.getByRole('button')).toHaveText(['D’accord']);
  await cabin.check('time-warning-no-extension', { focus: 'dialog' });
  await cabin.press('D’accord');
  await expect(dialog).toHaveCount(0);

  host.advance(minutes(4));
  await expect(dialog.getByRole('heading')).toHaveText('Il reste 1 minute');
  host.advance(minutes(1));
  await cabin.screen('goodbye');
  expect(host.record.endings).toEqual(['max-duration']);
  expect(host.record.wipes).toBe(1);
  await expect(page.locator('[data-ending-reason="max-duration"]')).toHaveText('La session s’est arrêtée : le temps était fini.');
  // "Tout est effacé ✓" for the resident; the counts, sizes and milliseconds folded for the staff.
  const receipt = page.locator('[data-receipt]');
  await expect(receipt.getByRole('heading')).toHaveText('Tout est effacé ✓');
  await expect(receipt.locator('[data-receipt-item="files"]')).toBeHidden();
  await expect(receipt.locator('.receipt-verified')).toBeHidden();
  // What is on screen (innerText: not the folded details) shows no milliseconds, no file count, no size.
  expect(await page.locator('main').innerText()).not.toMatch(/\d+ ms|Fichiers|\(\d.*o\)/);
  await cabin.check('goodbye-time-up');
  await receipt.getByText('Détails pour l’agent').click();
  await expect(receipt.locator('[data-receipt-item="files"]')).toBeVisible();
  await expect(receipt.locator('.receipt-verified')).toBeVisible();
  await cabin.check('goodbye-details', { focus: 'none' });
});

test('the toolbar shows the time left in the last 15 minutes, big, at every text size', async ({ openCabin, page }) => {
  const cabin = await openCabin({ timers: { maxSessionMinutes: 15 } });
  await cabin.startSession();
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText('Il reste 15 min');
  await expect(timer).not.toHaveAttribute('aria-live', /polite|assertive/);
  for (let i = 0; i < 3; i++) await cabin.tool('text-bigger');
  await page.locator('[data-tool="display"]').click();
  await expect(page.locator('[data-dialog="display"] [data-tool="text-bigger"]')).toBeDisabled();
  await page.locator('[data-dialog="display"] [data-dialog-close]').click();
  await cabin.check('toolbar-time-left-large-text', { focus: 'none' });
});

test('the end screen says why: an empty cabin', async ({ openCabin, page }) => {
  const cabin = await openCabin({ devices: { occupancy: 'present' }, timers: { vacantSeconds: 3, receiptSeconds: 120 } });
  const { host } = cabin;
  host.inject({ type: 'PRESENCE', occupied: true });
  await cabin.screen('welcome');
  await cabin.press('Commencer');
  await cabin.screen('catalog');
  host.inject({ type: 'PRESENCE', occupied: false });
  await cabin.screen('goodbye');
  await expect(page.locator('[data-ending-reason="cabin-empty"]')).toHaveText('La session s’est arrêtée : la cabine était vide.');
});
