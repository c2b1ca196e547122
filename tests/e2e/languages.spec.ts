// French first; English and Arabic from the welcome screen, Arabic right-to-left with the
// layout mirrored. The language is the session's: it goes back to French after the wipe.
import { expect, test } from './support/fixtures';
import { locale } from './support/locales';

const en = locale('en');
const ar = locale('ar');

test('English: the welcome screen, the catalog and the toolbar switch language', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  await expect(page.locator('[data-welcome="sites-french"]')).toHaveCount(0);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('welcome.title'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Said before starting: the sites themselves stay in French (not said in French, where it goes without saying).
  await expect(page.locator('[data-welcome="sites-french"]')).toHaveText(en('welcome.sitesFrench'));
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await cabin.check('welcome-en', { focus: 'none' });
  await page.getByRole('button', { name: en('welcome.start') }).click();
  await cabin.screen('catalog');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('catalog.title'));
  // The config's own texts come in English too.
  await expect(page.locator('[data-demarche="impots"] .demarche-name')).toHaveText('Taxes');
  await expect(page.locator('[data-tool="end"]')).toHaveText(en('toolbar.end'));
  await cabin.check('catalog-en');
});

test('the language buttons of the attract screen are real buttons: each starts in its language', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  const languages = page.getByRole('group', { name: 'Choisir une autre langue' });
  await expect(languages.getByRole('button')).toHaveText(['English', 'العربية']);
  await languages.getByRole('button', { name: 'العربية' }).click();
  await cabin.screen('welcome');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar('welcome.title'));
  // Staff access is a small lock, named for who it is for, never the word "Agents".
  await expect(page.getByRole('button', { name: ar('staff.open') })).toBeVisible();
  await expect(page.getByRole('button', { name: ar('staff.open') })).not.toContainText(/\S/);
});

test('Arabic: right-to-left, the layout mirrored, every screen still clean; French again after the wipe', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ar('welcome.title'));
  await expect(page.locator('[data-welcome="sites-french"]')).toHaveText(ar('welcome.sitesFrench'));
  await cabin.check('welcome-ar', { focus: 'none' });

  await page.getByRole('button', { name: ar('welcome.start') }).click();
  await cabin.screen('catalog');
  await expect(page.locator('[data-demarche="caf"] .demarche-name')).toHaveText('CAF (صندوق الإعانات العائلية)');
  await cabin.check('catalog-ar');

  await page.locator('[data-demarche="impots"]').click();
  await cabin.screen('browsing');
  // Mirrored: the toolbar starts on the right ("Accueil" right of "Terminer"), the heading is right-aligned.
  const home = (await page.locator('[data-tool="home"]').boundingBox())!;
  const end = (await page.locator('[data-tool="end"]').boundingBox())!;
  expect(home.x).toBeGreaterThan(end.x);
  expect(home.x + home.width).toBeGreaterThan(1800);
  await cabin.check('demarche-ar');

  // A banner in Arabic: the sentence right to left, the site's name left to right.
  cabin.host.inject({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
  const banner = page.locator('[data-banner="auth-refused"]');
  await expect(banner).toContainText(ar('banner.authRefused.what'));
  await expect(banner.locator('.host')).toHaveAttribute('dir', 'ltr');
  await cabin.check('auth-refused-ar', { focus: 'none' });
  await cabin.press(ar('common.understood'));
  await expect(banner).toHaveCount(0);

  // The on-screen keyboard stays AZERTY, left to right, even in Arabic.
  await cabin.tool('keyboard');
  const a = (await page.locator('.keyboard [data-key="a"]').boundingBox())!;
  const z = (await page.locator('.keyboard [data-key="z"]').boundingBox())!;
  expect(a.x).toBeLessThan(z.x);

  await cabin.tool('end');
  await page.getByRole('dialog').getByRole('button').first().click();
  await cabin.screen('goodbye');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci, vous pouvez sortir');
});

test('in Arabic, a PDF is still drawn left to right (pdf.js garbles text under dir=rtl); the pager around it is Arabic', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  await page.getByRole('group', { name: 'Choisir une autre langue' }).getByRole('button', { name: 'العربية' }).click();
  await cabin.screen('welcome');
  await page.getByRole('button', { name: ar('welcome.start') }).click();
  await cabin.screen('catalog');
  await page.locator('[data-demarche="impots"]').click();
  await cabin.screen('browsing');
  const id = await cabin.host.addDownload('avis-impot-2025.pdf', 2);
  cabin.host.inject({ type: 'DOWNLOAD_DONE', documentId: id, isPdf: true });
  await cabin.screen('viewer');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const canvas = page.locator('canvas.pdf-canvas[data-rendered="true"]');
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveCSS('direction', 'ltr');
  // The arrows point the Arabic way: "back" to the right.
  await expect(page.getByRole('button', { name: ar('viewer.back') }).locator('svg.icon')).toHaveCSS('transform', 'matrix(-1, 0, 0, 1, 0, 0)');
  await expect(page.locator('[data-tool="back"] svg.icon')).toHaveCSS('transform', 'matrix(-1, 0, 0, 1, 0, 0)');
  await cabin.check('viewer-ar', { focus: 'none' });
});
