// The engine contract (tests/engine/contract/cases.ts, the same cases as on Chromium) on the
// Electron adapter, under Playwright's _electron. Skipped, with the reason, without an Electron binary.
import { mkdtemp, rm } from 'node:fs/promises';
import { expect, test, type ElectronApplication } from '@playwright/test';
import { contractCases, type ContractContext } from '../../engine/contract/cases';
import { FIXTURE_ALLOW, startEscapeFixtures, type EscapeFixtures } from '../../fixtures/escape/server';
import { findElectron } from '../electron-binary';
import { launchHarnessApp, RemoteHarness } from './remote';

const found = findElectron();
if ('missing' in found) console.log(`Electron engine contract skipped: ${found.missing}`);

test.describe('engine contract — Electron adapter', () => {
  test.skip('missing' in found, 'missing' in found ? found.missing : '');
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let fixtures: EscapeFixtures;
  let harness: RemoteHarness;
  let ctx: ContractContext;
  let root: string;

  test.beforeAll(async () => {
    fixtures = await startEscapeFixtures();
    // Short: a RAM root is at most 31 bytes (src/cabin/storage/ram-root.ts).
    root = await mkdtemp('/dev/shm/cee-');
    app = await launchHarnessApp((found as { path: string }).path, 'electron-engine');
    harness = new RemoteHarness(app, fixtures, root);
    ctx = { h: harness, shared: await harness.newSession() };
  });

  test.afterAll(async () => {
    harness?.stop();
    await app?.close();
    await fixtures?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  for (const c of contractCases()) test(c.name, () => c.run(ctx));

  // Electron only: the keys of a démarche page pass through before-input-event, where the badge reader's
  // hold-back sits (main.ts); Chromium has no such hook (the give-back itself is tested on Chromium in
  // tests/engine/badge-holdback.test.ts).
  test('a badge swiped during a démarche never types into the site; a person typing still does', async () => {
    const view = await ctx.shared.session.open({ id: 'badge', startUrl: fixtures.url('app.localhost', '/'), allow: FIXTURE_ALLOW, permissions: [] });
    const page = harness.driver(view);
    await page.click('#nom');
    const before = await harness.badgesRead();
    await harness.typeKeys(view, [...'0412345678', 'Enter'], 15);
    await new Promise((r) => setTimeout(r, 300));
    expect(await harness.badgesRead()).toBe(before + 1);
    expect(await page.inputValue('#nom')).toBe('');
    await harness.typeKeys(view, [...'dupont'], 120);
    await expect.poll(() => page.inputValue('#nom')).toBe('dupont');
    expect(await harness.badgesRead()).toBe(before + 1);
    await view.close();
  });
});
