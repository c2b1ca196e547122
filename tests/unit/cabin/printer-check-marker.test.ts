// « Imprimante à vérifier » across a crash (issue 15): sheets of a resident's job inside the printer stay there when
// the cabin's process dies (kill -9, a power cut), and would come out for the next person. The mark is a file in the
// state directory while a job is at CUPS or stopped half-way; the next boot reads it and waits for an agent.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { expect, it } from 'vitest';
import { PRINTER_CHECK_FILE, printerCheckMarker, printerCheckSync } from '../../../src/cabin/printer-check-marker';
import type { CabinRuntime } from '../../../src/cabin/runtime';
import type { PrintOptions } from '../../../src/devices/printer';
import type { DemarcheView } from '../../../src/engine/port';
import { useScratchDir } from '../../support/scratch';
import { killStandInCabin, standInPrinter, startStandInCabin, toCatalog, until } from '../../support/stand-in-cabin';

const stateDir = useScratchDir('cabine-printer-check-');

/** A cabin on `dir` whose printer does `job`; started and at attract (or wherever its boot leads). */
async function cabin(dir: string, job: (opts: PrintOptions) => Promise<{ jobId: number; pages: number }>) {
  const pdf = await PDFDocument.create();
  pdf.addPage();
  const bytes = await pdf.save();
  const view = { on: () => () => {}, close: async () => {}, printToPdf: async () => bytes } as unknown as DemarcheView;
  return startStandInCabin(() => view, { devices: { printer: standInPrinter(job) }, printerCheck: printerCheckMarker(dir) });
}

async function printOnePage(runtime: CabinRuntime): Promise<void> {
  await toCatalog(runtime);
  runtime.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
  await until(runtime, (s) => s.path[1] === 'demarche', 'the démarche');
  runtime.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
  await until(runtime, (s) => s.path[3] === 'confirming', 'the print question');
  runtime.send({ type: 'PRINT_CONFIRM', copies: 1 });
}

it('the mark: absent, set, cleared; unreadable counts as set (the agent is asked rather than nobody)', () => {
  const dir = stateDir();
  const marker = printerCheckMarker(path.join(dir, 'state'));
  expect(marker.isSet()).toBe(false);
  marker.set();
  expect(existsSync(path.join(dir, 'state', PRINTER_CHECK_FILE))).toBe(true);
  expect(marker.isSet()).toBe(true);
  marker.clear();
  expect(marker.isSet()).toBe(false);
  // The state "directory" is a file: the mark cannot be read, the printer is checked.
  writeFileSync(path.join(dir, 'not-a-dir'), '');
  expect(printerCheckMarker(path.join(dir, 'not-a-dir')).isSet()).toBe(true);
});

it('the sync writes only on a change', () => {
  const calls: string[] = [];
  const sync = printerCheckSync({ isSet: () => false, set: () => calls.push('set'), clear: () => calls.push('clear') });
  for (const wanted of [false, false, true, true, false, true]) sync(wanted);
  expect(calls).toEqual(['clear', 'set', 'clear', 'set']);
});

it('the process dies while a job is at CUPS: the next boot waits for an agent, whose code clears the mark', async () => {
  const dir = stateDir();
  const first = await cabin(dir, (opts) => {
    opts.onSubmitted?.(12);
    opts.onProgress?.(1);
    return new Promise(() => {}); // the sheets are coming out when the process dies
  });
  expect(first.getState().path).toEqual(['attract']);
  await printOnePage(first);
  await until(first, (s) => s.path[3] === 'sending', 'the job at CUPS');
  expect(existsSync(path.join(dir, PRINTER_CHECK_FILE))).toBe(true);
  // kill -9: nothing runs after it (no wipe, no end of the job).
  killStandInCabin(first);

  const next = await cabin(dir, async () => ({ jobId: 1, pages: 1 }));
  expect(next.getState().path).toEqual(['printerCheck']);
  expect(next.getState().context.printerToCheck).toBe(true);
  next.deliver({ type: 'UNLOCKED', role: 'referent' });
  await until(next, (s) => s.path[0] === 'attract', 'attract after the agent');
  expect(existsSync(path.join(dir, PRINTER_CHECK_FILE))).toBe(false);
});

it('a job that completes leaves no mark: the next boot goes to attract', async () => {
  const dir = stateDir();
  const first = await cabin(dir, async (opts) => {
    opts.onSubmitted?.(3);
    expect(existsSync(path.join(dir, PRINTER_CHECK_FILE))).toBe(true);
    return { jobId: 3, pages: 1 };
  });
  await printOnePage(first);
  await until(first, (s) => s.path[3] === 'done', 'the job done');
  expect(existsSync(path.join(dir, PRINTER_CHECK_FILE))).toBe(false);
  killStandInCabin(first);
  const next = await cabin(dir, async () => ({ jobId: 1, pages: 1 }));
  expect(next.getState().path).toEqual(['attract']);
});
