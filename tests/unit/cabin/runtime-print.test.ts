// The runtime's print job (issue 15) over a stand-in printer driver and démarche view: a job that failed before
// CUPS took it (no onSubmitted) leaves nothing in the printer, so the next person may come; a job CUPS took and that
// stopped half-way (2 pages of 4, then no paper) counts 2 pages and, after the wipe, the cabin waits for an agent.
import { PDFDocument } from 'pdf-lib';
import { expect, it } from 'vitest';
import type { CabinRuntime } from '../../../src/cabin/runtime';
import type { PrintOptions } from '../../../src/devices/printer';
import type { DemarcheView } from '../../../src/engine/port';
import type { ViewState } from '../../../src/shared/ipc';
import { PrinterFault } from '../../../src/shared/session';
import { standInPrinter, startStandInCabin, toCatalog, until } from '../../support/stand-in-cabin';

async function pages(n: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < n; i++) doc.addPage();
  return doc.save();
}

/** A cabin whose printer does `job` with each document, in a démarche whose page prints as 2 pages. */
async function cabinPrinting(job: (opts: PrintOptions) => Promise<{ jobId: number; pages: number }>) {
  const view = { on: () => () => {}, close: async () => {}, printToPdf: async () => pages(2) } as unknown as DemarcheView;
  const runtime = await startStandInCabin(() => view, { devices: { printer: standInPrinter(job) } });
  await toCatalog(runtime);
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
