// Issue 15: scanning asks one thing at a time (« Cette page est-elle lisible ? », then « Une autre page ? »), with
// the main answer on screen at the largest text size; an ID card's two sides on one page; and a site whose file
// input takes images only gets the scans as JPEG (or is told plainly that the cabin cannot make what it asks).
import type { Locator, Page } from '@playwright/test';
import { MAX_SCALE, TEXT_SCALES } from '../../src/renderer/state/prefs';
import { expect, test } from './support/fixtures';
import { locale } from './support/locales';

/** The element's whole box is inside the window: nothing to scroll to find it. */
async function expectOnScreen(page: Page, element: Locator): Promise<void> {
  await expect(element).toBeVisible();
  const box = (await element.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

const button = (page: Page, name: string | RegExp) => page.locator('main').getByRole('button', { name, exact: typeof name === 'string' });

test('one question at a time, the main answer on screen at the largest text size', async ({ openCabin, page }) => {
  test.setTimeout(120_000);
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('caf');
  // The largest text size the resident can choose: A+ (in « Affichage ») to the end.
  for (let i = 0; i < MAX_SCALE; i++) await cabin.tool('text-bigger');
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(20 * TEXT_SCALES[MAX_SCALE]!);

  await cabin.tool('scan');
  await cabin.screen('scan', 'choosing');
  await expect(page.locator('h1')).toHaveText('Que voulez-vous scanner ?');
  await expectOnScreen(page, button(page, 'Un document'));
  await expectOnScreen(page, button(page, 'Une carte (recto et verso)'));
  await cabin.check('scan-choosing-large-text');
  await cabin.press('Un document');
  await cabin.screen('scan', 'ready');
  await expectOnScreen(page, button(page, 'Scanner'));
  await cabin.press('Scanner');

  // First question only: is it readable? « Une autre page ? » is not asked yet.
  await cabin.screen('scan', 'readable-1');
  await expect(page.locator('img[data-preview-page="0"]')).toBeVisible();
  await expect(page.getByText('Cette page est-elle lisible ?')).toBeVisible();
  await expect(page.getByText('Une autre page ?')).toHaveCount(0);
  await expect(page.locator('main').getByRole('button')).toHaveText(['Oui', 'Refaire cette page', 'Abandonner ce document']);
  await expectOnScreen(page, button(page, 'Oui'));
  await expectOnScreen(page, button(page, 'Refaire cette page'));
  await cabin.check('scan-readable-large-text');

  // Then the second question, alone.
  await cabin.press('Oui');
  await cabin.screen('scan', 'another-1');
  await expect(page.getByText('Une autre page ?')).toBeVisible();
  await expect(page.getByText('Cette page est-elle lisible ?')).toHaveCount(0);
  await expect(page.locator('main').getByRole('button')).toHaveText(['Oui, une autre page', 'Non, c’est fini', 'Abandonner ce document']);
  await expectOnScreen(page, button(page, 'Non, c’est fini'));
  await expectOnScreen(page, button(page, 'Oui, une autre page'));
  await cabin.check('scan-another-large-text');

  // Another page: asked about again; taken again; then done.
  await cabin.press('Oui, une autre page');
  await cabin.screen('scan', 'readable-2');
  await cabin.press('Refaire cette page');
  await cabin.screen('scan', 'readable-2');
  await cabin.press('Oui');
  await cabin.press('Non, c’est fini');
  await cabin.screen('browsing');
  expect(host.documents()).toEqual([expect.objectContaining({ kind: 'scan', pages: 2, mime: 'application/pdf', jpegImages: 2 })]);
});

test('an ID card: front, « Retournez la carte », back, one page', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('titres');
  await cabin.tool('scan');
  await cabin.press('Une carte (recto et verso)');
  await cabin.screen('scan', 'card-front');
  await expect(page.getByText('Posez la carte dans le coin de la vitre, face vers la vitre.')).toBeVisible();
  await cabin.check('scan-card-front');
  await cabin.press('Scanner');
  await cabin.screen('scan', 'readable-1');
  await expect(page.locator('h1')).toHaveText('Recto scanné');
  await cabin.press('Oui');
  await cabin.screen('scan', 'card-back');
  await expect(page.locator('h1')).toHaveText('Retournez la carte');
  await expect(page.getByText('Retournez la carte, puis touchez « Scanner ».')).toBeVisible();
  await cabin.check('scan-card-back');
  await cabin.press('Scanner');
  await cabin.screen('scan', 'readable-2');
  await expect(page.locator('h1')).toHaveText('Verso scanné');
  await expect(page.getByText('Une autre page ?')).toHaveCount(0);
  await cabin.press('Oui');
  await cabin.screen('browsing');
  expect(host.documents()).toEqual([expect.objectContaining({ kind: 'scan', pages: 1, jpegImages: 2 })]);
});

test('a site that takes images only: the scans go as JPEG (first page only for one file); PNG only: said plainly, no scan', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('caf');
  // A scan of two pages.
  await cabin.tool('scan');
  await cabin.press('Un document');
  await cabin.press('Scanner');
  await cabin.press('Oui');
  await cabin.press('Oui, une autre page');
  await cabin.screen('scan', 'readable-2');
  await cabin.press('Oui');
  await cabin.press('Non, c’est fini');
  await cabin.screen('browsing');
  const [scan] = host.documents();

  // <input type=file accept="image/jpeg,image/png">: the scan is offered, as images.
  host.inject({ type: 'FILE_CHOOSER_OPENED', accept: ['image/jpeg', 'image/png'], multiple: false });
  await cabin.screen('picker');
  const card = page.locator(`[data-document="${scan!.id}"]`);
  await expect(card).toHaveAttribute('data-send-as', 'jpeg');
  await expect(page.locator('[data-picker-note="jpeg"]')).toContainText(
    'Ce site prend seulement des images. Vos documents scannés sont envoyés en images (JPEG) : une image par page.',
  );
  await expect(page.locator('[data-picker-note="first-only"]')).toHaveText('Ce site prend une seule image. Seule la première page est envoyée.');
  await card.click();
  await cabin.check('file-picker-images', { focus: 'none' });
  await cabin.press('Envoyer ce document');
  await cabin.screen('browsing');
  expect(host.record.filesSet).toEqual([[scan!.id]]);

  // Several images: every page, no "first page only".
  host.inject({ type: 'FILE_CHOOSER_OPENED', accept: ['image/*'], multiple: true });
  await cabin.screen('picker');
  await expect(page.locator('[data-picker-note="jpeg"]')).toBeVisible();
  await expect(page.locator('[data-picker-note="first-only"]')).toHaveCount(0);
  await cabin.press('Annuler');
  await cabin.screen('browsing');

  // PNG only: the cabin cannot make it; no scan is offered (it would only loop).
  host.inject({ type: 'FILE_CHOOSER_OPENED', accept: ['image/png'], multiple: false });
  await cabin.screen('picker');
  await expect(page.locator('[data-empty="picker"]')).toHaveText(
    'Ce site demande un type de fichier que la cabine ne sait pas faire. Demandez de l’aide à un agent d’accueil.',
  );
  await expect(page.locator('main').getByRole('button', { name: /Scanner/ })).toHaveCount(0);
  await cabin.check('file-picker-cannot', { focus: 'none' });
  await cabin.press('Annuler');
  await cabin.screen('browsing');

  // A PDF input still gets the PDF.
  host.inject({ type: 'FILE_CHOOSER_OPENED', accept: ['application/pdf'], multiple: false });
  await cabin.screen('picker');
  await expect(page.locator(`[data-document="${scan!.id}"]`)).toHaveAttribute('data-send-as', 'file');
  await expect(page.locator('[data-picker-note="jpeg"]')).toHaveCount(0);
});

test('Arabic, right to left: the choice, « Retournez la carte », one question at a time', async ({ openCabin, page }) => {
  const ar = locale('ar');
  const cabin = await openCabin();
  await cabin.screen('attract');
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('button', { name: ar('welcome.start') }).click();
  await cabin.screen('catalog');
  await page.locator('[data-demarche="caf"]').click();
  await cabin.screen('browsing');
  await cabin.tool('scan');
  await cabin.screen('scan', 'choosing');
  await expect(page.locator('h1')).toHaveText(ar('scan.choose.title'));
  await cabin.check('scan-choosing-ar');
  await cabin.press(ar('scan.choose.card'));
  await cabin.screen('scan', 'card-front');
  await cabin.press(ar('scan.card.go'));
  await cabin.screen('scan', 'readable-1');
  await expect(page.getByText(ar('scan.check.question'))).toBeVisible();
  await cabin.check('scan-readable-ar');
  await cabin.press(ar('scan.check.yes'));
  await cabin.screen('scan', 'card-back');
  await expect(page.getByText(ar('scan.card.turn'))).toBeVisible();
  await cabin.check('scan-card-back-ar');
});
