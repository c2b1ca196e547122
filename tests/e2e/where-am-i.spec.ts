// « Où suis-je ? »: above the démarche's page, the site shown now, from its host alone (the engine's navigated
// notice; never the path or query); FranceConnect's pages say what FranceConnect is; nothing survives the session.
import { expect, test } from './support/fixtures';
import { locale } from './support/locales';

const ar = locale('ar');

test('the strip says which site is shown, a State site as such, FranceConnect in one sentence; a new session shows no old host', async ({
  openCabin,
  page,
}) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  const strip = page.locator('.where-am-i');
  await expect(strip).toHaveCount(0); // no page yet, no strip

  host.navigate('https://www.impots.gouv.fr/accueil?numero=1234567890123');
  await expect(strip).toHaveAttribute('data-where-am-i', 'state');
  await expect(strip).toHaveText('Vous êtes sur impots.gouv.fr — site officiel de l’État');
  await expect(strip.locator('bdi')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('main')).not.toContainText('accueil');
  await expect(page.locator('main')).not.toContainText('1234567890123');
  await cabin.check('where-am-i', { focus: 'none' });

  host.navigate('https://app.franceconnect.gouv.fr/api/v1/authorize?state=x');
  await expect(strip).toHaveText('FranceConnect : vous vous connectez avec un compte que vous avez déjà (impots.gouv.fr, ameli.fr, La Poste…).');

  host.navigate('https://www.ameli.fr/assure');
  await expect(strip).toHaveText('Vous êtes sur ameli.fr');
  await expect(strip).toHaveAttribute('data-where-am-i', 'site');

  await cabin.tool('end');
  await cabin.press('Oui, terminer et tout effacer');
  await cabin.screen('goodbye');
  expect(host.getState().pageHost).toBeNull();

  // The next resident: the same démarche, no page yet — no old host.
  host.send({ type: 'TOUCH' }); // the receipt read: back to the attract screen
  await cabin.openDemarche('impots');
  await expect(strip).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('ameli.fr');
});

test('on the bank’s page of a payment, the strip says « Paiement sécurisé » with the bank’s host; back on the shop it does not (issue 15)', async ({
  openCabin,
  page,
}) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  const strip = page.locator('.where-am-i');
  host.navigate('https://acs.bank.example/3ds?tx=1234567890', true);
  await expect(strip).toHaveAttribute('data-where-am-i', 'bank');
  await expect(strip).toHaveText('Paiement sécurisé : vous êtes sur le site de votre banque (acs.bank.example)');
  await expect(strip.locator('bdi')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('main')).not.toContainText('1234567890');
  await cabin.check('where-am-i-bank', { focus: 'none' });
  host.navigate('https://www.payfip.gouv.fr/tpa/paiement.web?retour=1');
  await expect(strip).toHaveText('Vous êtes sur payfip.gouv.fr — site officiel de l’État');
});

test('in Arabic, the bank strip is in Arabic, right to left, with the bank’s host read left to right (issue 15)', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  await page.getByRole('group', { name: 'Choisir une autre langue' }).getByRole('button', { name: 'العربية' }).click();
  await cabin.screen('welcome');
  await page.getByRole('button', { name: ar('welcome.start') }).click();
  await cabin.screen('catalog');
  await page.locator('[data-demarche="titres"]').click();
  await cabin.screen('browsing');
  cabin.host.navigate('https://acs.bank.example/3ds', true);
  const strip = page.locator('.where-am-i');
  await expect(strip).toHaveText(`${ar('payment.onBank')} (acs.bank.example)`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(strip.locator('bdi')).toHaveAttribute('dir', 'ltr');
  await cabin.check('where-am-i-bank-ar', { focus: 'none' });
});
