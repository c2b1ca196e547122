// « Ma messagerie » (issue 15): the catalog's card asks where the resident's e-mails are — seven cards, a name and the
// ends of the addresses, no logo — then opens the démarche on that provider's login page (OPEN_DEMARCHE with its
// start); the code keypad's « Je n'ai pas reçu de code » leads there for a code sent by e-mail.
import { expect, test } from './support/fixtures';

const NAMES = ['La Poste (laposte.net)', 'Orange', 'Free', 'SFR', 'Gmail', 'Outlook (Hotmail)', 'Yahoo'];

test('the card asks which webmail, then opens the démarche on the one chosen; « Revenir aux démarches » goes back', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.startSession();
  const card = page.locator('[data-demarche="messagerie"]');
  await expect(card.locator('.demarche-name')).toHaveText('Ma messagerie');
  await expect(card.locator('.demarche-description')).toHaveText('Lire un e-mail, par exemple un code reçu.');
  await card.click();

  // Not opened yet: the chooser, in the catalog screen, its heading focused.
  await cabin.screen('catalog', 'start-messagerie');
  expect(host.record.openedDemarches).toEqual([]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ma messagerie');
  await expect(page.locator('main')).toContainText('Où sont vos e-mails ?');
  await expect(page.locator('[data-start] .demarche-name')).toHaveText(NAMES);
  await expect(page.locator('[data-start="gmail"]')).toContainText('Votre adresse finit par : @gmail.com');
  await expect(page.locator('[data-start] img')).toHaveCount(0);
  await cabin.check('mail-chooser');

  await cabin.press('Revenir aux démarches');
  await cabin.screen('catalog');
  await expect(page.locator('[data-demarche]')).toHaveCount(7);

  await page.locator('[data-demarche="messagerie"]').click();
  await page.locator('[data-start="gmail"]').click();
  await cabin.screen('browsing');
  expect(host.record.openedDemarches).toEqual(['messagerie']);
  expect(host.getState().context).toMatchObject({ demarcheId: 'messagerie', demarcheStartId: 'gmail' });
  await expect(page.locator('.demarche-title, main')).toContainText('Ma messagerie');
});

test('« Je n’ai pas reçu de code » → « Ouvrir Ma messagerie »: the démarche closes, the chooser opens', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  host.focusTextField(true);
  const pad = page.locator('[data-code-pad]');
  await pad.getByRole('button', { name: 'Je n’ai pas reçu de code' }).click();
  await expect(page.locator('#code-help')).toContainText('Le code est peut-être dans vos e-mails. Pour les lire, ouvrez « Ma messagerie ».');
  await expect(page.locator('#code-help')).toContainText('Votre démarche sera fermée. Vous devrez peut-être vous reconnecter ensuite.');
  await pad.getByRole('button', { name: 'Ouvrir Ma messagerie' }).click();
  await cabin.screen('catalog', 'start-messagerie');
  expect(host.record.closedDemarches).toBe(1);
  await expect(pad).toHaveCount(0);
  await page.locator('[data-start="laposte"]').click();
  await cabin.screen('browsing');
  expect(host.getState().context).toMatchObject({ demarcheId: 'messagerie', demarcheStartId: 'laposte' });
});

test('without « Ma messagerie » in the catalog, the keypad does not offer it', async ({ openCabin, page }) => {
  const cabin = await openCabin({ editConfig: (c) => ({ ...c, catalog: c.catalog.filter((d) => d.id !== 'messagerie') }) });
  await cabin.openDemarche('impots');
  cabin.host.focusTextField(true);
  await page.locator('[data-code-pad]').getByRole('button', { name: 'Je n’ai pas reçu de code' }).click();
  await expect(page.locator('#code-help')).toContainText('Attendez une minute.');
  await expect(page.locator('#code-help')).not.toContainText('Ma messagerie');
  await expect(page.locator('[data-action="open-mail"]')).toHaveCount(0);
});
