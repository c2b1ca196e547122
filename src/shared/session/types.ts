// Vocabulary of the session machine, shared by main, the renderer and the tests.
// Nothing here can hold personal data: ids, counts, reasons, timestamps, fault codes.
import type { CabinConfig, Locale } from '../config/schema';

/** Why a session ended (kept for statistics). */
export const ENDING_REASONS = [
  'resident', // "Terminer"
  'inactivity', // no input, warning ran out
  'cabin-empty', // occupancy sensor: nobody in the cabin for timers.vacantSeconds
  'max-duration', // timers.maxSessionMinutes reached
  'view-crashed', // the démarche view's renderer died
  'technician', // a technician took the cabin into maintenance
  'start-failed', // the session's storage could not be prepared
] as const;
export type EndingReason = (typeof ENDING_REASONS)[number];

export const OUT_OF_SERVICE_REASONS = [
  'invalid-config',
  'wipe-failed',
  'device-missing',
  'boot-failed',
  'storage-not-ram', // the RAM root is on a disk and the config does not allow it
] as const;
export type OutOfServiceReason = (typeof OUT_OF_SERVICE_REASONS)[number];

export const DEVICE_KINDS = ['printer', 'scanner', 'occupancy', 'badge'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export type DevicePresence = 'present' | 'absent' | 'unknown';

/** One entry per device kind, in DEVICE_KINDS's order: a table that a new kind fills without an edit. */
export const perKind = <T>(value: (kind: DeviceKind) => T): Record<DeviceKind, T> =>
  Object.fromEntries(DEVICE_KINDS.map((kind) => [kind, value(kind)])) as Record<DeviceKind, T>;

/** Printer faults, as the printer driver reports them (IPP printer-state-reasons, job states). */
export const PRINT_FAULTS = ['paper-jam', 'out-of-paper', 'offline', 'door-open', 'toner-low', 'job-aborted', 'page-limit', 'no-printer', 'unknown'] as const;
export type PrintFault = (typeof PRINT_FAULTS)[number];

/** Scanner faults, as the scanner driver reports them (SANE status codes, process and disk errors). */
export const SCAN_FAULTS = ['jammed', 'no-document', 'cover-open', 'device-gone', 'timeout', 'disk-full', 'busy', 'no-scanner', 'unknown'] as const;
export type ScanFault = (typeof SCAN_FAULTS)[number];
/** What a scan holds: sheets of paper, or an ID card (front and back on one page). */
export type ScanLayout = 'document' | 'card';

/** Why a HID device (the occupancy sensor, the badge reader) cannot be used, as its link reports it. */
export const HID_FAULTS = ['not-found', 'permission-denied', 'disconnected', 'busy', 'no-driver', 'unknown'] as const;
export type HidFault = (typeof HID_FAULTS)[number];

/**
 * Every device family's fault codes. A new kind in DEVICE_KINDS does not compile until it has its line here
 * (and the audit log, metrics and screens can name its faults).
 */
export const DEVICE_FAULTS = {
  printer: PRINT_FAULTS,
  scanner: SCAN_FAULTS,
  occupancy: HID_FAULTS,
  badge: HID_FAULTS,
} as const satisfies Record<DeviceKind, readonly string[]>;
export type DeviceFaultCode<K extends DeviceKind = DeviceKind> = (typeof DEVICE_FAULTS)[K][number];

/**
 * A driver failure: which device, and a fault code the screens can explain. Here, not in the machine, so that
 * drivers and the CLI name a fault without loading xstate. Drivers throw their family's subclass
 * (PrinterFault, ScannerFault); the occupancy sensor and the badge reader throw nothing (their failures are
 * 'lost' events carrying a HidFault).
 */
export class DeviceFault<K extends DeviceKind = DeviceKind> extends Error {
  constructor(
    readonly device: K,
    readonly fault: DeviceFaultCode<K>,
    message?: string,
  ) {
    super(message ?? fault);
    this.name = 'DeviceFault';
  }
}

/** The printer driver's failures (src/devices/printer). */
export class PrinterFault extends DeviceFault<'printer'> {
  constructor(fault: PrintFault, message?: string) {
    super('printer', fault, message);
  }
}

/** The scanner driver's failures (src/devices/scanner). */
export class ScannerFault extends DeviceFault<'scanner'> {
  constructor(fault: ScanFault, message?: string) {
    super('scanner', fault, message);
  }
}

/** Whether `error` is a fault of that device, its code then typed as that family's. */
export const isFaultOf = <K extends DeviceKind>(error: unknown, device: K): error is DeviceFault<K> => error instanceof DeviceFault && error.device === device;

/** Why a download was not kept. */
export const DOWNLOAD_REFUSALS = ['dangerous-type', 'too-large', 'disk-full', 'failed', 'during-payment'] as const;
export type DownloadRefusal = (typeof DOWNLOAD_REFUSALS)[number];

export type UnlockRole = 'referent' | 'technician';

/**
 * What the agent d'accueil did from the agent's panel in an assisted session (issue 15): the audit log counts
 * them (`assisted` records), never with the host, the pages or who.
 */
export const AGENT_ACTIONS = ['extra_pages', 'site_opened', 'more_time', 'end_assistance'] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

/**
 * A resident's call to a referent, as far as the cabin knows it. Only 'acknowledged' (the call route answered
 * 2xx) says someone was told; 'unreachable' is no route, a failure or no answer in time; 'cancelled' is the
 * resident who stopped waiting before any acknowledgment. With a video service (config referentCall.visio, issue 17),
 * a call from a session rings in a room ('ringing'), the referent is on screen ('inCall'), or nobody joined in
 * time ('noAnswer').
 */
export const REFERENT_CALL_STATUSES = ['idle', 'calling', 'acknowledged', 'unreachable', 'cancelled', 'ringing', 'inCall', 'noAnswer'] as const;
export type ReferentCallStatus = (typeof REFERENT_CALL_STATUSES)[number];

/**
 * A video call as the screens show it: whether the resident's screen is shown to the referent (asked first, 'on'
 * only after their yes), and the call panel's size (large: over the démarche; small: beside it). Outside a call in
 * progress it is always { share: 'off', window: 'large' }.
 */
export interface CallView {
  share: 'off' | 'asking' | 'on';
  window: 'large' | 'small';
}
export const noCall = (): CallView => ({ share: 'off', window: 'large' });

/** What the wipe proves it removed, shown to the resident on the end screen. Counts only. */
export interface WipeReceipt {
  documents: number;
  scans: number;
  printJobs: number;
  /** Cookies and web-storage entries counted before the profile was destroyed, when countable. */
  storageEntries: number | null;
  files: number;
  bytes: number;
  durationMs: number;
  verified: true;
}

export interface SessionCounts {
  pagesPrinted: number;
  printJobs: number;
  scans: number;
  pagesScanned: number;
  downloads: number;
}

/** What the machine needs of the config: timers, limits, which devices are essential. */
export interface MachineSettings {
  timers: CabinConfig['timers'];
  lockout: CabinConfig['security']['lockout'];
  wipeMaxAttempts: number;
  pageLimitPerSession: number;
  demarcheIds: string[];
  /** The start pages' ids of the démarches that have several (config `starts`); absent: none has. */
  demarcheStarts?: Record<string, string[]>;
  locales: { default: Locale; available: Locale[] };
  essential: Record<DeviceKind, boolean>;
  enabled: Record<DeviceKind, boolean>;
  /** How long a call to a referent may wait for its acknowledgment before the cabin says nobody could be told. */
  referentCallTimeoutSeconds: number;
  /** The video call with a referent (config referentCall.visio); null: the call is the webhook alone. */
  visio: { answerSeconds: number } | null;
  /** The agent's panel in an assisted session: its steps, their totals, when it asks for the code again. */
  agentPanel: CabinConfig['assisted'];
}

export function settingsFromConfig(config: CabinConfig): MachineSettings {
  const d = config.devices;
  return {
    timers: config.timers,
    lockout: config.security.lockout,
    wipeMaxAttempts: config.wipe.maxAttempts,
    pageLimitPerSession: d.printer.pageLimitPerSession,
    demarcheIds: config.catalog.map((c) => c.id),
    demarcheStarts: Object.fromEntries(config.catalog.filter((c) => c.starts.length > 0).map((c) => [c.id, c.starts.map((s) => s.id)])),
    locales: { default: config.locales.default, available: config.locales.available },
    // A kind whose config has no `essential` (the badge reader: staff can type their PIN) is never essential.
    essential: perKind((kind) => {
      const section = d[kind];
      return 'essential' in section && section.essential;
    }),
    enabled: perKind((kind) => d[kind].enabled),
    referentCallTimeoutSeconds: config.referentCall.timeoutSeconds,
    visio: config.referentCall.visio ? { answerSeconds: config.referentCall.visio.answerSeconds } : null,
    agentPanel: config.assisted,
  };
}

export type PrintTarget = { kind: 'page' } | { kind: 'document'; documentId: string };
