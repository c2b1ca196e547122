// "Appeler un agent d’accueil" (in « Aide ») tells the truth (issue 15): nobody could be told → where to go and which numbers help,
// in French and in Arabic (right to left); a call in progress can be cancelled; « Un référent est prévenu »
// only once the call route acknowledged the call. The call route is the host's (controls.referentCall).
import { expect, test } from './support/fixtures';
import { locale } from './support/locales';

const fr = locale('fr');
const ar = locale('ar');

test('a call nobody acknowledges shows where to go and the numbers; a cancelled call says so; "prévenu" only when acknowledged', async ({
  openCabin,
  page,
}) => {
  test.setTimeout(300_000);
  const cabin = await openCabin({
    editConfig: (c) => ({ ...c, help: { place: { fr: 'Accueil de la mairie, rez-de-chaussée', ar: 'استقبال البلدية، الطابق الأرضي' } } }),
  });
  const { host } = cabin;
  await cabin.openDemarche('caf');
  // « Aide » → « Appeler un agent d’accueil » (cabin.tool('referent')); the banner says what the call is.

  // No call route (the default config has no webhook): nobody is told, and the screen says so.
  host.controls.referentCall = 'unreachable';
  await cabin.tool('referent');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Personne n’a pu être prévenu');
  await expect(dialog.locator('[data-help="place"]')).toHaveText('Allez à l’accueil : Accueil de la mairie, rez-de-chaussée');
  await expect(dialog.locator('[data-phone]')).toHaveText([
    /^39 39\s*Allô Service Public/,
    /^36 46\s*Assurance Maladie/,
    /^32 30\s*CAF/,
    /^39 49\s*France Travail/,
  ]);
  // Never "prévenu" or "il arrive" anywhere, and the démarche page is hidden under the dialog.
  await expect(page.locator('[data-banner="referent"]')).toHaveCount(0);
  await expect.poll(() => host.record.areas.at(-1)).toBeNull();
  expect(host.getState().context.referentCall).toBe('unreachable');
  await cabin.check('referent-unreachable', { focus: 'dialog' });
  await cabin.press(fr('common.close'));
  await expect(dialog).toHaveCount(0);
  expect(host.getState().context.referentCall).toBe('idle');

  // A call in progress: the resident changes their mind and cancels it.
  host.controls.referentCall = 'hold';
  await cabin.tool('referent');
  const calling = page.locator('[data-banner="referent-calling"]');
  await expect(calling).toContainText(fr('banner.referentCalling'));
  await page.locator('[data-tool="help"]').click();
  await expect(page.locator('[data-help="call-state"]')).toHaveText(fr('toolbar.referentCalling'));
  await expect(page.locator('[data-help="call"]')).toBeDisabled();
  await page.locator('[data-dialog="help"] [data-dialog-close]').click();
  await cabin.check('referent-calling', { focus: 'none' });
  await calling.getByRole('button', { name: fr('banner.cancelCall') }).click();
  await expect(page.locator('[data-banner="referent-cancelled"]')).toContainText(fr('banner.referentCancelled'));
  await expect.poll(() => host.record.referentCallsStopped).toBe(1);
  await expect(page.locator('[data-banner="referent"]')).toHaveCount(0);
  host.release('referent'); // too late: the machine stopped waiting
  await page
    .locator('[data-banner="referent-cancelled"]')
    .getByRole('button', { name: fr('common.ok') })
    .click();
  await expect(page.locator('[data-banner="referent-cancelled"]')).toHaveCount(0);
  expect(host.getState().context.referentCall).toBe('idle');

  // Acknowledged by the call route: only now « prévenu », « il arrive ».
  await cabin.tool('referent');
  await expect(calling).toBeVisible();
  await expect(page.locator('[data-banner="referent"]')).toHaveCount(0);
  host.release('referent');
  await expect(page.locator('[data-banner="referent"]')).toHaveText(fr('banner.referentCalled'));
  await expect(calling).toHaveCount(0);
  expect(host.record.referentCalls).toBe(3);
});

test('in Arabic the help is right to left, the numbers read left to right', async ({ openCabin, page }) => {
  const cabin = await openCabin({
    editConfig: (c) => ({ ...c, help: { place: { fr: 'Accueil de la mairie, rez-de-chaussée', ar: 'استقبال البلدية، الطابق الأرضي' } } }),
  });
  cabin.host.controls.referentCall = 'unreachable';
  await cabin.screen('attract');
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // From the welcome screen: the same truth before any session.
  await page.getByRole('button', { name: ar('welcome.help') }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText(ar('referentUnreachable.title'));
  await expect(dialog.locator('[data-help="place"]')).toHaveText('اذهب إلى مكتب الاستقبال: استقبال البلدية، الطابق الأرضي');
  await expect(dialog.locator('[data-phone="3939"] bdi')).toHaveAttribute('dir', 'ltr');
  await expect(dialog.locator('[data-phone="3939"]')).toContainText('39 39');
  await cabin.check('referent-unreachable-ar', { focus: 'dialog' });
  await cabin.press(ar('common.close'));
  await expect(dialog).toHaveCount(0);
  await cabin.screen('welcome');
});
