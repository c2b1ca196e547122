// A CUPS (or something in its place) that answers with a malformed IPP message: the driver reports a printer
// fault with the reason, it neither crashes nor hangs.
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrinter } from '../../../../src/devices/printer';
import { useScratchDir } from '../../../support/scratch';

const dir = useScratchDir('cabine-bad-ipp-', { per: 'file' });
let server: Server;
let socket = '';

beforeAll(async () => {
  socket = path.join(dir(), 'cups.sock');
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // Version 2.0, status successful-ok, request id 1, then an attribute whose name length runs past the end.
      res.writeHead(200, { 'Content-Type': 'application/ipp' });
      res.end(Buffer.from([2, 0, 0, 0, 0, 0, 0, 1, 0x01, 0x47, 0x00, 0xff, 0x61]));
    });
  });
  await new Promise<void>((r) => server.listen(socket, r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

it('print() and status() reject with an "unknown" fault that says the answer was unreadable', async () => {
  const printer = createPrinter({ queue: 'CABIN', server: socket });
  try {
    const doc = await PDFDocument.create();
    doc.addPage();
    const pdf = await doc.save();
    await expect(printer.print(pdf)).rejects.toMatchObject({ fault: 'unknown', message: expect.stringMatching(/réponse de CUPS illisible/) });
    await expect(printer.status()).rejects.toMatchObject({ fault: 'unknown' });
  } finally {
    printer.close();
  }
});
