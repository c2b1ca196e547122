// The USB inventory on attach/detach, through the `usb`-shaped transport, and on the real `usb`.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ANY_USB_PRINTER,
  createUsbInventory,
  refreshOnHotplug,
  usbMatchesFromConfig,
  type UsbInventory,
  type UsbMatches,
  type UsbSnapshot,
} from '../../../../src/devices/usb';
import { configSchema } from '../../../../src/shared/config/schema';
import { defaultConfig } from '../../../../src/shared/config/default-config';
import { DESCRIPTORS, FakeUsbBus } from './fake-bus';

const MATCH: UsbMatches = {
  printer: ANY_USB_PRINTER,
  scanner: [
    { vendorId: 0x04a9, productId: 0x190f },
    { vendorId: 0x03f0, productId: 0x0f00 },
  ],
  occupancy: { vendorId: 0x0079, productId: 0x0006 },
  badge: { vendorId: 0x08ff, productId: 0x0009 },
};

let started: UsbInventory[] = [];
afterEach(() => {
  for (const inventory of started) inventory.stop();
  started = [];
});

async function start(bus: FakeUsbBus, match: UsbMatches = MATCH) {
  const inventory = createUsbInventory({ usb: bus, match });
  started.push(inventory);
  const changes: UsbSnapshot[] = [];
  inventory.on('change', (s) => changes.push(s));
  await inventory.start();
  return { inventory, changes };
}

describe('USB inventory', () => {
  it('scans what is plugged at start', async () => {
    const bus = new FakeUsbBus();
    bus.preload(DESCRIPTORS.mfp, 1);
    bus.preload(DESCRIPTORS.encoder, 2);
    const { inventory, changes } = await start(bus);
    expect(inventory.snapshot()).toEqual({ printer: 'present', scanner: 'present', occupancy: 'present', badge: 'absent' });
    expect(changes).toEqual([inventory.snapshot()]);
    expect(inventory.available()).toBe(true);
  });

  it('follows attach and detach, and says which devices they were', async () => {
    const bus = new FakeUsbBus();
    const { inventory, changes } = await start(bus);
    const attached: string[] = [];
    const detached: string[] = [];
    inventory.on('attach', (e) => attached.push(`${e.vendorId.toString(16)}:${e.productId.toString(16)} ${e.kinds.join(',')}`));
    inventory.on('detach', (e) => detached.push(`${e.vendorId.toString(16)}:${e.productId.toString(16)} ${e.kinds.join(',')}`));

    const scanner = bus.attach(DESCRIPTORS.scanner, 1);
    const reader = bus.attach(DESCRIPTORS.badgeReader, 2);
    bus.attach(DESCRIPTORS.usbStick, 3); // a resident's stick: changes nothing the machine cares about
    bus.detach(scanner); // its descriptors cannot be read any more: the recorded ones are used
    bus.detach(reader);

    expect(changes).toEqual([
      { printer: 'absent', scanner: 'absent', occupancy: 'absent', badge: 'absent' },
      { printer: 'absent', scanner: 'present', occupancy: 'absent', badge: 'absent' },
      { printer: 'absent', scanner: 'present', occupancy: 'absent', badge: 'present' },
      { printer: 'absent', scanner: 'absent', occupancy: 'absent', badge: 'present' },
      { printer: 'absent', scanner: 'absent', occupancy: 'absent', badge: 'absent' },
    ]);
    expect(attached).toEqual(['4a9:190f scanner', '8ff:9 badge', '781:5567 ']);
    expect(detached).toEqual(['4a9:190f scanner', '8ff:9 badge']);
  });

  it('lists every device with its classes for diagnostics', async () => {
    const bus = new FakeUsbBus();
    bus.preload(DESCRIPTORS.mfp, 1);
    const { inventory } = await start(bus);
    expect(inventory.list()).toEqual([
      { key: '1--1', vendorId: 0x1d6b, productId: 0x0002, classes: [9], bus: 1, address: 1, kinds: [] },
      { key: '1-1-2', vendorId: 0x03f0, productId: 0x0f00, classes: [0xff, 7, 8], bus: 1, address: 2, kinds: ['printer', 'scanner'] },
    ]);
  });

  it('says unknown for kinds it is not told to match (network printer, airscan scanner)', async () => {
    const bus = new FakeUsbBus();
    bus.preload(DESCRIPTORS.encoder, 1);
    const { inventory } = await start(bus, { occupancy: MATCH.occupancy, badge: MATCH.badge });
    expect(inventory.snapshot()).toEqual({ printer: 'unknown', scanner: 'unknown', occupancy: 'present', badge: 'absent' });
  });

  it('says unknown when the bus cannot be enumerated (no root hub listed, or libusb fails)', async () => {
    const empty = await start(new FakeUsbBus(false));
    expect(empty.inventory.available()).toBe(false);
    expect(empty.inventory.snapshot()).toEqual({ printer: 'unknown', scanner: 'unknown', occupancy: 'unknown', badge: 'unknown' });
    expect(empty.changes).toEqual([]);

    const failing = new FakeUsbBus();
    failing.listThrows = true;
    const broken = await start(failing);
    expect(broken.inventory.snapshot().scanner).toBe('unknown');
    failing.listThrows = false;
    failing.preload(DESCRIPTORS.scanner, 1);
    broken.inventory.rescan();
    expect(broken.inventory.snapshot().scanner).toBe('present');
  });

  it('stop() removes its hot-plug listeners (libusb would keep the process alive)', async () => {
    const bus = new FakeUsbBus();
    const { inventory, changes } = await start(bus);
    expect(bus.listeners()).toBe(2);
    inventory.stop();
    expect(bus.listeners()).toBe(0);
    bus.attach(DESCRIPTORS.scanner, 1);
    expect(changes).toHaveLength(1);
  });
});

describe('usbMatchesFromConfig', () => {
  it('matches the sensor and badge reader the config names, and leaves printer/scanner to the caller', () => {
    const config = configSchema.parse({
      ...defaultConfig,
      devices: {
        occupancy: { enabled: true, profile: { kind: 'report-bit', name: 'Zero Delay', vendorId: 0x0079, productId: 0x0006, byte: 5, bit: 4 } },
        badge: { enabled: true, vendorId: 0x08ff, productId: 0x0009 },
      },
    });
    expect(usbMatchesFromConfig(config.devices)).toEqual({
      occupancy: { vendorId: 0x0079, productId: 0x0006 },
      badge: { vendorId: 0x08ff, productId: 0x0009 },
    });
    expect(usbMatchesFromConfig(config.devices, { printer: ANY_USB_PRINTER }).printer).toEqual({ classes: [7] });
    const disabled = configSchema.parse(defaultConfig);
    expect(usbMatchesFromConfig(disabled.devices)).toEqual({});
  });
});

describe('USB inventory on the real `usb` package (no /dev/bus/usb on this machine)', () => {
  it('loads libusb, finds no bus to enumerate, says unknown and stops cleanly', async () => {
    const inventory = createUsbInventory({ match: MATCH });
    started.push(inventory);
    await inventory.start();
    expect(inventory.available()).toBe(false);
    expect(inventory.snapshot()).toEqual({ printer: 'unknown', scanner: 'unknown', occupancy: 'unknown', badge: 'unknown' });
    expect(inventory.list()).toEqual([]);
    inventory.stop();
  });
});

describe('refreshOnHotplug', () => {
  it('asks the sensor / badge reader to check when the inventory sees them come or go', async () => {
    const bus = new FakeUsbBus();
    const { inventory } = await start(bus);
    const calls: string[] = [];
    const off = refreshOnHotplug(inventory, {
      occupancy: { refresh: async () => void calls.push('occupancy') },
      badge: { refresh: async () => void calls.push('badge') },
    });
    const encoder = bus.attach(DESCRIPTORS.encoder, 1);
    bus.attach(DESCRIPTORS.scanner, 2); // no target for scanners
    bus.detach(encoder);
    bus.attach(DESCRIPTORS.badgeReader, 3);
    off();
    bus.attach(DESCRIPTORS.encoder, 4);
    expect(calls).toEqual(['occupancy', 'occupancy', 'badge']);
  });
});
