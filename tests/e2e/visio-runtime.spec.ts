// The video call (issue 17) through the screens, on the REAL cabin runtime: Debian's Chromium as the engine (the
// démarche, and the call in a browser of its own with Chromium's fake camera and microphone), the stand-in for Jitsi
// Meet (tests/fixtures/visio), a webhook of this test, and a referent in another browser who opens the link the
// webhook received. The resident presses « Appeler », the referent appears; the screen is shown only after « Oui »
// (the referent sees the démarche, composed with the screens as the shell does); « J'ai fini » ends the call before the
// wipe: no process of the call is left, the referent sees the cabin leave, the session's directory is gone.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { assembleCabin, type AssembledCabin } from '../../src/cabin/assemble';
import type { CabinRuntime } from '../../src/cabin/runtime';
import { isAlive } from '../../src/base/node/processes';
import type { ChromiumCallView } from '../../src/engine/chromium/call';
import { createChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import type { DemarcheArea } from '../../src/shared/ipc/contract';
import { screensShareSource } from '../../src/shell/chromium/share-source';
import { fixtureCabinConfig } from '../support/fixture-cabin-config';
import { startDemarcheFixture, type DemarcheFixture } from '../fixtures/demarche/server';
import { FAKE_MEDIA, isRed, launchReferentBrowser, receivedColour, startWebhook } from '../fixtures/visio/referent';
import { startVisioFixture, type VisioFixture } from '../fixtures/visio/visio-fixture';
import { bridgePage } from './support/bridge';
import { expect, makeCabin, saveScreenshot, test } from './support/fixtures';
import { locale } from './support/locales';

test.describe.configure({ mode: 'serial' });

const fr = locale('fr');

let fixture: DemarcheFixture;
let visio: VisioFixture;
let referents: Browser;
let webhook: Awaited<ReturnType<typeof startWebhook>>;
let cabin: AssembledCabin;
let ramRoot: string;
const dirs: string[] = [];
/** The screens page of the test (the share pictures it), and the démarche's area the screens last reported. */
let screensPage: Page | null = null;
let demarcheArea: DemarcheArea = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fixture = await startDemarcheFixture();
  visio = await startVisioFixture();
  referents = await launchReferentBrowser();
  webhook = await startWebhook();
  ramRoot = await mkdtemp('/dev/shm/cvu-');
  const stateDir = await mkdtemp('/tmp/cabine-visio-ui-state-');
  const tempDir = await mkdtemp('/tmp/cabine-visio-ui-temp-');
  dirs.push(ramRoot, stateDir, tempDir);
  const config = fixtureCabinConfig(fixture.url(), { printer: { enabled: false }, scanner: { enabled: false } });
  // Validated with https addresses; the webhook and the service are plain http on loopback (allowed in tests only).
  config.referentCall = {
    ...config.referentCall,
    webhookUrl: webhook.url,
    visio: { provider: 'jitsi', url: `${visio.url}/`, roomPrefix: 'cabine-e2e', answerSeconds: 60 },
  };
  config.timers = { ...config.timers, receiptSeconds: 120 };
  const runtime = (): CabinRuntime => cabin.runtime;
  const shareSource = () =>
    screensShareSource({
      screens: screensPage!,
      width: 1920,
      height: 1080,
      demarche: () => {
        const view = runtime().demarcheView() as ChromiumView | null;
        return view && demarcheArea ? { page: view.page, area: demarcheArea } : null;
      },
      log: (m) => console.log(m),
    });
  cabin = assembleCabin({
    config,
    engine: createChromiumEngine({ callExtraArgs: FAKE_MEDIA }),
    ramRoot: path.join(ramRoot, 'root'),
    stateDir,
    tempDir,
    allowLoopback: true,
    usb: null,
    runtime: {
      onDemarcheArea: (area) => (demarcheArea = area),
      // As the Chromium shell does (src/shell/chromium/main.ts): the screens and the démarche over its area. Made when
      // the share starts: the screens page is the test's, which does not exist yet.
      shareSource: {
        get width() {
          return shareSource().width;
        },
        get height() {
          return shareSource().height;
        },
        subscribe: (onPicture) => shareSource().subscribe(onPicture),
      },
    },
    log: (m) => process.env.CABINE_TEST_VERBOSE && console.log(m),
  });
  await cabin.start();
  await cabin.runtime.waitFor('attract');
});

test.afterAll(async () => {
  await cabin?.stop();
  await referents?.close();
  await visio?.close();
  await fixture?.close();
  await webhook?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('« Appeler » → the referent on screen; the screen shown only after « Oui »; « J’ai fini » ends the call before the wipe', async ({ page }) => {
  test.setTimeout(300_000);
  const runtime = cabin.runtime;
  screensPage = page;
  const bridge = await bridgePage(page, runtime);
  await page.goto(process.env.CABINE_UI_URL!);
  const ui = makeCabin(page, runtime, bridge);
  await ui.startSession();
  const sessionId = runtime.getState().context.sessionId!;
  await page.locator('[data-demarche="test"]').click();
  await ui.screen('browsing');
  await expect.poll(() => runtime.demarcheView() !== null).toBe(true);
  const site = (runtime.demarcheView() as ChromiumView).page;
  await site.waitForSelector('#name');
  await site.evaluate(() => (document.body.style.background = '#e00000'));

  // « Aide » → « Appeler un agent d’accueil »: it rings, and the webhook gets the room's link.
  const calledAt = Date.now();
  await ui.tool('referent');
  await expect(page.locator('[data-banner="visio-ringing"]')).toBeVisible();
  await expect.poll(() => webhook.calls.length, { timeout: 15_000 }).toBe(1);
  const link = webhook.calls[0]!.visioUrl!;
  expect(link).toMatch(new RegExp(`^${visio.url}/cabine-e2e-[a-z2-7]{26}$`));
  const room = decodeURIComponent(new URL(link).pathname.slice(1));

  // The referent opens the link they were sent, as soon as it arrives.
  const referent = await referents.newPage();
  await referent.goto(`${link}#userInfo.displayName=${encodeURIComponent('"Agent d’accueil"')}`);
  const panel = page.locator('[data-call-panel]');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  const panelAt = Date.now();
  // The referent's video, decoded in the call's own view.
  const call = runtime.callView() as ChromiumCallView;
  const roomFrame = call.callPage!.frames().find((f) => f.url().includes(`/${room}`))!;
  await expect.poll(() => roomFrame.evaluate(() => (document.querySelector('#remote') as HTMLVideoElement).videoWidth > 0), { timeout: 30_000 }).toBe(true);
  console.log(
    `video call e2e: « Appeler » → the call panel ${panelAt - calledAt} ms, → the referent's video in the call view ${Date.now() - calledAt} ms (the referent opened the link as soon as the webhook had it)`,
  );
  await expect.poll(() => runtime.getState().context.referentCall).toBe('inCall');

  // Small, so that both can look at the démarche.
  await panel.getByRole('button', { name: fr('call.smaller'), exact: true }).click();
  await expect(panel).toHaveAttribute('data-call-window', 'small');
  await expect.poll(() => demarcheArea).not.toBeNull();
  const area = demarcheArea!;
  const at = { x: (area.x + area.width / 2) / 1920, y: (area.y + area.height / 2) / 1080 };

  // Asked, not yet answered: nothing is shown.
  await panel.getByRole('button', { name: fr('call.share'), exact: true }).click();
  const question = page.locator('[data-dialog="share-screen"]');
  await expect(question).toBeVisible();
  await page.waitForTimeout(1500);
  expect(isRed(await receivedColour(referent, at.x, at.y))).toBe(false);
  // « Oui »: the referent sees the démarche where it is on the cabin's screen.
  await question.locator('[data-share-answer="yes"]').click();
  await expect(page.locator('[data-banner="screen-shared"]')).toBeVisible();
  await expect.poll(async () => isRed(await receivedColour(referent, at.x, at.y)), { timeout: 30_000 }).toBe(true);
  // What the referent's browser shows then: the cabin's screens and the démarche, nothing else.
  await saveScreenshot(referent, 'visio-referent-sees-the-share');
  await saveScreenshot(page, 'visio-runtime-sharing');
  // « Arrêter », one touch: no longer.
  await page
    .locator('[data-banner="screen-shared"]')
    .getByRole('button', { name: fr('call.stop'), exact: true })
    .click();
  await expect(page.locator('[data-banner="screen-shared"]')).toHaveCount(0);
  await expect.poll(async () => isRed(await receivedColour(referent, at.x, at.y)), { timeout: 30_000 }).toBe(false);

  // « J’ai fini »: the call ends with the session, before the wipe; nothing of it is left.
  const callPids = call.pids();
  expect(callPids.length).toBeGreaterThan(0);
  await ui.tool('end');
  await page.getByRole('dialog').getByRole('button', { name: 'Oui, terminer et tout effacer' }).click();
  await ui.screen('goodbye');
  expect(runtime.getState().context.referentCall).toBe('idle');
  expect(runtime.callView()).toBeNull();
  for (const pid of callPids) expect(await isAlive(pid), `call process ${pid}`).toBe(false);
  expect(visio.rooms()[room]).toEqual(['Agent d’accueil']);
  await expect
    .poll(() => referent.evaluate(() => (window as unknown as { fixtureRemoteStream: MediaStream }).fixtureRemoteStream.getTracks().length), {
      timeout: 10_000,
    })
    .toBe(0);
  const left = await readdir(path.join(ramRoot, 'root'));
  expect(left).not.toContain(sessionId);
  await referent.close();
});
