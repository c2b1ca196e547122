// Every event the session machine knows, with who may send it.
// UI events arrive over IPC (validated by src/shared/ipc); device and engine events come
// from src/main or the Node runtime only — the renderer can never forge them.
import type { Locale } from '../config/schema';
import type { DeviceKind, DevicePresence, DownloadRefusal, EndingReason, PrintFault, PrintTarget, ScanLayout, UnlockRole } from './types';

/** Sent by the screens (resident, referent, technician). */
export type UiEvent =
  | { type: 'TOUCH' }
  | { type: 'ACTIVITY' }
  | { type: 'SET_LOCALE'; locale: Locale }
  | { type: 'ACCEPT' }
  | { type: 'CANCEL' }
  | { type: 'BACK' }
  /** `startId`: the start page chosen, for a démarche with several (config `starts`, « Ma messagerie »). */
  | { type: 'OPEN_DEMARCHE'; demarcheId: string; startId?: string }
  | { type: 'HOME' }
  | { type: 'END_REQUEST' }
  | { type: 'STILL_HERE' }
  /** « Continuer 15 minutes »: the session's end moves by timers.extendMinutes (while extensions remain). */
  | { type: 'EXTEND_SESSION' }
  /** « D'accord » on the time-left warning: the session goes on to its end as it was. */
  | { type: 'DISMISS_TIME_WARNING' }
  | { type: 'CALL_REFERENT' }
  /** The resident stops waiting for a call in progress. */
  | { type: 'CANCEL_REFERENT_CALL' }
  /** The resident closes what the screen said about a call (nobody could be told, the call was cancelled, nobody answered: « Continuer seul »). */
  | { type: 'CLOSE_REFERENT_CALL' }
  // The video call with a referent (issue 17, ./states/referent-call.ts), accepted only during one.
  /** « Raccrocher »: ends the call, ringing or in progress. */
  | { type: 'HANG_UP' }
  /** « Réduire » / « Agrandir »: the call panel over the démarche, or beside it. */
  | { type: 'CALL_WINDOW'; size: 'large' | 'small' }
  /** « Montrer mon écran »: asks the resident first (« Montrer mon écran au référent ? »). */
  | { type: 'SHARE_SCREEN' }
  /** The resident's answer to that question: only a yes shows the screen. */
  | { type: 'SHARE_SCREEN_ANSWER'; yes: boolean }
  /** « Arrêter »: the referent no longer sees the screen, in one touch. */
  | { type: 'STOP_SHARE' }
  | { type: 'PRINT_REQUEST'; target: PrintTarget }
  | { type: 'PRINT_CONFIRM'; copies: number }
  | { type: 'SCAN_REQUEST' }
  | { type: 'SCAN_PAGE' }
  /** « Un document » / « Une carte (recto et verso) », at the start of a scan. */
  | { type: 'SCAN_LAYOUT'; layout: ScanLayout }
  /** « Oui » to « Cette page est-elle lisible ? ». */
  | { type: 'SCAN_PAGE_OK' }
  | { type: 'SCAN_RETAKE' }
  | { type: 'SCAN_FINISH' }
  | { type: 'DOCUMENTS_OPEN' }
  | { type: 'DOCUMENT_OPEN'; documentId: string }
  | { type: 'FILES_CHOSEN'; documentIds: string[] }
  | { type: 'RETRY' }
  | { type: 'UNLOCK_SUBMIT'; role: UnlockRole; secret: string }
  | { type: 'MAINTENANCE_TEST_PRINT' }
  | { type: 'MAINTENANCE_TEST_SCAN' }
  | { type: 'MAINTENANCE_EXIT' }
  // The agent's panel (./states/assisted.ts), accepted only in an assisted session.
  /** « Panneau de l'agent »: opens it, or asks for the agent's code again when the agent was away too long. */
  | { type: 'AGENT_PANEL_OPEN' }
  | { type: 'AGENT_PANEL_CLOSE' }
  /** « Plus de pages »: assisted.extraPages more pages for this session's print limit. */
  | { type: 'AGENT_EXTRA_PAGES' }
  /** « Plus de temps »: assisted.extraMinutes more for this session, beyond the resident's own extensions. */
  | { type: 'AGENT_MORE_TIME' }
  /** « Ouvrir ce site pour cette session »: the blocked host (context.blockedHost), until the wipe. */
  | { type: 'AGENT_OPEN_SITE' }
  /** « Fin de l'aide »: a resident's session again; the sites opened stay until its end. */
  | { type: 'AGENT_END_ASSISTANCE' };

/** Sent by the démarche view (engine port adapters). */
export type EngineEvent =
  | { type: 'NAVIGATION_BLOCKED'; host: string }
  | { type: 'NETWORK_DOWN' }
  | { type: 'NETWORK_UP' }
  | { type: 'FILE_CHOOSER_OPENED'; accept: string[]; multiple: boolean }
  | { type: 'PAGE_PRINT_REQUESTED' }
  | { type: 'DOWNLOAD_DONE'; documentId: string; isPdf: boolean }
  | { type: 'DOWNLOAD_REFUSED'; reason: DownloadRefusal }
  /** The site asked for an HTTP login (Basic, Digest…), which the engine refused: only the host, never a URL or a name. */
  | { type: 'AUTH_REFUSED'; host: string }
  | { type: 'VIEW_CRASHED' };

/** Sent by the device drivers. */
export type DeviceEvent =
  | { type: 'PRESENCE'; occupied: boolean }
  | { type: 'SENSOR_LOST' }
  | { type: 'DEVICES_CHANGED'; devices: Partial<Record<DeviceKind, DevicePresence>> }
  | { type: 'BADGE_READ'; badgeId: string }
  | { type: 'PRINT_PROGRESS'; pagesDone: number }
  | { type: 'PRINT_DONE'; pages: number }
  /** jobSubmitted: false only when no job reached CUPS (then the printer holds nothing of it); left out means it may have. */
  | { type: 'PRINT_FAILED'; fault: PrintFault; jobSubmitted?: boolean };

/**
 * Sent by the cabin's runtime when the system's package manager asks to install (issue 16, src/cabin/update):
 * only the attract screen answers UPDATE_PENDING, so an update never starts while anybody is using the cabin.
 * Never from the renderer (the IPC contract accepts UiEvent only).
 */
export type SystemEvent = { type: 'UPDATE_PENDING' } | { type: 'UPDATE_DONE' };

/**
 * Sent by the video call's actor (visioCall, provided by the runtime) to the machine: the referent is in the room,
 * left it, the call could not go on (no service, the room failed, the camera is missing), or the screen share could not
 * be given or was stopped by the service. Never from the renderer:
 * a screen that could say "the referent joined" could show a call nobody answered.
 */
export type VisioEvent =
  | { type: 'VISIO_REFERENT_JOINED' }
  | { type: 'VISIO_REFERENT_LEFT' }
  | { type: 'VISIO_FAILED'; reason: string }
  /** The resident's screen is not (or no longer) shown, whatever they said: the share's banner must go. */
  | { type: 'VISIO_SHARE_STOPPED' };

/** Raised by the machine itself. */
export type InternalEvent =
  | { type: 'END'; reason: EndingReason }
  | { type: 'UNLOCKED'; role: UnlockRole }
  | { type: 'ASSISTED' }
  /** The agent's code was accepted again in an assisted session: the panel may open. */
  | { type: 'AGENT_VERIFIED' };

export type CabineEvent = UiEvent | EngineEvent | DeviceEvent | SystemEvent | VisioEvent | InternalEvent;
