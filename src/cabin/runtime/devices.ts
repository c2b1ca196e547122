// The cabin's devices as the session machine sees them: their events in (presence, badge, hot-plug),
// which of them are there, and what the technician's diagnostics say of them.
import { driversOf } from '../../devices/driver';
import type { Drivers } from '../../devices/registry';
import type { UsbInventory } from '../../devices/usb';
import type { CabinConfig, ConfigProblem } from '../../shared/config';
import type { DiagnosticsReport } from '../../shared/ipc';
import type { DeviceEvent } from '../../shared/session';
import { DEVICE_KINDS, type DeviceKind, type DevicePresence } from '../../shared/session/types';

/** The drivers (src/devices/registry.ts; a kind left out has none) and the USB hot-plug watcher. */
export type CabinDevices = Partial<Drivers> & { usb?: UsbInventory | null };

export type Presence = Partial<Record<DeviceKind, DevicePresence>>;

/**
 * Sends what each driver says by itself to the machine (DeviceDriver.watch: the sensor's presence, a badge,
 * unplug and re-plug); USB hot-plug only says when to look again (`recheck`). Returns the unsubscribers.
 */
export function wireDevices(devices: CabinDevices, send: (event: DeviceEvent) => void, recheck: () => void): (() => void)[] {
  const unsubscribers = driversOf(devices).map((driver) => driver.watch(send));
  if (devices.usb) unsubscribers.push(devices.usb.on('change', recheck));
  return unsubscribers;
}

/**
 * Which of the enabled devices are there, each driver asked (DeviceDriver.presence: the printer's CUPS queue
 * answers, the scanner is known to SANE, the sensor's link is open). An enabled kind without a driver is absent;
 * a driver that cannot tell ('unknown', the badge reader) is left out: its own events say it.
 */
export async function presentDevices(config: CabinConfig | null, devices: CabinDevices): Promise<Presence> {
  const found: Presence = {};
  for (const kind of DEVICE_KINDS) {
    if (!config?.devices[kind].enabled) continue;
    const presence = (await devices[kind]?.presence()) ?? 'absent';
    if (presence !== 'unknown') found[kind] = presence;
  }
  return found;
}

export interface DiagnosticsSources {
  config: CabinConfig | null;
  configProblems: ConfigProblem[];
  devices: CabinDevices;
  /** The machine's view of the devices, read once the drivers have answered. */
  machineDevices: () => Record<DeviceKind, DevicePresence>;
  /** Extra facts from the shell (storage, Electron…). */
  extra?: () => Promise<Partial<DiagnosticsReport>>;
}

/** The technician's diagnostics: each driver asked, the machine's view of the devices, the config's state. */
export async function diagnosticsReport(from: DiagnosticsSources): Promise<DiagnosticsReport> {
  const { config, devices } = from;
  const printer = (await devices.printer?.diagnostics()) ?? null;
  const scanner = (await devices.scanner?.diagnostics()) ?? null;
  const occ = devices.occupancy?.diagnostics() ?? null;
  const extra = (await from.extra?.().catch(() => ({}))) ?? {};
  const machineDevices = from.machineDevices();
  return {
    generatedAt: Date.now(),
    devices: (Object.keys(machineDevices) as DeviceKind[]).map((kind) => ({ kind, present: machineDevices[kind] === 'present', detail: machineDevices[kind] })),
    printer,
    scanner,
    occupancy: occ ? { present: occ.link.connected, occupied: occ.state === 'unknown' ? null : occ.state === 'occupied', profile: occ.profile.name } : null,
    usb: (devices.usb?.list() ?? []).map((d) => ({ vendorId: d.vendorId, productId: d.productId, kind: d.kinds[0] ?? null })),
    config: { ok: config !== null, problems: from.configProblems },
    storage: { ramRoot: config?.paths.ramRoot ?? '', ramBacked: true, freeBytes: null },
    ...extra,
  };
}
