// Real PDFs for the test host: scans assembled from PNG pages, and a "downloaded" notice.
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

/** One A4 page per PNG, the image filling the page (what a scan's PDF is). */
export async function pdfFromPngs(pages: readonly Uint8Array[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const png of pages) {
    const image = await pdf.embedPng(png);
    const page = pdf.addPage([595.28, 841.89]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return pdf.save();
}

/** A text PDF with `pages` pages, like a tax notice a site lets residents download. */
export async function textPdf(title: string, pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (let i = 1; i <= pages; i++) {
    const page = pdf.addPage([595.28, 841.89]);
    page.drawRectangle({ x: 40, y: 760, width: 515, height: 50, color: rgb(0, 0, 0.57) });
    page.drawText(title, { x: 56, y: 778, size: 20, font: bold, color: rgb(1, 1, 1) });
    for (let l = 0; l < 24; l++) page.drawText(`Ligne ${l + 1} du document de test, page ${i}.`, { x: 56, y: 720 - l * 26, size: 13, font });
    page.drawText(`Page ${i} / ${pages}`, { x: 480, y: 40, size: 11, font });
  }
  return pdf.save();
}
