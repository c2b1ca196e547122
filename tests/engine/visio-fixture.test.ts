// The stand-in for Jitsi Meet (tests/fixtures/visio) on the real Chromium, with its fake camera and microphone:
// the ground the video call's tests (issue 17) will stand on. A page of another origin embeds a room through the
// IFrame API, as the cabin's call page will; a second browser page is the referent. Checked: the events the cabin
// needs, a real remote stream with frames, and a hang-up that stops the camera and the microphone.
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRoomName, referentRoomUrl } from '../../src/shared/visio/jitsi';
import { startVisioFixture, type VisioFixture } from '../fixtures/visio/visio-fixture';

let browser: Browser;
let fixture: VisioFixture;

beforeAll(async () => {
  fixture = await startVisioFixture();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Chromium's own test camera and microphone; no permission prompt (the cabin's call view decides by its handler).
    args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
});
afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

type VisioEvent = { event: string; data: Record<string, unknown>; at: number };
const eventsOf = (page: Page) => page.evaluate(() => (window as unknown as { visioEvents: VisioEvent[] }).visioEvents);
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const roomFrame = (page: Page, room: string): Frame => page.frames().find((f) => f.url().includes(`/${room}`))!;

describe('the visio fixture (a stand-in for Jitsi Meet)', () => {
  it('a call: joined, the referent arrives, their video flows, and hanging up releases the camera and the microphone', async () => {
    const room = newRoomName('cabine');
    const cabin = await browser.newPage();
    await cabin.goto(`${fixture.otherOriginUrl}/_/embed?visio=${encodeURIComponent(fixture.url)}&room=${room}&name=${encodeURIComponent('Cabine — Mairie')}`);
    await until('the cabin joined', async () => (await eventsOf(cabin)).some((e) => e.event === 'videoConferenceJoined'));
    expect(fixture.rooms()[room]).toEqual(['Cabine — Mairie']);

    const referent = await browser.newPage();
    const calledAt = Date.now();
    await referent.goto(`${referentRoomUrl({ url: fixture.url }, room)}#userInfo.displayName=${encodeURIComponent('"Agent d’accueil"')}`);
    await until('the referent seen by the cabin', async () => (await eventsOf(cabin)).some((e) => e.event === 'participantJoined'));
    const joined = (await eventsOf(cabin)).find((e) => e.event === 'participantJoined')!;
    expect(joined.data.displayName).toBe('Agent d’accueil');
    expect(fixture.rooms()[room]).toEqual(['Cabine — Mairie', 'Agent d’accueil']);

    // The referent's fake camera, decoded in the cabin's room frame: a live track and real frames.
    const frame = roomFrame(cabin, room);
    await until('video frames from the referent', () =>
      frame.evaluate(() => {
        const v = document.querySelector<HTMLVideoElement>('#remote')!;
        const tracks = (window as unknown as { fixtureRemoteStream: MediaStream }).fixtureRemoteStream.getVideoTracks();
        return tracks.some((t) => t.readyState === 'live') && v.videoWidth > 0 && v.currentTime > 0;
      }),
    );
    console.log(`visio fixture: referent's video shown in the cabin ${Date.now() - calledAt} ms after the referent opened the link`);

    await cabin.evaluate(() => (window as unknown as { visioApi: { executeCommand(c: string): void } }).visioApi.executeCommand('hangup'));
    await until('readyToClose', async () => (await eventsOf(cabin)).some((e) => e.event === 'readyToClose'));
    expect(
      await frame.evaluate(() =>
        (window as unknown as { fixtureLocalStream: MediaStream }).fixtureLocalStream.getTracks().map((t) => `${t.kind}:${t.readyState}`),
      ),
    ).toEqual(expect.arrayContaining(['audio:ended', 'video:ended']));
    expect(fixture.rooms()[room]).toEqual(['Agent d’accueil']);
    // The referent's page sees the cabin leave.
    await until('the referent saw the cabin leave', () =>
      referent.evaluate(() => (window as unknown as { fixtureRemoteStream: MediaStream }).fixtureRemoteStream.getTracks().length === 0),
    );
    await cabin.close();
    await referent.close();
  }, 60_000);

  it('rooms are apart: a referent in another room is never seen', async () => {
    const [a, b] = [newRoomName('cabine'), newRoomName('cabine')];
    const cabin = await browser.newPage();
    await cabin.goto(`${fixture.otherOriginUrl}/_/embed?visio=${encodeURIComponent(fixture.url)}&room=${a}&name=Cabine`);
    await until('the cabin joined', async () => (await eventsOf(cabin)).some((e) => e.event === 'videoConferenceJoined'));
    const stranger = await browser.newPage();
    await stranger.goto(referentRoomUrl({ url: fixture.url }, b));
    await until('the stranger joined their room', async () => fixture.rooms()[b]?.length === 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await eventsOf(cabin)).map((e) => e.event)).toEqual(['videoConferenceJoined']);
    await cabin.close();
    await stranger.close();
  }, 30_000);
});
