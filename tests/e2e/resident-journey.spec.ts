// A resident's whole visit, as the real session machine runs it: start → consent → démarche →
// scan → the site asks for a file → our picker → print → Mes documents and the viewer →
// Terminer → erasing → receipt → attract. Every screen: focus on its heading, axe clean, a screenshot.
import { expect, test } from './support/fixtures';

test('the whole resident journey, screen by screen', async ({ openCabin, page }) => {
  test.setTimeout(600_000);
  // The receipt stays up long enough to be checked on a loaded machine.
  const cabin = await openCabin({ wipe: 'manual', timers: { receiptSeconds: 120 } });
  const { host } = cabin;

  // Attract: the commune, one thing to do.
  await cabin.screen('attract');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Commune de démonstration');
  await cabin.check('attract');

  // Welcome: what the cabin keeps (nothing), the language, one decision.
  await page.locator('.attract-touch').click();
  await cabin.screen('welcome');
  await expect(page.getByText('Quand vous avez fini, tout est effacé.')).toBeVisible();
  await cabin.check('welcome');
  await cabin.press('Commencer');

  // Catalog: one card per démarche, with what to prepare.
  await cabin.screen('catalog');
  await expect(page.locator('[data-demarche]')).toHaveCount(7);
  await expect(page.locator('[data-demarche="caf"]')).toContainText('Votre numéro allocataire');
  await cabin.check('catalog');
  await page.locator('[data-demarche="impots"]').click();

  // The démarche: our toolbar, and an empty area main fills with the site.
  await cabin.screen('browsing');
  expect(host.record.openedDemarches).toEqual(['impots']);
  await expect.poll(() => host.record.areas.at(-1)).toMatchObject({ x: 0, width: 1920 });
  const area = host.record.areas.at(-1)!;
  expect(area.y).toBeGreaterThan(50);
  expect(area.y + area.height).toBe(1080);
  await cabin.check('demarche');

  // Scan: a document (not a card), place it, then one question at a time: readable? another page? (issue 15)
  await cabin.tool('scan');
  await cabin.screen('scan', 'choosing');
  await cabin.check('scan-choosing');
  await cabin.press('Un document');
  await cabin.screen('scan', 'ready');
  await expect.poll(() => host.record.areas.at(-1)).toBeNull();
  await expect(page.getByText('Posez le document, face vers la vitre.')).toBeVisible();
  await cabin.check('scan-ready');
  host.controls.holdScan = true;
  await cabin.press('Scanner');
  await cabin.screen('scan', 'acquiring');
  await cabin.check('scan-acquiring');
  host.controls.holdScan = false;
  host.release('scan');
  await cabin.screen('scan', 'readable-1');
  await expect(page.locator('img[data-preview-page="0"]')).toBeVisible();
  await cabin.check('scan-review');
  await cabin.press('Oui');
  await cabin.screen('scan', 'another-1');
  await cabin.press(/Oui, une autre page/);
  await cabin.screen('scan', 'readable-2');
  await expect(page.locator('img[data-preview-page="1"]')).toBeVisible();
  await cabin.press(/Refaire cette page/);
  await cabin.screen('scan', 'readable-2');
  await cabin.press('Oui');
  await cabin.screen('scan', 'another-2');
  await cabin.press(/Non, c’est fini/);
  await cabin.screen('browsing');
  expect(host.documents()).toEqual([expect.objectContaining({ kind: 'scan', pages: 2, mime: 'application/pdf' })]);
  const scanId = host.documents()[0]!.id;

  // The site asks for a file: our picker, this session's documents only.
  host.inject({ type: 'FILE_CHOOSER_OPENED', accept: ['application/pdf', '.pdf'], multiple: false });
  await cabin.screen('picker');
  await expect.poll(() => host.record.areas.at(-1)).toBeNull();
  await page.locator(`[data-document="${scanId}"]`).click();
  await expect(page.locator(`[data-document="${scanId}"]`)).toHaveAttribute('aria-pressed', 'true');
  await cabin.check('file-picker', { focus: 'none' });
  await cabin.press('Envoyer ce document');
  await cabin.screen('browsing');
  expect(host.record.filesSet).toEqual([[scanId]]);

  // Print the page: preview, pages, copies, progress, done.
  await cabin.tool('print');
  await cabin.screen('print', 'confirming');
  await expect(page.locator('[data-pages]')).toHaveText('2 pages');
  // The preview is the PDF that will print, drawn by pdf.js.
  await expect(page.locator('.print-preview canvas[data-rendered="true"]')).toBeVisible();
  await cabin.press('Une copie de plus');
  await expect(page.locator('[data-copies]')).toHaveText('2');
  await cabin.check('print-confirm', { focus: 'none' });
  host.controls.printHoldAfter = 1;
  await cabin.press(/Imprimer 4 pages/);
  await cabin.screen('print', 'sending');
  await expect(page.getByRole('status')).toHaveText('Page 1 sur 4');
  await cabin.check('print-progress');
  host.controls.printHoldAfter = null;
  host.release('print');
  await cabin.screen('print', 'done');
  await expect(page.getByText('Prenez vos feuilles dans l’imprimante.')).toBeVisible();
  await cabin.check('print-done');
  // The "done" screen stays until the resident answers « D’accord » (a slow reader must not see it vanish).
  await page.waitForTimeout(4500);
  await cabin.screen('print', 'done');
  await cabin.press('D’accord');
  await cabin.screen('browsing');
  expect(host.getState().context.counts).toMatchObject({ pagesPrinted: 4, printJobs: 1, scans: 1, pagesScanned: 2 });

  // Mes documents, and our PDF viewer (pdf.js draws the real scanned PDF).
  await cabin.tool('documents');
  await cabin.screen('documents');
  await expect(page.locator(`[data-document="${scanId}"] canvas[data-rendered="true"]`)).toBeVisible();
  await cabin.check('documents');
  await page.locator(`[data-document="${scanId}"]`).getByRole('button', { name: /^Voir/ }).click();
  await cabin.screen('viewer');
  await expect(page.locator('canvas.pdf-canvas[data-rendered="true"]')).toBeVisible();
  await expect(page.getByText('Page 1 sur 2')).toBeVisible();
  await cabin.check('viewer');
  await cabin.press('Page suivante');
  await expect(page.getByText('Page 2 sur 2')).toBeVisible();
  // The canvas really has the scanned page drawn in it (not blank).
  const inked = await page.locator('canvas.pdf-canvas[data-rendered="true"]').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
    return dark / (data.length / 4);
  });
  expect(inked).toBeGreaterThan(0.01);
  await cabin.press(/Retour à mes documents/);
  await cabin.screen('documents');
  await cabin.press(/Revenir à la démarche/);
  await cabin.screen('browsing');

  // Terminer: one question, then the wipe, then its receipt.
  await cabin.tool('end');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect.poll(() => host.record.areas.at(-1)).toBeNull();
  await cabin.check('end-confirm', { focus: 'dialog' });
  await cabin.press('Oui, terminer et tout effacer');
  await cabin.screen('ending');
  await cabin.check('end-wiping');
  expect(host.record.endings).toEqual(['resident']);
  host.releaseWipe();
  await cabin.screen('goodbye');
  const receipt = page.locator('[data-receipt]');
  // What the resident reads: why it ended, and that everything is erased; the numbers are folded for the staff.
  await expect(page.locator('[data-ending-reason="resident"]')).toHaveText('Vous avez terminé votre session.');
  await expect(receipt.getByRole('heading')).toHaveText('Tout est effacé ✓');
  await expect(receipt.locator('[data-receipt-item="documents"]')).toBeHidden();
  await cabin.check('end-receipt');
  await receipt.getByText('Détails pour l’agent').click();
  await expect(receipt.locator('[data-receipt-item="documents"]')).toHaveText('Documents : 1');
  await expect(receipt.locator('[data-receipt-item="scans"]')).toHaveText('Documents scannés : 1');
  await expect(receipt.locator('[data-receipt-item="printJobs"]')).toHaveText('Impressions : 1');
  await expect(page.getByText('Merci, vous pouvez sortir')).toBeVisible();
  expect(host.documents()).toEqual([]);

  // Back to attract, with nothing of the session left on screen.
  await cabin.press('Revenir à l’accueil');
  await cabin.screen('attract');
  expect(host.getState().context).toMatchObject({ sessionId: null, demarcheId: null, counts: { pagesPrinted: 0, scans: 0 } });
});

test('a PDF the site downloads opens in our viewer, and a refused download is explained', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');

  const id = await host.addDownload('avis-impot-2025.pdf', 3);
  host.inject({ type: 'DOWNLOAD_DONE', documentId: id, isPdf: true });
  await cabin.screen('viewer');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('avis-impot-2025.pdf');
  await expect(page.locator('canvas.pdf-canvas[data-rendered="true"]')).toBeVisible();
  await expect(page.getByText('Page 1 sur 3')).toBeVisible();
  await cabin.check('viewer-download');

  // Print it from the viewer: the document, not the page; then back to the viewer.
  await cabin.tool('print');
  await cabin.screen('print', 'confirming');
  expect(host.getState().context.print.target).toEqual({ kind: 'document', documentId: id });
  await expect(page.locator('[data-pages]')).toHaveText('3 pages');
  await cabin.press('Annuler');
  await cabin.screen('viewer');
  await cabin.press(/Retour à mes documents/);
  await cabin.screen('documents');
  await cabin.press(/Revenir à la démarche/);
  await cabin.screen('browsing');

  host.inject({ type: 'DOWNLOAD_REFUSED', reason: 'dangerous-type' });
  const banner = page.locator('[data-banner="download-refused"]');
  await expect(banner).toContainText('Ce fichier n’a pas été gardé.');
  // The banner sits above the démarche area, which shrinks to leave it visible.
  await expect.poll(() => host.record.areas.at(-1)?.y).toBeGreaterThan(150);
  await cabin.check('download-refused', { focus: 'none' });
  await cabin.press('J’ai compris');
  await expect(banner).toHaveCount(0);
});

test('a site asking for a login and password (HTTP) is explained calmly, with the way out; leaving the démarche forgets it', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');

  host.inject({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
  const banner = page.locator('[data-banner="auth-refused"]');
  await expect(banner).toContainText('Ce site demande un identifiant et un mot de passe.');
  await expect(banner).toContainText('Revenez à la page d’avant, ou appelez un agent d’accueil');
  await expect(banner.locator('.host')).toHaveText('intranet.example.fr');
  await cabin.screen('browsing'); // the page stays, under the banner
  await expect.poll(() => host.record.areas.at(-1)?.y).toBeGreaterThan(150);
  await cabin.check('auth-refused', { focus: 'none' });
  await cabin.press('J’ai compris');
  await expect(banner).toHaveCount(0);

  // Another site asking shows it again; Accueil leaves the démarche and the banner with it.
  host.inject({ type: 'AUTH_REFUSED', host: 'extranet.example.fr' });
  await expect(banner.locator('.host')).toHaveText('extranet.example.fr');
  await cabin.tool('home');
  await cabin.press('Oui');
  await cabin.screen('catalog');
  await expect(banner).toHaveCount(0);
  expect(host.getState().context.authRefusedHost).toBeNull();
});

test('documents: empty list, then Scanner from Mes documents comes back to it', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.openDemarche('caf');
  await cabin.tool('documents');
  await cabin.screen('documents');
  await expect(page.locator('[data-empty="documents"]')).toBeVisible();
  await cabin.check('documents-empty');
  await cabin.press(/Scanner un document/);
  await cabin.press('Un document');
  await cabin.screen('scan', 'ready');
  await cabin.press('Scanner');
  await cabin.screen('scan', 'readable-1');
  await cabin.press('Oui');
  await cabin.press(/Non, c’est fini/);
  await cabin.screen('documents');
  await expect(page.locator('.document-card')).toHaveCount(1);
});
