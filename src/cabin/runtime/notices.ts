// What the démarche view says (the engine's notices), as events of the session machine. Every notice
// type is handled here, or said to need nothing: a new one fails to compile until it is (assertNever).
import { readFile } from 'node:fs/promises';
import { assertNever } from '../../base/assert';
import { countPdfPages } from '../../devices/pdf';
import type { EngineNotice } from '../../engine/port';
import { hostOfOrigin } from '../../shared/policy/hosts';
import type { EngineEvent, UiEvent } from '../../shared/session';
import type { ClaimedSession } from '../storage';

export interface NoticeTarget {
  /** The machine (engine events, and the page's activity). */
  send(event: EngineEvent | Extract<UiEvent, { type: 'ACTIVITY' }>): void;
  /** The session open now: a finished download is filed into it. */
  session(): ClaimedSession | null;
  /** A text field of the page got focus: no machine event, the screens are told (ViewState.textFieldFocusedAt, oneTimeCodeField). */
  textFieldFocused(oneTimeCode: boolean): void;
  /** The page moved: no machine event, the screens are told its host (ViewState.pageHost); null when it has none. */
  navigated(host: string | null, payment?: boolean): void;
}

export async function handleNotice(notice: EngineNotice, to: NoticeTarget): Promise<void> {
  switch (notice.type) {
    case 'navigation-blocked':
      return to.send({ type: 'NAVIGATION_BLOCKED', host: notice.host });
    case 'download-done':
      return fileDownload(notice, to);
    case 'download-refused':
      return to.send({ type: 'DOWNLOAD_REFUSED', reason: notice.reason });
    case 'auth-refused':
      // The host only: never the origin's port, a URL or anything the site put in it.
      return to.send({ type: 'AUTH_REFUSED', host: hostOfOrigin(notice.origin) });
    case 'file-chooser':
      return to.send({ type: 'FILE_CHOOSER_OPENED', accept: notice.accept, multiple: notice.multiple });
    case 'print-requested':
      return to.send({ type: 'PAGE_PRINT_REQUESTED' });
    case 'crashed':
      return to.send({ type: 'VIEW_CRASHED' });
    case 'network':
      return to.send({ type: notice.online ? 'NETWORK_UP' : 'NETWORK_DOWN' });
    case 'activity':
      return to.send({ type: 'ACTIVITY' });
    case 'text-field-focused':
      return to.textFieldFocused(notice.oneTimeCode);
    case 'navigated':
      // The host only: the URL's path and query can carry personal data.
      return to.navigated(hostOfOrigin(notice.url) || null, notice.payment === true);
    // Nothing the machine reacts to: a popup came or went, the engine already refused a permission or dismissed a dialog.
    case 'popup-opened':
    case 'popup-closed':
    case 'permission-denied':
    case 'dialog-dismissed':
      return undefined;
    default:
      return assertNever(notice, 'engine notice');
  }
}

/** A download the engine finished: a document of the session (its pages counted when a PDF), then DOWNLOAD_DONE. */
async function fileDownload(notice: Extract<EngineNotice, { type: 'download-done' }>, to: NoticeTarget): Promise<void> {
  const session = to.session();
  if (!session) return;
  const pages = notice.isPdf
    ? await readFile(notice.path)
        .then((b) => countPdfPages(b))
        .catch(() => null)
    : null;
  const doc = await session.documents.add({ kind: 'download', label: notice.filename, mime: notice.mime, pages, path: notice.path });
  to.send({ type: 'DOWNLOAD_DONE', documentId: doc.id, isPdf: notice.isPdf });
}
