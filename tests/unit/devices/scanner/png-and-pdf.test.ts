// The preview PNG and the scan PDF are written by hand (no image library): read them back with
// independent readers (zlib + the PNG spec's layout; pdf-lib and poppler's pdfinfo/pdfimages when present).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpegPdfChunks, placeImages, writeJpegPdf, type JpegPage } from '../../../../src/devices/pdf';
import { readJpegInfo } from '../../../../src/devices/scanner/jpeg-preview';
import { encodePng } from '../../../../src/devices/scanner/png';
import { readPng } from './png-reader';
import { useScratchDir } from '../../../support/scratch';

const run = promisify(execFile);
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('encodePng', () => {
  it('gray and RGB, pixels intact', () => {
    const gray = new Uint8Array(31 * 7).map((_, i) => (i * 13) & 255);
    const g = readPng(encodePng({ width: 31, height: 7, channels: 1, pixels: gray }));
    expect(g).toMatchObject({ types: ['IHDR', 'IDAT', 'IEND'], width: 31, height: 7, channels: 1, depth: 8 });
    expect([...g.pixels]).toEqual([...gray]);
    const rgb = new Uint8Array(5 * 3 * 3).map((_, i) => (i * 29) & 255);
    const c = readPng(encodePng({ width: 5, height: 3, channels: 3, pixels: rgb }));
    expect(c.channels).toBe(3);
    expect([...c.pixels]).toEqual([...rgb]);
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => encodePng({ width: 4, height: 4, channels: 3, pixels: new Uint8Array(10) })).toThrow(RangeError);
  });
});

describe('JPEG pages → PDF', () => {
  const dir = useScratchDir('jpegpdf-', { per: 'file' });
  let pages: JpegPage[] = [];
  beforeAll(async () => {
    pages = await Promise.all(
      ['gray-grid-30dpi.jpg', 'color-grid-30dpi.jpg', 'color-pattern-30dpi.jpg'].map(async (name) => {
        const jpeg = new Uint8Array(await readFile(path.join(fixtures, name)));
        const info = readJpegInfo(jpeg);
        return { jpeg, width: info.width, height: info.height, components: info.components as 1 | 3, dpi: 30 };
      }),
    );
  });

  it('writes one A4 page per JPEG, the JPEG bytes embedded unchanged, no metadata', async () => {
    const file = path.join(dir(), 'doc.pdf');
    const bytes = await writeJpegPdf(file, pages);
    const pdf = await readFile(file);
    expect(pdf.length).toBe(bytes);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(3);
    for (const [i, page] of doc.getPages().entries()) {
      expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 });
      const xobjects = page.node.Resources()!.lookup(PDFName.of('XObject')) as unknown as { lookup(n: PDFName): unknown };
      const image = xobjects.lookup(PDFName.of('Im0')) as PDFRawStream;
      expect(image.dict.get(PDFName.of('Filter'))?.toString()).toBe('/DCTDecode');
      expect(Buffer.from(image.contents).equals(Buffer.from(pages[i]!.jpeg))).toBe(true);
      expect(image.dict.get(PDFName.of('ColorSpace'))?.toString()).toBe(i === 0 ? '/DeviceGray' : '/DeviceRGB');
    }
    expect(doc.getTitle()).toBeUndefined();
    expect(doc.getProducer()).toBeUndefined();
    expect(doc.getCreationDate()).toBeUndefined();
  });

  it('poppler reads it without complaint (poppler-utils: a test dependency, scripts/ensure-system.mjs)', async () => {
    const file = path.join(dir(), 'poppler.pdf');
    await writeJpegPdf(file, pages);
    const info = await run('pdfinfo', [file]);
    expect(info.stderr).toBe('');
    expect(info.stdout).toMatch(/Pages:\s+3/);
    expect(info.stdout).toMatch(/Page size:\s+595.28 x 841.89 pts \(A4\)/);
    const images = await run('pdfimages', ['-list', file]);
    expect(images.stderr).toBe('');
    expect(images.stdout).toMatch(/^\s+1\s+0 image\s+248\s+350\s+gray\s+1\s+8\s+jpeg/m);
    expect(images.stdout).toMatch(/^\s+2\s+1 image\s+248\s+350\s+rgb\s+3\s+8\s+jpeg/m);
  });

  it('never overwrites a file, and refuses an empty document', async () => {
    const file = path.join(dir(), 'exists.pdf');
    await writeFile(file, 'keep');
    await expect(writeJpegPdf(file, pages)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('keep');
    expect(() => jpegPdfChunks([])).toThrow(RangeError);
  });

  it('an ID card: front and back on ONE A4 page, one above the other, both JPEGs embedded unchanged (issue 15)', async () => {
    // Two card-sized scans (the fixtures read at 90 dpi: 70 × 99 mm each).
    const front = { ...pages[0]!, dpi: 90 };
    const back = { ...pages[1]!, dpi: 90 };
    const file = path.join(dir(), 'card.pdf');
    await writeJpegPdf(file, [{ stacked: [front, back] }]);
    const pdf = await readFile(file);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const page = doc.getPage(0);
    expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 });
    const xobjects = page.node.Resources()!.lookup(PDFName.of('XObject')) as unknown as { lookup(n: PDFName): unknown };
    for (const [k, side] of [front, back].entries()) {
      const image = xobjects.lookup(PDFName.of(`Im${k}`)) as PDFRawStream;
      expect(image.dict.get(PDFName.of('Filter'))?.toString()).toBe('/DCTDecode');
      expect(Buffer.from(image.contents).equals(Buffer.from(side.jpeg))).toBe(true);
    }
    // Placed: the front on top, the back below it, both inside the page and apart.
    const [top, bottom] = placeImages({ stacked: [front, back] });
    expect(top!.image).toBe(front);
    expect(bottom!.y + bottom!.h).toBeLessThan(top!.y);
    expect(bottom!.y).toBeGreaterThan(0);
    expect(top!.y + top!.h).toBeLessThan(841.89);
    expect(top!.x + top!.w).toBeLessThan(595.28);
    expect(top!.w).toBeCloseTo((248 / 90) * 72, 1); // real size: it fits, nothing shrunk
    const { stdout } = await run('pdfimages', ['-list', file]);
    expect(stdout).toMatch(/^\s+1\s+0 image\s+248\s+350\s+gray/m);
    expect(stdout).toMatch(/^\s+1\s+1 image\s+248\s+350\s+rgb/m);
    const info = await run('pdfinfo', [file]);
    expect(info.stdout).toMatch(/Pages:\s+1\n/);
  });

  it('a sheet too tall for A4 is shrunk as a whole, the images still one above the other', () => {
    const side = { ...pages[0]!, dpi: 30 }; // a whole A4 page each: two cannot fit at real size
    const [a, b] = placeImages({ stacked: [side, side] });
    expect(a!.h).toBeLessThan(841.89 / 2);
    expect(b!.y).toBeGreaterThanOrEqual(0);
    expect(b!.y + b!.h).toBeLessThan(a!.y);
    expect(a!.w / a!.h).toBeCloseTo(248 / 350, 3);
  });

  it('a page scanned a little larger than A4 is shrunk to fit, top-left anchored', () => {
    const big = { ...pages[0]!, width: 300, height: 360, dpi: 30 }; // 254 × 304.8 mm
    const text = Buffer.concat(jpegPdfChunks([big]).map((c) => Buffer.from(c))).toString('latin1');
    const m = /q ([\d.]+) 0 0 ([\d.]+) 0 ([\d.]+) cm/.exec(text)!;
    const [w, h, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    expect(w).toBeLessThanOrEqual(595.28);
    expect(h).toBeLessThanOrEqual(841.89);
    expect(Math.max(w / 595.28, h / 841.89)).toBeCloseTo(1, 2);
    expect(y + h).toBeCloseTo(841.89, 1);
  });
});
