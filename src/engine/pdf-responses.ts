// A PDF the démarche sends (an attestation, an avis d'impôt) must reach the cabin as a download — our own pdf.js
// viewer shows it and "Imprimer" prints it — never the browser's PDF viewer, whose toolbar saves to disk and
// prints through native dialogs. Electron's viewer renders PDFs whatever `plugins` says (docs/electron-notes.md):
// its adapter rewrites the response headers of every document with this.

type Headers = Record<string, string[] | string>;

const header = (headers: Headers, name: string): string | undefined => {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  return undefined;
};

/** The response headers with `Content-Disposition: attachment` when the body is a PDF, else null (leave them). */
export function pdfAsAttachment(headers: Headers | undefined): Headers | null {
  if (!headers) return null;
  const type = (header(headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/pdf' && type !== 'application/x-pdf') return null;
  const disposition = header(headers, 'content-disposition') ?? '';
  if (/^\s*attachment\b/i.test(disposition)) return null;
  // Keep the file name the site gave ("inline; filename=avis.pdf" → "attachment; filename=avis.pdf").
  const name = /;\s*(filename\*?=.*)$/i.exec(disposition)?.[1];
  const rest = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-disposition'));
  return { ...rest, 'Content-Disposition': [name ? `attachment; ${name}` : 'attachment'] };
}
