// Before "Terminer" erases everything: what is about to go (the session's documents, with a way to see them first)
// and what the machines may still hold (paper on the scanner's glass, in the printer's tray).
import { expect, test } from './support/fixtures';

test('ending with documents: the question says how many will be erased, lets you see them, and reminds you of your papers', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');
  const id = await host.addDownload('avis-impot-2025.pdf', 2);
  host.inject({ type: 'DOWNLOAD_DONE', documentId: id, isPdf: false });

  await cabin.tool('end');
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('[data-confirm-end="documents"]')).toContainText('1 document est encore dans « Mes documents » : il sera effacé.');
  await expect(dialog.locator('[data-confirm-end="papers"]')).toHaveText(/Reprenez vos papiers : sur la vitre du scanner et dans le bac de l’imprimante\./);
  await cabin.check('confirm-end-documents', { focus: 'none' });

  // "Voir mes documents": the question closes, the documents open; nothing was erased.
  await cabin.press(/Voir mes documents/);
  await cabin.screen('documents');
  await expect(page.locator(`[data-document="${id}"]`)).toBeVisible();
  expect(host.record.wipes).toBe(0);

  await cabin.tool('end');
  await cabin.press('Oui, terminer et tout effacer');
  await cabin.screen('goodbye');
  expect(host.record.wipes).toBe(1);
});

test('ending with no document: no count, the reminder about papers still there', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.openDemarche('impots');
  // « J'ai fini » is the last button of the bar, framed rather than filled red; staff access there is a lock alone.
  const tools = await page.locator('nav [data-tool]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tool')));
  expect(tools.at(-1)).toBe('end');
  await expect(page.locator('[data-tool="end"]')).toHaveText('J’ai fini');
  await expect(page.locator('[data-tool="staff"]')).toHaveAccessibleName('Accès réservé au personnel');
  await expect(page.locator('[data-tool="staff"] span')).toHaveClass('visually-hidden');
  await cabin.tool('end');
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('[data-confirm-end="documents"]')).toHaveCount(0);
  await expect(dialog.locator('[data-confirm-end="papers"]')).toBeVisible();
  await cabin.press('Non, continuer');
  await cabin.screen('browsing');
});
