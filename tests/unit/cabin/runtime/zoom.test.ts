// The démarche's zoom through the runtime (CabineHost.setDemarcheZoom, issue 15): the resident's text size goes to
// the démarche open now, to the ones opened after it in the session (also when chosen while none was open), and the
// wipe forgets it. Over a stand-in storage lifecycle and démarche view; the engine's side is tests/engine.
import { describe, expect, it } from 'vitest';
import { SessionMemory } from '../../../../src/cabin/runtime/session-memory';
import type { DemarcheView } from '../../../../src/engine/port';
import { startStandInCabin, toCatalog, until } from '../../../support/stand-in-cabin';

const settle = () => new Promise((r) => setTimeout(r, 20));

/** A cabin whose démarche views are stand-ins recording the zooms they are given (one list per view opened). */
async function cabin() {
  const zooms: number[][] = [];
  const runtime = await startStandInCabin(() => {
    const mine: number[] = [];
    zooms.push(mine);
    return {
      on: () => () => {},
      setZoom: async (factor: number) => void mine.push(factor),
      close: async () => {},
    } as unknown as DemarcheView;
  });
  await toCatalog(runtime);
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
