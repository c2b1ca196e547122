// The Node runtime on the default config over stand-ins: a storage lifecycle whose wipe always verifies and a
// session whose démarche view the test gives. For unit tests of what the runtime does between the machine and
// the engine or the drivers; the real-Chromium journeys are in tests/engine.
import { afterEach } from 'vitest';
import { createCabinRuntime, type CabinRuntime, type CabinRuntimeOptions } from '../../src/cabin/runtime';
import type { ClaimedSession, SessionLifecycle } from '../../src/cabin/storage';
import type { Printer, PrintOptions } from '../../src/devices/printer';
import type { DemarcheView } from '../../src/engine/port';
import { defaultConfig, validateConfig } from '../../src/shared/config';
import type { WipeReceipt } from '../../src/shared/session';
import { until } from './cabin-state';

export { until } from './cabin-state';

const RECEIPT: WipeReceipt = { documents: 0, scans: 0, printJobs: 0, storageEntries: 0, files: 0, bytes: 0, durationMs: 1, verified: true };

const running = new Set<CabinRuntime>();
afterEach(async () => {
  for (const runtime of running) await runtime.stop();
  running.clear();
});

/**
 * A started runtime, past its boot; stopped after the test. `openView` gives each démarche's view. `devices` and
 * `printerCheck` go to createCabinRuntime as they are.
 */
export async function startStandInCabin(
  openView: () => DemarcheView,
  options: Pick<CabinRuntimeOptions, 'devices' | 'printerCheck'> = {},
): Promise<CabinRuntime> {
  const session = {
    sessionId: 'session-test',
    filesDir: '/nonexistent',
    documents: { dropped: false, summaries: () => [] },
    open: async () => openView(),
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
  const runtime = createCabinRuntime({ config: checked.config, lifecycle, ...options });
  running.add(runtime);
  await runtime.start();
  await until(runtime, (s) => s.path[0] !== 'booting', 'the end of the boot');
  return runtime;
}

/** What a process killed with -9 leaves: the machine stops, nothing else runs (no wipe, no end of a job). */
export function killStandInCabin(runtime: CabinRuntime): void {
  running.delete(runtime);
  runtime.actor.stop();
}

/** From attract to the catalog, as a resident does. */
export async function toCatalog(runtime: CabinRuntime): Promise<void> {
  runtime.send({ type: 'TOUCH' });
  runtime.send({ type: 'ACCEPT' });
  await until(runtime, (s) => s.path[1] === 'catalog', 'the catalog');
}

/** A printer driver that is there and does `job` with each document (CUPS's side is tests/integration/printer). */
export function standInPrinter(job: (opts: PrintOptions) => Promise<{ jobId: number; pages: number }>): Printer {
  return {
    kind: 'printer',
    queue: 'CABIN',
    start: async () => {},
    stop: async () => {},
    watch: () => () => {},
    presence: async () => 'present',
    diagnostics: async () => ({ queue: 'CABIN', state: 'idle', reasons: [] }),
    print: (_pdf: Uint8Array, opts: PrintOptions = {}) => job(opts),
  } as unknown as Printer;
}
