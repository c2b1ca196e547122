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

/** The extensions a MIME type goes by ('.jpg' and '.jpeg' for image/jpeg), from the table above. */
export function extensionsOfMime(mime: string): string[] {
  const m = mime.toLowerCase();
  return Object.entries(MIME_BY_EXTENSION)
    .filter(([, type]) => type === m)
    .map(([ext]) => `.${ext}`);
}

/**
 * Whether a document fits an `accept` list (empty: anything): MIME types, wildcards, and extensions, matched by the
 * document's type (every extension it goes by) or by its name's own extension. The one rule for the screens' picker
 * (which documents to offer) and the engine (which files it hands to the page): they can never disagree.
 */
export function matchesAccept(doc: { mime: string; name: string }, accept: readonly string[]): boolean {
  const patterns = accept.map((a) => a.trim().toLowerCase()).filter(Boolean);
  if (patterns.length === 0) return true;
  const mime = doc.mime.toLowerCase();
  const own = extensionOf(doc.name);
  const extensions = new Set([...extensionsOfMime(mime), ...(own ? [`.${own}`] : [])]);
  return patterns.some((p) => {
    if (p === '*' || p === '*/*') return true;
    if (p.startsWith('.')) return extensions.has(p);
    if (p.endsWith('/*')) return mime.startsWith(p.slice(0, -1));
    return p === mime;
  });
}

/** Whether a file may be offered to an input with this `accept` list (empty list: any file). */
export function fileMatchesAccept(filename: string, accept: readonly string[]): boolean {
  return matchesAccept({ mime: mimeOfFilename(filename), name: filename }, accept);
}

/** What a scan can be sent as: its PDF, or its pages as the JPEGs the scanner made. */
const SCAN_AS_JPEG = { mime: 'image/jpeg', name: 'scan.jpg' } as const;

/**
 * How a session document goes to an input with this `accept` list: as it is ('file'), as the JPEG of each of its
 * scanned pages ('jpeg': a site whose input takes images only, e.g. accept="image/jpeg,image/png"), or not at all.
 * The one rule for the screens' picker and the runtime that hands the files to the engine.
 */
export function sendAs(doc: { mime: string; name: string; jpegImages?: number }, accept: readonly string[]): 'file' | 'jpeg' | null {
  if (matchesAccept(doc, accept)) return 'file';
  if ((doc.jpegImages ?? 0) > 0 && matchesAccept(SCAN_AS_JPEG, accept)) return 'jpeg';
  return null;
}

/** Whether a scan made now could be sent to this input at all (as a PDF, or as JPEG images); if not, scanning only loops. */
export function scanFitsAccept(accept: readonly string[]): boolean {
  return matchesAccept({ mime: 'application/pdf', name: 'scan.pdf' }, accept) || matchesAccept(SCAN_AS_JPEG, accept);
}
