// Which of the cabin's configured devices are plugged in, kept current from libusb's hot-plug
// events: for the session machine (DEVICES_CHANGED: no scanner → no "Scanner" button) and for
// the diagnostics screen (list()).
//
// 'unknown' means "USB cannot tell": the kind has no USB match (a network printer, a scanner
// reached through sane-airscan) or the bus cannot be enumerated here (libusb missing, no
// /dev/bus/usb in a container: a real bus always lists at least its root hub).
import type { DeviceKind, DevicePresence } from '../../shared/session/types';
import { DEVICE_KINDS } from '../../shared/session/types';
import { createEmitter, type Unsubscribe } from '../hid/emitter';
import { loadUsb, type UsbDeviceLike, type UsbTransport } from './transport';

/** A device counts for a kind when every given criterion holds; classes match device or interface class. */
export interface UsbMatch {
  vendorId?: number;
  productId?: number;
  classes?: number[];
}

export type UsbMatches = Partial<Record<DeviceKind, UsbMatch | UsbMatch[]>>;

export type UsbSnapshot = Record<DeviceKind, DevicePresence>;

/** One device on the bus, as diagnostics show it: ids and classes only (no serial number). */
export interface UsbDeviceEntry {
  key: string;
  vendorId: number;
  productId: number;
  /** Device class when not 0, then every interface class, without duplicates. */
  classes: number[];
  bus: number;
  address: number;
  /** Which configured kinds it satisfies. */
  kinds: DeviceKind[];
}

export interface UsbInventoryEvents extends Record<string, unknown> {
  /** The snapshot after a change of any kind's presence. */
  change: UsbSnapshot;
  attach: UsbDeviceEntry;
  detach: UsbDeviceEntry;
}

export interface UsbInventoryOptions {
  /** Default: the real `usb` package, loaded on start. */
  usb?: UsbTransport;
  match: UsbMatches;
}

export interface UsbInventory {
  /** Loads the transport, scans the bus, listens for hot-plug. Never rejects. */
  start(): Promise<void>;
  /** Stops listening (libusb's hot-plug thread keeps a process alive otherwise). */
  stop(): void;
  snapshot(): UsbSnapshot;
  on<K extends keyof UsbInventoryEvents>(event: K, listener: (payload: UsbInventoryEvents[K]) => void): Unsubscribe;
  /** Every device on the bus, sorted by bus and address. */
  list(): UsbDeviceEntry[];
  /** Re-reads the whole bus (the technician's "Actualiser"). */
  rescan(): void;
  /** Whether the bus could be enumerated at all. */
  available(): boolean;
}

function deviceKey(device: UsbDeviceLike): string {
  return `${device.busNumber}-${(device.portNumbers ?? []).join('.')}-${device.deviceAddress}`;
}

function classesOf(device: UsbDeviceLike): number[] {
  const classes = new Set<number>();
  if (device.deviceDescriptor.bDeviceClass !== 0) classes.add(device.deviceDescriptor.bDeviceClass);
  try {
    for (const alternates of device.configDescriptor?.interfaces ?? []) {
      for (const alt of alternates) classes.add(alt.bInterfaceClass);
    }
  } catch (_error) {
    // libusb could not read the configuration: the device class is all we know.
  }
  return [...classes];
}

function matches(match: UsbMatch, entry: Pick<UsbDeviceEntry, 'vendorId' | 'productId' | 'classes'>): boolean {
  const criteria = [match.vendorId, match.productId, match.classes].filter((c) => c !== undefined);
  if (criteria.length === 0) return false;
  if (match.vendorId !== undefined && match.vendorId !== entry.vendorId) return false;
  if (match.productId !== undefined && match.productId !== entry.productId) return false;
  if (match.classes !== undefined && !match.classes.some((c) => entry.classes.includes(c))) return false;
  return true;
}

/** The kinds a device satisfies under the given matches. */
export function kindsOf(matchesByKind: UsbMatches, entry: Pick<UsbDeviceEntry, 'vendorId' | 'productId' | 'classes'>): DeviceKind[] {
  return DEVICE_KINDS.filter((kind) => {
    const m = matchesByKind[kind];
    if (m === undefined) return false;
    return (Array.isArray(m) ? m : [m]).some((one) => matches(one, entry));
  });
}

export function createUsbInventory(options: UsbInventoryOptions): UsbInventory {
  const events = createEmitter<UsbInventoryEvents>();
  const devices = new Map<string, UsbDeviceEntry>();
  let transport: UsbTransport | undefined = options.usb;
  let enumerable = false;
  let listening = false;
  let last: UsbSnapshot = computeSnapshot();

  function entryOf(device: UsbDeviceLike): UsbDeviceEntry {
    const base = {
      key: deviceKey(device),
      vendorId: device.deviceDescriptor.idVendor,
      productId: device.deviceDescriptor.idProduct,
      classes: classesOf(device),
      bus: device.busNumber,
      address: device.deviceAddress,
    };
    return { ...base, kinds: kindsOf(options.match, base) };
  }

  function computeSnapshot(): UsbSnapshot {
    const snapshot = {} as UsbSnapshot;
    for (const kind of DEVICE_KINDS) {
      if (options.match[kind] === undefined || !enumerable) snapshot[kind] = 'unknown';
      else snapshot[kind] = [...devices.values()].some((d) => d.kinds.includes(kind)) ? 'present' : 'absent';
    }
    return snapshot;
  }

  const publish = () => {
    const next = computeSnapshot();
    if (DEVICE_KINDS.some((k) => next[k] !== last[k])) {
      last = next;
      events.emit('change', { ...next });
    }
  };

  const scan = () => {
    devices.clear();
    let list: UsbDeviceLike[] = [];
    try {
      list = transport?.getDeviceList() ?? [];
    } catch (_error) {
      list = [];
    }
    for (const device of list) {
      try {
        const entry = entryOf(device);
        devices.set(entry.key, entry);
      } catch (_error) {
        // A device that vanished while being read is simply not there.
      }
    }
    enumerable = devices.size > 0;
  };

  const onAttach = (device: UsbDeviceLike) => {
    try {
      const entry = entryOf(device);
      devices.set(entry.key, entry);
      enumerable = true;
      events.emit('attach', { ...entry });
    } catch (_error) {
      return;
    }
    publish();
  };

  const onDetach = (device: UsbDeviceLike) => {
    // The detached device can no longer be asked for its descriptors: use what was recorded.
    const key = deviceKey(device);
    const entry = devices.get(key);
    if (!entry) return;
    devices.delete(key);
    events.emit('detach', { ...entry });
    publish();
  };

  return {
    async start() {
      if (listening) return;
      try {
        transport ??= await loadUsb();
      } catch (_error) {
        transport = undefined;
      }
      scan();
      publish();
      if (!transport) return;
      try {
        transport.usb.on('attach', onAttach);
        transport.usb.on('detach', onDetach);
        listening = true;
      } catch (_error) {
        // No hot-plug here: the snapshot stays as scanned; rescan() refreshes it.
      }
    },
    stop() {
      if (!listening || !transport) return;
      listening = false;
      try {
        transport.usb.removeListener('attach', onAttach);
        transport.usb.removeListener('detach', onDetach);
      } catch (_error) {
        // Nothing left to stop.
      }
    },
    snapshot: () => ({ ...last }),
    on: (event, listener) => events.on(event, listener),
    list: () =>
      [...devices.values()].sort((a, b) => a.bus - b.bus || a.address - b.address).map((d) => ({ ...d, classes: [...d.classes], kinds: [...d.kinds] })),
    rescan() {
      scan();
      publish();
    },
    available: () => enumerable,
  };
}
