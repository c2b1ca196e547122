// The cabin's devices as the session machine sees them: their events in (presence, badge, hot-plug),
// which of them are there, and what the technician's diagnostics say of them.
import type { BadgeReader } from '../../devices/badge';
import type { OccupancySensor } from '../../devices/occupancy';
import type { Printer } from '../../devices/printer';
import type { Scanner } from '../../devices/scanner';
import type { UsbInventory } from '../../devices/usb';
import type { CabinConfig, ConfigProblem } from '../../shared/config';
import type { DiagnosticsReport } from '../../shared/ipc';
import type { DeviceEvent, DeviceKind, DevicePresence } from '../../shared/session';

export interface CabinDevices {
  printer?: Printer | null;
  scanner?: Scanner | null;
  occupancy?: OccupancySensor | null;
  badge?: BadgeReader | null;
  usb?: UsbInventory | null;
}

export type Presence = Partial<Record<DeviceKind, DevicePresence>>;

/**
 * Sends the sensor's and the badge reader's events to the machine; USB hot-plug only says when to look
 * again (`recheck`). Returns the unsubscribers.
 */
export function wireDevices(devices: CabinDevices, send: (event: DeviceEvent) => void, recheck: () => void): (() => void)[] {
  const unsubscribers: (() => void)[] = [];
  const { occupancy, badge, usb } = devices;
  if (occupancy) {
    unsubscribers.push(occupancy.on('change', (s) => send({ type: 'PRESENCE', occupied: s === 'occupied' })));
    unsubscribers.push(occupancy.on('lost', () => send({ type: 'SENSOR_LOST' })));
    unsubscribers.push(occupancy.on('found', () => send({ type: 'DEVICES_CHANGED', devices: { occupancy: 'present' } })));
  }
  if (badge) {
    // The id goes to the verifier through the machine's event, and nowhere else.
    unsubscribers.push(badge.on('badge', (badgeId) => send({ type: 'BADGE_READ', badgeId })));
    unsubscribers.push(badge.on('lost', () => send({ type: 'DEVICES_CHANGED', devices: { badge: 'absent' } })));
    unsubscribers.push(badge.on('found', () => send({ type: 'DEVICES_CHANGED', devices: { badge: 'present' } })));
  }
  if (usb) unsubscribers.push(usb.on('change', recheck));
  return unsubscribers;
}

/**
 * Which of the enabled devices are there: the printer's CUPS queue answers, the scanner is listed by SANE,
 * the sensor's link is open.
 */
export async function presentDevices(config: CabinConfig | null, devices: CabinDevices): Promise<Presence> {
  const found: Presence = {};
  if (config?.devices.printer.enabled) {
    found.printer = devices.printer
      ? await devices.printer.status().then(
          (s) => (s.accepting || s.state !== 'stopped' ? 'present' : 'absent'),
          () => 'absent' as const,
        )
      : 'absent';
  }
  if (config?.devices.scanner.enabled) {
    found.scanner = devices.scanner ? await devices.scanner.device().then(() => 'present' as const, () => 'absent' as const) : 'absent';
  }
  if (config?.devices.occupancy.enabled && devices.occupancy) {
    found.occupancy = devices.occupancy.diagnostics().link.connected ? 'present' : 'absent';
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
  const printerStatus = devices.printer ? await devices.printer.status().catch(() => null) : null;
  const scannerDevice = devices.scanner ? await devices.scanner.device().catch(() => null) : null;
  const occ = devices.occupancy?.diagnostics() ?? null;
  const extra = (await from.extra?.().catch(() => ({}))) ?? {};
  const machineDevices = from.machineDevices();
  return {
    generatedAt: Date.now(),
    devices: (Object.keys(machineDevices) as DeviceKind[]).map((kind) => ({ kind, present: machineDevices[kind] === 'present', detail: machineDevices[kind] })),
    printer: devices.printer ? { queue: devices.printer.queue, state: printerStatus?.state ?? 'injoignable', reasons: printerStatus?.reasons ?? [] } : null,
    scanner: devices.scanner ? { device: scannerDevice, found: scannerDevice ? [scannerDevice] : [] } : null,
    occupancy: occ ? { present: occ.link.connected, occupied: occ.state === 'unknown' ? null : occ.state === 'occupied', profile: occ.profile.name } : null,
    usb: (devices.usb?.list() ?? []).map((d) => ({ vendorId: d.vendorId, productId: d.productId, kind: d.kinds[0] ?? null })),
    config: { ok: config !== null, problems: from.configProblems },
    storage: { ramRoot: config?.paths.ramRoot ?? '', ramBacked: true, freeBytes: null },
    ...extra,
  };
}
