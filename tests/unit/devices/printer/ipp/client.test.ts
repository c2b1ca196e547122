// IppClient on the codec, against a local HTTP server on a unix socket that answers with real CUPS
// responses (tests/fixtures/ipp/): what it sends, what it returns, and what it refuses to read.
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IppClient, IppConnectionError, IppError, keywords, MAX_RESPONSE_BYTES } from '../../../../../src/devices/printer/ipp-client';
import { decodeMessage, IppDecodeError, IppEncodeError, operationName, plainGroup, type IppMessage } from '../../../../../src/devices/printer/ipp';
import { fixture } from './bytes';
import { useScratchDir } from '../../../../support/scratch';

const dir = useScratchDir('cabine-ipp-client-', { per: 'file' });
let server: http.Server;
let client: IppClient;
/** What the server answers next, and what it received. */
let answer: (res: http.ServerResponse) => void = () => undefined;
const received: { path: string; message: IppMessage }[] = [];

const send = (body: Uint8Array) => (res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/ipp', 'Content-Length': body.length });
  res.end(body);
};

beforeAll(async () => {
  const socketPath = path.join(dir(), 'cups.sock');
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', message: decodeMessage(Buffer.concat(chunks)) });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  client = new IppClient({ socketPath, host: 'localhost', port: 631 }, 5_000);
});

afterAll(async () => {
  client?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('IppClient on the codec', () => {
  it('sends charset and language first, the operation by its id, a new request-id each time, the document after the attributes', async () => {
    answer = send(fixture('print-job.bin'));
    const pdf = Uint8Array.from(Buffer.from('%PDF-1.7 fake'));
    const res = await client.request(
      'Print-Job',
      '/printers/PDF',
      { 'printer-uri': client.printerUri('PDF'), 'requesting-user-name': 'cabine', 'job-name': 'cabine', 'document-format': 'application/pdf' },
      { job: { copies: 2, 'page-ranges': [[1, 3]] }, data: pdf },
    );
    expect(res.status).toBe('successful-ok');
    expect(res.jobs).toEqual([expect.objectContaining({ 'job-id': 27, 'job-state': 3 })]);
    const sent = received.at(-1)!;
    expect(sent.path).toBe('/printers/PDF');
    expect(operationName(sent.message.code)).toBe('Print-Job');
    expect(sent.message.version).toBe('2.0');
    expect(sent.message.groups[0]!.attributes.map((a) => a.name)).toEqual([
      'attributes-charset',
      'attributes-natural-language',
      'printer-uri',
      'requesting-user-name',
      'job-name',
      'document-format',
    ]);
    expect(plainGroup(sent.message.groups[1]!)).toEqual({ copies: 2, 'page-ranges': { lower: 1, upper: 3 } });
    expect(Buffer.from(sent.message.data!).toString()).toBe('%PDF-1.7 fake');

    answer = send(fixture('cups-get-printers.bin'));
    const printers = await client.request('CUPS-Get-Printers', '/', { 'requested-attributes': ['printer-name', 'printer-state'] });
    expect(printers.printers.map((p) => p['printer-name'])).toEqual(['FAULT', 'PDF']);
    expect(received.at(-1)!.message.requestId).toBe(sent.message.requestId + 1);
  });

  it('the CUPS attributes and operations the driver and its tests use are known', async () => {
    answer = send(fixture('error-bad-job.bin'));
    const error = await client
      .request('CUPS-Get-Document', '/jobs/', {
        'printer-uri': client.printerUri('PDF'),
        'job-id': 999999,
        'requesting-user-name': 'cabine',
        'document-number': 1,
        'purge-job': true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IppError);
    expect(error).toMatchObject({ status: 'client-error-not-found', operation: 'CUPS-Get-Document', message: 'CUPS-Get-Document: client-error-not-found' });
    expect(received.at(-1)!.message.code).toBe(0x4027);
  });

  it('an unknown attribute fails before anything is sent', async () => {
    const before = received.length;
    await expect(client.request('Get-Jobs', '/', { 'wich-jobs': 'all' })).rejects.toThrow(IppEncodeError);
    expect(received.length).toBe(before);
  });

  it('a reply that is not IPP is an IppDecodeError; an HTTP error is an IppError', async () => {
    answer = send(Uint8Array.from(Buffer.from('<html>Bad gateway</html>')));
    await expect(client.request('Get-Jobs', '/', { 'which-jobs': 'all' })).rejects.toThrow(IppDecodeError);
    answer = (res) => {
      res.writeHead(401);
      res.end();
    };
    await expect(client.request('Purge-Jobs', '/admin/', {})).rejects.toMatchObject({ status: 'http-401' });
  });

  it('reads no more than MAX_RESPONSE_BYTES, announced or not', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/ipp', 'Content-Length': MAX_RESPONSE_BYTES + 1 });
      res.end();
    };
    await expect(client.request('Get-Jobs', '/', { 'which-jobs': 'all' })).rejects.toThrow(/announces a 16777217-octet answer/);
    const chunk = Buffer.alloc(1024 * 1024);
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/ipp' }); // chunked, no length
      let sent = 0;
      const more = (): void => {
        while (sent <= MAX_RESPONSE_BYTES + chunk.length) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => undefined);
      more();
    };
    const error = await client.request('Get-Jobs', '/', { 'which-jobs': 'all' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IppDecodeError);
    expect((error as Error).message).toMatch(/answer is longer, more than the 16777216 octets read/);
    // The client still works after that.
    answer = send(fixture('print-job.bin'));
    await expect(client.request('Get-Jobs', '/', { 'which-jobs': 'all' })).resolves.toMatchObject({ status: 'successful-ok' });
  });

  it('a server that dies in the middle of its answer is an IppConnectionError (ECONNRESET), not a bare "aborted"', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/ipp', 'Content-Length': 1000 });
      res.write(Buffer.from([2, 0, 0, 0, 0, 0, 0, 1]));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const error = await client.request('Get-Jobs', '/', { 'which-jobs': 'all' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IppConnectionError);
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    answer = send(fixture('print-job.bin'));
    await expect(client.request('Get-Jobs', '/', { 'which-jobs': 'all' })).resolves.toMatchObject({ status: 'successful-ok' });
  });

  it('no server on the socket is an IppConnectionError', async () => {
    const nowhere = new IppClient({ socketPath: path.join(dir(), 'nothing.sock'), host: 'localhost', port: 631 });
    try {
      await expect(nowhere.request('Get-Jobs', '/', {})).rejects.toMatchObject({ name: 'IppConnectionError', code: 'ENOENT' });
      await expect(nowhere.request('Get-Jobs', '/', {})).rejects.toBeInstanceOf(IppConnectionError);
    } finally {
      nowhere.close();
    }
  });
});

describe('keywords()', () => {
  it('one value or a set, as strings; out-of-band (null) left out', () => {
    expect(keywords('none')).toEqual(['none']);
    expect(keywords(['media-jam-error', null, 'toner-low-warning'])).toEqual(['media-jam-error', 'toner-low-warning']);
    expect(keywords(null)).toEqual([]);
    expect(keywords(undefined)).toEqual([]);
  });
});
