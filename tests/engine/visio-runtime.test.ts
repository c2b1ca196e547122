// The video call with a referent (issue 17) on the whole cabin under Node: the session machine with its real actors,
// Debian's Chromium as the engine, the stand-in for Jitsi Meet (tests/fixtures/visio) and a webhook of this test. The
// resident calls from a démarche; the webhook carries the room's link, which the referent (a browser elsewhere)
// opens; the call comes through; the screen is shown only after the yes; the session's end ends the call before the
// wipe, and nothing of the call is left.
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleCabin, type AssembledCabin } from '../../src/cabin/assemble';
import { createChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import type { ChromiumCallView } from '../../src/engine/chromium/call';
import type { ShareSource } from '../../src/engine/port';
import { screensShareSource } from '../../src/shell/chromium/share-source';
import { at, until as untilState } from '../support/cabin-state';
import { fixtureCabinConfig } from '../support/fixture-cabin-config';
import { startDemarcheFixture, type DemarcheFixture } from '../fixtures/demarche/server';
import { FAKE_MEDIA, isRed, launchReferentBrowser, receivedColour, startWebhook } from '../fixtures/visio/referent';
import { startVisioFixture, type VisioFixture } from '../fixtures/visio/visio-fixture';

let fixture: DemarcheFixture;
let visio: VisioFixture;
let referents: Browser;
let webhook: Awaited<ReturnType<typeof startWebhook>>;
let ramRoot: string;
let stateDir: string;
let tempDir: string;
let cabin: AssembledCabin;

const until = (predicate: Parameters<typeof untilState>[1], what: string, timeoutMs = 20_000) =>
  untilState(cabin.runtime, predicate, what, { timeoutMs, everyMs: 50 });
const demarchePage = () => (cabin.runtime.demarcheView() as ChromiumView).page;
const referentCall = (status: string) => (s: { context: { referentCall: string } }) => s.context.referentCall === status;

/** What the shell pictures, here with the démarche's page alone in it, full frame. */
const demarcheSource: ShareSource = {
  width: 640,
  height: 400,
  // The shell's own picture (made when the share starts: the démarche's page does not exist before).
  subscribe: (onPicture) => screensShareSource({ screens: demarchePage(), width: 640, height: 400, demarche: () => null }).subscribe(onPicture),
};

beforeAll(async () => {
  fixture = await startDemarcheFixture();
  visio = await startVisioFixture();
  referents = await launchReferentBrowser();
  webhook = await startWebhook();
  ramRoot = await mkdtemp('/dev/shm/cvr-');
  stateDir = await mkdtemp('/tmp/cabine-visio-state-');
  tempDir = await mkdtemp('/tmp/cabine-visio-temp-');
  const config = fixtureCabinConfig(fixture.url(), { printer: { enabled: false }, scanner: { enabled: false } });
  // Validated with https addresses; the test's webhook and service are plain http on loopback (allowed in tests only).
  config.referentCall = {
    ...config.referentCall,
    webhookUrl: webhook.url,
    visio: { provider: 'jitsi', url: `${visio.url}/`, roomPrefix: 'cabine-test', answerSeconds: 60 },
  };
  cabin = assembleCabin({
    config,
    engine: createChromiumEngine({ callExtraArgs: FAKE_MEDIA }),
    ramRoot: path.join(ramRoot, 'root'),
    stateDir,
    tempDir,
    allowLoopback: true,
    usb: null,
    runtime: { shareSource: demarcheSource },
    log: (m) => process.env.CABINE_TEST_VERBOSE && console.log(m),
  });
  await cabin.start();
  await cabin.runtime.waitFor('attract');
}, 60_000);

afterAll(async () => {
  await cabin?.stop();
  await referents?.close();
  await visio?.close();
  await fixture?.close();
  await webhook?.close();
  await rm(ramRoot, { recursive: true, force: true });
  await rm(stateDir, { recursive: true, force: true });
  await rm(tempDir, { recursive: true, force: true });
});

describe('a video call with a referent on the real cabin', () => {
  it('calls from a démarche, the referent answers by the link, the screen is shown after the yes, and the session’s end ends it all', async () => {
    const r = cabin.runtime;
    r.send({ type: 'TOUCH' });
    r.send({ type: 'ACCEPT' });
    await until(at('session', 'catalog'), 'the catalog');
    const sessionId = r.getState().context.sessionId!;
    r.send({ type: 'OPEN_DEMARCHE', demarcheId: 'test' });
    await until(() => r.demarcheView() !== null, 'the démarche view');

    const calledAt = Date.now();
    r.send({ type: 'CALL_REFERENT' });
    await until(referentCall('ringing'), 'ringing');
    // The webhook says a resident calls, with the room's link and nothing else.
    await expect.poll(() => webhook.calls.length, { timeout: 10_000 }).toBe(1);
    expect(Object.keys(webhook.calls[0]!).sort()).toEqual(['at', 'cabinId', 'commune', 'event', 'visioUrl']);
    const link = webhook.calls[0]!.visioUrl!;
    expect(link).toMatch(new RegExp(`^${visio.url}/cabine-test-[a-z2-7]{26}$`));
    await expect.poll(() => r.callView() !== null, { timeout: 20_000 }).toBe(true);
    const call = r.callView() as ChromiumCallView;
    const room = decodeURIComponent(new URL(link).pathname.slice(1));
    await expect.poll(() => visio.rooms()[room], { timeout: 20_000 }).toEqual([expect.stringMatching(/^Cabine — /)]);

    // The referent opens the link they were sent.
    const referent = await referents.newPage();
    await referent.goto(`${link}#userInfo.displayName=${encodeURIComponent('"Agent d’accueil"')}`);
    await until(referentCall('inCall'), 'in the call');
    console.log(`video call: « Appeler » → the referent in the call ${Date.now() - calledAt} ms (the referent's browser opened the link at once)`);
    await expect.poll(async () => (await receivedColour(referent)) !== null, { timeout: 20_000 }).toBe(true);

    // The démarche turns red: the referent does not see it before the yes…
    await demarchePage().evaluate(() => (document.body.style.background = '#e00000'));
    r.send({ type: 'SHARE_SCREEN' });
    await new Promise((res) => setTimeout(res, 1500));
    expect(isRed(await receivedColour(referent))).toBe(false);
    // …sees it after…
    r.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    expect(r.getState().context.call.share).toBe('on');
    await expect.poll(async () => isRed(await receivedColour(referent)), { timeout: 20_000 }).toBe(true);
    // …and not once stopped.
    r.send({ type: 'STOP_SHARE' });
    await expect.poll(async () => isRed(await receivedColour(referent)), { timeout: 20_000 }).toBe(false);

    // « J’ai fini »: the call ends with the session, before the wipe; then nothing of it is left.
    const callPids = call.pids();
    expect(callPids.length).toBeGreaterThan(0);
    r.send({ type: 'END_REQUEST' });
    const goodbye = await until(at('goodbye'), 'the receipt', 30_000);
    expect(goodbye.context.receipt).toMatchObject({ verified: true });
    expect(goodbye.context.referentCall).toBe('idle');
    expect(r.callView()).toBeNull();
    expect(visio.rooms()[room]).toEqual(['Agent d’accueil']);
    for (const pid of callPids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    const after = await readdir(path.join(ramRoot, 'root'));
    expect(after).not.toContain(sessionId);
    // The referent sees the cabin gone.
    await expect
      .poll(() => referent.evaluate(() => (window as unknown as { fixtureRemoteStream: MediaStream }).fixtureRemoteStream.getTracks().length), {
        timeout: 10_000,
      })
      .toBe(0);
    await referent.close();
  }, 120_000);

  it('hanging up while it rings: the call’s view goes, the session goes on', async () => {
    const r = cabin.runtime;
    // From the last test's receipt: a touch brings attract back.
    r.send({ type: 'TOUCH' });
    await until(at('attract'), 'attract again');
    r.send({ type: 'TOUCH' });
    r.send({ type: 'ACCEPT' });
    await until(at('session', 'catalog'), 'the catalog');
    r.send({ type: 'CALL_REFERENT' });
    await until(referentCall('ringing'), 'ringing');
    await expect.poll(() => r.callView() !== null, { timeout: 20_000 }).toBe(true);
    const call = r.callView() as ChromiumCallView;
    const pids = call.pids();
    // Hanging up while it rings: the call view goes, the session goes on.
    r.send({ type: 'HANG_UP' });
    await until(referentCall('idle'), 'idle');
    await expect.poll(() => pids.every((pid) => !isAlive(pid)), { timeout: 10_000 }).toBe(true);
    expect(at('session', 'catalog')(r.getState())).toBe(true);
    r.send({ type: 'END_REQUEST' });
    await until(at('goodbye'), 'the receipt', 30_000);
  }, 60_000);
});

/** Running (a zombie waiting for its parent to reap it runs nothing and holds no device). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}
