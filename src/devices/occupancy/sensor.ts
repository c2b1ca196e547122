// The occupancy sensor: a HID presence sensor or door contact read through a profile, with
// flicker filtered (a change counts only once it has held `debounceMs`), unplug reported as
// 'lost' (the session machine then falls back to its inactivity timer) and re-plug as 'found'
// followed by a fresh state as soon as the device reports one.
//
// watch() turns 'change' into PRESENCE {occupied}, 'lost' into SENSOR_LOST and 'found'
// into DEVICES_CHANGED {occupancy: 'present'} for the session machine.
import type { OccupancyProfile } from '../../shared/config/schema';
import {
  createEmitter,
  createHidLink,
  systemClock,
  type Clock,
  type HidDeviceSummary,
  type HidFault,
  type HidLinkStatus,
  type HidTransport,
  type TimerHandle,
  type Unsubscribe,
} from '../hid';
import type { DeviceDriver } from '../driver';
import { decodeOccupancy, hidMatchForProfile } from './decode';

export type OccupancyState = 'occupied' | 'empty' | 'unknown';

export interface OccupancySensorEvents extends Record<string, unknown> {
  /** A debounced change of state; never 'unknown' (that is what 'lost' says). */
  change: 'occupied' | 'empty';
  lost: { fault: HidFault };
  found: HidDeviceSummary;
}

export interface OccupancyDiagnostics {
  state: OccupancyState;
  profile: { kind: OccupancyProfile['kind']; name: string; vendorId: number; productId: number };
  link: HidLinkStatus;
  /** Reports that said something about occupancy since start. */
  reports: number;
  /** Changes that did not hold `debounceMs` (a high count = a sensor badly placed or wired). */
  flickersFiltered: number;
  lastReportAt: number | null;
}

/** presence(): 'present' while its HID link is open. */
export interface OccupancySensor extends DeviceDriver<'occupancy', OccupancyDiagnostics> {
  state(): OccupancyState;
  on<K extends keyof OccupancySensorEvents>(event: K, listener: (payload: OccupancySensorEvents[K]) => void): Unsubscribe;
  /** Check now: reopen if lost, confirm it is still there if open (call on USB attach/detach). */
  refresh(): Promise<void>;
  diagnostics(): OccupancyDiagnostics;
}

export interface OccupancySensorOptions {
  profile: OccupancyProfile;
  /** `devices.occupancy.debounceMs`. */
  debounceMs: number;
  /** Default: the real node-hid. */
  hid?: HidTransport;
  clock?: Clock;
  /** How often a missing sensor is looked for again. */
  reconnectMs?: number;
}

export function createOccupancySensor(options: OccupancySensorOptions): OccupancySensor {
  const { profile } = options;
  const clock = options.clock ?? systemClock;
  const debounceMs = Math.max(0, options.debounceMs);
  const events = createEmitter<OccupancySensorEvents>();
  const link = createHidLink({ match: hidMatchForProfile(profile), hid: options.hid, clock, reconnectMs: options.reconnectMs });

  let stable: OccupancyState = 'unknown';
  let pending: { occupied: boolean; timer: TimerHandle } | null = null;
  let reports = 0;
  let flickersFiltered = 0;
  let lastReportAt: number | null = null;

  const cancelPending = (flicker: boolean) => {
    if (!pending) return;
    clock.clearTimeout(pending.timer);
    pending = null;
    if (flicker) flickersFiltered += 1;
  };

  const settle = (occupied: boolean) => {
    pending = null;
    stable = occupied ? 'occupied' : 'empty';
    events.emit('change', stable);
  };

  const onReading = (occupied: boolean) => {
    const target: OccupancyState = occupied ? 'occupied' : 'empty';
    if (target === stable) {
      cancelPending(true);
      return;
    }
    if (pending?.occupied === occupied) return; // already waiting for this change to hold
    cancelPending(pending !== null);
    if (debounceMs === 0) {
      settle(occupied);
      return;
    }
    pending = { occupied, timer: clock.setTimeout(() => settle(occupied), debounceMs) };
  };

  link.on('report', (report) => {
    const occupied = decodeOccupancy(profile, report);
    if (occupied === null) return;
    reports += 1;
    lastReportAt = clock.now();
    onReading(occupied);
  });
  link.on('lost', ({ fault }) => {
    cancelPending(false);
    stable = 'unknown';
    events.emit('lost', { fault });
  });
  link.on('connected', (device) => events.emit('found', device));

  return {
    kind: 'occupancy',
    start: () => link.start(),
    async stop() {
      cancelPending(false);
      await link.stop();
      stable = 'unknown';
    },
    state: () => stable,
    presence: async () => (link.status().connected ? 'present' : 'absent'),
    on: (event, listener) => events.on(event, listener),
    watch(send) {
      const off = [
        events.on('change', (s) => send({ type: 'PRESENCE', occupied: s === 'occupied' })),
        events.on('lost', () => send({ type: 'SENSOR_LOST' })),
        events.on('found', () => send({ type: 'DEVICES_CHANGED', devices: { occupancy: 'present' } })),
      ];
      return () => off.forEach((o) => o());
    },
    refresh: () => link.refresh(),
    diagnostics: () => ({
      state: stable,
      profile: { kind: profile.kind, name: profile.name, vendorId: profile.vendorId, productId: profile.productId },
      link: link.status(),
      reports,
      flickersFiltered,
      lastReportAt,
    }),
  };
}
