// The runtime's print job (issue 15) over a stand-in printer driver and démarche view: a job that failed before
// CUPS took it (no onSubmitted) leaves nothing in the printer, so the next person may come; a job CUPS took and that
// stopped half-way (2 pages of 4, then no paper) counts 2 pages and, after the wipe, the cabin waits for an agent.
import { PDFDocument } from 'pdf-lib';
import { afterEach, expect, it } from 'vitest';
import { createCabinRuntime, type CabinRuntime } from '../../../src/cabin/runtime';
import type { ClaimedSession, SessionLifecycle } from '../../../src/cabin/storage';
import type { Printer, PrintOptions } from '../../../src/devices/printer';
import type { DemarcheView } from '../../../src/engine/port';
import { defaultConfig, validateConfig } from '../../../src/shared/config';
import type { ViewState } from '../../../src/shared/ipc';
import { PrinterFault, type WipeReceipt } from '../../../src/shared/session';

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

async function pages(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage();
  return doc.save();
}

/** A cabin whose printer does `job` with each document, in a démarche whose page prints as 2 pages. */
async function cabinPrinting(job: (opts: PrintOptions) => Promise<{ jobId: number; pages: number }>) {
  const view = { on: () => () => {}, close: async () => {}, printToPdf: async () => pages(2) } as unknown as DemarcheView;
  const session = {
    sessionId: 'session-test',
    filesDir: '/nonexistent',
    documents: { dropped: false, summaries: () => [] },
    open: async () => view,
    recordPrintJob: () => {},
  } as unknown as ClaimedSession;
  const lifecycle = {
    bootSweep: async () => ({ removedEntries: 0, storageNotRam: false }),
    claim: async () => session,
    endSession: async () => {},
    wipe: async () => RECEIPT,
    shutdown: async () => {},
  } as unknown as SessionLifecycle;
  const printer = {
    kind: 'printer',
    queue: 'CABIN',
    start: async () => {},
    stop: async () => {},
    watch: () => () => {},
    presence: async () => 'present',
    diagnostics: async () => ({ queue: 'CABIN', state: 'idle', reasons: [] }),
    print: (_pdf: Uint8Array, opts: PrintOptions = {}) => job(opts),
  } as unknown as Printer;
  const checked = validateConfig(defaultConfig);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const runtime = createCabinRuntime({ config: checked.config, lifecycle, devices: { printer } });
  running = runtime;
  await runtime.start();
  await runtime.waitFor('attract', 5_000);
  runtime.send({ type: 'TOUCH' });
  runtime.send({ type: 'ACCEPT' });
  await until(runtime, (s) => s.path[1] === 'catalog', 'the catalog');
  runtime.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
  await until(runtime, (s) => s.path[1] === 'demarche', 'the démarche');
  runtime.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
  await until(runtime, (s) => s.path[3] === 'confirming', 'the print question');
  runtime.send({ type: 'PRINT_CONFIRM', copies: 2 });
  await until(runtime, (s) => s.path[3] === 'fault', 'the print fault');
  return runtime;
}

async function endSession(runtime: CabinRuntime): Promise<ViewState> {
  runtime.send({ type: 'END_REQUEST' });
  await until(runtime, (s) => s.path[0] === 'goodbye', 'the receipt');
  runtime.send({ type: 'TOUCH' });
  return until(runtime, (s) => s.path[0] !== 'goodbye', 'what follows the receipt');
}

it('a job CUPS took that stopped after 2 pages of 4: 2 pages count, and after the wipe the cabin waits for an agent', async () => {
  const runtime = await cabinPrinting(async (opts) => {
    opts.onSubmitted?.(7);
    opts.onProgress?.(1);
    opts.onProgress?.(2);
    throw new PrinterFault('out-of-paper');
  });
  const s = runtime.getState();
  expect(s.context.print).toMatchObject({ fault: 'out-of-paper', pages: 2, copies: 2, pagesDone: 2 });
  expect(s.context.counts.pagesPrinted).toBe(2);
  expect((await endSession(runtime)).path).toEqual(['printerCheck']);
});

it('a job refused before CUPS took it (the queue stopped): the printer holds nothing, the next person may come', async () => {
  const runtime = await cabinPrinting(async () => {
    throw new PrinterFault('offline');
  });
  expect(runtime.getState().context.print.fault).toBe('offline');
  expect(runtime.getState().context.printerToCheck).toBe(false);
  expect((await endSession(runtime)).path).toEqual(['attract']);
});
