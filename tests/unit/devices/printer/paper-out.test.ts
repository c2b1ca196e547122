// The driver when paper runs out mid-job (issue 15), against a CUPS stand-in on a unix socket that answers as
// cupsd does for a USB or IPP printer: the job's impressions grow to 2 of 4, then the printer shows
// media-empty-error while the job stays "processing". The driver must report the 2 pages, give the job up as
// out-of-paper once the reason has lasted faultGraceMs, and cancel it with purge-job at once (not at the session's
// end), so the rest never comes out.
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrinter } from '../../../../src/devices/printer';
import { buildRequest, decodeMessage, encodeMessage, plainGroup, SYNTAX, ValueTag, DelimiterTag } from '../../../../src/devices/printer/ipp';
import { PDFDocument } from 'pdf-lib';
import { useScratchDir } from '../../../support/scratch';

const dir = useScratchDir('cabine-paper-out-', { per: 'file' });
let server: Server;
let socket = '';
/** Operations received, with the attributes that matter here. */
const received: { operation: number; jobId?: unknown; purge?: unknown }[] = [];
let polls = 0;

// What cupsd answers with: enums and keywords the request table does not list.
const ANSWERS = {
  ...SYNTAX,
  'job-state': { tag: ValueTag.enum },
  'job-state-reasons': { tag: ValueTag.keyword, setOf: true },
  'job-impressions-completed': { tag: ValueTag.integer },
};
const PRINT_JOB = 0x0002;
const CANCEL_JOB = 0x0008;
const GET_JOB_ATTRIBUTES = 0x0009;
const GET_PRINTER_ATTRIBUTES = 0x000b;

async function fourPages(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 4; i++) doc.addPage();
  return doc.save();
}

function answer(requestId: number, groups: Parameters<typeof buildRequest>[0]['groups']): Uint8Array {
  // A response is a request's layout with a status code (0: successful-ok) where the operation was.
  return encodeMessage({ ...buildRequest({ operation: 'Get-Jobs', requestId, groups }, ANSWERS), code: 0 });
}

beforeAll(async () => {
  socket = path.join(dir(), 'cups.sock');
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = decodeMessage(Buffer.concat(chunks));
      const op = plainGroup(request.groups.find((g) => g.tag === DelimiterTag.operationAttributes)!);
      received.push({ operation: request.code, jobId: op['job-id'], purge: op['purge-job'] });
      const base = { 'attributes-charset': 'utf-8', 'attributes-natural-language': 'fr' };
      let body: Uint8Array;
      if (request.code === GET_PRINTER_ATTRIBUTES) {
        // Paper runs out once the job has printed 2 sheets: the queue keeps "processing", the reason says why.
        const empty = polls >= 3;
        body = answer(request.requestId, {
          operation: base,
          printer: {
            'printer-state': empty || polls > 0 ? 4 : 3,
            'printer-state-reasons': empty ? 'media-empty-error' : 'none',
            'printer-is-accepting-jobs': true,
          },
        });
      } else if (request.code === PRINT_JOB) {
        body = answer(request.requestId, { operation: base, job: { 'job-id': 42 } });
      } else if (request.code === GET_JOB_ATTRIBUTES) {
        polls++;
        body = answer(request.requestId, {
          operation: base,
          job: { 'job-state': 5, 'job-state-reasons': 'job-printing', 'job-impressions-completed': Math.min(2, polls) },
        });
      } else body = answer(request.requestId, { operation: base });
      res.writeHead(200, { 'Content-Type': 'application/ipp' });
      res.end(Buffer.from(body));
    });
  });
  await new Promise<void>((r) => server.listen(socket, r));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

it('reports the 2 pages that came out, gives the job up as out-of-paper, and cancels it with purge-job at once', async () => {
  const printer = createPrinter({ queue: 'CABIN', server: socket, faultGraceMs: 100, pollMs: { first: 5, max: 20 } });
  try {
    const progress: number[] = [];
    const started = Date.now();
    const error = await printer.print(await fourPages(), { onProgress: (n) => progress.push(n) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ device: 'printer', fault: 'out-of-paper' });
    expect(progress).toEqual([1, 2]);
    // Not before the reason lasted the grace period: a reason that flickers is no fault.
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    const cancels = received.filter((r) => r.operation === CANCEL_JOB);
    expect(cancels).toEqual([{ operation: CANCEL_JOB, jobId: 42, purge: true }]);
    // Nothing asked of the job after it was cancelled.
    expect(received.at(-1)?.operation).toBe(CANCEL_JOB);
  } finally {
    printer.close();
  }
});
