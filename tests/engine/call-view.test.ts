// The video call's view on the real Chromium (issue 17), against the stand-in for Jitsi Meet (tests/fixtures/visio)
// with Chromium's fake camera and microphone: the call page embeds the room through the IFrame API; the engine hears
// joined / participant joined and left; the referent's video arrives; the camera is the call's only (never the
// démarche's); nothing else can be reached from the call; hanging up and the session's end both release the camera
// (the call's browser is gone) and leave the call's files inside the session's directory only.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumCallView } from '../../src/engine/chromium/call';
import { CALL_PAGE_URL } from '../../src/engine/call-page';
import type { CallNotice } from '../../src/engine/port';
import { screensShareSource } from '../../src/shell/chromium/share-source';
import type { ChromiumView } from '../../src/engine/chromium/engine';
import { newRoomName, referentRoomUrl } from '../../src/shared/visio/jitsi';
import { FAKE_MEDIA, isRed, launchReferentBrowser, receivedColour } from '../fixtures/visio/referent';
import { startVisioFixture, type VisioFixture } from '../fixtures/visio/visio-fixture';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';
import { until as poll } from './contract/harness';

/** Waits until `probe` says yes (the contract harness's poll, named first). */
const until = <T>(what: string, probe: () => Promise<T> | T, timeoutMs = 10_000) => poll(probe, what, timeoutMs);

let h: ChromiumHarness;
let fixture: VisioFixture;
let referents: Browser;

beforeAll(async () => {
  fixture = await startVisioFixture();
  // The démarche's browser has the fake camera too: refusing it there is then the policy's doing, not a missing device.
  h = await createChromiumHarness({ extraArgs: FAKE_MEDIA, callExtraArgs: FAKE_MEDIA });
  // The referent's own browser, elsewhere: its camera is fake too, and it is asked nothing.
  referents = await launchReferentBrowser();
}, 60_000);
afterAll(async () => {
  await referents?.close();
  await h?.dispose();
  await fixture?.close();
});

function record(call: ChromiumCallView): CallNotice[] {
  const seen: CallNotice[] = [];
  call.on((n) => seen.push(n));
  return seen;
}
const has = (seen: CallNotice[], type: CallNotice['type']) => async () => seen.some((n) => n.type === type);
const roomFrame = (page: Page, room: string): Frame | undefined => page.frames().find((f) => f.url().includes(`/${room}`));
const spec = (room: string) => ({ serviceUrl: `${fixture.url}/`, room, displayName: 'Cabine — Mairie de Lunel', locale: 'fr' as const });

async function joinAsReferent(room: string): Promise<Page> {
  const page = await referents.newPage();
  await page.goto(`${referentRoomUrl({ url: fixture.url }, room)}#userInfo.displayName=${encodeURIComponent('"Agent d’accueil"')}`);
  return page;
}

describe('the call view (Chromium adapter)', () => {
  it('a call: the cabin joins, the referent arrives and is seen, the referent leaves; hanging up releases the camera', async () => {
    const s = await h.newSession();
    const room = newRoomName('cabine');
    const openedAt = Date.now();
    const call = (await s.session.openCall(spec(room))) as ChromiumCallView;
    const seen = record(call);
    await until('the cabin joined the room', has(seen, 'joined'), 20_000);
    console.log(`call view: in the room ${Date.now() - openedAt} ms after openCall (a browser of its own started)`);
    expect(fixture.rooms()[room]).toEqual(['Cabine — Mairie de Lunel']);
    const page = call.callPage!;
    expect(page.url()).toBe(CALL_PAGE_URL);

    // The call's browser is its own, its profile beside the démarche's, inside the session's directory.
    const callPids = call.pids();
    expect(callPids.length).toBeGreaterThan(0);
    expect(s.session.pids()).toEqual(expect.arrayContaining(callPids));
    const sessionDir = path.dirname(s.profileDir);
    expect(await readdir(sessionDir)).toContain('profile-call-1');

    const referent = await joinAsReferent(room);
    await until('the referent seen by the cabin', has(seen, 'participant-joined'), 20_000);
    const frame = roomFrame(page, room)!;
    await until('video frames from the referent in the call view', () =>
      frame.evaluate(() => {
        const v = document.querySelector<HTMLVideoElement>('#remote')!;
        return v.videoWidth > 0 && v.currentTime > 0;
      }),
    );
    // The cabin's own camera is live, in the call only.
    expect(await frame.evaluate(() => (window as unknown as { fixtureLocalStream: MediaStream }).fixtureLocalStream.getVideoTracks()[0]!.readyState)).toBe(
      'live',
    );

    await referent.close();
    await until('the referent seen leaving', has(seen, 'participant-left'), 20_000);

    await call.hangUp();
    expect(seen.at(-1)).toEqual({ type: 'ended', reason: 'hung-up' });
    // The service was told (the fixture's room is empty), and nothing of the call's browser runs.
    expect(fixture.rooms()[room]).toEqual([]);
    for (const pid of callPids) expect(await h.processRunning(pid)).toBe(false);
    // The démarche's browser goes on.
    expect(s.session.pids().length).toBeGreaterThan(0);
    await s.session.destroy();
  }, 90_000);

  it('the camera is the call’s only: the démarche’s pages, even on the service’s host, are refused it', async () => {
    const s = await h.newSession();
    const call = await s.session.openCall(spec(newRoomName('cabine')));
    const seen = record(call as ChromiumCallView);
    await until('joined', has(seen, 'joined'), 20_000);
    const view = await s.session.open({ id: 'test', startUrl: `${fixture.url}/_/embed`, allow: ['127.0.0.1'], permissions: [] });
    const demarche = h.driver(view);
    await until('the démarche page loaded', async () => (await demarche.evaluate<string>('document.readyState')) === 'complete');
    const answer = await demarche.evaluate<string>(
      'navigator.mediaDevices.getUserMedia({ video: true }).then((s) => { s.getTracks().forEach((t) => t.stop()); return "granted"; }, (e) => e.name)',
    );
    expect(answer).toBe('NotAllowedError');
    await s.session.destroy();
  }, 60_000);

  it('nothing else is reachable from the call: another page, a popup, a frame of another origin', async () => {
    const s = await h.newSession();
    const call = (await s.session.openCall(spec(newRoomName('cabine')))) as ChromiumCallView;
    const seen = record(call);
    await until('joined', has(seen, 'joined'), 20_000);
    const page = call.callPage!;
    const context = page.context();

    // The call page itself leaving for another page: refused, it stays.
    await page.evaluate(`location.href = ${JSON.stringify(`${fixture.otherOriginUrl}/somewhere`)}`).catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    expect(page.url()).toBe(CALL_PAGE_URL);

    // A popup from the room (a link to the service's help, an invitation…): closed.
    const room = page.frames().find((f) => f !== page.mainFrame())!;
    await room.evaluate(`window.open(${JSON.stringify(`${fixture.url}/other-room`)}, '_blank')`);
    await until('the popup closed', async () => context.pages().length === 2, 10_000);

    // A frame of another origin in the call page: refused before it loads.
    await page.evaluate(
      `(() => { const f = document.createElement('iframe'); f.src = ${JSON.stringify(`${fixture.otherOriginUrl}/framed`)}; document.body.append(f); })()`,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(page.frames().some((f) => f.url().startsWith(fixture.otherOriginUrl))).toBe(false);
    // And still in the call.
    expect(seen.some((n) => n.type === 'ended')).toBe(false);
    await s.session.destroy();
    expect(seen.at(-1)).toEqual({ type: 'ended', reason: 'hung-up' });
  }, 60_000);

  it('the session’s end ends the call first: the referent sees the cabin leave, and no process of the call is left', async () => {
    const s = await h.newSession();
    const room = newRoomName('cabine');
    const call = (await s.session.openCall(spec(room))) as ChromiumCallView;
    const seen = record(call);
    await until('joined', has(seen, 'joined'), 20_000);
    const referent = await joinAsReferent(room);
    await until('the referent arrived', has(seen, 'participant-joined'), 20_000);
    const callPids = call.pids();
    await s.session.destroy();
    expect(seen.at(-1)).toEqual({ type: 'ended', reason: 'hung-up' });
    for (const pid of callPids) expect(await h.processRunning(pid)).toBe(false);
    await until('the referent saw the cabin leave', () =>
      referent.evaluate(() => (window as unknown as { fixtureRemoteStream: MediaStream }).fixtureRemoteStream.getTracks().length === 0),
    );
    await referent.close();
  }, 60_000);

  it('the screen share: refused to the service before the resident’s yes; then the cabin’s view, and only it; stopped in one call', async () => {
    const s = await h.newSession();
    const room = newRoomName('cabine');
    const call = (await s.session.openCall(spec(room))) as ChromiumCallView;
    const seen = record(call);
    await until('joined', has(seen, 'joined'), 20_000);
    const referent = await joinAsReferent(room);
    await until('the referent arrived', has(seen, 'participant-joined'), 20_000);
    await until('the referent sees the cabin’s camera', async () => (await receivedColour(referent)) !== null, 20_000);
    const frame = roomFrame(call.callPage!, room)!;

    // Before any yes: the service asking for a screen gets nothing (no picker, no dialog: refused).
    await frame.evaluate('void window.fixtureToggleShare()');
    await until('the service was refused', () => frame.evaluate('window.fixtureShareError'), 10_000);
    expect(await frame.evaluate('window.fixtureShareError')).toBe('NotAllowedError');
    expect(seen.filter((n) => n.type === 'sharing')).toEqual([{ type: 'sharing', on: false }]);
    expect(isRed(await receivedColour(referent))).toBe(false);

    // The démarche shows a red page: after the yes, that is what the referent sees.
    const view = (await s.session.open({ id: 'test', startUrl: `${fixture.url}/_/colour/e00000`, allow: ['127.0.0.1'], permissions: [] })) as ChromiumView;
    await until('the red démarche shown', async () => view.page.url().endsWith('/_/colour/e00000'));
    const sharedAt = Date.now();
    // The shell's own picture, with the démarche's page alone in it.
    await call.shareScreen(screensShareSource({ screens: view.page, width: 640, height: 360, demarche: () => null }));
    await until('the service shares', async () => seen.some((n) => n.type === 'sharing' && n.on), 10_000);
    await until('the referent sees the démarche', async () => isRed(await receivedColour(referent)), 20_000);
    console.log(`call view: the démarche seen by the referent ${Date.now() - sharedAt} ms after the share started`);

    // One call stops it: the service stops sharing (its track ended), the referent sees the camera again.
    await call.shareScreen(null);
    await until(
      'the service stopped sharing',
      async () =>
        seen.filter((n) => n.type === 'sharing').at(-1)?.type === 'sharing' && !(seen.filter((n) => n.type === 'sharing').at(-1) as { on: boolean }).on,
      10_000,
    );
    await until('the referent no longer sees the démarche', async () => !isRed(await receivedColour(referent)), 20_000);
    // And the service asking again on its own gets nothing.
    await frame.evaluate('window.fixtureShareError = null; void window.fixtureToggleShare()');
    await until('refused again', () => frame.evaluate('window.fixtureShareError'), 10_000);
    expect(await frame.evaluate('window.fixtureShareError')).toBe('NotAllowedError');

    await referent.close();
    await s.session.destroy();
  }, 90_000);

  it('a service that cannot be reached: the call ends at once, said so', async () => {
    const s = await h.newSession();
    const call = (await s.session.openCall({ ...spec(newRoomName('cabine')), serviceUrl: 'http://127.0.0.1:9/' })) as ChromiumCallView;
    const seen = record(call);
    await until('ended', has(seen, 'ended'), 20_000);
    expect(seen.at(-1)).toEqual({ type: 'ended', reason: 'service-unreachable' });
    await s.session.destroy();
  }, 60_000);
});
