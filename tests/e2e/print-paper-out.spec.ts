// Printing that stops half-way, and documents never printed (issue 15):
// - no paper after 2 sheets of 4: the resident reads how many came out and to stay for an agent; only those 2 count;
//   after the wipe, the cabin waits on « Imprimante à vérifier avant la prochaine personne » until an agent's code.
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
  await cabin.press('Un exemplaire de plus');
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
