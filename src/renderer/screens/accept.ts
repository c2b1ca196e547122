// Which of the session's documents a page's <input type="file" accept="…"> takes:
// MIME types (application/pdf), wildcards (image/*) and extensions (.pdf, .JPG).
import type { DocumentSummary } from '../../shared/ipc/contract';

const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'image/tiff': ['.tif', '.tiff'],
  'text/plain': ['.txt'],
};

export function accepts(accept: readonly string[], doc: Pick<DocumentSummary, 'mime' | 'label'>): boolean {
  const patterns = accept.map((a) => a.trim().toLowerCase()).filter(Boolean);
  if (patterns.length === 0) return true;
  const mime = doc.mime.toLowerCase();
  const label = doc.label.toLowerCase();
  return patterns.some((p) => {
    if (p === '*/*' || p === '*') return true;
    if (p.startsWith('.')) return label.endsWith(p) || (EXTENSIONS[mime] ?? []).includes(p);
    if (p.endsWith('/*')) return mime.startsWith(p.slice(0, -1));
    return p === mime;
  });
}
