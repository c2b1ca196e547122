// Referent and technician: PIN pad, lockout, assisted session, maintenance with diagnostics and
// tests, out of service. The codes are checked against the config's scrypt hashes.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { REFERENT_PIN, TECHNICIAN_CODE } from './support/machine-host';
import { defaultConfig } from '../../src/shared/config/default-config';

async function typePin(page: Page, code: string) {
  for (const d of code) await page.locator(`.numeric-pad [data-key="${d}"]`).click();
  await page.getByRole('button', { name: 'Valider' }).click();
}

test('call a referent, wrong PIN, right PIN: the session goes on, assisted', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('caf');

  await cabin.tool('referent');
  await expect(page.locator('[data-banner="referent"]')).toHaveText('Un agent d’accueil est prévenu. Il arrive pour vous aider.');
  expect(host.record.referentCalls).toBe(1);
  await cabin.check('referent-called', { focus: 'none' });

  await cabin.tool('staff');
  const pad = page.getByRole('dialog');
  await expect(pad.getByRole('heading')).toHaveText('Accès agent d’accueil');
  await expect.poll(() => host.record.areas.at(-1)).toBeNull();
  await cabin.check('unlock-pad', { focus: 'dialog' });

  await typePin(page, '1111');
  await expect(pad.locator('[data-unlock="rejected"]')).toHaveText('Code incorrect.');
  // The code itself never reaches the machine's context.
  expect(JSON.stringify(host.getState())).not.toContain('1111');
  expect(host.getState().context.unlock.failures).toBe(1);

  await typePin(page, REFERENT_PIN);
  await expect(pad).toHaveCount(0);
  await expect(page.locator('[data-banner="assisted"]')).toHaveText('Session accompagnée par un agent d’accueil');
  await expect(page.locator('[data-banner="referent"]')).toHaveCount(0);
  expect(host.getState().context).toMatchObject({ assisted: true, referentCall: 'idle' });
  await cabin.screen('browsing');
  await cabin.check('assisted', { focus: 'heading' });
});

test('the referent unlocks from attract: an assisted session starts', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.screen('attract');
  await cabin.press('Accès réservé au personnel');
  await typePin(page, REFERENT_PIN);
  await cabin.screen('catalog');
  await expect(page.locator('[data-banner="assisted"]')).toBeVisible();
  expect(cabin.host.getState().context.assisted).toBe(true);
});

test('too many wrong codes lock the pad out, with the time left', async ({ openCabin, page }) => {
  const cabin = await openCabin({ editConfig: (c) => ({ ...c, security: { ...c.security, lockout: { maxAttempts: 3, minutes: 1 } } }) });
  await cabin.screen('attract');
  await cabin.press('Accès réservé au personnel');
  for (const wrong of ['1', '22', '333']) await typePin(page, wrong);
  const pad = page.getByRole('dialog');
  await expect(pad.locator('[data-unlock="locked"]')).toHaveText(/^Trop d’essais\. Réessayez dans [01]:\d\d\.$/);
  expect(cabin.host.getState().unlock).toBe('lockedOut');
  await expect(pad.locator('.numeric-pad [data-key="1"]')).toBeDisabled();
  await cabin.check('unlock-lockout', { focus: 'none' });
  // Even the right code is not checked while locked out.
  await page.keyboard.type(REFERENT_PIN);
  await expect(pad.getByRole('button', { name: 'Valider' })).toBeDisabled();
  await cabin.press('Fermer');
  await cabin.screen('attract');
});

test('technician: maintenance with live devices, diagnostics, test print and scan, then leave (wipe)', async ({ openCabin, page }) => {
  const cabin = await openCabin({ devices: { printer: 'present', scanner: 'present' } });
  const { host } = cabin;
  await cabin.screen('attract');
  await cabin.press('Accès réservé au personnel');
  await page.getByRole('button', { name: 'Technicien' }).click();
  await expect(page.getByRole('dialog').getByRole('heading')).toHaveText('Accès technicien');
  await typePin(page, TECHNICIAN_CODE);
  await cabin.screen('maintenance');

  const diagnostics = page.locator('[data-diagnostics]');
  await expect(diagnostics).toContainText('04f9:0042');
  await expect(diagnostics).toContainText('test:0');
  await expect(page.locator('[data-config="ok"]')).toHaveText('La configuration est valide.');
  await expect(page.locator('[data-device="printer"]')).toHaveAttribute('data-presence', 'present');
  // In words, agreeing with every device ("Imprimante : en place"), never CUPS's or our own English values.
  await expect(page.locator('[data-device="printer"] dd')).toHaveText('en place');
  const deviceTable = diagnostics.getByRole('table', { name: 'Appareils', exact: true });
  await expect(deviceTable.locator('tbody th')).toHaveText(['Imprimante', 'Scanner', 'Capteur de présence', 'Lecteur de badge']);
  await expect(deviceTable.locator('tbody')).not.toContainText(/present|absent|unknown/);
  await expect(diagnostics).toContainText('Cabine — prête');
  await expect(diagnostics).not.toContainText(/\bidle\b|\(none\)/);
  await cabin.check('maintenance');

  // Live: a device unplugged shows at once.
  host.inject({ type: 'DEVICES_CHANGED', devices: { printer: 'absent' } });
  await expect(page.locator('[data-device="printer"] dd')).toHaveText('introuvable');
  host.inject({ type: 'DEVICES_CHANGED', devices: { printer: 'present' } });

  await page.getByRole('button', { name: 'Imprimer une page de test' }).click();
  await expect(page.locator('[data-test-result="ok"]')).toContainText('Page de test imprimée.');
  await page.getByRole('button', { name: 'Scanner une page de test' }).click();
  await expect(page.locator('[data-test-result="ok"]')).toContainText('Scan de test réussi.');
  await expect(page.getByRole('img', { name: 'Aperçu du scan de test' })).toBeVisible();

  host.controls.testPrintFault = 'out-of-paper';
  await page.getByRole('button', { name: 'Imprimer une page de test' }).click();
  await expect(page.locator('[data-test-result="failed"]')).toContainText('L’imprimante n’a plus de papier. (out-of-paper)');

  await cabin.press('Quitter la maintenance');
  await cabin.screen('attract');
  expect(host.record.wipes).toBe(1);
});

test('a technician taking over a session ends it (wiped) and lands in maintenance', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.openDemarche('impots');
  await cabin.tool('staff');
  await page.getByRole('button', { name: 'Technicien' }).click();
  await typePin(page, TECHNICIAN_CODE);
  await cabin.screen('maintenance');
  expect(cabin.host.record.endings).toEqual(['technician']);
  expect(cabin.host.record.wipes).toBe(1);
});

test('out of service (invalid config): calm for residents, the reasons for the technician', async ({ openCabin, page }) => {
  // A config with the PIN pasted in clear and an empty catalog.
  const raw = structuredClone(defaultConfig) as Record<string, unknown>;
  raw.catalog = [];
  raw.security = { ...(raw.security as object), referentPinHash: '2468' };
  const cabin = await openCabin({ rawConfig: raw });
  await cabin.screen('outOfService');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cabine momentanément indisponible');
  // Residents are told where else to go, and which numbers help.
  const elsewhere = page.locator('[data-help="elsewhere"]');
  await expect(elsewhere.locator('[data-help="place"]')).toHaveText(/^Pour votre démarche, /);
  await expect(elsewhere.locator('[data-phone="3939"]')).toContainText('39 39');
  // The technician's details are folded away.
  await expect(page.locator('details')).not.toHaveAttribute('open');
  await expect(page.getByText('La configuration n’est pas valide.')).toBeHidden();
  await cabin.check('out-of-service');

  await page.getByText('Informations pour le technicien').click();
  await expect(page.locator('[data-reason-text]')).toHaveText('La configuration n’est pas valide.');
  // The configuration's paths and values are not for anyone who opens the fold: the technician reads them on the machine.
  await expect(page.locator('main')).not.toContainText('security.referentPinHash');
  await expect(page.locator('main')).not.toContainText('2468');
  await expect(page.locator('details')).toContainText('cabine doctor');
  await cabin.check('out-of-service-technician', { focus: 'none' });

  // Only a technician's code is asked for here.
  await page.getByRole('button', { name: 'Accès technicien' }).click();
  await expect(page.getByRole('dialog').getByRole('heading')).toHaveText('Accès technicien');
  await expect(page.getByRole('button', { name: 'Référent', exact: true })).toHaveCount(0);
});

test('out of service (an essential device is missing) names the reason', async ({ openCabin, page }) => {
  const cabin = await openCabin({
    devices: { printer: 'absent' },
    editConfig: (c) => ({
      ...c,
      devices: { ...c.devices, printer: { essential: true } },
      help: { place: { fr: 'Accueil de la mairie, rez-de-chaussée' }, hours: { fr: 'du lundi au vendredi, 9 h – 12 h et 14 h – 17 h' } },
    }),
  });
  await cabin.screen('outOfService');
  // Where else to go, and when it is open.
  await expect(page.locator('[data-help="place"]')).toHaveText('Pour votre démarche, allez à l’accueil : Accueil de la mairie, rez-de-chaussée');
  await expect(page.locator('[data-help="hours"]')).toHaveText('Ouvert du lundi au vendredi, 9 h – 12 h et 14 h – 17 h.');
  await page.getByText('Informations pour le technicien').click();
  await expect(page.locator('[data-reason-text]')).toHaveText('Un appareil indispensable est absent.');
});

test('updating (the system installs updates between two residents): calm, nothing to start, a technician may still come in', async ({ openCabin, page }) => {
  const cabin = await openCabin({ editConfig: (c) => ({ ...c, cabin: { ...c.cabin, place: 'Mairie, rez-de-chaussée' } }) });
  await cabin.screen('attract');
  cabin.host.actor.send({ type: 'UPDATE_PENDING' });
  await cabin.screen('updating');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mise à jour en cours');
  await expect(page.getByRole('status')).toHaveText('La cabine installe une mise à jour. Elle sera prête dans quelques minutes.');
  await expect(page.locator('main')).toContainText('Mairie, rez-de-chaussée');
  await cabin.check('updating');
  // A resident touching the screen starts nothing.
  await page.mouse.click(400, 400);
  await cabin.screen('updating');
  cabin.host.actor.send({ type: 'UPDATE_DONE' });
  await cabin.screen('attract');
});
