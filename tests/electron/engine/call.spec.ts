// The video call's view on the Electron adapter (issue 17), against the stand-in for Jitsi Meet with Chromium's fake
// camera: the same checks as tests/engine/call-view.test.ts on Chromium — the cabin joins, the referent is seen, the
// démarche is refused the camera while the call has it, the screen is refused to the service before any yes, and the
// hang-up ends the call. Skipped, with the reason, without an Electron binary.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type ElectronApplication } from '@playwright/test';
import type { Browser } from 'playwright-core';
import type { CallNotice } from '../../../src/engine/port';
import { newRoomName, referentRoomUrl } from '../../../src/shared/visio/jitsi';
import { startVisioFixture, type VisioFixture } from '../../fixtures/visio/visio-fixture';
import { findElectron } from '../electron-binary';
import { launchHarnessApp, remote } from './remote';
import { launchReferentBrowser } from '../../fixtures/visio/referent';

const found = findElectron();
if ('missing' in found) console.log(`Electron video call suite skipped: ${found.missing}`);

test.describe('video call — Electron adapter', () => {
  test.skip('missing' in found, 'missing' in found ? found.missing : '');
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let visio: VisioFixture;
  let referents: Browser;
  let root: string;

  test.beforeAll(async () => {
    visio = await startVisioFixture();
    referents = await launchReferentBrowser();
    root = await mkdtemp('/dev/shm/cec-');
    app = await launchHarnessApp((found as { path: string }).path, 'electron-call');
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
