// Writes scanned pages (JPEGs from scanimage) as one PDF without re-encoding them: each page is an A4
// page showing one DCTDecode image, or (an ID card) one A4 page with several images one above the other. The JPEG bytes go to the file as they are, so a 10-page document
// costs a write, not a decode. No metadata (title, dates, producer): nothing about the resident.
import { closeSync, openSync, writevSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** A4 in PDF points (1/72 in). */
export const A4_POINTS = { width: 595.28, height: 841.89 } as const;

export interface JpegPage {
  jpeg: Uint8Array;
  /** Pixels, from the JPEG's frame header. */
  width: number;
  height: number;
  components: 1 | 3;
  /** Scan resolution, to give the image its real size on the page. */
  dpi: number;
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/**
 * One PDF page holding several scans one above the other (an ID card's front and back on one A4 sheet),
 * each at its real size, shrunk together if they would not fit.
 */
export interface JpegSheet {
  stacked: readonly JpegPage[];
}

/** A page of the PDF: one scanned page, or a sheet of several images stacked. */
export type PdfPageSpec = JpegPage | JpegSheet;

/** Margin and gap around stacked images (1 cm), so a card's two sides are easy to tell apart and to cut out. */
const SHEET_MARGIN = 28.35;

interface Placement {
  image: JpegPage;
  x: number;
  y: number;
  w: number;
  h: number;
}

const sizeOf = (page: JpegPage): { w: number; h: number } => ({ w: (page.width / page.dpi) * 72, h: (page.height / page.dpi) * 72 });

/** Where each image of a PDF page goes, in points from the bottom-left corner. */
export function placeImages(spec: PdfPageSpec): Placement[] {
  if (!('stacked' in spec)) {
    // Real size from the resolution, shrunk to fit A4 if the scanner gave a little more; anchored top-left
    // like the scanner's own origin.
    let { w, h } = sizeOf(spec);
    const shrink = Math.min(1, A4_POINTS.width / w, A4_POINTS.height / h);
    w *= shrink;
    h *= shrink;
    return [{ image: spec, x: 0, y: A4_POINTS.height - h, w, h }];
  }
  if (spec.stacked.length === 0) throw new RangeError('a sheet needs at least one image');
  const sizes = spec.stacked.map(sizeOf);
  const width = Math.max(...sizes.map((s) => s.w));
  const height = sizes.reduce((n, s) => n + s.h, 0);
  const gaps = SHEET_MARGIN * (sizes.length + 1);
  const shrink = Math.min(1, (A4_POINTS.width - 2 * SHEET_MARGIN) / width, (A4_POINTS.height - gaps) / height);
  let top = A4_POINTS.height - SHEET_MARGIN;
  return spec.stacked.map((image, i) => {
    const w = sizes[i]!.w * shrink;
    const h = sizes[i]!.h * shrink;
    const placed = { image, x: SHEET_MARGIN, y: top - h, w, h };
    top -= h + SHEET_MARGIN;
    return placed;
  });
}

/** The PDF as a list of byte chunks (the JPEGs are not copied). */
export function jpegPdfChunks(pages: readonly PdfPageSpec[]): Uint8Array[] {
  if (pages.length === 0) throw new RangeError('a PDF needs at least one page');
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: Uint8Array | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    chunks.push(bytes);
    length += bytes.length;
  };
  const object = (id: number, body: string): void => {
    offsets[id] = length;
    push(`${id} 0 obj\n${body}\nendobj\n`);
  };
  // Objects: 1 catalog, 2 page tree, then per page: page, content, then one per image.
  const layouts = pages.map(placeImages);
  const pageIds: number[] = [];
  let next = 3;
  for (const placed of layouts) {
    pageIds.push(next);
    next += 2 + placed.length;
  }
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  layouts.forEach((placed, i) => {
    const id = pageIds[i]!;
    const imageId = (k: number): number => id + 2 + k;
    const content = placed.map((p, k) => `q ${fmt(p.w)} 0 0 ${fmt(p.h)} ${fmt(p.x)} ${fmt(p.y)} cm /Im${k} Do Q\n`).join('');
    const xobjects = placed.map((_, k) => `/Im${k} ${imageId(k)} 0 R`).join(' ');
    object(
      id,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4_POINTS.width} ${A4_POINTS.height}] /Resources << /XObject << ${xobjects} >> >> /Contents ${id + 1} 0 R >>`,
    );
    object(id + 1, `<< /Length ${content.length} >>\nstream\n${content}endstream`);
    placed.forEach(({ image }, k) => {
      offsets[imageId(k)] = length;
      push(
        `${imageId(k)} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /${image.components === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${image.jpeg.length} >>\nstream\n`,
      );
      push(image.jpeg);
      push('\nendstream\nendobj\n');
    });
  });
  const count = next;
  const xref = length;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let id = 1; id < count; id++) table += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  push(`${table}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return chunks;
}

/** Writes the PDF to `path` (created exclusively: never overwrites) and returns its size in bytes. */
export async function writeJpegPdf(path: string, pages: readonly PdfPageSpec[]): Promise<number> {
  const chunks = jpegPdfChunks(pages);
  const file = await open(path, 'wx', 0o600);
  try {
    let written = 0;
    // writev takes at most IOV_MAX (1024) buffers per call.
    for (let i = 0; i < chunks.length; i += 512) {
      const batch = chunks.slice(i, i + 512);
      const expected = batch.reduce((n, c) => n + c.length, 0);
      const { bytesWritten } = await file.writev(batch);
      if (bytesWritten !== expected) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      written += bytesWritten;
    }
    return written;
  } finally {
    await file.close();
  }
}

/**
 * The same, synchronously: for a RAM-backed folder (a session's), where a write is a memory copy and the
 * thread-pool round trips of the async version cost more than the copy itself on a busy machine.
 */
export function writeJpegPdfSync(path: string, pages: readonly PdfPageSpec[]): number {
  const chunks = jpegPdfChunks(pages);
  const fd = openSync(path, 'wx', 0o600);
  try {
    let written = 0;
    for (let i = 0; i < chunks.length; i += 512) {
      const batch = chunks.slice(i, i + 512);
      const expected = batch.reduce((n, c) => n + c.length, 0);
      const bytes = writevSync(fd, batch);
      if (bytes !== expected) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      written += bytes;
    }
    return written;
  } finally {
    closeSync(fd);
  }
}
