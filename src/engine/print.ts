// The page as a PDF, which is what "Imprimer", window.print() and Ctrl+P print (through the
// cabin's printer driver): never the browser's print dialog, whose "Save as PDF" browses the disk.
import type { CdpSession } from './cdp';

export interface PagePdfOptions {
  landscape?: boolean;
}

export async function printPageToPdf(cdp: CdpSession, options: PagePdfOptions = {}): Promise<Uint8Array> {
  const { data } = await cdp.send<{ data: string }>('Page.printToPDF', {
    landscape: options.landscape ?? false,
    printBackground: true,
    preferCSSPageSize: true,
    // A4, the only paper in a French cabin's printer; margins of 1 cm.
    paperWidth: 8.27,
    paperHeight: 11.69,
    marginTop: 0.4,
    marginBottom: 0.4,
    marginLeft: 0.4,
    marginRight: 0.4,
    generateTaggedPDF: false,
    transferMode: 'ReturnAsBase64',
  });
  return new Uint8Array(Buffer.from(data, 'base64'));
}
