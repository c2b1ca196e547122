// Printer and scanner faults, a blocked site, no network: each as a plain sentence with what
// to do, and a way on. Fault codes come from the machine's vocabulary; the sentences from fr.json.
import { PRINT_FAULTS, SCAN_FAULTS } from '../../src/shared/session/types';
import { PRINT_FAULT_TEXT, SCAN_FAULT_TEXT } from '../../src/renderer/i18n/faults';
import { expect, test } from './support/fixtures';
import { locale } from './support/locales';

const fr = locale('fr');
const text = (key: string): string => fr(key);

test('a paper jam: what happened, call the referent, then try again', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  host.controls.printFaults = ['paper-jam'];
  await cabin.tool('print');
  await cabin.screen('print', 'confirming');
  await cabin.press(/Imprimer 2 pages/);
  await cabin.screen('print', 'fault-paper-jam');
  await expect(page.locator('[data-fault="paper-jam"]')).toHaveText('Le papier est coincé dans l’imprimante.');
  await expect(page.getByText('Ne touchez pas l’imprimante. Appelez un agent d’accueil.')).toBeVisible();
  // Calling the referent is the first, primary action.
  const actions = page.locator('main .actions button');
  await expect(actions.first()).toHaveText(/Appeler un agent d’accueil/);
  await cabin.check('print-fault-paper-jam');

  await actions.first().click();
  expect(host.record.referentCalls).toBe(1);
  await expect(page.locator('[data-banner="referent"]')).toHaveText('Un agent d’accueil est prévenu. Il arrive pour vous aider.');
  await expect(actions.first()).toHaveText(/L’agent d’accueil arrive/);

  // The referent cleared the jam: the same job goes again, and this time it prints.
  await cabin.press(/Réessayer/);
  await cabin.screen('print', 'done');
  await cabin.press('D’accord');
  await cabin.screen('browsing');
  expect(host.getState().context.counts.printJobs).toBe(1);
});

test('every printer fault has its sentence and its way out', async ({ openCabin, page }) => {
  test.setTimeout(240_000);
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  for (const fault of PRINT_FAULTS.filter((f) => f !== 'page-limit')) {
    host.controls.printFaults = [fault];
    await cabin.tool('print');
    await cabin.screen('print', 'confirming');
    await cabin.press(/Imprimer 2 pages/);
    await cabin.screen('print', `fault-${fault}`);
    await expect(page.locator(`[data-fault="${fault}"]`)).toHaveText(text(PRINT_FAULT_TEXT[fault].what));
    // No paper: « Restez ici : un agent d’accueil va remettre du papier. » with the sheets that came out (print-paper-out.spec.ts).
    await expect(page.getByText(text(fault === 'out-of-paper' ? 'print.paperOut.stay' : PRINT_FAULT_TEXT[fault].todo))).toBeVisible();
    await expect(page.getByRole('button', { name: /Réessayer/ })).toBeVisible();
    await cabin.press('Retour');
    await cabin.screen('browsing');
  }
});

test('the page limit: no retry, the referent decides', async ({ openCabin, page }) => {
  const cabin = await openCabin({ editConfig: (c) => ({ ...c, devices: { ...c.devices, printer: { pageLimitPerSession: 3 } } }) });
  const { host } = cabin;
  await cabin.openDemarche('impots');
  await cabin.tool('print');
  await cabin.screen('print', 'confirming');
  // Two pages, three allowed: one copy only.
  await expect(page.getByRole('button', { name: 'Une copie de plus' })).toBeDisabled();
  await cabin.press(/Imprimer 2 pages/);
  await cabin.screen('print', 'done');
  await cabin.press('D’accord');
  await cabin.screen('browsing');
  await cabin.tool('print');
  await cabin.screen('print', 'confirming');
  await expect(page.getByText('Pages encore possibles pour cette visite : 1')).toBeVisible();
  await cabin.press(/Imprimer 2 pages/);
  await cabin.screen('print', 'fault-page-limit');
  await expect(page.locator('[data-fault="page-limit"]')).toHaveText(text(PRINT_FAULT_TEXT['page-limit'].what));
  await expect(page.getByRole('button', { name: /Réessayer/ })).toHaveCount(0);
  await cabin.check('print-fault-page-limit');
  await cabin.press('Retour');
  await cabin.screen('browsing');
  expect(host.getState().context.counts.pagesPrinted).toBe(2);
});

test('every scanner fault has its sentence; "Réessayer" goes back to the glass', async ({ openCabin, page }) => {
  test.setTimeout(240_000);
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('caf');
  for (const fault of SCAN_FAULTS) {
    host.controls.scanFaults = [fault];
    await cabin.tool('scan');
    await cabin.press('Un document');
    await cabin.screen('scan', 'ready');
    await cabin.press('Scanner');
    await cabin.screen('scan', `fault-${fault}`);
    await expect(page.locator(`[data-fault="${fault}"]`)).toHaveText(text(SCAN_FAULT_TEXT[fault].what));
    await expect(page.getByText(text(SCAN_FAULT_TEXT[fault].todo))).toBeVisible();
    if (fault === 'cover-open') await cabin.check('scan-fault-cover-open');
    await cabin.press(/Réessayer/);
    await cabin.screen('scan', 'ready');
    await cabin.press('Annuler');
    await cabin.screen('browsing');
  }
});

test('a blocked site says why and leads back; no network offers to try again', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('ameli');

  host.inject({ type: 'NAVIGATION_BLOCKED', host: 'www.exemple-publicite.com' });
  await cabin.screen('blocked');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce site n’est pas disponible ici');
  await expect(page.locator('.host')).toHaveText('www.exemple-publicite.com');
  await expect.poll(() => host.record.areas.at(-1)).toBeNull();
  await cabin.check('blocked');
  await cabin.press('Revenir à la page d’avant');
  await cabin.screen('browsing');
  expect(host.getState().context.blockedHost).toBeNull();

  host.inject({ type: 'NETWORK_DOWN' });
  await cabin.screen('offline');
  await cabin.check('offline');
  await cabin.press('Réessayer');
  await cabin.screen('browsing');
  expect(host.record.reloads).toBe(1);

  // Back online by itself.
  host.inject({ type: 'NETWORK_DOWN' });
  await cabin.screen('offline');
  host.inject({ type: 'NETWORK_UP' });
  await cabin.screen('browsing');
  expect(host.record.reloads).toBe(2);
});
