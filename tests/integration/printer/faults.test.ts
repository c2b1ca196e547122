// Printer faults against the real cupsd: the FAULT queue's backend fails the job ("fail": exit 1, the job is
// aborted) or reports a printer-state-reason and asks CUPS to stop the queue ("stop:<reason>": exit 4), as a
// jammed or empty printer's backend does. Each must come back as its PrintFault, at once, not as a timeout,
// and leave nothing of the job in CUPS.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Printer } from '../../../src/devices/printer';
import { spoolFilesOf } from '../../../src/devices/printer';
import { PrinterFault, type PrintFault } from '../../../src/shared/session/types';
import { currentTestEnv, setFaultMode, type FaultMode, type TestEnv } from '../../../scripts/test-env';
import { healFaultQueue, printerFor, samplePdf, until } from './helpers';

let env: TestEnv;
let printer: Printer;

beforeAll(async () => {
  env = await currentTestEnv();
  // A long job timeout: a fault that surfaced only through it would fail these tests by their own timeout.
  printer = printerFor(env, env.queues.fault, { jobTimeoutMs: 10 * 60_000 });
});
afterEach(async () => {
  await healFaultQueue(env, printer);
});
afterAll(() => printer.close());

const cases: [FaultMode, PrintFault][] = [
  ['fail', 'job-aborted'],
  ['stop:media-jam-error', 'paper-jam'],
  ['stop:media-empty-error', 'out-of-paper'],
  ['stop:offline-report', 'offline'],
  ['stop:door-open-error', 'door-open'],
];

describe.each(cases)('backend mode %s', (mode, expected) => {
  it(`print rejects with DeviceFault '${expected}', and CUPS keeps nothing of the job`, async () => {
    await healFaultQueue(env, printer);
    await setFaultMode(env, mode);
    let jobId = 0;
    const error = await printer.print(await samplePdf(2), { onSubmitted: (id) => (jobId = id) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterFault);
    expect((error as PrinterFault).fault).toBe(expected);
    expect((error as PrinterFault).message.length).toBeGreaterThan(10); // a French sentence for the logs
    expect(jobId).toBeGreaterThan(0);
    // The driver cancelled and purged it: CUPS no longer knows it, and the spool holds none of its files.
    expect((await printer.purge([jobId])).purged).toBe(0);
    expect(await spoolFilesOf(env.cupsSpool, [jobId])).toEqual([]);
    if (mode.startsWith('stop:')) {
      expect(await printer.status()).toMatchObject({ state: 'stopped', fault: expected });
    }
  });
});

it('a printer already stopped by a fault: print rejects before sending the document', async () => {
  await setFaultMode(env, 'stop:media-empty-error');
  await expect(printer.print(await samplePdf(1))).rejects.toMatchObject({ fault: 'out-of-paper' });
  let submitted = false;
  await expect(printer.print(await samplePdf(1), { onSubmitted: () => (submitted = true) })).rejects.toMatchObject({ fault: 'out-of-paper' });
  expect(submitted).toBe(false);
  // Once the cause is gone, resume() restarts the queue and printing works again.
  await setFaultMode(env, 'ok');
  await printer.resume();
  expect((await printer.print(await samplePdf(1))).pages).toBe(1);
  expect((await printer.status()).fault).toBeNull();
});

it('aborting a slow job cancels and purges it', async () => {
  await setFaultMode(env, 'slow:20');
  const abort = new AbortController();
  let jobId = 0;
  const printing = printer.print(await samplePdf(1), { signal: abort.signal, onSubmitted: (id) => (jobId = id) }).catch((e: unknown) => e);
  await until(async () => jobId > 0);
  abort.abort();
  const error = await printing;
  expect((error as Error).name).toBe('AbortError');
  // CUPS may still list it as canceled while its backend exits; then it is gone, files and all.
  expect(await printer.purge([jobId])).toMatchObject({ remainingFiles: [], remainingJobs: [], spoolChecked: true });
});

it('progress: pages reported as CUPS counts them, then the total', async () => {
  await setFaultMode(env, 'slow:1');
  const progress: number[] = [];
  const result = await printer.print(await samplePdf(4), { copies: 2, onProgress: (n) => progress.push(n) });
  expect(result.pages).toBe(8);
  expect(progress.at(-1)).toBe(8);
  expect([...progress].sort((a, b) => a - b)).toEqual(progress);
});
