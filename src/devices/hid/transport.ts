// The HID transport: the part of node-hid's async API that Cabine uses, as an interface with
// node-hid's own shape, so that the real module is passed as is and tests pass a replay of
// recorded report bytes (no HID device exists on the build machines).
import { HID_FAULTS, type HidFault } from '../../shared/session/types';

/** What `HID.devicesAsync()` lists for one HID interface (node-hid's `Device`). */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  /** `/dev/hidrawN` on Linux: what `HIDAsync.open(path)` takes. */
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  release: number;
  /** USB interface number (a composite device lists one entry per HID interface). */
  interface: number;
  /** Top-level collection of the interface: 0x01/0x06 keyboard, 0x01/0x04 joystick, 0x01/0x05 gamepad. */
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** An open device (node-hid's `HIDAsync`): 'data' gets each input report, 'error' a read failure (unplug). */
export interface HidConnection {
  // node-hid emits a Buffer; 'error' carries an Error or, from its read thread, a plain string.
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeAllListeners(event?: 'data' | 'error'): unknown;
  close(): Promise<void>;
}

/** The module surface: `import * as HID from 'node-hid'` satisfies it. */
export interface HidTransport {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidConnection> };
}

/**
 * The real node-hid, loaded on first use: a missing or broken native binding then becomes a
 * transport error (sensor "lost", diagnostics say why) instead of a crash at import.
 */
export async function loadNodeHid(): Promise<HidTransport> {
  const HID = await import('node-hid');
  const transport: HidTransport = HID;
  return transport;
}

/** Which device to open: USB ids, and the top-level collection when a device has several interfaces. */
export interface HidMatch {
  vendorId: number;
  productId: number;
  usagePage?: number;
  usage?: number;
}

export const KEYBOARD_COLLECTION = { usagePage: 0x01, usage: 0x06 } as const;

/**
 * The interface to open among those listed. Devices are matched on vendor and product, then on
 * the collection if given; when hidapi did not report usages (older backends), the lowest
 * interface number is taken. Sorted so the choice is stable across enumerations.
 */
export function selectHidDevice(devices: readonly HidDeviceInfo[], match: HidMatch): HidDeviceInfo | undefined {
  const candidates = devices
    .filter((d) => d.vendorId === match.vendorId && d.productId === match.productId && typeof d.path === 'string' && d.path.length > 0)
    .sort((a, b) => a.interface - b.interface || String(a.path).localeCompare(String(b.path)));
  if (match.usagePage === undefined && match.usage === undefined) return candidates[0];
  const byCollection = candidates.find(
    (d) => (match.usagePage === undefined || d.usagePage === match.usagePage) && (match.usage === undefined || d.usage === match.usage),
  );
  if (byCollection) return byCollection;
  const usagesKnown = candidates.some((d) => d.usagePage !== undefined && d.usagePage !== 0);
  return usagesKnown ? undefined : candidates[0];
}

/** Why a HID device cannot be used, for diagnostics (never report data): listed with the other families' faults. */
export { HID_FAULTS, type HidFault };

/** What the technician reads on the diagnostics screen. */
export const HID_FAULT_MESSAGES_FR: Record<HidFault, string> = {
  'not-found': "Appareil non détecté : vérifiez qu'il est branché.",
  'permission-denied': "Appareil détecté mais inaccessible : la règle udev de Cabine n'est pas installée (voir docs/occupancy-sensors.md).",
  disconnected: 'Appareil débranché ou hors tension pendant son utilisation.',
  busy: 'Appareil occupé par un autre programme.',
  'no-driver': 'Le module HID (node-hid) ne se charge pas sur ce poste.',
  unknown: "Erreur inconnue de l'appareil.",
};

/**
 * Classifies the errors node-hid / hidapi actually produce on Linux, e.g.
 * "cannot open device with path /dev/hidraw3: Failed to open a device with path '/dev/hidraw3': Permission denied"
 * or, from the read thread on unplug, "could not read from HID device: hid_read_timeout: unexpected poll error (device disconnected)".
 */
export function classifyHidError(error: unknown): HidFault {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (/permission denied|EACCES/i.test(text)) return 'permission-denied';
  if (/device disconnected|could not read|No such device|ENODEV|EIO|Input\/output error/i.test(text)) return 'disconnected';
  if (/No such file|not found|ENOENT|No HID devices/i.test(text)) return 'not-found';
  if (/busy|EBUSY/i.test(text)) return 'busy';
  if (/Cannot find module|could not load|bindings|invalid ELF|NODE_MODULE_VERSION/i.test(text)) return 'no-driver';
  return 'unknown';
}
