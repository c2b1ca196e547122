// The page as a PDF, which is what "Imprimer", window.print() and Ctrl+P print (through the
// cabin's printer driver): never the browser's print dialog, whose "Save as PDF" browses the disk.
import type { CdpSession } from './cdp';

export interface PagePdfOptions {
  landscape?: boolean;
}

/**
 * The page as the cabin prints it, for every adapter: A4 (the only paper in a French cabin's printer), margins of
 * 1 cm, backgrounds, and the page's own CSS page size when it sets one. Inches, as CDP and Electron both take them.
 */
export const PAGE_PDF_LAYOUT = { paperWidth: 8.27, paperHeight: 11.69, margin: 0.4, printBackground: true, preferCSSPageSize: true } as const;

export async function printPageToPdf(cdp: CdpSession, options: PagePdfOptions = {}): Promise<Uint8Array> {
  const { paperWidth, paperHeight, margin, printBackground, preferCSSPageSize } = PAGE_PDF_LAYOUT;
  const { data } = await cdp.send<{ data: string }>('Page.printToPDF', {
    landscape: options.landscape ?? false,
    printBackground,
    preferCSSPageSize,
    paperWidth,
    paperHeight,
    marginTop: margin,
    marginBottom: margin,
    marginLeft: margin,
    marginRight: margin,
    generateTaggedPDF: false,
    transferMode: 'ReturnAsBase64',
  });
  return new Uint8Array(Buffer.from(data, 'base64'));
}
