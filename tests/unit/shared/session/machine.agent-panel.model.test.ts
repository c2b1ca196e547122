// The agent's panel (issue 15) on the model's graph (xstate/graph), from its own events (AGENT_MODEL_EVENTS) with a
// journey that opens, leaves and ends sessions, referents and technicians unlocking at any time:
//   - no path reaches attract, welcome or goodbye from personal data without a verified wipe (the panel opens none);
//   - none of the panel's events is accepted outside an assisted session: from every such state, each of them
//     changes nothing (state, what was added, the session's end);
//   - in an assisted session, what the agent adds never passes the config's totals, a site is opened only from the
//     blocked screen with the panel open, and a wipe forgets all of it;
//   - the shortest path to every state replays on a live actor.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { cabineMachine, type CabineEvent } from '../../../../src/shared/session';
import {
  AGENT_MODEL_EVENTS,
  cabinState,
  liveMachine,
  modelSettings,
  restrictedEvents,
  serializeEvent,
  serializeState,
  WIPE_SUCCEEDED,
  type ModelEvent,
  type Snapshot,
} from './model';

const settings = modelSettings();
const traversal = {
  input: { settings },
  events: restrictedEvents(AGENT_MODEL_EVENTS) as unknown as (s: Snapshot) => CabineEvent[],
  serializeState: (s: Snapshot) => serializeState(s),
  serializeEvent: (e: CabineEvent) => serializeEvent(e),
  limit: 2_000_000,
};
type Adjacency = Record<string, { state: Snapshot; transitions: Record<string, { event: ModelEvent; state: Snapshot }> }>;
const graph = getAdjacencyMap(cabineMachine, traversal) as unknown as Adjacency;
const PANEL_EVENTS = new Set<string>(AGENT_MODEL_EVENTS.filter((e) => e.type.startsWith('AGENT_')).map((e) => e.type));

const panelOf = (s: Snapshot) => JSON.stringify((s.value as { cabin: { session?: { agent?: unknown } } }).cabin.session?.agent ?? null);

describe("the agent's panel on the model's graph", () => {
  const entries = Object.values(graph);

  it('is explored: every state of the panel, each action taken', { timeout: 120_000 }, () => {
    const panels = new Set(entries.map((e) => panelOf(e.state)));
    for (const p of ['"none"', '{"closed":"present"}', '{"closed":"away"}', '"askingCode"', '"open"']) expect(panels).toContain(p);
    const taken = new Set<string>();
    for (const e of entries) for (const t of Object.values(e.transitions)) if (serializeState(t.state) !== serializeState(e.state)) taken.add(t.event.type);
    for (const type of PANEL_EVENTS) expect(taken, type).toContain(type);
    console.log(`agent's panel model: ${entries.length} states, ${entries.reduce((n, e) => n + Object.keys(e.transitions).length, 0)} transitions`);
  });

  it('never reaches attract, welcome or goodbye from personal data without a verified wipe (every path)', { timeout: 120_000 }, () => {
    const personal = Object.keys(graph).filter((k) => ['session', 'ending', 'wiping'].includes(cabinState(graph[k]!.state)));
    const dirty = new Set(personal);
    const queue = [...personal];
    while (queue.length) {
      const k = queue.shift()!;
      for (const { event, state } of Object.values(graph[k]!.transitions)) {
        if (event.type === WIPE_SUCCEEDED) continue;
        const next = serializeState(state);
        if (!dirty.has(next)) {
          dirty.add(next);
          queue.push(next);
        }
      }
    }
    expect(personal.length).toBeGreaterThan(0);
    expect([...dirty].filter((k) => ['attract', 'welcome', 'goodbye'].includes(cabinState(graph[k]!.state)))).toEqual([]);
  });

  it('accepts none of its events outside an assisted session (every state of the graph)', { timeout: 120_000 }, () => {
    let refused = 0;
    for (const entry of entries) {
      const from = entry.state;
      if (from.context.assisted) continue;
      expect(panelOf(from)).toMatch(/^("none"|null)$/);
      for (const { event, state } of Object.values(entry.transitions)) {
        if (!PANEL_EVENTS.has(event.type)) continue;
        expect(serializeState(state), `${cabinState(from)} ${event.type}`).toBe(serializeState(from));
        expect(state.context.sessionEndsAt).toBe(from.context.sessionEndsAt);
        expect(state.context.agent).toEqual(from.context.agent);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100); // not vacuous: resident sessions, welcome, attract, maintenance…
  });

  it(
    'in an assisted session: bounded additions, a site only from the blocked screen with the panel open, the code asked after the agent was away',
    { timeout: 120_000 },
    () => {
      const p = settings.agentPanel;
      let sites = 0;
      for (const entry of entries) {
        const from = entry.state;
        expect(from.context.agent.extraPages).toBeLessThanOrEqual(p.maxExtraPages);
        expect(from.context.agent.extraMinutes).toBeLessThanOrEqual(p.maxExtraMinutes);
        for (const { event, state } of Object.values(entry.transitions)) {
          // Opening starts only from the blocked screen with the panel open, on a host that may be granted…
          const opening = (s: Snapshot) => s.matches({ cabin: { session: { flow: { demarche: 'openingSite' } } } });
          if (opening(state) && !opening(from)) {
            expect(event.type).toBe('AGENT_OPEN_SITE');
            expect(panelOf(from)).toBe('"open"');
            expect(from.context.blockedHost).toBe('www.legifrance.gouv.fr');
          }
          // …and it is counted only once the engine granted it.
          if (state.context.agent.sitesOpened > from.context.agent.sitesOpened) {
            expect(event.type).toBe('xstate.done.actor.openSiteForSession');
            expect(state.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
            sites++;
          }
          if (state.context.agent.extraPages > from.context.agent.extraPages || state.context.agent.extraMinutes > from.context.agent.extraMinutes) {
            expect(panelOf(from)).toBe('"open"');
          }
          // From "away", opening the panel asks for the code; only the code (AGENT_VERIFIED, raised by UNLOCKED) opens it.
          if (panelOf(state) === '"open"' && panelOf(from) !== '"open"') {
            if (panelOf(from) === '"askingCode"') expect(event.type).toBe('UNLOCKED');
            else expect(panelOf(from)).toBe('{"closed":"present"}');
          }
        }
      }
      expect(sites).toBeGreaterThan(0);
    },
  );

  it('leaves nothing the agent added to the next session', { timeout: 120_000 }, () => {
    for (const entry of entries) {
      for (const { state } of Object.values(entry.transitions)) {
        if (cabinState(state) === 'session' && cabinState(entry.state) !== 'session')
          expect(state.context.agent).toEqual({ extraPages: 0, extraMinutes: 0, sitesOpened: 0 });
        if (cabinState(state) === 'goodbye' || cabinState(state) === 'attract')
          expect(state.context.agent).toEqual({ extraPages: 0, extraMinutes: 0, sitesOpened: 0 });
      }
    }
  });

  it('agrees with a live actor on the shortest path to every state', { timeout: 600_000 }, async () => {
    const flush = async () => {
      for (let i = 0; i < 4; i++) await Promise.resolve();
    };
    const paths = getShortestPaths(cabineMachine, traversal);
    let steps = 0;
    for (const path of paths) {
      const { machine, pending } = liveMachine();
      const actor = createActor(machine, { input: { settings } });
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
        } else if (event.type !== 'xstate.init') actor.send(event as CabineEvent);
        await flush();
        expect(serializeState(actor.getSnapshot()), `after ${serializeEvent(event)}`).toBe(serializeState(step.state));
        steps++;
      }
      actor.stop();
    }
    expect(paths.length).toBeGreaterThan(50);
    console.log(`agent's panel: replayed ${paths.length} shortest paths, ${steps} steps`);
  });
});
