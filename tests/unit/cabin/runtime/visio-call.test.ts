// The machine's visioCall made real (src/cabin/runtime/visio-call.ts), against a stand-in engine session whose call
// view the test drives: a room per call, the webhook told its link, what the view says turned into the machine's
// events, the share given only with a picture to give, and every stop a hang-up.
import { assign, createActor, sendTo, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { visioCallActor, cabinDisplayName } from '../../../../src/cabin/runtime/visio-call';
import { SessionMemory } from '../../../../src/cabin/runtime/session-memory';
import type { CallNotice, CallSpec, CallView, ShareSource } from '../../../../src/engine/port';
import type { ClaimedSession } from '../../../../src/cabin/storage';
import { defaultConfig, validateConfig, type CabinConfig } from '../../../../src/shared/config';

function visioConfig(): CabinConfig {
  const r = validateConfig({
    ...defaultConfig,
    cabin: { ...defaultConfig.cabin, place: 'Hall d’accueil' },
    referentCall: { webhookUrl: 'https://hooks.example.fr/cabine', visio: { url: 'https://visio.example.fr/', roomPrefix: 'cabine-lunel' } },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

class FakeCall implements CallView {
  listeners = new Set<(n: CallNotice) => void>();
  shared: (ShareSource | null)[] = [];
  hungUp = 0;
  on(listener: (n: CallNotice) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(n: CallNotice) {
    for (const l of this.listeners) l(n);
  }
  async shareScreen(source: ShareSource | null) {
    this.shared.push(source);
  }
  async hangUp() {
    this.hungUp++;
  }
}

const SOURCE: ShareSource = { width: 640, height: 360, subscribe: () => () => {} };

function harness(options: { notify?: (signal: AbortSignal, call?: { visioUrl: string }) => Promise<void>; shareSource?: ShareSource | null } = {}) {
  const config = visioConfig();
  const memory = new SessionMemory();
  const call = new FakeCall();
  const specs: CallSpec[] = [];
  memory.claimed = {
    sessionId: 's-1',
    engineSession: { openCall: async (spec: CallSpec) => (specs.push(spec), call) },
  } as unknown as ClaimedSession;
  const notified: { visioUrl: string }[] = [];
  const notify = options.notify ?? (async (_signal: AbortSignal, c?: { visioUrl: string }) => void notified.push(c!));
  const logic = visioCallActor({
    config,
    memory,
    notifyReferent: notify,
    shareSource: options.shareSource === null ? undefined : (options.shareSource ?? SOURCE),
    log: () => {},
  });
  const parent = setup({
    types: { context: {} as { events: string[] }, events: {} as { type: string } },
    actors: { visio: logic },
  }).createMachine({
    context: { events: [] },
    initial: 'on',
    states: {
      on: {
        invoke: { id: 'visio', src: 'visio', input: { sessionId: 's-1', locale: 'fr' as const } },
        on: {
          STOP: 'off',
          SHARE_ON: { actions: sendTo('visio', { type: 'SHARE_ON' }) },
          SHARE_OFF: { actions: sendTo('visio', { type: 'SHARE_OFF' }) },
          '*': { actions: assign({ events: ({ context, event }) => [...context.events, event.type] }) },
        },
      },
      off: {},
    },
  });
  const actor = createActor(parent).start();
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { actor, call, memory, specs, notified, flush, config, events: () => actor.getSnapshot().context.events };
}

describe('visioCall, the runtime side of the video call', () => {
  it('opens a new room on the service and tells the webhook its link; the room is named at random under the prefix', async () => {
    const h = harness();
    await h.flush();
    expect(h.specs).toHaveLength(1);
    expect(h.specs[0]).toMatchObject({
      serviceUrl: 'https://visio.example.fr/',
      displayName: `Cabine — ${defaultConfig.cabin.commune.name} — Hall d’accueil`,
      locale: 'fr',
    });
    expect(h.specs[0]!.room).toMatch(/^cabine-lunel-[a-z2-7]{26}$/);
    expect(h.notified).toEqual([{ visioUrl: `https://visio.example.fr/${h.specs[0]!.room}` }]);
    expect(h.memory.call).toBe(h.call);
    expect(cabinDisplayName(h.config)).toBe(h.specs[0]!.displayName);
  });

  it('the referent joins and leaves: the machine is told; stopping the actor hangs up', async () => {
    const h = harness();
    await h.flush();
    h.call.emit({ type: 'joined' });
    h.call.emit({ type: 'participant-joined' });
    h.call.emit({ type: 'participant-left' });
    expect(h.events()).toEqual(['VISIO_REFERENT_JOINED', 'VISIO_REFERENT_LEFT']);
    h.actor.send({ type: 'STOP' });
    expect(h.call.hungUp).toBe(1);
    expect(h.memory.call).toBeNull();
  });

  it('the room closed before anyone came is a failure, not a call that ended; after the referent came, it ended', async () => {
    const before = harness();
    await before.flush();
    before.call.emit({ type: 'ended', reason: 'closed' });
    expect(before.events()).toEqual(['VISIO_FAILED']);
    const after = harness();
    await after.flush();
    after.call.emit({ type: 'participant-joined' });
    after.call.emit({ type: 'ended', reason: 'closed' });
    expect(after.events()).toEqual(['VISIO_REFERENT_JOINED', 'VISIO_REFERENT_LEFT']);
  });

  it('nobody could be told the link: the call fails and hangs up (nobody will come into the room)', async () => {
    const h = harness({ notify: async () => Promise.reject(new Error('the webhook answered 500')) });
    await h.flush();
    await h.flush();
    expect(h.events()).toEqual(['VISIO_FAILED']);
    expect(h.call.hungUp).toBe(1);
  });

  it('the resident’s yes shares the shell’s picture, their stop ends it; a shell with no picture says so at once', async () => {
    const h = harness();
    await h.flush();
    h.actor.send({ type: 'SHARE_ON' });
    await h.flush();
    h.actor.send({ type: 'SHARE_OFF' });
    await h.flush();
    expect(h.call.shared).toEqual([SOURCE, null]);
    expect(h.events()).toEqual([]);

    const blind = harness({ shareSource: null });
    await blind.flush();
    blind.actor.send({ type: 'SHARE_ON' });
    await blind.flush();
    await blind.flush();
    expect(blind.call.shared).toEqual([]);
    expect(blind.events()).toEqual(['VISIO_SHARE_STOPPED']);
  });

  it('the service stopping the share while the yes stands: the machine is told; after the resident’s own stop, not', async () => {
    const h = harness();
    await h.flush();
    h.actor.send({ type: 'SHARE_ON' });
    await h.flush();
    h.call.emit({ type: 'sharing', on: true });
    h.call.emit({ type: 'sharing', on: false });
    expect(h.events()).toEqual(['VISIO_SHARE_STOPPED']);
    h.actor.send({ type: 'SHARE_OFF' });
    await h.flush();
    h.call.emit({ type: 'sharing', on: false });
    expect(h.events()).toEqual(['VISIO_SHARE_STOPPED']);
  });

  it('stopped while the room is still opening: the call is hung up as soon as it opens, and nothing is told', async () => {
    const h = harness();
    h.actor.send({ type: 'STOP' });
    await h.flush();
    await h.flush();
    expect(h.call.hungUp).toBe(1);
    expect(h.events()).toEqual([]);
    expect(h.memory.call).toBeNull();
  });
});
