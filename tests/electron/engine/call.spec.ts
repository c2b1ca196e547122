// The video call's view on the Electron adapter (issue 17), against the stand-in for Jitsi Meet with Chromium's fake
// camera: the same checks as tests/engine/call-view.test.ts on Chromium — the cabin joins, the referent is seen, the
// démarche is refused the camera while the call has it, the screen is refused to the service before any yes, and the
// hang-up ends the call. Skipped, with the reason, without an Electron binary.
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, expect, test, _electron as electron, type Browser, type ElectronApplication } from '@playwright/test';
import type { CallNotice } from '../../../src/engine/port';
import { newRoomName, referentRoomUrl } from '../../../src/shared/visio/jitsi';
import { startVisioFixture, type VisioFixture } from '../../fixtures/visio/visio-fixture';
import { findElectron, REPO_ROOT } from '../electron-binary';

const found = findElectron();
if ('missing' in found) console.log(`Electron video call suite skipped: ${found.missing}`);

type Remote = Record<string, (arg: unknown) => unknown>;
const remote = <T>(app: ElectronApplication, method: string, arg?: unknown) =>
  app.evaluate((_electron, [m, a]) => (globalThis as unknown as { __cabineEngineHarness: Remote }).__cabineEngineHarness[m as string]!(a), [
    method,
    arg,
  ] as const) as Promise<T>;

test.describe('video call — Electron adapter', () => {
  test.skip('missing' in found, 'missing' in found ? found.missing : '');
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let visio: VisioFixture;
  let referents: Browser;
  let root: string;

  test.beforeAll(async () => {
    const outDir = path.join(REPO_ROOT, 'test-results', 'electron-call');
    await mkdir(outDir, { recursive: true });
    const outfile = path.join(outDir, 'harness-main.cjs');
    await build({
      entryPoints: [path.join(REPO_ROOT, 'tests/electron/engine/harness-main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron', 'playwright-core'],
      outfile,
    });
    visio = await startVisioFixture();
    referents = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    });
    root = await mkdtemp('/dev/shm/cec-');
    app = await electron.launch({ executablePath: (found as { path: string }).path, args: [outfile, '--no-sandbox'] });
    await app.evaluate(async () => {
      for (let i = 0; i < 100 && !(globalThis as { __cabineEngineHarness?: unknown }).__cabineEngineHarness; i++) await new Promise((r) => setTimeout(r, 50));
    });
  });

  test.afterAll(async () => {
    await app?.close();
    await referents?.close();
    await visio?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('a call: joined, the referent seen, the camera the call’s only, the screen refused before any yes, hung up', async () => {
    const sessionId = 's1';
    await remote(app, 'startSession', { sessionId, profileDir: path.join(root, 's1', 'profile'), filesDir: path.join(root, 's1', 'files') });
    const room = newRoomName('cabine');
    const callId = await remote<string>(app, 'openCall', {
      sessionId,
      spec: { serviceUrl: `${visio.url}/`, room, displayName: 'Cabine — Electron', locale: 'fr' },
    });
    const notices = () => remote<CallNotice[]>(app, 'callNotices', callId);
    await expect.poll(async () => (await notices()).map((n) => n.type), { timeout: 20_000 }).toContain('joined');

    const referent = await referents.newPage();
    await referent.goto(referentRoomUrl({ url: visio.url }, room));
    await expect.poll(async () => (await notices()).map((n) => n.type), { timeout: 20_000 }).toContain('participant-joined');

    // The démarche's pages get no camera while the call has it.
    const viewId = await remote<string>(app, 'open', {
      sessionId,
      spec: { id: 'test', startUrl: `${visio.url}/_/colour/ffffff`, allow: ['127.0.0.1'], permissions: [] },
    });
    const answer = await remote<string>(app, 'evaluate', {
      viewId,
      expression:
        'navigator.mediaDevices.getUserMedia({ video: true }).then((s) => { s.getTracks().forEach((t) => t.stop()); return "granted"; }, (e) => e.name)',
    });
    expect(answer).toBe('NotAllowedError');

    // The service asking for a screen before any yes gets nothing (Electron's handler answers no stream).
    await remote(app, 'evaluateInRoom', { callId, expression: 'void window.fixtureToggleShare()' });
    await expect.poll(() => remote(app, 'evaluateInRoom', { callId, expression: 'window.fixtureShareError' }), { timeout: 10_000 }).toBeTruthy();

    await remote(app, 'hangUp', callId);
    expect((await notices()).at(-1)).toEqual({ type: 'ended', reason: 'hung-up' });
    expect(visio.rooms()[room]).toEqual([]);
    await remote(app, 'destroy', sessionId);
    await referent.close();
  });
});
