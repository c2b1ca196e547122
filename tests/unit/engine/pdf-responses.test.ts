import { describe, expect, it } from 'vitest';
import { pdfAsAttachment } from '../../../src/engine/pdf-responses';

describe('PDF responses become downloads', () => {
  it('an inline PDF gets Content-Disposition: attachment, its file name and other headers kept', () => {
    expect(pdfAsAttachment({ 'content-type': ['application/pdf'], 'Cache-Control': ['no-store'] })).toEqual({
      'content-type': ['application/pdf'],
      'Cache-Control': ['no-store'],
      'Content-Disposition': ['attachment'],
    });
    expect(pdfAsAttachment({ 'Content-Type': 'application/pdf; charset=binary', 'content-disposition': ['inline; filename="avis.pdf"'] })).toEqual({
      'Content-Type': 'application/pdf; charset=binary',
      'Content-Disposition': ['attachment; filename="avis.pdf"'],
    });
    expect(pdfAsAttachment({ 'CONTENT-TYPE': ['Application/X-PDF'] })?.['Content-Disposition']).toEqual(['attachment']);
  });

  it('leaves alone what is not a PDF, or is already an attachment', () => {
    expect(pdfAsAttachment({ 'content-type': ['text/html'] })).toBeNull();
    expect(pdfAsAttachment({ 'content-type': ['application/pdf'], 'content-disposition': ['attachment; filename=a.pdf'] })).toBeNull();
    expect(pdfAsAttachment({})).toBeNull();
    expect(pdfAsAttachment(undefined)).toBeNull();
  });
});
