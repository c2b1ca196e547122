// Which session files the in-app picker may offer to a page's <input type=file>.
import { extensionOf } from './downloads';

/** MIME types of the files a session holds (scans, downloads), by extension. */
const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  txt: 'text/plain',
  csv: 'text/csv',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

export function mimeOfFilename(filename: string): string {
  return MIME_BY_EXTENSION[extensionOf(filename)] ?? 'application/octet-stream';
}

/** Parses an `accept` attribute: `.pdf, image/*` → ['.pdf', 'image/*']. */
export function parseAccept(accept: string | undefined | null): string[] {
  return (accept ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Whether a file may be offered to an input with this `accept` list (empty list: any file). */
export function fileMatchesAccept(filename: string, accept: readonly string[]): boolean {
  if (accept.length === 0) return true;
  const ext = `.${extensionOf(filename)}`;
  const mime = mimeOfFilename(filename);
  return accept.some((a) => {
    if (a.startsWith('.')) return a === ext || (a === '.jpg' && ext === '.jpeg') || (a === '.jpeg' && ext === '.jpg');
    if (a.endsWith('/*')) return mime.startsWith(a.slice(0, -1));
    return a === mime;
  });
}
