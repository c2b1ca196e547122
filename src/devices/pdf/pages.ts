// Page counting for print jobs and the page limit. pdf-lib parses the document structure only.
import { PDFDocument } from 'pdf-lib';

/** Number of pages of a PDF; throws if the bytes are not a PDF pdf-lib can read. */
export async function countPdfPages(pdf: Uint8Array): Promise<number> {
  // ignoreEncryption: many administrative PDFs are encrypted with an empty user password; the page tree is readable.
  const doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  return doc.getPageCount();
}
