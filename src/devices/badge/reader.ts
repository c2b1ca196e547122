// The referent's badge reader: a keyboard-wedge RFID reader (it enumerates as a USB keyboard
// and types the card number, then Enter). Two ways to read it:
//  - 'hid': vendorId/productId configured: the reader is opened with node-hid and its keyboard
//    reports decoded here. Nothing else types on that interface, so any complete run is a badge.
//    (Also keep its keystrokes out of the démarche page: see docs/occupancy-sensors.md, udev.)
//  - 'keystrokes': no ids configured: the runtime feeds the keys the window sees
//    (feedKeystroke) and only a fast burst ended by Enter counts as a badge.
// The id is handed to 'badge' listeners (which compare it to scrypt hashes) and nowhere else:
// it is never stored, logged or put in diagnostics, and what a person types is never emitted.
import { createEmitter, createHidLink, createKeystrokeDecoder, KEYBOARD_COLLECTION, keyForKeyboardCode, systemClock, type Clock, type HidDeviceSummary, type HidFault, type HidLink, type HidLinkStatus, type HidTransport, type KeyboardLayout, type TimerHandle, type Unsubscribe } from '../hid';
import { createKeystrokeBurstDetector, DEFAULT_BURST_GAP_MS, type BurstOutcome } from './burst';

export interface BadgeReaderEvents extends Record<string, unknown> {
  badge: string;
  lost: { fault: HidFault };
  found: HidDeviceSummary;
}

export interface BadgeReaderDiagnostics {
  mode: 'hid' | 'keystrokes';
  link: HidLinkStatus | null;
  /** How many badges were read since start (counts only). */
  badgesRead: number;
}

export interface BadgeReader {
  start(): Promise<void>;
  stop(): Promise<void>;
  on<K extends keyof BadgeReaderEvents>(event: K, listener: (payload: BadgeReaderEvents[K]) => void): Unsubscribe;
  /**
   * Keystroke mode: one key the window saw, as `KeyboardEvent.code` (layout-independent, so the
   * id is the same as over HID) with its Shift state and time. Ignored in HID mode.
   */
  feedKeystroke(code: string, shift: boolean, atMs?: number): void;
  mode(): 'hid' | 'keystrokes';
  /** Check now: reopen if lost, confirm it is still there if open (call on USB attach/detach). */
  refresh(): Promise<void>;
  diagnostics(): BadgeReaderDiagnostics;
}

export interface BadgeReaderOptions {
  /** Default: the real node-hid (HID mode only). */
  hid?: HidTransport;
  vendorId?: number;
  productId?: number;
  /** `devices.badge.minLength`. */
  minLength: number;
  clock?: Clock;
  reconnectMs?: number;
  /** Layout the reader was set for; only matters for ids with letters. Default 'qwerty'. */
  layout?: KeyboardLayout;
  /** Longest gap inside a burst. Default: 40 ms for keystrokes, 250 ms over HID (no person to tell apart there). */
  maxGapMs?: number;
}

/** The one spelling of an id, for reading and for enrolment alike (hash what this returns). */
export function normalizeBadgeId(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export const HID_BURST_GAP_MS = 250;

export function createBadgeReader(options: BadgeReaderOptions): BadgeReader {
  const clock = options.clock ?? systemClock;
  const layout = options.layout ?? 'qwerty';
  const events = createEmitter<BadgeReaderEvents>();
  const hidMode = options.vendorId !== undefined && options.productId !== undefined;
  const detector = createKeystrokeBurstDetector({
    minLength: options.minLength,
    maxGapMs: options.maxGapMs ?? (hidMode ? HID_BURST_GAP_MS : DEFAULT_BURST_GAP_MS),
    acceptUnterminated: hidMode,
  });
  let badgesRead = 0;
  let flushTimer: TimerHandle | null = null;

  const deliver = (outcomes: BurstOutcome[]) => {
    for (const outcome of outcomes) {
      // Typed keys are dropped here: they may be a resident's password.
      if (outcome.kind !== 'badge') continue;
      badgesRead += 1;
      events.emit('badge', normalizeBadgeId(outcome.id));
    }
  };

  const scheduleFlush = () => {
    if (flushTimer !== null) clock.clearTimeout(flushTimer);
    flushTimer = null;
    const deadline = detector.deadline();
    if (deadline === null) return;
    flushTimer = clock.setTimeout(() => {
      flushTimer = null;
      deliver(detector.flush(clock.now()));
      scheduleFlush();
    }, Math.max(0, deadline - clock.now()));
  };

  const pushKeys = (keys: string[], atMs: number) => {
    for (const key of keys) deliver(detector.push(key, atMs));
    scheduleFlush();
  };

  let link: HidLink | null = null;
  if (hidMode) {
    const decoder = createKeystrokeDecoder({ layout });
    link = createHidLink({
      match: { vendorId: options.vendorId as number, productId: options.productId as number, ...KEYBOARD_COLLECTION },
      hid: options.hid,
      clock,
      reconnectMs: options.reconnectMs,
    });
    link.on('report', (report) => pushKeys(decoder.push(report), clock.now()));
    link.on('lost', ({ fault }) => {
      // A burst cut by an unplug is not a badge.
      decoder.reset();
      detector.reset();
      events.emit('lost', { fault });
    });
    link.on('connected', (device) => {
      decoder.reset();
      events.emit('found', device);
    });
  }

  return {
    start: async () => {
      await link?.start();
    },
    async stop() {
      if (flushTimer !== null) clock.clearTimeout(flushTimer);
      flushTimer = null;
      detector.reset();
      await link?.stop();
    },
    on: (event, listener) => events.on(event, listener),
    feedKeystroke(code, shift, atMs) {
      if (hidMode) return;
      const key = keyForKeyboardCode(code, shift, layout);
      // A key with no name here (arrows, Ctrl…) ends any burst: readers never send those.
      pushKeys([key ?? 'Unidentified'], atMs ?? clock.now());
    },
    mode: () => (hidMode ? 'hid' : 'keystrokes'),
    refresh: async () => {
      await link?.refresh();
    },
    diagnostics: () => ({ mode: hidMode ? 'hid' : 'keystrokes', link: link?.status() ?? null, badgesRead }),
  };
}
