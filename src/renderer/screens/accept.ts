// Which of the session's documents a page's <input type="file" accept="…"> takes: the shared policy's rule
// (src/shared/policy/file-chooser.ts), the same one the engine applies to the files it hands to the page.
import type { DocumentSummary } from '../../shared/ipc/contract';
import { matchesAccept } from '../../shared/policy/file-chooser';

export function accepts(accept: readonly string[], doc: Pick<DocumentSummary, 'mime' | 'label'>): boolean {
  return matchesAccept({ mime: doc.mime, name: doc.label }, accept);
}
