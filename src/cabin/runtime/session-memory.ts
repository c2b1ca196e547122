// What a resident's session holds in memory besides its directory: the claimed session, the démarche
// view, the scan in progress, the PDF about to be printed. The wipe drops all of it (forget), as it
// deletes the directory; nothing here outlives a session but the technician's last test scan.
import type { CallView, DemarcheView } from '../../engine/port';
import type { ScanDocument } from '../../devices/scanner';
import type { ClaimedSession } from '../storage';

export class SessionMemory {
  /** The session's directory and documents, from the storage lifecycle. */
  claimed: ClaimedSession | null = null;
  /** The démarche open now, and how to stop hearing its notices. */
  view: DemarcheView | null = null;
  viewNotices: (() => void) | null = null;
  /** The video call open now (./visio-call.ts), for the shell that places its window; the session's end hangs it up. */
  call: CallView | null = null;
  /** The document being scanned, and each of its pages' preview. */
  scan: ScanDocument | null = null;
  scanPreviews: Uint8Array[] = [];
  /** The PDF the resident confirms the printing of (its preview), and the job's abort. */
  pendingPrint: Uint8Array | null = null;
  printAbort: AbortController | null = null;
  /** A job of this session is at CUPS and not finished: the printer-check mark is kept on disk meanwhile. */
  printAtCups = false;
  /** When a text field of the démarche page last got focus (the on-screen keyboard). */
  textFieldFocusedAt: number | null = null;
  /** That field is a one-time code field (the code keypad, « Regardez votre téléphone »). */
  oneTimeCodeField = false;
  /** The host of the démarche page shown now (ViewState.pageHost): the host name only. */
  pageHost: string | null = null;
  /** That page is a bank's, inside a payment chain (ViewState.pageOnBank: « Paiement sécurisé »). */
  pageOnBank = false;
  /** The démarche's zoom the resident chose (their text size), for every démarche of the session. */
  zoom = 1;
  /** The technician's last test scan, shown in maintenance: no resident's, so the wipe keeps it. */
  maintenancePreview: Uint8Array | null = null;

  /** The session open now; throws when there is none. */
  needSession(): ClaimedSession {
    if (!this.claimed) throw new Error('no session is open');
    return this.claimed;
  }

  /** Drops everything the session held (the wipe's first step). */
  forget(): void {
    this.claimed = null;
    this.view = null;
    this.call = null;
    this.viewNotices?.();
    this.viewNotices = null;
    this.scan = null;
    this.scanPreviews = [];
    this.pendingPrint = null;
    this.printAbort = null;
    this.zoom = 1;
    this.textFieldFocusedAt = null;
    this.oneTimeCodeField = false;
    this.pageHost = null;
    this.pageOnBank = false;
  }

  /** Closes the démarche view, if one is open, after no longer hearing it. */
  async closeView(): Promise<void> {
    const v = this.view;
    this.view = null;
    this.viewNotices?.();
    this.viewNotices = null;
    this.textFieldFocusedAt = null;
    this.oneTimeCodeField = false;
    this.pageHost = null;
    this.pageOnBank = false;
    await v?.close().catch(() => undefined);
  }
}
