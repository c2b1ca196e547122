// The real app under Playwright's `_electron`: it starts on the embedded default config and shows
// the attract screen in a locked-down kiosk window. Skipped, with the reason, without an Electron binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test, expect, _electron as electron } from '@playwright/test';
import { findElectron, REPO_ROOT } from './electron-binary';

const found = findElectron();
if ('missing' in found) console.log(`Electron suite skipped: ${found.missing}`);

test.describe('the Electron app', () => {
  test.skip('missing' in found, 'missing' in found ? found.missing : '');

  test.beforeAll(() => {
    if (!existsSync(path.join(REPO_ROOT, 'out', 'main', 'main.js'))) {
      const r = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('electron-vite build failed');
    }
  });

  test('launches to the attract screen, in a kiosk window with no Node in the page', async () => {
    const app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [REPO_ROOT, '--no-sandbox'],
      env: { ...process.env, CABINE_RAM_ROOT: '/dev/shm/cabine-e2e' },
    });
    const window = await app.firstWindow();
    await expect(window.locator('[data-screen="attract"]')).toBeVisible({ timeout: 30_000 });
    const facts = await window.evaluate(() => ({
      hasRequire: typeof (globalThis as { require?: unknown }).require,
      hasProcess: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((window as unknown as { cabine: object }).cabine).sort(),
    }));
    expect(facts).toEqual({ hasRequire: 'undefined', hasProcess: 'undefined', api: ['keyboard', 'onState', 'query', 'send', 'setDemarcheArea'] });
    const kiosk = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return { kiosk: w.isKiosk(), fullscreen: w.isFullScreen(), menu: w.isMenuBarVisible() };
    });
    expect(kiosk).toMatchObject({ kiosk: true, menu: false });
    await app.close();
  });
});
