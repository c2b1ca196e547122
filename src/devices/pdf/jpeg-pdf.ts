// Writes scanned pages (JPEGs from scanimage) as one PDF without re-encoding them: each page is an A4
// page showing one DCTDecode image. The JPEG bytes go to the file as they are, so a 10-page document
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

/** The PDF as a list of byte chunks (the JPEGs are not copied). */
export function jpegPdfChunks(pages: readonly JpegPage[]): Uint8Array[] {
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
  // Objects: 1 catalog, 2 page tree, then per page: page, image, content.
  const pageId = (i: number): number => 3 + 3 * i;
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Kids [${pages.map((_, i) => `${pageId(i)} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  pages.forEach((page, i) => {
    const id = pageId(i);
    // Real size from the resolution, shrunk to fit A4 if the scanner gave a little more; anchored top-left
    // like the scanner's own origin.
    let w = (page.width / page.dpi) * 72;
    let h = (page.height / page.dpi) * 72;
    const shrink = Math.min(1, A4_POINTS.width / w, A4_POINTS.height / h);
    w *= shrink;
    h *= shrink;
    const content = `q ${fmt(w)} 0 0 ${fmt(h)} 0 ${fmt(A4_POINTS.height - h)} cm /Im0 Do Q\n`;
    object(
      id,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4_POINTS.width} ${A4_POINTS.height}] /Resources << /XObject << /Im0 ${id + 1} 0 R >> >> /Contents ${id + 2} 0 R >>`,
    );
    offsets[id + 1] = length;
    push(
      `${id + 1} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /${page.components === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.length} >>\nstream\n`,
    );
    push(page.jpeg);
    push('\nendstream\nendobj\n');
    object(id + 2, `<< /Length ${content.length} >>\nstream\n${content}endstream`);
  });
  const count = 3 + 3 * pages.length;
  const xref = length;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let id = 1; id < count; id++) table += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  push(`${table}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return chunks;
}

/** Writes the PDF to `path` (created exclusively: never overwrites) and returns its size in bytes. */
export async function writeJpegPdf(path: string, pages: readonly JpegPage[]): Promise<number> {
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
export function writeJpegPdfSync(path: string, pages: readonly JpegPage[]): number {
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
