// The response headers of every document a démarche loads (top page and frames), rewritten the same way by both
// adapters: Electron in session.webRequest.onHeadersReceived, Chromium at the Fetch domain's response stage.
//   - a PDF becomes a download, for the cabin's own viewer (pdf-responses.ts);
//   - browser features that open a window of their own, outside the cabin's layout, are refused by permissions
//     policy: video picture-in-picture has no switch in Chromium or Electron, but
//     `Permissions-Policy: picture-in-picture=()` makes requestPictureInPicture() fail (measured: SecurityError).
import { pdfAsAttachment } from './pdf-responses';

type Headers = Record<string, string[] | string>;

/** Added after the site's own (a later entry wins in Permissions-Policy's dictionary). */
export const CABIN_PERMISSIONS_POLICY = 'picture-in-picture=()';

export interface ResponseHeaderOptions {
  /** Audit self-test only: leave the window-opening features as they are. */
  overlays: boolean;
}

/** The headers to use instead, or null to leave them as they are. */
export function cabinResponseHeaders(headers: Headers | undefined, options: ResponseHeaderOptions = { overlays: true }): Headers | null {
  if (!headers) return null;
  const pdf = pdfAsAttachment(headers);
  if (!options.overlays) return pdf;
  const out: Headers = { ...(pdf ?? headers) };
  const key = Object.keys(out).find((k) => k.toLowerCase() === 'permissions-policy') ?? 'Permissions-Policy';
  const existing = out[key];
  const values = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  out[key] = [...values, CABIN_PERMISSIONS_POLICY];
  return out;
}

/** CDP's header list (Fetch.requestPaused responseHeaders) from and to the record form above. */
export function headersFromEntries(entries: { name: string; value: string }[]): Headers {
  const out: Record<string, string[]> = {};
  for (const { name, value } of entries) (out[name] ??= []).push(value);
  return out;
}

export function headersToEntries(headers: Headers): { name: string; value: string }[] {
  return Object.entries(headers).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })));
}
