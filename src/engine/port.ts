// The démarche view behind one small port. Two adapters implement it:
//   - Electron (production), in src/main/engine: a sandboxed WebContentsView, no preload.
//   - Chromium (tests, audits), in src/engine/chromium: Debian's Chromium through Playwright/CDP.
// Policies (allow-list, downloads, permissions, shortcuts) are pure functions in
// src/shared/policy, and file-chooser / download / print handling sits in src/engine, shared
// by both adapters: what the tests prove on Chromium is the code that runs in the cabin.
import type { GrantablePermission } from '../shared/config/schema';
import type { NavigationKind } from '../shared/policy/navigation';
export { isZoomFactor, ZOOM_LIMITS } from '../shared/policy/zoom';
import type { DownloadRefusal } from '../shared/session/types';
import type { CallSpec } from './call-page';
import type { ShareSource } from './call-share';

export interface DemarcheSpec {
  id: string;
  startUrl: string;
  /** Expanded host patterns (no @groups): `host` or `*.host`. */
  allow: string[];
  permissions: GrantablePermission[];
  /** Payment hosts (expanded patterns) from which a chain may pass through a bank's https pages, for at most maxMs. */
  payment?: { hosts: string[]; maxMs: number };
}

export interface EngineSessionOptions {
  sessionId: string;
  /** Per-session browser profile, on RAM-backed storage; deleted by the wipe. */
  profileDir: string;
  /** Per-session folder for downloads (and scans, written by the scanner driver). */
  filesDir: string;
  /** Tests only: allow http://127.0.0.1, http://localhost and http://*.localhost. */
  allowLoopback?: boolean;
}

/** Where a navigation was refused: 'top' | 'subframe' | 'redirect' | 'popup' (defined with the policy). */
export type { NavigationKind };

export type EngineNotice =
  | { type: 'navigation-blocked'; url: string; host: string; kind: NavigationKind; reason: string }
  /** `payment`: the page shows a bank's page inside a payment chain (« Paiement sécurisé »). */
  | { type: 'navigated'; url: string; payment?: boolean }
  | { type: 'popup-opened'; url: string }
  | { type: 'popup-closed' }
  | { type: 'download-done'; path: string; filename: string; mime: string; isPdf: boolean; bytes: number }
  | { type: 'download-refused'; filename: string; reason: DownloadRefusal }
  | { type: 'file-chooser'; accept: string[]; multiple: boolean }
  | { type: 'print-requested' }
  | { type: 'permission-denied'; permission: string; origin: string }
  | { type: 'dialog-dismissed'; dialog: 'alert' | 'confirm' | 'prompt' | 'beforeunload' }
  /** A site asked for a login/password at the HTTP level (Basic, Digest, NTLM…): refused, never a native dialog. */
  | { type: 'auth-refused'; origin: string }
  | { type: 'network'; online: boolean }
  /** A text field of the page got focus: the on-screen keyboard may open; its code keypad when it is a one-time code field. */
  | { type: 'text-field-focused'; oneTimeCode: boolean }
  | { type: 'activity' }
  | { type: 'crashed'; reason: string };

export type Unsubscribe = () => void;

/** One démarche opened in one session's browser. */
export interface DemarcheView {
  readonly demarche: DemarcheSpec;
  navigate(url: string): Promise<void>;
  goBack(): Promise<void>;
  reload(): Promise<void>;
  currentUrl(): string;
  on(listener: (notice: EngineNotice) => void): Unsubscribe;
  /** The page as a PDF (what "Imprimer" and window.print() print). */
  printToPdf(): Promise<Uint8Array>;
  /** Answers the pending file chooser with files from the session folder. */
  setFiles(paths: string[]): Promise<void>;
  cancelFileChooser(): Promise<void>;
  /**
   * The agent's panel (issue 15): opens this exact host (https) for the rest of the session — every démarche
   * opened after too — then loads the page that was refused. False when the host may not be granted
   * (a scheme, an IP address, this machine). The grant dies with the session's browser.
   */
  allowHostForSession(host: string): Promise<boolean>;
  /** The on-screen keyboard: types into the page's focused field. */
  typeText(text: string): Promise<void>;
  pressKey(key: 'Backspace' | 'Enter' | 'Tab' | 'ArrowLeft' | 'ArrowRight' | 'Delete' | 'Space'): Promise<void>;
  /**
   * Zooms the démarche like a browser's zoom (A+ / A−): the page is laid out again, so its text grows and its lines
   * wrap; clicks still land where they are seen. It holds for every page shown (popups too) and every page they go
   * to, until set again or the session ends. `factor` between ZOOM_LIMITS.min and .max; else rejects.
   */
  setZoom(factor: number): Promise<void>;
  close(): Promise<void>;
}

export type { CallSpec } from './call-page';
export type { ShareLayer, ShareSource } from './call-share';

/** What a call view tells the cabin (issue 17). */
export type CallNotice =
  /** The cabin is in the room. */
  | { type: 'joined' }
  /** Someone else came into the room (the referent: only they have its link). */
  | { type: 'participant-joined' }
  | { type: 'participant-left' }
  /**
   * The call is over and its view gone, camera and microphone released: hung up by the cabin, closed by the service,
   * its page or browser crashed, the service could not be reached, or the camera could not be used.
   */
  | { type: 'ended'; reason: 'hung-up' | 'closed' | 'crashed' | 'service-unreachable' | 'camera-error' }
  /** The service shows the cabin's screen to the referent, or stopped. */
  | { type: 'sharing'; on: boolean };

/** One video call in one session's browser: its own view, which only ever shows the call page and the service. */
export interface CallView {
  on(listener: (notice: CallNotice) => void): Unsubscribe;
  /**
   * Shows the cabin's screen to the referent (only after the resident's yes), as `source` pictures it; null stops it.
   * Nothing else can be shared: the page's own getDisplayMedia is refused.
   */
  shareScreen(source: ShareSource | null): Promise<void>;
  /** Hangs up (the service is told), then closes the view; resolves once the camera and microphone are released. */
  hangUp(): Promise<void>;
}

/** One resident session's browser: its own profile directory and process(es). */
export interface EngineSession {
  readonly sessionId: string;
  open(demarche: DemarcheSpec): Promise<DemarcheView>;
  /**
   * Cookies and storage entries, counted for the wipe receipt where the engine can tell.
   * `final`: the session is ending and its browser is about to be killed; the engine may stop the
   * session's pages to count faster (the Chromium adapter then reads Local Storage from the
   * profile on disk instead of visiting every origin). Nothing may be shown or used after it.
   */
  countStorageEntries(options?: { final?: boolean }): Promise<number | null>;
  /**
   * Opens a video call (issue 17) in a view of its own, beside the démarche's: camera and microphone for the call's
   * service only, nothing else reachable. One call at a time: a call still open is hung up first. The call's browser
   * state is the session's: destroy() ends it with the rest.
   */
  openCall(spec: CallSpec): Promise<CallView>;
  /**
   * Ends the session's browser: every process that served it has exited when this resolves,
   * so nothing holds the profile directory any more and the wipe can delete it.
   */
  destroy(): Promise<void>;
  /** The OS process ids serving this session (for the wipe to check they are gone). */
  pids(): number[];
}

export interface DemarcheEngine {
  readonly name: 'electron' | 'chromium';
  /** Starts a browser on a fresh profile; may be called ahead of time (pre-warm). */
  startSession(options: EngineSessionOptions): Promise<EngineSession>;
  /** Stops everything (app shutdown). */
  shutdown(): Promise<void>;
}
