// The smallest real PDF the tests need: one A4 page with a line of Helvetica, a cross-reference table with
// the true byte offsets, a trailer — pdfinfo, qpdf, pdf-lib and CUPS's filters accept it as it is.
// Where only the magic bytes matter (a sniffer), a '%PDF-1.4' string is enough and clearer.

/** A one-page PDF saying `text` (latin-1 only: /Length and the offsets count bytes). */
export function tinyPdf(text = 'Avis de situation'): Buffer {
  const content = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** tinyPdf() once. Shared by every test of a file: copy it (Buffer.from) before changing its bytes. */
export const TINY_PDF: Buffer = tinyPdf();
