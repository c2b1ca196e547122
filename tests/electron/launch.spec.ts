// The real app under Playwright's `_electron`: it starts on the embedded default config and shows
// the attract screen in a locked-down kiosk window. Skipped, with the reason, without an Electron binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect, _electron as electron } from '@playwright/test';
import { configTemplate } from '../../src/cli/config-template';
import { defaultConfig } from '../../src/shared/config';
import { findElectron, REPO_ROOT } from './electron-binary';

const found = findElectron();
if ('missing' in found) console.log(`Electron suite skipped: ${found.missing}`);

test.describe('the Electron app', () => {
  test.skip('missing' in found, 'missing' in found ? found.missing : '');

  test.beforeAll(() => {
    // Always the current sources (a build takes about a second).
    const r = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('electron-vite build failed');
  });

  test('a crash of the cabin’s own screens is recovered: the screens come back by themselves', async () => {
    const app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [REPO_ROOT, '--no-sandbox'],
      env: { ...process.env, CABINE_RAM_ROOT: '/dev/shm/cabine-e2e-crash' },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.locator('[data-screen="attract"]')).toBeVisible({ timeout: 30_000 });
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.forcefullyCrashRenderer());
      const attractShown = () =>
        app.evaluate(({ BrowserWindow }) => {
          const contents = BrowserWindow.getAllWindows()[0]!.webContents;
          return contents.isCrashed() ? false : contents.executeJavaScript('!!document.querySelector(\'[data-screen="attract"]\')');
        });
      await expect.poll(attractShown, { timeout: 30_000 }).toBe(true);
    } finally {
      await app.close();
    }
  });

  // As the kiosk's systemd unit starts it: a config file through CABINE_CONFIG. Electron's paths must be set
  // before `ready` (else setupSessionPaths throws and systemd restarts the app forever), and they must point
  // into the RAM root (else Local State and caches go to ~/.config on disk).
  test('launches with a config file (CABINE_CONFIG): attract, and Electron’s files under the RAM root', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cabine-electron-config-'));
    // Short: a RAM root is at most 31 bytes (src/cabin/storage/ram-root.ts).
    const ramRoot = `/dev/shm/ce2e-${process.pid}`;
    const config = path.join(dir, 'cabine.yaml');
    const security = defaultConfig.security as { referentPinHash: string; technicianCodeHash: string };
    writeFileSync(
      config,
      configTemplate({
        cabinId: 'essai',
        commune: 'Essai',
        place: 'Mairie',
        printerQueue: 'Cabine',
        ramRoot,
        stateDir: path.join(dir, 'state'),
        referentPinHash: security.referentPinHash,
        technicianCodeHash: security.technicianCodeHash,
      }),
      { mode: 0o600 },
    );
    const home = path.join(dir, 'home');
    const app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [REPO_ROOT, '--no-sandbox'],
      env: { ...process.env, CABINE_CONFIG: config, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.locator('[data-screen="attract"]')).toBeVisible({ timeout: 30_000 });
      const paths = await app.evaluate(({ app: a }) => ({ userData: a.getPath('userData'), sessionData: a.getPath('sessionData'), temp: a.getPath('temp') }));
      for (const p of Object.values(paths)) expect(p.startsWith(`${ramRoot}/app-`)).toBe(true);
      await expect.poll(() => existsSync(path.join(paths.userData, 'Local State')), { timeout: 15_000 }).toBe(true);
      expect(existsSync(path.join(home, '.config', 'Cabine'))).toBe(false);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(ramRoot, { recursive: true, force: true });
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
    expect(facts).toEqual({
      hasRequire: 'undefined',
      hasProcess: 'undefined',
      api: ['keyboard', 'onState', 'query', 'send', 'setDemarcheArea', 'setDemarcheZoom'],
    });
    const kiosk = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return { kiosk: w.isKiosk(), fullscreen: w.isFullScreen(), menu: w.isMenuBarVisible() };
    });
    expect(kiosk).toMatchObject({ kiosk: true, menu: false });
    // The screens never leave their page: not to another file (every file: origin is "null"), not to a site.
    const screens = window.url();
    for (const target of ['file:///etc/passwd', 'https://example.org/']) {
      await window.evaluate((t) => void (location.href = t), target);
      await window.waitForTimeout(500);
      expect(window.url()).toBe(screens);
    }
    await app.close();
  });
});
