// Printing through the private cupsd of the test environment: the cups-pdf queue writes real PDFs, the
// FAULT queue's pass-through backend keeps each job's output as job-<id>.pdf (after CUPS's filters, so
// copies and page ranges are applied there).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countPdfPages,
  createPrinter,
  IppClient,
  listQueues,
  NEUTRAL_JOB_NAME,
  REQUESTING_USER,
  resolveServer,
  type Printer,
} from '../../../src/devices/printer';
import { PrinterFault } from '../../../src/shared/session/types';
import { currentTestEnv, setFaultMode, type TestEnv } from '../../../scripts/test-env';
import { healFaultQueue, letCupsPdfWrite, printerFor, samplePdf, until } from './helpers';

let env: TestEnv;
let pdfQueue: Printer;
let faultQueue: Printer;

beforeAll(async () => {
  env = await currentTestEnv();
  await letCupsPdfWrite(env);
  pdfQueue = printerFor(env, env.queues.pdf);
  faultQueue = printerFor(env, env.queues.fault);
  await healFaultQueue(env, faultQueue);
});
afterAll(() => {
  pdfQueue.close();
  faultQueue.close();
});

const faultOutput = (jobId: number) => readFile(path.join(env.faultDir, `job-${jobId}.pdf`));

describe('print on the cups-pdf queue', () => {
  it('prints a 3-page PDF: the output PDF exists with 3 pages, named after the neutral job name, never the title', async () => {
    const before = new Set(await readdir(env.pdfOutDir));
    let submitted: number | null = null;
    const progress: number[] = [];
    const result = await pdfQueue.print(await samplePdf(3), { onSubmitted: (id) => (submitted = id), onProgress: (n) => progress.push(n) });
    expect(result.pages).toBe(3);
    expect(submitted).toBe(result.jobId);
    expect(progress.at(-1)).toBe(3);
    const created = await until(async () => (await readdir(env.pdfOutDir)).filter((f) => !before.has(f) && f.endsWith('.pdf')));
    expect(created).toHaveLength(1);
    expect(created[0]).toContain(NEUTRAL_JOB_NAME);
    expect(created[0]).not.toMatch(/dupont|impot/i);
    expect(await countPdfPages(await readFile(path.join(env.pdfOutDir, created[0]!)))).toBe(3);
    // Nor in CUPS's own logs.
    for (const log of await readdir(env.cupsLogDir)) expect(await readFile(path.join(env.cupsLogDir, log), 'utf8')).not.toContain('DUPONT');
  });

  it('prints Cabine’s test page', async () => {
    const before = new Set(await readdir(env.pdfOutDir));
    const { jobId, pages } = await pdfQueue.printTestPage();
    expect(jobId).toBeGreaterThan(0);
    expect(pages).toBe(1);
    const created = await until(async () => (await readdir(env.pdfOutDir)).filter((f) => !before.has(f)));
    expect(await countPdfPages(await readFile(path.join(env.pdfOutDir, created[0]!)))).toBe(1);
  });
});

describe('copies and page ranges (FAULT queue in mode ok)', () => {
  it.each([
    [{}, 5],
    [{ copies: 2 }, 10],
    [{ pageRanges: '2-3,5' }, 3],
    [{ copies: 3, pageRanges: '1' }, 3],
    [{ pageRanges: '4-' }, 2],
  ])('%j → %i pages printed', async (opts, expected) => {
    const result = await faultQueue.print(await samplePdf(5), opts);
    expect(result.pages).toBe(expected);
    expect(await countPdfPages(await faultOutput(result.jobId))).toBe(expected);
  });

  it('refuses bad copies or ranges before sending anything', async () => {
    const pdf = await samplePdf(2);
    let submitted = false;
    const onSubmitted = () => (submitted = true);
    await expect(faultQueue.print(pdf, { copies: 0, onSubmitted })).rejects.toThrow(RangeError);
    await expect(faultQueue.print(pdf, { copies: 1.5, onSubmitted })).rejects.toThrow(RangeError);
    await expect(faultQueue.print(pdf, { pageRanges: '2-1', onSubmitted })).rejects.toThrow(RangeError);
    await expect(faultQueue.print(pdf, { pageRanges: '5-9', onSubmitted })).rejects.toThrow(RangeError);
    expect(submitted).toBe(false);
  });
});

describe('queues and status', () => {
  it('lists the queues with their device URIs', async () => {
    const queues = await listQueues(env.cupsServer);
    expect(queues.map((q) => q.name).sort()).toEqual([env.queues.fault, env.queues.pdf].sort());
    expect(queues.find((q) => q.name === env.queues.pdf)?.uri).toMatch(/^cups-pdf:/);
    expect(queues.find((q) => q.name === env.queues.fault)?.uri).toBe(`fault:${env.faultDir}`);
    expect(queues.every((q) => q.state === 'idle')).toBe(true);
  });

  it('reports an idle, accepting printer', async () => {
    expect(await pdfQueue.status()).toEqual({ state: 'idle', reasons: [], fault: null, accepting: true });
  });

  it('also over TCP (host:port)', async () => {
    const tcp = createPrinter({ queue: env.queues.pdf, server: `127.0.0.1:${env.cupsPort}` });
    try {
      expect((await tcp.status()).state).toBe('idle');
    } finally {
      tcp.close();
    }
  });

  it('a queue that does not exist: status says no-printer, print rejects with it', async () => {
    const missing = printerFor(env, 'NO_SUCH_QUEUE');
    try {
      expect(await missing.status()).toMatchObject({ state: 'stopped', fault: 'no-printer', accepting: false });
      const error = await missing.print(await samplePdf(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrinterFault);
      expect((error as PrinterFault).fault).toBe('no-printer');
    } finally {
      missing.close();
    }
  });

  it('CUPS unreachable: no-printer, not a crash', async () => {
    const nowhere = createPrinter({ queue: env.queues.pdf, server: path.join(env.base, 'no-such-cups.sock') });
    try {
      expect((await nowhere.status()).fault).toBe('no-printer');
      await expect(nowhere.print(await samplePdf(1))).rejects.toMatchObject({ fault: 'no-printer' });
      await expect(listQueues(path.join(env.base, 'no-such-cups.sock'))).rejects.toMatchObject({ fault: 'no-printer' });
    } finally {
      nowhere.close();
    }
  });
});

it('CUPS knows the job only as "cabine" by "cabine", whatever the document’s title', async () => {
  await setFaultMode(env, 'slow:2');
  const client = new IppClient(resolveServer(env.cupsServer));
  try {
    let jobId = 0;
    const printing = faultQueue.print(await samplePdf(1), { onSubmitted: (id) => (jobId = id) });
    await until(async () => jobId > 0);
    const res = await client.request('Get-Job-Attributes', '/jobs/', {
      'printer-uri': client.printerUri(env.queues.fault),
      'job-id': jobId,
      // CUPS shows these to the job's owner only (JobPrivateValues): ask as "cabine".
      'requesting-user-name': REQUESTING_USER,
      'requested-attributes': ['job-name', 'job-originating-user-name'],
    });
    expect(res.jobs[0]).toEqual({ 'job-name': NEUTRAL_JOB_NAME, 'job-originating-user-name': REQUESTING_USER });
    await printing;
  } finally {
    client.close();
    await setFaultMode(env, 'ok');
  }
});
