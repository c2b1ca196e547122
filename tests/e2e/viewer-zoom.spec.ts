// Issue 15: an avis d'impôt fitted to the box has ~8 px text. Agrandir / Réduire zoom the page, drawn at the
// zoomed size, in a box that scrolls both ways; another page starts whole again.
import { expect, test } from './support/fixtures';

test('the viewer zooms a PDF page, the box scrolls, and turning the page resets the zoom', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('impots');

  const id = await host.addDownload('avis-impot-2025.pdf', 3);
  host.inject({ type: 'DOWNLOAD_DONE', documentId: id, isPdf: true });
  await cabin.screen('viewer');
  const canvas = page.locator('canvas.pdf-canvas[data-rendered="true"]');
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveAttribute('dir', 'ltr');
  await expect(page.getByText('Page 1 sur 3')).toBeVisible();

  const box = page.locator('.pdf-page-box');
  const level = page.locator('.pdf-zoom-level');
  const zoomIn = page.getByRole('button', { name: 'Agrandir', exact: true });
  const zoomOut = page.getByRole('button', { name: 'Réduire', exact: true });
  const normal = page.getByRole('button', { name: 'Taille normale', exact: true });

  // Whole page: 100 %, nothing to reduce, nothing to scroll.
  await expect(level).toHaveText('100 %');
  await expect(level).toHaveAttribute('aria-live', 'polite');
  await expect(zoomOut).toBeDisabled();
  await expect(normal).toBeDisabled();
  const fitted = (await canvas.boundingBox())!;
  expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  await cabin.press('Agrandir');
  await expect(level).toHaveText('150 %');
  await cabin.press('Agrandir');
  await expect(level).toHaveText('200 %');
  await expect(zoomOut).toBeEnabled();
  await expect(normal).toBeEnabled();

  // Drawn at the zoomed size (its pixels, not a CSS stretch), wider than its box, which scrolls.
  await expect(canvas).toBeVisible();
  await expect.poll(async () => (await canvas.boundingBox())!.width).toBeGreaterThan(fitted.width * 1.9);
  const sizes = await page.locator('canvas.pdf-canvas').evaluate((c: HTMLCanvasElement) => ({
    pixels: c.width,
    css: c.getBoundingClientRect().width,
    ratio: window.devicePixelRatio,
  }));
  expect(sizes.pixels).toBeGreaterThanOrEqual(Math.floor(sizes.css * sizes.ratio) - 1);
  // On the cabin's 1920×1080 screen the whole page is ~400 px wide: at 200 % it still fits the box's width, and the
  // box scrolls down the page.
  const scroll = await box.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight }));
  expect(scroll.sh).toBeGreaterThan(scroll.ch);
  await cabin.check('viewer-zoom', { focus: 'none' });

  // On a narrower box (a portrait screen), the page at 200 % is wider than its box, which scrolls both ways.
  await page.setViewportSize({ width: 1080, height: 1920 });
  await expect(level).toHaveText('200 %');
  await expect
    .poll(() =>
      box.evaluate(
        (el) =>
          el.scrollWidth > el.clientWidth && el.scrollHeight > el.clientHeight && el.querySelector('canvas')!.getBoundingClientRect().width > el.clientWidth,
      ),
    )
    .toBe(true);
  await box.evaluate((el) => el.scrollTo({ left: 200, top: 300 }));
  expect(await box.evaluate((el) => [el.scrollLeft, el.scrollTop])).toEqual([200, 300]);
  await page.setViewportSize({ width: 1920, height: 1080 });

  // Up to 300 %, where Agrandir is disabled (not hidden); back down to 100 %.
  await cabin.press('Agrandir');
  await expect(level).toHaveText('300 %');
  await expect(zoomIn).toBeDisabled();
  await expect(zoomIn).toBeVisible();
  await cabin.press('Réduire');
  await cabin.press('Réduire');
  await cabin.press('Réduire');
  await expect(level).toHaveText('100 %');
  await expect(zoomOut).toBeDisabled();
  await expect(zoomOut).toBeVisible();
  await expect(zoomIn).toBeEnabled();

  // Zoomed, then the next page: whole again, from the top.
  await cabin.press('Agrandir');
  await cabin.press('Agrandir');
  await expect(level).toHaveText('200 %');
  await cabin.press('Page suivante');
  await expect(page.getByText('Page 2 sur 3')).toBeVisible();
  await expect(level).toHaveText('100 %');
  await expect(zoomOut).toBeDisabled();
  await expect(canvas).toBeVisible();
  await expect.poll(async () => Math.round((await canvas.boundingBox())!.width)).toBe(Math.round(fitted.width));
  expect(await box.evaluate((el) => [el.scrollLeft, el.scrollTop])).toEqual([0, 0]);
});
