// The referent's badge reader: a keyboard-wedge RFID reader (it enumerates as a USB keyboard
// and types the card number, then Enter). Two ways to read it:
//  - 'hid': vendorId/productId configured: the reader is opened with node-hid and its keyboard
//    reports decoded here. Nothing else types on that interface, so any complete run is a badge.
//    (Also keep its keystrokes out of the démarche page: see docs/occupancy-sensors.md, udev.)
//  - 'keystrokes': no ids configured: the runtime feeds the keys the window sees
//    (feedKeystroke) and only a fast burst ended by Enter counts as a badge. Keys meant for a
//    démarche page go through holdKeystrokes() instead, which keeps a badge out of the page.
// The id is handed to 'badge' listeners (which compare it to scrypt hashes) and nowhere else:
// it is never stored, logged or put in diagnostics, and what a person types is never emitted.
import {
  createEmitter,
  createHidLink,
  createKeystrokeDecoder,
  KEYBOARD_COLLECTION,
  keyForKeyboardCode,
  systemClock,
  type Clock,
  type HidDeviceSummary,
  type HidFault,
  type HidLink,
  type HidLinkStatus,
  type HidTransport,
  type KeyboardLayout,
  type Unsubscribe,
} from '../hid';
import type { DeviceDriver } from '../driver';
import { createTimedBurstDetector, DEFAULT_BURST_GAP_MS, type BurstOutcome } from './burst';
import { createKeystrokeHoldBack, PASS_ALL_KEYSTROKES, type KeystrokeHoldBack, type ManagedKeystrokeHoldBack } from './holdback';

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

/**
 * presence(): always 'unknown': in keystroke mode nothing can tell, and in HID mode its 'found' and 'lost'
 * events are what the cabin goes by.
 */
export interface BadgeReader extends DeviceDriver<'badge', BadgeReaderDiagnostics> {
  on<K extends keyof BadgeReaderEvents>(event: K, listener: (payload: BadgeReaderEvents[K]) => void): Unsubscribe;
  /**
   * Keystroke mode: one key the window saw, as `KeyboardEvent.code` (layout-independent, so the
   * id is the same as over HID) with its Shift state and time. Ignored in HID mode.
   */
  feedKeystroke(code: string, shift: boolean, atMs?: number): void;
  /**
   * Keystroke mode: a hold-back for the keys a démarche page is about to receive (its own burst
   * detection, same settings; badges come out as 'badge' events and count in badgesRead). Offer
   * those keys here instead of feedKeystroke, not both (a badge would be read twice). stop()
   * ends the run it holds; it keeps working until disposed. HID mode: it passes every key.
   */
  holdKeystrokes(): KeystrokeHoldBack;
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
/** `KeyboardEvent.code` of the keys that neither count nor end a burst (see NEUTRAL_KEYS). */
const NEUTRAL_CODES = new Set(['ShiftLeft', 'ShiftRight', 'CapsLock', 'NumLock']);

export function createBadgeReader(options: BadgeReaderOptions): BadgeReader {
  const clock = options.clock ?? systemClock;
  const layout = options.layout ?? 'qwerty';
  const events = createEmitter<BadgeReaderEvents>();
  const hidMode = options.vendorId !== undefined && options.productId !== undefined;
  const burst = {
    minLength: options.minLength,
    maxGapMs: options.maxGapMs ?? (hidMode ? HID_BURST_GAP_MS : DEFAULT_BURST_GAP_MS),
  };
  let badgesRead = 0;
  const holdBacks = new Set<ManagedKeystrokeHoldBack>();

  /** The one way out for an id, whichever path read it: counted, handed on, not kept. */
  const deliverBadge = (rawId: string) => {
    badgesRead += 1;
    events.emit('badge', normalizeBadgeId(rawId));
  };

  const deliver = (outcomes: BurstOutcome[]) => {
    for (const outcome of outcomes) {
      // Typed keys are dropped here: they may be a resident's password.
      if (outcome.kind === 'badge') deliverBadge(outcome.id);
    }
  };

  const detector = createTimedBurstDetector({ ...burst, acceptUnterminated: hidMode, clock, onFlush: deliver });

  const pushKeys = (keys: string[], atMs: number) => {
    for (const key of keys) deliver(detector.push(key, atMs));
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
    kind: 'badge',
    start: async () => {
      await link?.start();
    },
    presence: async () => 'unknown',
    async stop() {
      detector.reset();
      for (const holdBack of holdBacks) holdBack.endRun();
      await link?.stop();
    },
    on: (event, listener) => events.on(event, listener),
    watch(send) {
      const off = [
        // The id goes to the verifier through the machine's event, and nowhere else.
        events.on('badge', (badgeId) => send({ type: 'BADGE_READ', badgeId })),
        events.on('lost', () => send({ type: 'DEVICES_CHANGED', devices: { badge: 'absent' } })),
        events.on('found', () => send({ type: 'DEVICES_CHANGED', devices: { badge: 'present' } })),
      ];
      return () => off.forEach((o) => o());
    },
    feedKeystroke(code, shift, atMs) {
      if (hidMode || NEUTRAL_CODES.has(code)) return;
      const key = keyForKeyboardCode(code, shift, layout);
      // A key with no name here (arrows, Ctrl…) ends any burst: readers never send those.
      // Shift alone does not (a reader set for AZERTY presses it before each digit).
      pushKeys([key ?? 'Unidentified'], atMs ?? clock.now());
    },
    holdKeystrokes() {
      if (hidMode) return PASS_ALL_KEYSTROKES;
      const holdBack = createKeystrokeHoldBack({ ...burst, layout, clock, onBadge: deliverBadge });
      holdBacks.add(holdBack);
      return {
        offer: (key, target, atMs) => holdBack.offer(key, target, atMs),
        dispose() {
          holdBacks.delete(holdBack);
          holdBack.dispose();
        },
      };
    },
    mode: () => (hidMode ? 'hid' : 'keystrokes'),
    refresh: async () => {
      await link?.refresh();
    },
    diagnostics: () => ({ mode: hidMode ? 'hid' : 'keystrokes', link: link?.status() ?? null, badgesRead }),
  };
}
