// Scanning with the SANE test backend of the private test environment (A4-capable config): real scanimage
// runs, real JPEGs, PDFs read back by pdf-lib and poppler, previews checked against pdf.js's decoder.
import { execFile } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error pdfjs-dist ships no types for its image decoders
import { JpegImage } from 'pdfjs-dist/image_decoders/pdf.image_decoders.mjs';
import { listScanners } from '../../../src/devices/scanner';
import { currentTestEnv, type TestEnv } from '../../../scripts/test-env';
import { readPng } from '../../unit/devices/scanner/png-reader';
import { filesIn, ourScanimages, sessionFolder, testScanner } from './helpers';

const run = promisify(execFile);
let env: TestEnv;
const folders: string[] = [];
const folder = async () => {
  const f = await sessionFolder();
  folders.push(f);
  return f;
};

beforeAll(async () => {
  env = await currentTestEnv();
});
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

/** The page images of a PDF as the JPEG streams embedded in it. */
async function pageImages(pdf: Uint8Array): Promise<{ jpeg: Uint8Array; width: number; height: number; colorSpace: string }[]> {
  const doc = await PDFDocument.load(pdf);
  return doc.getPages().map((page) => {
    const xobjects = page.node.Resources()!.lookup(PDFName.of('XObject')) as unknown as { lookup(n: PDFName): unknown };
    const image = xobjects.lookup(PDFName.of('Im0')) as PDFRawStream;
    const num = (k: string) => Number(image.dict.get(PDFName.of(k))?.toString());
    return { jpeg: image.contents, width: num('Width'), height: num('Height'), colorSpace: String(image.dict.get(PDFName.of('ColorSpace'))) };
  });
}

it('lists the test backend’s scanners', async () => {
  const scanners = await listScanners({ saneConfigDir: env.saneConfigDir });
  expect(scanners.map((s) => s.device)).toEqual(['test:0', 'test:1']);
  expect(scanners[0]).toEqual({ device: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' });
});

describe.each([
  { mode: 'gray', resolution: 150, width: 1240, height: 1753, colorSpace: '/DeviceGray', channels: 1 },
  { mode: 'gray', resolution: 300, width: 2480, height: 3507, colorSpace: '/DeviceGray', channels: 1 },
  { mode: 'color', resolution: 150, width: 1240, height: 1753, colorSpace: '/DeviceRGB', channels: 3 },
  { mode: 'color', resolution: 300, width: 2480, height: 3507, colorSpace: '/DeviceRGB', channels: 3 },
] as const)('$mode $resolution dpi', ({ mode, resolution, width, height, colorSpace, channels }) => {
  it('3 pages → one A4 PDF of 3 pages in the folder, each page kept as its JPEG beside it, a preview per page', async () => {
    const dir = await folder();
    const doc = testScanner(env, { mode, resolution }).startDocument(dir);
    const previews = [];
    for (let i = 1; i <= 3; i++) {
      const { pages, previewPng } = await doc.scanPage();
      expect(pages).toBe(i);
      previews.push(readPng(previewPng));
    }
    for (const p of previews) expect(p).toMatchObject({ width: Math.ceil(width / 8), height: Math.ceil(height / 8), channels, depth: 8 });
    const result = await doc.finish();
    expect(path.dirname(result.path)).toBe(dir);
    expect(result.pages).toBe(3);
    expect(result.bytes).toBe((await stat(result.path)).size);
    const stem = path.basename(result.path, '.pdf');
    expect(result.images.map((f) => path.basename(f))).toEqual([1, 2, 3].map((n) => `${stem}-page-${n}.jpg`));
    expect(await filesIn(dir)).toEqual([path.basename(result.path), ...result.images.map((f) => path.basename(f))].sort());
    const pdf = await readFile(result.path);
    const images = await pageImages(pdf);
    expect(images).toHaveLength(3);
    for (const img of images) expect(img).toMatchObject({ width, height, colorSpace });
    // The kept JPEGs are the very images of the PDF, not re-encoded.
    for (const [i, img] of images.entries()) expect(Buffer.from(img.jpeg).equals(await readFile(result.images[i]!))).toBe(true);
    const info = await run('pdfinfo', [result.path]);
    expect(info.stderr).toBe('');
    expect(info.stdout).toMatch(/Pages:\s+3\n/);
    expect(info.stdout).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
  });
});

it('an ID card: only the card’s corner is scanned, front then back, both on ONE A4 page; each side kept as a JPEG (issue 15)', async () => {
  const dir = await folder();
  const doc = testScanner(env, { mode: 'gray', resolution: 150 }).startDocument(dir, 'card');
  expect((await doc.scanPage()).pages).toBe(1);
  expect((await doc.scanPage()).pages).toBe(2);
  const result = await doc.finish();
  expect(result.pages).toBe(1);
  const stem = path.basename(result.path, '.pdf');
  expect(result.images.map((f) => path.basename(f))).toEqual([`${stem}-recto.jpg`, `${stem}-verso.jpg`]);
  const pdf = await readFile(result.path);
  const doc2 = await PDFDocument.load(pdf);
  expect(doc2.getPageCount()).toBe(1);
  const xobjects = doc2.getPage(0).node.Resources()!.lookup(PDFName.of('XObject')) as unknown as { lookup(n: PDFName): unknown };
  // 100 × 70 mm at 150 dpi: 591 × 413 px (the test backend rounds to its own grid), not a whole A4 page.
  for (const [k, file] of result.images.entries()) {
    const image = xobjects.lookup(PDFName.of(`Im${k}`)) as PDFRawStream;
    expect(Buffer.from(image.contents).equals(await readFile(file))).toBe(true);
    const width = Number(image.dict.get(PDFName.of('Width'))?.toString());
    const height = Number(image.dict.get(PDFName.of('Height'))?.toString());
    expect(width).toBeGreaterThan(560);
    expect(width).toBeLessThan(620);
    expect(height).toBeGreaterThan(390);
    expect(height).toBeLessThan(440);
    expect((await readFile(file)).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  }
  const info = await run('pdfinfo', [result.path]);
  expect(info.stdout).toMatch(/Pages:\s+1\n/);
  const list = await run('pdfimages', ['-list', result.path]);
  expect(list.stdout.trim().split('\n').slice(2)).toHaveLength(2); // two images, both on page 1
  expect(list.stdout).toMatch(/^\s+1\s+0 image/m);
  expect(list.stdout).toMatch(/^\s+1\s+1 image/m);
});

it('the preview is the page at 1/8 scale: equal to the block means of a full decode of the scanned JPEG', async () => {
  const dir = await folder();
  const doc = testScanner(env, { mode: 'color', resolution: 300, picture: 'Grid' }).startDocument(dir);
  const preview = readPng((await doc.scanPage()).previewPng);
  const [image] = await pageImages(await readFile((await doc.finish()).path));
  const ref = new JpegImage();
  ref.parse(image!.jpeg);
  const data: Uint8ClampedArray = ref.getData({ width: ref.width, height: ref.height, forceRGB: true, isSourcePDF: false });
  let sum = 0;
  let n = 0;
  for (let by = 0; by < Math.floor(ref.height / 8); by += 3)
    for (let bx = 0; bx < Math.floor(ref.width / 8); bx += 3)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) s += data[((by * 8 + y) * ref.width + bx * 8 + x) * 3 + c]!;
        sum += Math.abs(preview.pixels[(by * preview.width + bx) * 3 + c]! - s / 64);
        n++;
      }
  expect(sum / n).toBeLessThan(1);
  // And it is a grid: both black and white squares.
  expect(preview.pixels.reduce((a, b) => Math.min(a, b), 255)).toBeLessThan(30);
  expect(preview.pixels.reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(225);
});

it('retake replaces the last page only', async () => {
  const dir = await folder();
  const doc = testScanner(env).startDocument(dir);
  await doc.scanPage();
  await doc.scanPage();
  const before = await filesIn(dir);
  expect(before).toHaveLength(2);
  expect((await doc.retakeLastPage()).pages).toBe(2);
  const after = await filesIn(dir);
  expect(after).toHaveLength(2);
  expect(after[0]).toBe(before[0]); // first page kept
  expect(after[1]).not.toBe(before[1]); // last page replaced, its old file deleted
  expect((await doc.finish()).pages).toBe(2);
});

it('discard deletes every file the document wrote, before or after finish', async () => {
  const dir = await folder();
  const scanner = testScanner(env);
  const doc = scanner.startDocument(dir);
  await doc.scanPage();
  await doc.scanPage();
  await doc.discard();
  expect(await filesIn(dir)).toEqual([]);
  await expect(doc.scanPage()).rejects.toThrow(/closed/);

  const finished = scanner.startDocument(dir);
  await finished.scanPage();
  await finished.finish();
  expect(await filesIn(dir)).toHaveLength(2); // the PDF and the page’s JPEG
  await finished.discard();
  expect(await filesIn(dir)).toEqual([]);
});

it('discard during a scan stops scanimage and leaves nothing', async () => {
  const dir = await folder();
  // 200 ms per 32 KB buffer: this page would take seconds.
  const doc = testScanner(env, { extraArgs: ['--read-delay=yes', '--read-delay-duration', '200000'] }).startDocument(dir);
  const scanning = doc.scanPage().catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 500));
  expect(await ourScanimages(true)).toHaveLength(1);
  await doc.discard();
  expect(await scanning).toBeInstanceOf(Error);
  expect(await ourScanimages()).toEqual([]);
  expect(await filesIn(dir)).toEqual([]);
});

it('one scan at a time: a second document’s page waits its turn as "busy"', async () => {
  const scanner = testScanner(env, { extraArgs: ['--read-delay=yes', '--read-delay-duration', '20000'] });
  const a = scanner.startDocument(await folder());
  const b = scanner.startDocument(await folder());
  const first = a.scanPage();
  await expect(b.scanPage()).rejects.toMatchObject({ fault: 'busy' });
  expect((await first).pages).toBe(1);
  expect((await b.scanPage()).pages).toBe(1);
});

it('the feeder: one sheet per scanPage(), through the device’s own name for it', async () => {
  const dir = await folder();
  const doc = testScanner(env, { source: 'adf', mode: 'color' }).startDocument(dir);
  // The test backend refuses "--source ADF" ("setting of option --source failed"): these scans succeed only
  // because its own "Automatic Document Feeder" was read from `scanimage -A` and passed.
  for (let i = 1; i <= 3; i++) expect((await doc.scanPage()).pages).toBe(i);
  expect((await doc.finish()).pages).toBe(3);
  // An empty feeder is a fault of its own (faults.test.ts). The test backend refills its feeder at every
  // open, so the 11th-sheet run-out it simulates cannot be reached one scanimage run per sheet.
});

it('finish without a page is refused', async () => {
  const doc = testScanner(env).startDocument(await folder());
  await expect(doc.finish()).rejects.toMatchObject({ fault: 'no-document' });
});

it('finds the first scanner when none is configured', async () => {
  const scanner = testScanner(env, { device: undefined });
  expect(await scanner.device()).toBe('test:0');
  expect((await scanner.startDocument(await folder()).scanPage()).pages).toBe(1);
});
