// Printing that stops half-way, and documents never printed (issue 15):
// - no paper after 2 sheets of 4: the resident reads how many came out and to stay for an agent; only those 2 count;
//   after the wipe, the cabin waits on « Imprimante à vérifier avant la prochaine personne » until an agent's code;
// - the end question lists the PDFs no print job completed, each with « Imprimer »; after printing, the question again.
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { REFERENT_PIN } from './support/machine-host';

async function typePin(page: Page, code: string) {
  for (const d of code) await page.locator(`.numeric-pad [data-key="${d}"]`).click();
  await page.getByRole('button', { name: 'Valider' }).click();
}

test('paper out after 2 sheets of 4: what came out, stay here; only 2 pages count; the printer waits for an agent', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  // The page prints as 2 pages; 2 copies. The printer stops after 2 sheets: CUPS then says the paper ran out.
  host.controls.printHoldAfter = 2;
  await cabin.tool('print');
  await cabin.screen('print', 'confirming');
  await cabin.press('Une copie de plus');
  await cabin.press(/Imprimer 4 pages/);
  await cabin.screen('print', 'sending');
  await expect(page.getByRole('status')).toHaveText('Page 2 sur 4');
  host.inject({ type: 'PRINT_FAILED', fault: 'out-of-paper' });

  await cabin.screen('print', 'fault-out-of-paper');
  await expect(page.locator('[data-fault="out-of-paper"]')).toHaveText('L’imprimante n’a plus de papier.');
  await expect(page.locator('[data-pages-out]')).toHaveText('2 pages sur 4 sont sorties.');
  await expect(page.getByText('Restez ici : un agent d’accueil va remettre du papier.')).toBeVisible();
  await cabin.check('print-paper-out');
  // The 2 sheets that did not come out are given back to the session.
  expect(host.getState().context.counts).toMatchObject({ pagesPrinted: 2, printJobs: 0 });
  expect(host.getState().context.printerToCheck).toBe(true);

  await cabin.press('Retour');
  await cabin.screen('browsing');
  await cabin.tool('end');
  await cabin.press('Oui, terminer et tout effacer');
  await cabin.screen('goodbye');
  await cabin.press('Revenir à l’accueil');

  // Not attract: the next person would find the rest of the job in the tray once paper is back.
  await cabin.screen('printerCheck');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Imprimante à vérifier avant la prochaine personne');
  await expect(page.locator('[data-printer-check="staff"]')).toHaveText(
    'Agent d’accueil : ouvrez l’imprimante. Retirez les feuilles restées dedans. Remettez du papier. Puis entrez votre code.',
  );
  await cabin.check('printer-check');
  expect(host.getState().context).toMatchObject({ sessionId: null, counts: { pagesPrinted: 0 }, printerToCheck: true });
  // A touch does not open the cabin.
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await cabin.screen('printerCheck');

  await cabin.press('Entrer mon code');
  await typePin(page, REFERENT_PIN);
  await cabin.screen('attract');
  expect(host.getState().context.printerToCheck).toBe(false);
});

test('the end question lists the documents never printed; « Imprimer » prints one, then the question again', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  const avis = await host.addDownload('avis-impot-2025.pdf', 2);
  await host.addDownload('attestation-caf.pdf', 1);
  host.inject({ type: 'DOWNLOAD_DONE', documentId: avis, isPdf: false });

  await cabin.tool('end');
  const dialog = page.getByRole('dialog');
  const unprinted = dialog.locator('[data-confirm-end="never-printed"]');
  await expect(unprinted).toContainText('2 documents n’ont jamais été imprimés');
  await expect(unprinted.locator('li')).toHaveText([/avis-impot-2025\.pdf/, /attestation-caf\.pdf/]);
  await expect(dialog.locator('[data-confirm-end="papers"]')).toBeVisible();
  await cabin.check('confirm-end-never-printed', { focus: 'none' });

  // « Imprimer » opens the usual print flow for that document.
  await dialog.getByRole('button', { name: 'Imprimer : avis-impot-2025.pdf' }).click();
  await cabin.screen('print', 'confirming');
  await expect(page.locator('main')).toContainText('avis-impot-2025.pdf');
  await cabin.press(/Imprimer 2 pages/);
  await cabin.screen('print', 'done');
  await cabin.press('D’accord');

  // Back to the question the resident was answering, one document fewer.
  await cabin.screen('browsing');
  await expect(unprinted).toContainText('1 document n’a jamais été imprimé');
  await expect(unprinted.locator('li')).toHaveText([/attestation-caf\.pdf/]);
  await expect(dialog.locator('[data-confirm-end="papers"]')).toBeVisible();

  // A print of the démarche's page does not count as printing a document.
  await cabin.press('Non, continuer');
  await cabin.tool('print');
  await cabin.press(/Imprimer 2 pages/);
  await cabin.screen('print', 'done');
  await cabin.press('D’accord');
  await cabin.screen('browsing');
  await expect(dialog).toHaveCount(0); // only « Imprimer » from the question brings it back
  await cabin.tool('end');
  await expect(unprinted).toContainText('1 document n’a jamais été imprimé');
  await cabin.press('Oui, terminer et tout effacer');
  await cabin.screen('goodbye');
  // Every job completed: nothing to check in the printer.
  await cabin.press('Revenir à l’accueil');
  await cabin.screen('attract');
});

test('no printer in the config: no list of documents never printed', async ({ openCabin, page }) => {
  const cabin = await openCabin({ editConfig: (c) => ({ ...c, devices: { ...c.devices, printer: { ...c.devices?.printer, enabled: false } } }) });
  const { host } = cabin;
  await cabin.openDemarche('impots');
  const id = await host.addDownload('avis-impot-2025.pdf', 2);
  host.inject({ type: 'DOWNLOAD_DONE', documentId: id, isPdf: false });
  await cabin.tool('end');
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('[data-confirm-end="documents"]')).toBeVisible();
  await expect(dialog.locator('[data-confirm-end="never-printed"]')).toHaveCount(0);
  await expect(dialog.locator('[data-confirm-end="papers"]')).toBeVisible();
});
