// tests/support/pdf.ts: TINY_PDF is a PDF readers accept, not only bytes that start like one — its xref gives
// each object's true offset, startxref the table's, and pdf-lib and poppler's pdfinfo (where installed) read one page.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { TINY_PDF, tinyPdf } from '../../support/pdf';
import { useScratchDir } from '../../support/scratch';

const hasPdfinfo = spawnSync('pdfinfo', ['-v']).error === undefined;

describe('TINY_PDF', () => {
  const text = TINY_PDF.toString('latin1');

  it('starts with the PDF header and ends with %%EOF', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
  });

  it('has a cross-reference table whose offsets point at the objects, and a startxref that points at it', () => {
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number);
    expect(first).toBe(0);
    const entries = text
      .slice(startxref)
      .split('\n')
      .slice(2, 2 + count!);
    expect(entries[0]).toBe('0000000000 65535 f ');
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/); // 20 bytes with the newline, as the spec wants
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    expect(text).toContain(`/Size ${count}`);
  });

  it('gives its content stream the /Length it has', () => {
    const [, length, stream] = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/.exec(text)!;
    expect(Buffer.byteLength(stream!, 'latin1')).toBe(Number(length));
  });

  it('is read by pdf-lib as one A4 page, without repairing anything', async () => {
    const doc = await PDFDocument.load(TINY_PDF, { throwOnInvalidObject: true, updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595, height: 842 });
  });

  describe.skipIf(!hasPdfinfo)('pdfinfo (poppler-utils; skipped where it is not installed)', () => {
    const scratch = useScratchDir('cabine-tiny-pdf-');
    it('reads it without a warning: one page', async () => {
      for (const [name, bytes] of [
        ['tiny.pdf', TINY_PDF],
        ['other.pdf', tinyPdf('Attestation (copie) n\\260 2')],
      ] as const) {
        const file = path.join(scratch(), name);
        await writeFile(file, bytes);
        const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/^Pages:\s+1$/m);
      }
    });
  });
});
