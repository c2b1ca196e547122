// Model-based tests of the session machine (xstate/graph).
//
// 1. The whole reachable state graph is built from every event the world can send, every actor
//    completion and every timer. On that graph we *prove* the wipe invariant for every path:
//    with the "wipe succeeded" edges removed, no state where personal data may exist reaches
//    attract, welcome or goodbye — whatever the order of events, however long the path.
// 2. The shortest path to every state is replayed on a live actor whose actors are real
//    promises resolved by the test: the running machine agrees with the model at each step.
// 3. Simple paths of the resident journey, attract to attract: each one that opened a session
//    went through a successful wipe.
// The regions beside the cabin's have models of their own (presence, unlock, the call to a referent, the video call
// on a cabin with a video service, the session's length, the agent's panel, the printer's check): each proves the
// wipe invariant too, and its own properties.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths, getStateNodes } from 'xstate/graph';
import { cabineMachine, type CabineEvent } from '../../../../src/shared/session';
import {
  AGENT_MODEL_EVENTS,
  cabinState,
  liveMachine,
  eventsIn,
  LIMITS_MODEL_EVENTS,
  modelSettings,
  PRESENCE_EVENTS,
  PRINTER_CHECK_MODEL_EVENTS,
  REFERENT_CALL_MODEL_EVENTS,
  restrictedEvents,
  serializeEvent,
  serializeState,
  serializeWithPrinterCheck,
  UNLOCK_MODEL_EVENTS,
  VISIO_CALL_EVENTS,
  VISIO_MODEL_EVENTS,
  visioModelSettings,
  WIPE_SUCCEEDED,
  type ModelEvent,
  type Snapshot,
} from './model';

const settings = modelSettings();
/** The video call's model runs on a cabin with the commune's video service (issue 17). */
const visioSettings = visioModelSettings();

function traversalWith(events: (s: Snapshot) => ModelEvent[], serialize = serializeState, machineSettings = settings) {
  return {
    input: { settings: machineSettings },
    events: events as unknown as (s: Snapshot) => CabineEvent[],
    serializeState: (s: Snapshot) => serialize(s),
    serializeEvent: (e: CabineEvent) => serializeEvent(e),
    limit: 2_000_000,
  };
}
/** Everything the world can do, with the unlock region's outcome (UNLOCKED) arriving at any time. */
const traversal = traversalWith(eventsIn);

/** States where personal data of a resident may exist. */
const PERSONAL = new Set(['session', 'ending', 'wiping']);
/** States a resident sees as "fresh": nothing of anyone may remain (printerCheck waits for an agent after a wipe). */
const CLEAN_ONLY = new Set(['attract', 'welcome', 'goodbye', 'printerCheck', 'updating']);

/** The adjacency map, with the event widened to what the model sends (actor and timer events too). */
type Adjacency = Record<string, { state: Snapshot; transitions: Record<string, { event: ModelEvent; state: Snapshot }> }>;
const adjacencyOf = (events: (s: Snapshot) => ModelEvent[], serialize = serializeState, machineSettings = settings) =>
  getAdjacencyMap(cabineMachine, traversalWith(events, serialize, machineSettings)) as unknown as Adjacency;

/** Dirty = reachable from a personal-data state without crossing a "wipe succeeded" edge. */
function dirtyStates(adjacency: Adjacency, serialize = serializeState): Set<string> {
  const keys = Object.keys(adjacency);
  const queue: string[] = keys.filter((k) => PERSONAL.has(cabinState(adjacency[k]!.state as Snapshot)));
  const dirty = new Set(queue);
  while (queue.length) {
    const k = queue.shift()!;
    for (const { event, state } of Object.values(adjacency[k]!.transitions)) {
      if (event.type === WIPE_SUCCEEDED) continue;
      const next = serialize(state as Snapshot);
      if (!dirty.has(next)) {
        dirty.add(next);
        queue.push(next);
      }
    }
  }
  return dirty;
}

function assertWipeInvariant(adjacency: Adjacency, serialize = serializeState) {
  const dirty = dirtyStates(adjacency, serialize);
  const violations = [...dirty].filter((k) => CLEAN_ONLY.has(cabinState(adjacency[k]!.state as Snapshot)));
  expect(violations).toEqual([]);
  return new Set([...dirty].map((k) => cabinState(adjacency[k]!.state as Snapshot)));
}

function reachedNodes(adjacency: Adjacency): Set<string> {
  const reached = new Set<string>();
  for (const entry of Object.values(adjacency)) {
    for (const node of (entry.state as unknown as { _nodes: { id: string }[] })._nodes) reached.add(node.id);
  }
  return reached;
}

describe('session machine model', () => {
  const main = adjacencyOf(eventsIn);
  const presence = adjacencyOf(restrictedEvents(PRESENCE_EVENTS));
  const unlock = adjacencyOf(restrictedEvents(UNLOCK_MODEL_EVENTS));
  const referent = adjacencyOf(restrictedEvents(REFERENT_CALL_MODEL_EVENTS));
  const limits = adjacencyOf(restrictedEvents(LIMITS_MODEL_EVENTS));
  const printerCheck = adjacencyOf(restrictedEvents(PRINTER_CHECK_MODEL_EVENTS), serializeWithPrinterCheck);
  // The agent's panel (issue 15): its own properties are in machine.agent-panel.model.test.ts.
  const agentPanel = adjacencyOf(restrictedEvents(AGENT_MODEL_EVENTS));
  // The video call (issue 17): its own model, on a cabin with a video service.
  const visio = adjacencyOf(restrictedEvents(VISIO_MODEL_EVENTS), serializeState, visioSettings);
  const keys = Object.keys(main);

  it('reaches every state node of the machine (transient "leaving" states excepted)', () => {
    const reached = new Set([
      ...reachedNodes(main),
      ...reachedNodes(presence),
      ...reachedNodes(unlock),
      ...reachedNodes(referent),
      ...reachedNodes(limits),
      ...reachedNodes(agentPanel),
      ...reachedNodes(printerCheck),
      ...reachedNodes(visio),
    ]);
    const nodes = getStateNodes(cabineMachine.root);
    // A state with an unguarded eventless transition is left in the same step it is entered.
    const transient = nodes.filter((n) => n.always?.some((t) => !t.guard)).map((n) => n.id);
    expect(transient.sort()).toEqual(['cabine.cabin.session.flow.demarche.printing.leaving', 'cabine.cabin.session.flow.demarche.scanning.leaving']);
    const missing = nodes.map((n) => n.id).filter((id) => !reached.has(id) && !transient.includes(id));
    expect(missing).toEqual([]);
    const count = (a: Adjacency) => [Object.keys(a).length, Object.values(a).reduce((n, e) => n + Object.keys(e.transitions).length, 0)];
    // The size of the proof, printed for the closing note.
    console.log(
      `model: main ${count(main).join(' states, ')} transitions; presence ${count(presence).join('/')}; unlock ${count(unlock).join('/')}; referent call ${count(referent).join('/')}; video call ${count(visio).join('/')}; session length ${count(limits).join('/')}; ${nodes.length} state nodes`,
    );
    expect(keys.length).toBeGreaterThan(500);
  });

  // Six models of several thousand states: seconds each on a loaded machine.
  it('never reaches attract, welcome or goodbye from personal data without a successful wipe (every path)', { timeout: 120_000 }, () => {
    const dirtyKinds = assertWipeInvariant(main);
    // Not vacuous: the dirty region holds the personal states, and the out-of-service and
    // maintenance states reached after failed wipes — from which only a wipe leads out.
    expect([...dirtyKinds].sort()).toEqual(['ending', 'maintenance', 'outOfService', 'session', 'wiping']);
    assertWipeInvariant(presence);
    assertWipeInvariant(unlock);
    assertWipeInvariant(referent);
    assertWipeInvariant(limits);
    assertWipeInvariant(printerCheck, serializeWithPrinterCheck);
    assertWipeInvariant(agentPanel);
    assertWipeInvariant(visio);
  });

  it("after a print job left before it completed, no next person before an agent's or a technician's word (every path)", { timeout: 120_000 }, () => {
    /** The agent's or technician's word: a code accepted on printerCheck, or the technician leaving maintenance. */
    const agentsWord = (from: Snapshot, event: ModelEvent) =>
      (cabinState(from) === 'printerCheck' && (event.type === 'UNLOCKED' || event.type === 'xstate.done.actor.verifySecret')) ||
      (cabinState(from) === 'maintenance' && event.type === 'MAINTENANCE_EXIT');
    {
      const adjacency = printerCheck;
      // Reachable from a state where the printer may hold sheets, without the agent's word.
      const flagged = Object.keys(adjacency).filter((k) => (adjacency[k]!.state as Snapshot).context.printerToCheck);
      const reached = new Set(flagged);
      const queue = [...flagged];
      const newSessions: string[] = [];
      while (queue.length) {
        const k = queue.shift()!;
        const from = adjacency[k]!.state as Snapshot;
        for (const { event, state } of Object.values(adjacency[k]!.transitions)) {
          if (agentsWord(from, event)) continue;
          const to = state as Snapshot;
          if (cabinState(to) === 'session' && cabinState(from) !== 'session') newSessions.push(`${cabinState(from)} ${event.type}`);
          const next = serializeWithPrinterCheck(to);
          if (!reached.has(next)) {
            reached.add(next);
            queue.push(next);
          }
        }
      }
      expect(flagged.length).toBeGreaterThan(0); // not vacuous
      expect(newSessions).toEqual([]);
      const kinds = new Set([...reached].map((k) => cabinState(adjacency[k]!.state as Snapshot)));
      expect([...kinds].filter((k) => k === 'attract' || k === 'welcome')).toEqual([]);
      // The flag is cleared only by that word.
      for (const entry of Object.values(adjacency)) {
        const from = entry.state as Snapshot;
        if (!from.context.printerToCheck) continue;
        for (const { event, state } of Object.values(entry.transitions)) {
          if (!(state as Snapshot).context.printerToCheck) expect(agentsWord(from, event), `${cabinState(from)} ${event.type}`).toBe(true);
        }
      }
    }
    // The model stops jobs half-way and reaches the check.
    expect(Object.values(printerCheck).some((e) => cabinState(e.state as Snapshot) === 'printerCheck')).toBe(true);
  });

  it('the session length: extensions only while some remain, each counted; its end only from the last minute (or an END)', () => {
    const max = settings.timers.maxExtensions;
    let extensions = 0;
    let ends = 0;
    for (const entry of Object.values(limits)) {
      const s = entry.state as Snapshot;
      expect(s.context.extensionsLeft).toBeGreaterThanOrEqual(0);
      expect(s.context.extensionsLeft).toBeLessThanOrEqual(s.context.assisted ? settings.timers.assisted.maxExtensions : max);
      // The warning is only ever on screen in the two warning states.
      if (s.context.timeWarning !== null) {
        expect(s.matches({ cabin: { session: { limits: 'fiveMinutesLeft' } } }) || s.matches({ cabin: { session: { limits: 'oneMinuteLeft' } } })).toBe(true);
      }
      for (const { event, state } of Object.values(entry.transitions)) {
        const to = state as Snapshot;
        if (event.type === 'EXTEND_SESSION' && cabinState(s) === 'session') {
          if (s.context.extensionsLeft > 0 && s.context.timeWarning !== null) {
            expect(to.context.extensionsLeft).toBe(s.context.extensionsLeft - 1);
            expect(to.context.timeWarning).toBeNull();
            extensions++;
          } else if (s.context.extensionsLeft === 0) expect(serializeState(to)).toBe(serializeState(s));
        }
        if (cabinState(s) === 'session' && cabinState(to) === 'ending' && to.context.endingReason === 'max-duration') {
          expect(event.type).toMatch(/^xstate\.after\.untilSessionEnd\./);
          ends++;
        }
      }
    }
    expect(extensions).toBeGreaterThan(0); // not vacuous
    expect(ends).toBeGreaterThan(0);
  });

  it('starts every session from a clean state, with fresh counters', () => {
    for (const adjacency of [main, presence, unlock, referent, visio]) {
      for (const entry of Object.values(adjacency)) {
        const from = cabinState(entry.state as Snapshot);
        for (const { state } of Object.values(entry.transitions)) {
          const to = state as Snapshot;
          if (cabinState(to) !== 'session' || from === 'session') continue;
          expect(['attract', 'welcome', 'goodbye']).toContain(from);
          expect(to.context.counts).toEqual({ pagesPrinted: 0, printJobs: 0, scans: 0, pagesScanned: 0, downloads: 0 });
          expect(to.context.receipt).toBeNull();
        }
      }
    }
  });

  it('leaves wiping only by a successful wipe or out of service, and retries a bounded number of times', () => {
    for (const entry of Object.values(main)) {
      const s = entry.state as Snapshot;
      if (cabinState(s) !== 'wiping') continue;
      expect(s.context.wipeAttempts).toBeLessThanOrEqual(settings.wipeMaxAttempts);
      for (const { event, state } of Object.values(entry.transitions)) {
        const to = cabinState(state as Snapshot);
        if (to === 'wiping') continue;
        if (event.type === WIPE_SUCCEEDED) expect(['goodbye', 'attract', 'printerCheck', 'maintenance', 'outOfService']).toContain(to);
        else expect(to).toBe('outOfService');
      }
    }
  });

  it('locks the PIN pad after the configured number of failures, and only then', () => {
    const lockouts = Object.values(unlock).filter((e) => (e.state as Snapshot).matches({ unlock: 'lockedOut' }));
    expect(lockouts.length).toBeGreaterThan(0);
    for (const e of lockouts) expect((e.state as Snapshot).context.unlock.failures).toBe(settings.lockout.maxAttempts);
    for (const e of Object.values(unlock)) {
      const s = e.state as Snapshot;
      if (!s.matches({ unlock: 'lockedOut' })) expect(s.context.unlock.failures).toBeLessThan(settings.lockout.maxAttempts);
    }
  });

  it('never keeps the host of a blocked site or of a refused login outside the démarche', () => {
    // Every state the model reached, and every state each of its transitions led to.
    let inDemarche = 0;
    for (const entry of Object.values(main)) {
      for (const state of [entry.state, ...Object.values(entry.transitions).map((t) => t.state)] as Snapshot[]) {
        if (state.matches({ cabin: { session: { flow: 'demarche' } } })) {
          if (state.context.authRefusedHost !== null) inDemarche++;
          continue;
        }
        expect(state.context.authRefusedHost).toBeNull();
        expect(state.context.blockedHost).toBeNull();
      }
    }
    expect(inDemarche).toBeGreaterThan(0); // not vacuous: the model does refuse logins during démarches
  });

  it('says a referent was told ("acknowledged") only after the call route acknowledged the call', () => {
    let acknowledgments = 0;
    for (const entry of Object.values(referent)) {
      const from = (entry.state as Snapshot).context.referentCall;
      for (const { event, state } of Object.values(entry.transitions)) {
        const to = (state as Snapshot).context.referentCall;
        if (to !== 'acknowledged' || from === 'acknowledged') continue;
        expect(event.type).toBe('xstate.done.actor.callReferent');
        expect(from).toBe('calling');
        acknowledgments++;
      }
    }
    expect(acknowledgments).toBeGreaterThan(0); // not vacuous
  });

  it('keeps a call only while someone is at the screens, and stops waiting when the resident cancels', () => {
    let cancels = 0;
    for (const entry of Object.values(referent)) {
      const s = entry.state as Snapshot;
      const running = 'callReferent' in (s.children as object);
      expect(running, serializeState(s)).toBe(s.context.referentCall === 'calling');
      if (!['welcome', 'session'].includes(cabinState(s))) expect(s.context.referentCall).toBe('idle');
      for (const { event, state } of Object.values(entry.transitions)) {
        if (event.type !== 'CANCEL_REFERENT_CALL' || s.context.referentCall !== 'calling') continue;
        const to = state as Snapshot;
        expect(to.context.referentCall).toBe('cancelled');
        expect('callReferent' in (to.children as object)).toBe(false);
        cancels++;
      }
    }
    expect(cancels).toBeGreaterThan(0);
  });

  it('with no video service, a call is never a video call and none of its events changes anything', () => {
    const visioTypes = new Set<string>(VISIO_CALL_EVENTS.map((e) => e.type));
    let ignored = 0;
    for (const entry of Object.values(referent)) {
      const s = entry.state as Snapshot;
      expect('visioCall' in (s.children as object)).toBe(false);
      expect(['ringing', 'inCall', 'noAnswer']).not.toContain(s.context.referentCall);
      for (const { event, state } of Object.values(entry.transitions)) {
        if (!visioTypes.has(event.type)) continue;
        expect(serializeState(state as Snapshot), `${serializeState(s)} ${event.type}`).toBe(serializeState(s));
        ignored++;
      }
    }
    expect(ignored).toBeGreaterThan(0); // not vacuous
  });

  it("keeps a video call's actor exactly in the call's states, only in a session, never into the session's end or its wipe", () => {
    const seen = new Set<string>();
    for (const entry of Object.values(visio)) {
      for (const s of [entry.state, ...Object.values(entry.transitions).map((t) => t.state)] as Snapshot[]) {
        const running = 'visioCall' in (s.children as object);
        const status = s.context.referentCall;
        seen.add(status);
        expect(running, serializeState(s)).toBe(s.matches({ referentCall: 'visio' }));
        expect(running, serializeState(s)).toBe(status === 'ringing' || status === 'inCall');
        if (running) expect(cabinState(s)).toBe('session');
        if (['ending', 'wiping', 'goodbye', 'maintenance', 'outOfService'].includes(cabinState(s))) {
          expect(running).toBe(false);
          expect(status).toBe('idle');
        }
        // The webhook's actor runs only while calling (the welcome screen, a session not started yet).
        expect('callReferent' in (s.children as object)).toBe(status === 'calling');
      }
    }
    // Not vacuous: every status of a video call, and the webhook's from the welcome screen, are reached.
    for (const status of ['ringing', 'inCall', 'noAnswer', 'unreachable', 'cancelled', 'calling', 'acknowledged']) expect(seen).toContain(status);
  });

  it("shows the resident's screen only after their yes, only in a call; nothing of a call outlives it", () => {
    let shares = 0;
    for (const entry of Object.values(visio)) {
      const from = entry.state as Snapshot;
      for (const s of [from, ...Object.values(entry.transitions).map((t) => t.state)] as Snapshot[]) {
        const { share, window } = s.context.call;
        expect(share === 'on', serializeState(s)).toBe(s.matches({ referentCall: { visio: { inCall: { share: 'on' } } } }));
        expect(share === 'asking', serializeState(s)).toBe(s.matches({ referentCall: { visio: { inCall: { share: 'asking' } } } }));
        // Out of a call in progress: no share, and the next panel opens large.
        if (s.context.referentCall !== 'inCall') expect({ share, window }).toEqual({ share: 'off', window: 'large' });
      }
      for (const { event, state } of Object.values(entry.transitions)) {
        const to = state as Snapshot;
        if (to.context.call.share !== 'on' || from.context.call.share === 'on') continue;
        expect(event).toEqual({ type: 'SHARE_SCREEN_ANSWER', yes: true });
        expect(from.context.call.share).toBe('asking');
        shares++;
      }
    }
    expect(shares).toBeGreaterThan(0); // not vacuous
  });

  it('says the referent is on screen ("inCall") only after the room said they joined, and ends the call on every way out', () => {
    const ends = new Set<string>();
    for (const entry of Object.values(visio)) {
      const from = entry.state as Snapshot;
      for (const { event, state } of Object.values(entry.transitions)) {
        const to = state as Snapshot;
        if (to.context.referentCall === 'inCall' && from.context.referentCall !== 'inCall') {
          expect(event.type).toBe('VISIO_REFERENT_JOINED');
          expect(from.context.referentCall).toBe('ringing');
        }
        // What ends the session ends the call in the same step, and the session does end (the call region's own handlers
        // of END, END_REQUEST, VIEW_CRASHED and a technician's code must never end a call the session survives).
        const endsSession = ['END', 'END_REQUEST', 'VIEW_CRASHED'].includes(event.type) || (event.type === 'UNLOCKED' && event.role === 'technician');
        if (endsSession && 'visioCall' in (from.children as object)) expect(cabinState(to), `${serializeState(from)} ${event.type}`).toBe('ending');
        // A timer by its delay's name: xstate.after.visioAnswer.cabine.referentCall.visio.ringing → after visioAnswer.
        if ('visioCall' in (from.children as object) && !('visioCall' in (to.children as object)))
          ends.add(event.type.replace(/^xstate\.after\.(\w+)\..*/, 'after $1'));
      }
    }
    // Every way out of a call is walked by the model: the resident's, the room's, the ringing's limit, a referent
    // at the cabin, and every end of the session (its length included). Not inactivity: a resident who only talks
    // touches nothing, and the inactivity timer waits for the call's end (./states/session-timers.ts).
    expect([...ends].sort()).toEqual(
      [
        'CANCEL_REFERENT_CALL',
        'END',
        'END_REQUEST',
        'HANG_UP',
        'UNLOCKED',
        'VIEW_CRASHED',
        'VISIO_FAILED',
        'VISIO_REFERENT_LEFT',
        'after untilSessionEnd',
        'after visioAnswer',
      ].sort(),
    );
  });

  it('keeps nothing personal in the context: a PIN or a badge id never enters it', () => {
    for (const adjacency of [main, unlock]) {
      for (const entry of Object.values(adjacency)) {
        const text = JSON.stringify((entry.state as Snapshot).context);
        expect(text).not.toContain('pin-canary-Qx7'); // the PIN and code the model submits (letters: a timestamp can hold any digits)
        expect(text).not.toContain('badge-canary-Zk4'); // the badge id the model reads
      }
    }
  });
});

describe('live actor replays the shortest path to every state', () => {
  // Timers are not run here: the machine's delays are minutes long and the actor is stopped
  // after each path. Timer steps are sent as the events they schedule.
  const flush = async () => {
    for (let i = 0; i < 4; i++) await Promise.resolve();
  };

  async function replayShortestPaths(events: (s: Snapshot) => ModelEvent[], machineSettings = settings) {
    const paths = getShortestPaths(cabineMachine, traversalWith(events, serializeState, machineSettings));
    let steps = 0;
    for (const path of paths) {
      const { machine, pending } = liveMachine();
      const actor = createActor(machine, { input: { settings: machineSettings } });
      actor.start();
      for (const step of path.steps) {
        const event = step.event as ModelEvent;
        const [, kind, , id] = event.type.split('.');
        if (event.type.startsWith('xstate.done.actor.') || event.type.startsWith('xstate.error.actor.')) {
          const p = pending.get(id!);
          expect(p, `actor ${id} should be running before ${event.type}`).toBeDefined();
          pending.delete(id!);
          if (kind === 'done') p!.resolve((event as { output?: unknown }).output);
          else p!.reject((event as { error?: unknown }).error);
          await flush();
        } else if (event.type === 'xstate.init') {
          await flush();
        } else {
          // Timers are sent as the events they schedule: the model treats them as independent.
          actor.send(event as CabineEvent);
          await flush();
        }
        expect(serializeState(actor.getSnapshot()), `after ${serializeEvent(event)}`).toBe(serializeState(step.state as Snapshot));
        steps++;
      }
      actor.stop();
    }
    return { paths: paths.length, steps };
  }

  it('agrees with the model at every step', { timeout: 600_000 }, async () => {
    const { paths, steps } = await replayShortestPaths(eventsIn);
    expect(paths).toBeGreaterThan(500);
    console.log(`replayed ${paths} shortest paths, ${steps} steps`);
  });

  it('agrees with the model of the session length at every step', { timeout: 600_000 }, async () => {
    const { paths, steps } = await replayShortestPaths(restrictedEvents(LIMITS_MODEL_EVENTS));
    expect(paths).toBeGreaterThan(50);
    console.log(`session length: replayed ${paths} shortest paths, ${steps} steps`);
  });

  it('agrees with the model of a call to a referent at every step', { timeout: 600_000 }, async () => {
    const { paths, steps } = await replayShortestPaths(restrictedEvents(REFERENT_CALL_MODEL_EVENTS));
    expect(paths).toBeGreaterThan(50);
    console.log(`referent call: replayed ${paths} shortest paths, ${steps} steps`);
  });

  it('agrees with the model of a video call at every step', { timeout: 600_000 }, async () => {
    const { paths, steps } = await replayShortestPaths(restrictedEvents(VISIO_MODEL_EVENTS), visioSettings);
    expect(paths).toBeGreaterThan(50);
    console.log(`video call: replayed ${paths} shortest paths, ${steps} steps`);
  });
});

describe('simple paths of the resident journey', () => {
  it('every simple path from attract back to attract that opened a session went through a wipe', { timeout: 300_000 }, () => {
    const journey: CabineEvent[] = [
      { type: 'TOUCH' },
      { type: 'ACCEPT' },
      { type: 'OPEN_DEMARCHE', demarcheId: 'caf' },
      { type: 'HOME' },
      { type: 'END_REQUEST' },
      { type: 'SCAN_REQUEST' },
      { type: 'SCAN_LAYOUT', layout: 'document' },
      { type: 'SCAN_PAGE' },
      { type: 'SCAN_FINISH' },
      { type: 'CANCEL' },
      { type: 'VIEW_CRASHED' },
    ];
    const actorsOnly = (s: Snapshot) =>
      eventsIn(s).filter(
        (e) =>
          journey.some((j) => j.type === e.type && serializeEvent(j) === serializeEvent(e)) ||
          e.type.startsWith('xstate.done.actor') ||
          e.type.startsWith('xstate.error.actor.wipe'),
      ) as CabineEvent[];
    const { fromState: _unused, ...base } = { ...traversal, fromState: undefined };
    // Start from attract: the boot sweep's success is the first step.
    const attract = getShortestPaths(cabineMachine, { ...base, events: actorsOnly, toState: (s) => cabinState(s) === 'attract' })[0]!.state;
    const paths = getSimplePaths(cabineMachine, {
      ...base,
      events: actorsOnly,
      fromState: attract,
      toState: (s) => cabinState(s) === 'goodbye' || cabinState(s) === 'outOfService',
    });
    expect(paths.length).toBeGreaterThan(50);
    let withSession = 0;
    for (const path of paths) {
      const states = path.steps.map((s) => cabinState(s.state as Snapshot));
      if (!states.includes('session')) continue;
      withSession++;
      const end = cabinState(path.state as Snapshot);
      const wiped = path.steps.some((s) => (s.event as ModelEvent).type === WIPE_SUCCEEDED);
      if (end === 'goodbye') expect(wiped).toBe(true);
      else expect(wiped).toBe(false); // out of service: the wipe failed every time
    }
    console.log(`simple paths: ${paths.length}, of which ${withSession} open a session`);
    expect(withSession).toBeGreaterThan(20);
  });
});
