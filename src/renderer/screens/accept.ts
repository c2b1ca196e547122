// Which of the session's documents a page's <input type="file" accept="…"> takes: the shared policy's rule
// (src/shared/policy/file-chooser.ts), the same one the engine applies to the files it hands to the page. A scan
// also goes as JPEG images to an input that takes images only (sendAsOf), as the runtime hands them.
import type { DocumentSummary } from '../../shared/ipc/contract';
import { matchesAccept, scanFitsAccept, sendAs } from '../../shared/policy/file-chooser';

export function accepts(accept: readonly string[], doc: Pick<DocumentSummary, 'mime' | 'label'>): boolean {
  return matchesAccept({ mime: doc.mime, name: doc.label }, accept);
}

/** How the document would go to that input: as it is, as its scanned pages in JPEG, or not at all. */
export function sendAsOf(accept: readonly string[], doc: Pick<DocumentSummary, 'mime' | 'label' | 'jpegImages'>): 'file' | 'jpeg' | null {
  return sendAs({ mime: doc.mime, name: doc.label, jpegImages: doc.jpegImages }, accept);
}

/** Whether scanning now could give that input anything (a PDF, or JPEG images). */
export const scanFits = (accept: readonly string[]): boolean => scanFitsAccept(accept);
