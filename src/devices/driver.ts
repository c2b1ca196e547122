// One shape for every device of the cabin: what the runtime (start, stop, which are there, what they say
// by themselves) and the technician's diagnostics need of each, whatever it is. Each device keeps its own richer API on top
// (print, scan, presence changes, badges…); each folder's from-config.ts builds it from the config, and
// ./registry.ts says which driver stands for which kind.
import type { CabinConfig } from '../shared/config/schema';
import type { DeviceEvent } from '../shared/session/events';
import { DEVICE_KINDS, type DeviceKind, type DevicePresence } from '../shared/session/types';
import type { HidTransport } from './hid/transport';

/**
 * A driver of kind K. Its operations (print, scan…) reject with its family's DeviceFault<K> (PrinterFault,
 * ScannerFault in src/shared/session/types.ts), whose codes are DEVICE_FAULTS[K]; start, stop, presence and
 * diagnostics never reject.
 */
export interface DeviceDriver<K extends DeviceKind = DeviceKind, D = unknown> {
  readonly kind: K;
  /** Opens what must stay open (a HID link). Resolves once the first attempt is over; never rejects. */
  start(): Promise<void>;
  /** Lets go of what it holds (links, kept-alive connections). */
  stop(): Promise<void>;
  /**
   * Whether it is there now. Never rejects: a device that cannot be asked is 'absent'. 'unknown' when the
   * driver cannot tell: what its own events said then stands.
   */
  presence(): Promise<DevicePresence>;
  /** What the technician's diagnostics show of it: states, ids and counts, nothing a resident did. */
  diagnostics(): D;
  /**
   * Tells the session machine what the device says by itself (presence changes, a badge, unplug and re-plug);
   * returns how to stop. A device that only answers when asked sends nothing.
   */
  watch(send: (event: DeviceEvent) => void): () => void;
}

/** The drivers there are, in DEVICE_KINDS's order, as the one shape (to start, stop, ask them all alike). */
export function driversOf(drivers: Partial<Record<DeviceKind, DeviceDriver | null>>): DeviceDriver[] {
  return DEVICE_KINDS.flatMap((kind): DeviceDriver[] => {
    const driver = drivers[kind];
    return driver ? [driver] : [];
  });
}

/**
 * What the cabin's setup may put under the drivers instead of the machine's own: a private CUPS, SANE's test
 * backend, recorded HID bytes (tests, audits, the Chromium shell). Empty: the config and the system's.
 */
export interface DriverEnvironment {
  /** CUPS server instead of the config's devices.printer.server. */
  cupsServer?: string;
  /** CUPS's RequestRoot, read to verify purges. */
  cupsSpool?: string;
  saneConfigDir?: string;
  /** Extra scanimage arguments (SANE's test backend's fault options). */
  scannerExtraArgs?: string[];
  /** Default: the real node-hid. */
  hid?: HidTransport;
}

/** Builds a kind's driver from the config's `devices` section; null when the config does not enable it. */
export type DriverFactory<T extends DeviceDriver> = (devices: CabinConfig['devices'], env: DriverEnvironment) => T | null;
