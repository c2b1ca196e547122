// The video call with a referent (issue 17): from a session, with the commune's video service configured, a call rings
// in a room (the invoked actor visioCall), the referent appears (inCall), the resident may show their screen after a
// yes, and every way out of the call stops the actor (which hangs up and releases the camera) — the session's end
// before the wipe starts. Without a video service, or before a session exists, the call is the webhook, as before.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uiEventSchema } from '../../../../src/shared/ipc/contract';
import type { CabineEvent } from '../../../../src/shared/session';
import { startCabin, type HarnessOptions } from './harness';
import { modelSettings } from './model';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const ANSWER_SECONDS = 30;
const visioSettings = () => modelSettings({ referentCall: { visio: { url: 'https://visio.example.fr/', answerSeconds: ANSWER_SECONDS } } });

/** A cabin with a video service, in a démarche. */
async function inDemarche(options: HarnessOptions = {}) {
  const c = startCabin({ settings: visioSettings(), referentCall: 'never', ...options });
  await c.openDemarche();
  return c;
}

/** …and a video call the referent joined. */
async function inCall(options: HarnessOptions = {}) {
  const c = await inDemarche(options);
  await c.send({ type: 'CALL_REFERENT' });
  await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
  expect(c.context().referentCall).toBe('inCall');
  return c;
}

const count = (c: { calls: string[] }, entry: string) => c.calls.filter((x) => x === entry).length;
const inVisio = (c: ReturnType<typeof startCabin>) => c.matches({ referentCall: 'visio' });
const NO_CALL = { share: 'off', window: 'large' };

describe('a video call with a referent', () => {
  it('rings in a room: the actor gets the session and the language, the webhook is not used', async () => {
    const c = await inDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('ringing');
    expect(c.matches({ referentCall: { visio: 'ringing' } })).toBe(true);
    expect(c.calls).toContain('visioCall started session-test fr');
    expect(c.calls).not.toContain('callReferent');
    expect(c.context().call).toEqual(NO_CALL);
    // The démarche goes on underneath.
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    // A second press does not open a second room.
    await c.send({ type: 'CALL_REFERENT' });
    expect(count(c, 'visioCall started session-test fr')).toBe(1);
  });

  it("speaks the resident's language: the actor is given the session's locale", async () => {
    const c = startCabin({ settings: visioSettings() });
    await c.settle();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'SET_LOCALE', locale: 'ar' });
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.calls).toContain('visioCall started session-test ar');
  });

  it('the referent joins: inCall; the referent leaves: idle, the actor is stopped and nothing of the call is left', async () => {
    const c = await inCall();
    expect(c.matches({ referentCall: { visio: { inCall: { share: 'off' } } } })).toBe(true);
    await c.send({ type: 'CALL_WINDOW', size: 'small' });
    expect(c.context().call).toEqual({ share: 'off', window: 'small' });
    expect(c.calls).not.toContain('visioCall stopped');
    await c.visio.send({ type: 'VISIO_REFERENT_LEFT' });
    expect(c.context().referentCall).toBe('idle');
    expect(c.context().call).toEqual(NO_CALL);
    expect(c.calls).toContain('visioCall stopped');
    expect(c.visio.running()).toBe(false);
  });

  it('a referent that left while ringing, or joins twice, changes nothing', async () => {
    const c = await inDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.visio.send({ type: 'VISIO_REFERENT_LEFT' });
    expect(c.context().referentCall).toBe('ringing');
    await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
    await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
    expect(c.context().referentCall).toBe('inCall');
  });

  it('« Raccrocher » while ringing or in the call: idle, the actor stopped', async () => {
    const ringing = await inDemarche();
    await ringing.send({ type: 'CALL_REFERENT' });
    await ringing.send({ type: 'HANG_UP' });
    expect(ringing.context().referentCall).toBe('idle');
    expect(ringing.calls).toContain('visioCall stopped');

    const talking = await inCall();
    await talking.send({ type: 'CALL_WINDOW', size: 'small' });
    await talking.send({ type: 'HANG_UP' });
    expect(talking.context().referentCall).toBe('idle');
    expect(talking.context().call).toEqual(NO_CALL);
    expect(talking.calls).toContain('visioCall stopped');
    // The next call starts large.
    await talking.send({ type: 'CALL_REFERENT' });
    await talking.visio.send({ type: 'VISIO_REFERENT_JOINED' });
    expect(talking.context().call).toEqual(NO_CALL);
  });

  it('« Annuler » while ringing: cancelled, the actor stopped; once in the call, only « Raccrocher » ends it', async () => {
    const c = await inDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'CANCEL_REFERENT_CALL' });
    expect(c.context().referentCall).toBe('cancelled');
    expect(c.calls).toContain('visioCall stopped');
    // The ringing's limit no longer runs.
    await c.advance(ANSWER_SECONDS * 1000);
    expect(c.context().referentCall).toBe('cancelled');
    await c.send({ type: 'CLOSE_REFERENT_CALL' });
    expect(c.context().referentCall).toBe('idle');

    const talking = await inCall();
    await talking.send({ type: 'CANCEL_REFERENT_CALL' });
    expect(talking.context().referentCall).toBe('inCall');
    expect(talking.calls).not.toContain('visioCall stopped');
  });

  it('nobody joins in answerSeconds: noAnswer, the actor stopped; « Rappeler » rings again, « Continuer seul » closes it', async () => {
    const c = await inDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.advance(ANSWER_SECONDS * 1000 - 1);
    expect(c.context().referentCall).toBe('ringing');
    await c.advance(1);
    expect(c.context().referentCall).toBe('noAnswer');
    expect(c.calls).toContain('visioCall stopped');
    expect(inVisio(c)).toBe(false);
    // « Rappeler »: a new room.
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('ringing');
    expect(count(c, 'visioCall started session-test fr')).toBe(2);
    // Joined in time, the limit is gone.
    await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
    await c.advance(ANSWER_SECONDS * 2000);
    expect(c.context().referentCall).toBe('inCall');
    await c.send({ type: 'HANG_UP' });
    // « Continuer seul ».
    await c.send({ type: 'CALL_REFERENT' });
    await c.advance(ANSWER_SECONDS * 1000);
    expect(c.context().referentCall).toBe('noAnswer');
    await c.send({ type: 'CLOSE_REFERENT_CALL' });
    expect(c.context().referentCall).toBe('idle');
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
  });

  it('the room fails, ringing or in the call: unreachable (where else to find help), the actor stopped', async () => {
    const ringing = await inDemarche();
    await ringing.send({ type: 'CALL_REFERENT' });
    await ringing.visio.send({ type: 'VISIO_FAILED', reason: 'room-failed' });
    expect(ringing.context().referentCall).toBe('unreachable');
    expect(ringing.calls).toContain('visioCall stopped');

    const talking = await inCall();
    await talking.send({ type: 'SHARE_SCREEN' });
    await talking.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    await talking.visio.send({ type: 'VISIO_FAILED', reason: 'connection-lost' });
    expect(talking.context()).toMatchObject({ referentCall: 'unreachable', call: NO_CALL });
    expect(talking.calls.slice(-2)).toEqual(['visioCall SHARE_OFF', 'visioCall stopped']);
    // « Fermer », or call again: a new room.
    await talking.send({ type: 'CALL_REFERENT' });
    expect(talking.context().referentCall).toBe('ringing');
  });

  it('an actor that fails at once (a room that cannot open) ends on unreachable, never on ringing', async () => {
    const c = await inDemarche({ visio: 'fail' });
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('unreachable');
    expect(inVisio(c)).toBe(false);
  });

  it('the default actor (nothing provided) fails closed: unreachable, never a call', async () => {
    const c = await inDemarche({ defaults: ['visioCall'] });
    const seen: string[] = [];
    c.actor.subscribe((s) => seen.push(s.context.referentCall));
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('unreachable');
    expect(seen).not.toContain('inCall');
    expect(inVisio(c)).toBe(false);
  });

  it('« Réduire » / « Agrandir » only in the call', async () => {
    const c = await inDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'CALL_WINDOW', size: 'small' });
    expect(c.context().call.window).toBe('large');
    await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
    await c.send({ type: 'CALL_WINDOW', size: 'small' });
    expect(c.context().call.window).toBe('small');
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'CALL_WINDOW', size: 'large' });
    expect(c.context().call).toEqual({ share: 'asking', window: 'large' });
  });
});

describe("showing the resident's screen", () => {
  it('is asked first: a no shows nothing (no SHARE_ON)', async () => {
    const c = await inCall();
    await c.send({ type: 'SHARE_SCREEN' });
    expect(c.context().call.share).toBe('asking');
    expect(c.matches({ referentCall: { visio: { inCall: { share: 'asking' } } } })).toBe(true);
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: false });
    expect(c.context().call.share).toBe('off');
    expect(c.calls.filter((x) => x.startsWith('visioCall SHARE'))).toEqual([]);
  });

  it('a yes shows it (SHARE_ON once); « Arrêter » stops it in one touch (SHARE_OFF); it can be asked again', async () => {
    const c = await inCall();
    await c.send({ type: 'SHARE_SCREEN' });
    expect(c.calls).not.toContain('visioCall SHARE_ON');
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    expect(c.context().call.share).toBe('on');
    expect(c.calls.filter((x) => x.startsWith('visioCall SHARE'))).toEqual(['visioCall SHARE_ON']);
    // Pressing « Montrer mon écran » again while shown asks nothing and sends nothing more.
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    expect(count(c, 'visioCall SHARE_ON')).toBe(1);
    await c.send({ type: 'STOP_SHARE' });
    expect(c.context().call.share).toBe('off');
    expect(c.calls.filter((x) => x.startsWith('visioCall SHARE'))).toEqual(['visioCall SHARE_ON', 'visioCall SHARE_OFF']);
    expect(c.context().referentCall).toBe('inCall');
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    expect(count(c, 'visioCall SHARE_ON')).toBe(2);
  });

  it('a share the runtime could not give, or the service stopped (VISIO_SHARE_STOPPED): the banner goes, the call stays', async () => {
    const c = await inCall();
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    expect(c.context().call.share).toBe('on');
    await c.visio.send({ type: 'VISIO_SHARE_STOPPED' });
    expect(c.context().call.share).toBe('off');
    expect(c.context().referentCall).toBe('inCall');
    // Leaving `on` tells the actor too: nothing is left shown on its side either.
    expect(c.calls.filter((x) => x.startsWith('visioCall SHARE'))).toEqual(['visioCall SHARE_ON', 'visioCall SHARE_OFF']);
    // The yes is not kept: showing it again is asked again; anywhere but `on` the event changes nothing.
    await c.send({ type: 'SHARE_SCREEN' });
    expect(c.context().call.share).toBe('asking');
    await c.visio.send({ type: 'VISIO_SHARE_STOPPED' });
    expect(c.context().call.share).toBe('asking');
  });

  it('an answer nobody asked for, or a stop with nothing shown, does nothing', async () => {
    const c = await inCall();
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    await c.send({ type: 'STOP_SHARE' });
    expect(c.context().call.share).toBe('off');
    expect(c.calls.filter((x) => x.startsWith('visioCall SHARE'))).toEqual([]);
  });

  it('cannot be asked before the referent is there', async () => {
    const c = await inDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    expect(c.context().call.share).toBe('off');
    await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
    expect(c.context().call.share).toBe('off');
    expect(c.calls).not.toContain('visioCall SHARE_ON');
  });

  it('hanging up while shown: SHARE_OFF, then the actor stops', async () => {
    const c = await inCall();
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    await c.send({ type: 'HANG_UP' });
    expect(c.calls.slice(-2)).toEqual(['visioCall SHARE_OFF', 'visioCall stopped']);
    expect(c.context().call).toEqual(NO_CALL);
  });

  it('the referent leaving while shown: SHARE_OFF, then the actor stops', async () => {
    const c = await inCall();
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    await c.visio.send({ type: 'VISIO_REFERENT_LEFT' });
    expect(c.calls.slice(-2)).toEqual(['visioCall SHARE_OFF', 'visioCall stopped']);
  });
});

describe('the end of the session ends the call before the wipe', () => {
  const endings: [string, CabineEvent][] = [
    ['« J’ai fini »', { type: 'END_REQUEST' }],
    ['inactivity', { type: 'END', reason: 'inactivity' }],
    ['the session’s length', { type: 'END', reason: 'max-duration' }],
    ['the démarche view crashed', { type: 'VIEW_CRASHED' }],
    ['a technician', { type: 'UNLOCKED', role: 'technician' }],
  ];
  const moments: [string, (c: Awaited<ReturnType<typeof inDemarche>>) => Promise<void>][] = [
    ['ringing', (c) => c.send({ type: 'CALL_REFERENT' })],
    [
      'in the call, small',
      async (c) => {
        await c.send({ type: 'CALL_REFERENT' });
        await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
        await c.send({ type: 'CALL_WINDOW', size: 'small' });
      },
    ],
    [
      'asking to show the screen',
      async (c) => {
        await c.send({ type: 'CALL_REFERENT' });
        await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
        await c.send({ type: 'SHARE_SCREEN' });
      },
    ],
    [
      'showing the screen',
      async (c) => {
        await c.send({ type: 'CALL_REFERENT' });
        await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
        await c.send({ type: 'SHARE_SCREEN' });
        await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
      },
    ],
  ];
  for (const [moment, reach] of moments) {
    for (const [why, event] of endings) {
      it(`${moment}, ended by ${why}: the actor is stopped in the step that leaves the session, before its end and its wipe start`, async () => {
        const c = await inDemarche();
        await reach(c);
        expect(inVisio(c)).toBe(true);
        // Every snapshot from here on: never a running call out of the session.
        const leaks: string[] = [];
        c.actor.subscribe((s) => {
          const cabin = Object.keys((s.value as { cabin: object | string }).cabin as object)[0] ?? String((s.value as { cabin: string }).cabin);
          if (cabin !== 'session' && ('visioCall' in s.children || s.matches({ referentCall: 'visio' }))) leaks.push(cabin);
          if (cabin !== 'session' && JSON.stringify(s.context.call) !== JSON.stringify(NO_CALL)) leaks.push(`${cabin} call`);
        });
        await c.send(event);
        await c.settle();
        expect(['goodbye', 'maintenance']).toContain(c.cabin());
        expect(leaks).toEqual([]);
        expect(c.context()).toMatchObject({ referentCall: 'idle', call: NO_CALL });
        const stopped = c.calls.indexOf('visioCall stopped');
        expect(stopped).toBeGreaterThan(-1);
        // In the step that leaves the session (no snapshot above has both), before the session's end and its wipe start.
        expect(stopped).toBeLessThan(c.calls.indexOf('endSession'));
        expect(stopped).toBeLessThan(c.calls.indexOf('wipe'));
        if (moment === 'showing the screen') expect(c.calls.indexOf('visioCall SHARE_OFF')).toBe(stopped - 1);
      });
    }
  }

  it('a wipe that fails keeps no call either (out of service after the retries)', async () => {
    const c = await inDemarche({ failingWipes: Infinity });
    await c.send({ type: 'CALL_REFERENT' });
    await c.visio.send({ type: 'VISIO_REFERENT_JOINED' });
    await c.send({ type: 'END_REQUEST' });
    await c.settle();
    expect(c.cabin()).toBe('outOfService');
    expect(c.visio.running()).toBe(false);
    expect(c.context().referentCall).toBe('idle');
  });
});

describe("a referent's code at the cabin", () => {
  it('ends a call still ringing (someone came): idle, the actor stopped, the session assisted', async () => {
    const c = await inDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context()).toMatchObject({ assisted: true, referentCall: 'idle' });
    expect(c.calls).toContain('visioCall stopped');
  });

  it('keeps a call in progress (the session becomes assisted, the referent on screen stays)', async () => {
    const c = await inCall();
    await c.send({ type: 'SHARE_SCREEN' });
    await c.send({ type: 'SHARE_SCREEN_ANSWER', yes: true });
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context()).toMatchObject({ assisted: true, referentCall: 'inCall', call: { share: 'on' } });
    expect(c.calls).not.toContain('visioCall stopped');
    expect(c.calls).not.toContain('visioCall SHARE_OFF');
  });
});

describe('where the call is the webhook, as before', () => {
  it('no video service (settings.visio null): calling, the webhook actor, never a room', async () => {
    const c = startCabin({ referentCall: 'never' });
    expect(c.context().settings?.visio).toBeNull();
    await c.openDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('calling');
    expect(c.calls).toContain('callReferent');
    expect(c.calls.some((x) => x.startsWith('visioCall'))).toBe(false);
    // The video call's events do nothing here.
    for (const event of [
      { type: 'VISIO_REFERENT_JOINED' },
      { type: 'HANG_UP' },
      { type: 'SHARE_SCREEN' },
      { type: 'CALL_WINDOW', size: 'small' },
    ] as CabineEvent[])
      await c.send(event);
    expect(c.context()).toMatchObject({ referentCall: 'calling', call: NO_CALL });
  });

  it('the welcome screen (no session, so no room): the webhook, even with a video service; it goes on into the session', async () => {
    const c = startCabin({ settings: visioSettings() });
    await c.settle();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('acknowledged');
    expect(c.calls).toContain('callReferent');
    await c.send({ type: 'ACCEPT' });
    expect(c.context().referentCall).toBe('acknowledged');
    expect(c.calls.some((x) => x.startsWith('visioCall'))).toBe(false);
    // Nobody came: a new call from the session is a video call.
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('ringing');
  });

  it("the session's storage not ready yet (no session id): the webhook", async () => {
    const c = startCabin({ settings: visioSettings(), referentCall: 'never' });
    await c.settle();
    // Synchronously: the session's start has not answered.
    c.actor.send({ type: 'TOUCH' });
    c.actor.send({ type: 'ACCEPT' });
    expect(c.matches({ cabin: { session: { flow: 'starting' } } })).toBe(true);
    c.actor.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('calling');
    await c.settle();
    expect(c.calls.some((x) => x.startsWith('visioCall'))).toBe(false);
  });

  it('a webhook call that failed, in a session with a video service: calling again opens a room', async () => {
    const c = startCabin({ settings: visioSettings(), referentCall: 'fail' });
    await c.settle();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('unreachable');
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('ringing');
  });
});

describe('the IPC contract', () => {
  it("accepts the call's screen events", () => {
    for (const e of [
      { type: 'HANG_UP' },
      { type: 'CALL_WINDOW', size: 'small' },
      { type: 'CALL_WINDOW', size: 'large' },
      { type: 'SHARE_SCREEN' },
      { type: 'SHARE_SCREEN_ANSWER', yes: true },
      { type: 'SHARE_SCREEN_ANSWER', yes: false },
      { type: 'STOP_SHARE' },
    ])
      expect(uiEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
  });

  it('refuses what only the call itself may report (a screen must not say the referent joined), and bad payloads', () => {
    for (const e of [
      { type: 'VISIO_REFERENT_JOINED' },
      { type: 'VISIO_REFERENT_LEFT' },
      { type: 'VISIO_SHARE_STOPPED' },
      { type: 'VISIO_FAILED', reason: 'x' },
      { type: 'CALL_WINDOW', size: 'huge' },
      { type: 'CALL_WINDOW' },
      { type: 'SHARE_SCREEN_ANSWER', yes: 'yes' },
      { type: 'SHARE_SCREEN_ANSWER' },
      { type: 'HANG_UP', reason: 'x' },
    ])
      expect(uiEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(false);
  });
});

describe('inactivity during a video call', () => {
  it('a resident who only talks is not asked « Êtes-vous encore là ? »; the timer starts over when the call ends', async () => {
    const c = await inCall();
    const inactivityMs = (c.context().settings!.timers.inactivitySeconds + c.context().settings!.timers.warningSeconds) * 1000;
    await c.advance(inactivityMs * 3);
    expect(c.context().warningEndsAt).toBeNull();
    expect(c.context().referentCall).toBe('inCall');
    expect(c.matches({ cabin: 'session' })).toBe(true);
    await c.send({ type: 'HANG_UP' });
    // From the hang-up, the whole delay again before the warning.
    await c.advance(c.context().settings!.timers.inactivitySeconds * 1000 - 1000);
    expect(c.context().warningEndsAt).toBeNull();
    await c.advance(2000);
    expect(c.context().warningEndsAt).not.toBeNull();
  });

  it('a call that starts while the warning shows takes it away', async () => {
    const c = await inDemarche();
    await c.advance(c.context().settings!.timers.inactivitySeconds * 1000 + 100);
    expect(c.context().warningEndsAt).not.toBeNull();
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('ringing');
    expect(c.context().warningEndsAt).toBeNull();
  });
});
