// The démarche's zoom through the runtime (CabineHost.setDemarcheZoom, issue 15): the resident's text size goes to
// the démarche open now, to the ones opened after it in the session (also when chosen while none was open), and the
// wipe forgets it. Over a stand-in storage lifecycle and démarche view; the engine's side is tests/engine.
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinRuntime, type CabinRuntime } from '../../../../src/cabin/runtime';
import { SessionMemory } from '../../../../src/cabin/runtime/session-memory';
import type { ClaimedSession, SessionLifecycle } from '../../../../src/cabin/storage';
import type { DemarcheView } from '../../../../src/engine/port';
import { defaultConfig, validateConfig } from '../../../../src/shared/config';
import type { ViewState } from '../../../../src/shared/ipc';
import type { WipeReceipt } from '../../../../src/shared/session';

const RECEIPT: WipeReceipt = { documents: 0, scans: 0, printJobs: 0, storageEntries: 0, files: 0, bytes: 0, durationMs: 1, verified: true };

let running: CabinRuntime | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function until(runtime: CabinRuntime, predicate: (s: ViewState) => boolean, what: string): Promise<ViewState> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const s = runtime.getState();
    if (predicate(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; state is ${s.path.join('.')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/** A cabin whose démarche views are stand-ins recording the zooms they are given (one list per view opened). */
async function cabin() {
  const zooms: number[][] = [];
  const session = {
    sessionId: 'session-test',
    filesDir: '/nonexistent',
    documents: { dropped: false, summaries: () => [] },
    open: async () => {
      const mine: number[] = [];
      zooms.push(mine);
      return {
        on: () => () => {},
        setZoom: async (factor: number) => void mine.push(factor),
        close: async () => {},
      } as unknown as DemarcheView;
    },
    recordPrintJob: () => {},
  } as unknown as ClaimedSession;
  const lifecycle = {
    bootSweep: async () => ({ removedEntries: 0, storageNotRam: false }),
    claim: async () => session,
    endSession: async () => {},
    wipe: async () => RECEIPT,
    shutdown: async () => {},
  } as unknown as SessionLifecycle;
  const checked = validateConfig(defaultConfig);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const runtime = createCabinRuntime({ config: checked.config, lifecycle });
  running = runtime;
  await runtime.start();
  await runtime.waitFor('attract', 5_000);
  runtime.send({ type: 'TOUCH' });
  runtime.send({ type: 'ACCEPT' });
  await until(runtime, (s) => s.path[1] === 'catalog', 'the catalog');
  const open = async (n: number) => {
    runtime.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
    await until(runtime, (s) => s.path[1] === 'demarche' && zooms.length === n, `démarche view ${n}`);
    await settle();
  };
  return { runtime, zooms, open };
}

describe('the démarche’s zoom through the runtime', () => {
  it('goes to the démarche open now, and to the next démarche at the size chosen in between', async () => {
    const { runtime, zooms, open } = await cabin();
    runtime.setDemarcheZoom(1.25);
    await open(1);
    expect(zooms[0]).toEqual([1.25]);
    runtime.setDemarcheZoom(1.75);
    await settle();
    expect(zooms[0]).toEqual([1.25, 1.75]);
    runtime.send({ type: 'HOME' });
    await until(runtime, (s) => s.path[1] === 'catalog', 'the catalog again');
    runtime.setDemarcheZoom(1.5);
    await open(2);
    expect(zooms[1]).toEqual([1.5]);
    expect(zooms[0]).toEqual([1.25, 1.75]);
  });

  it('the wipe forgets it (SessionMemory.forget, the wipe’s first step): the next démarche opens at 100 %', async () => {
    const memory = new SessionMemory();
    memory.zoom = 1.75;
    memory.forget();
    expect(memory.zoom).toBe(1);
  });
});
