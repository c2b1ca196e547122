// Inactivity and presence: the machine's own timers (real, short ones from the config) end the
// session; the screens show the countdown and give the one way to stay.
import { expect, test } from './support/fixtures';

test('inactivity: a warning with a big countdown; "Je suis toujours là" keeps the session', async ({ openCabin, page }) => {
  test.setTimeout(240_000);
  // The machine's clock is simulated here, so that the warning waits for the checks (axe,
  // screenshot) however loaded the machine is; the next test runs the same path on real timers.
  const cabin = await openCabin({ timers: { inactivitySeconds: 40, warningSeconds: 35 }, clock: 'simulated' });
  const { host } = cabin;
  await cabin.startSession();

  // Touches are reported as ACTIVITY, at most once a second.
  // (A second without input first: the touch that started the session was reported already, and
  // five quick clicks on a fast machine all fall inside its second.)
  await page.waitForTimeout(1_100);
  const activities = () => host.record.sent.filter((e) => e.type === 'ACTIVITY').length;
  const before = activities();
  const started = Date.now();
  for (let i = 0; i < 5; i++) await page.getByRole('heading', { level: 1 }).click();
  const clickSeconds = (Date.now() - started) / 1000;
  // The report crosses the page binding asynchronously: wait for it.
  await expect.poll(activities).toBeGreaterThanOrEqual(before + 1);
  expect(activities() - before).toBeLessThanOrEqual(Math.ceil(clickSeconds) + 1);

  // No input for 40 s: the warning, as an alert dialog over everything.
  const dialog = page.getByRole('alertdialog');
  host.advance(39_000);
  await page.waitForTimeout(300);
  await expect(dialog).toHaveCount(0);
  host.advance(1_000);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText('Êtes-vous toujours là ?');
  const seconds = Number(await dialog.locator('[data-seconds]').getAttribute('data-seconds'));
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(35);
  await expect(dialog).toContainText(/Sans réponse, la session s’arrête dans \d+ secondes?\./);
  await expect.poll(() => host.record.areas.at(-1) ?? null).toBeNull();
  // The rest of the app is inert while the dialog is open.
  await expect(page.locator('.app-content')).toHaveAttribute('inert', '');
  // It counts down.
  await expect.poll(async () => Number(await dialog.locator('[data-seconds]').getAttribute('data-seconds'))).toBeLessThan(seconds);
  await cabin.check('inactivity-warning', { focus: 'dialog' });

  await cabin.press('Je suis toujours là');
  await expect(dialog).toHaveCount(0);
  await cabin.screen('catalog');
  expect(host.getState().idle).toBe('active');
  expect(host.record.endings).toEqual([]);
  // The focus comes back to the screen's heading.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('screen-title');
});

test('inactivity: nobody answers the warning, the machine ends the session and wipes', async ({ openCabin, page }) => {
  // Near the schema's minimums: a warning lasts 20 s at least (time to read it and answer), and
  // is shorter than the inactivity delay.
  const cabin = await openCabin({ timers: { inactivitySeconds: 21, warningSeconds: 20 } });
  const { host } = cabin;
  await cabin.openDemarche('caf');
  await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 45_000 });
  await expect(page.locator('main[data-screen]')).toHaveAttribute('data-screen', 'goodbye', { timeout: 45_000 });
  expect(host.record.endings).toEqual(['inactivity']);
  expect(host.record.wipes).toBe(1);
  expect(host.record.closedDemarches).toBe(1);
});

test('presence: the sensor wakes attract, an empty cabin ends the session', async ({ openCabin }) => {
  const cabin = await openCabin({ devices: { occupancy: 'present' }, timers: { vacantSeconds: 3 } });
  const { host } = cabin;
  await cabin.screen('attract');

  host.inject({ type: 'PRESENCE', occupied: true });
  await cabin.screen('welcome');
  // Leaving before starting: back to attract, nothing was created.
  host.inject({ type: 'PRESENCE', occupied: false });
  await cabin.screen('attract');

  host.inject({ type: 'PRESENCE', occupied: true });
  await cabin.screen('welcome');
  await cabin.press('Commencer');
  await cabin.screen('catalog');
  host.inject({ type: 'PRESENCE', occupied: false });
  // vacantSeconds later, the session ends by itself.
  await cabin.screen('goodbye');
  expect(host.record.endings).toEqual(['cabin-empty']);
});
