// The two waits a resident may glimpse: the cabin starting, and their space being prepared.
import { expect, test } from './support/fixtures';

test('booting, then attract; "preparing your space", then the catalog', async ({ openCabin, page }) => {
  const cabin = await openCabin({ holdBoot: true });
  const { host } = cabin;
  await cabin.screen('booting');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('La cabine démarre');
  await cabin.check('booting');
  host.release('boot');
  await cabin.screen('attract');

  host.controls.holdStart = true;
  await page.locator('.attract-touch').click();
  await cabin.press('Commencer');
  await cabin.screen('starting');
  // No toolbar yet: nothing to act on while the space is prepared.
  await expect(page.locator('nav')).toHaveCount(0);
  await cabin.check('starting');
  host.release('start');
  await cabin.screen('catalog');
});
