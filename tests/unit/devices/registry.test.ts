// Every kind of device in DEVICE_KINDS has what the cabin needs of it: a driver in the registry (built from
// the config, with the one DeviceDriver shape), its fault codes, its place in the machine's settings and
// context, and a doctor check. A kind added without one of them fails here.
import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../../src/cli/doctor/checks';
import { driversOf, type DeviceDriver } from '../../../src/devices/driver';
import { createDrivers, DRIVER_FACTORIES } from '../../../src/devices/registry';
import { devicesSchema, type CabinConfig } from '../../../src/shared/config/schema';
import { cabineMachine } from '../../../src/shared/session';
import { DEVICE_FAULTS, DEVICE_KINDS, perKind } from '../../../src/shared/session/types';
import { createActor } from 'xstate';
import { ReplayHidBus } from '../../fixtures/hid/replay-bus';

const sorted = (keys: Iterable<string>) => [...keys].sort();

/** Every device enabled, the HID ones on a bus with nothing plugged in. */
const allEnabled = (): CabinConfig['devices'] =>
  devicesSchema.parse({
    printer: { enabled: true, queue: 'Cabine', server: '/nonexistent/cups.sock' },
    scanner: { enabled: true, device: 'test:0' },
    occupancy: { enabled: true, profile: { kind: 'report-bit', name: 'Zero Delay', vendorId: 0x0079, productId: 0x0006, byte: 5, bit: 4 } },
    badge: { enabled: true, vendorId: 0x08ff, productId: 0x0009 },
  });

let started: DeviceDriver[] = [];
afterEach(async () => {
  await Promise.all(started.map((d) => d.stop()));
  started = [];
});

describe('per-kind records cover DEVICE_KINDS', () => {
  it('the registry has one driver factory per kind, and nothing else', () => {
    expect(sorted(Object.keys(DRIVER_FACTORIES))).toEqual(sorted(DEVICE_KINDS));
  });

  it('each kind has its fault codes', () => {
    expect(sorted(Object.keys(DEVICE_FAULTS))).toEqual(sorted(DEVICE_KINDS));
    for (const kind of DEVICE_KINDS) expect(DEVICE_FAULTS[kind]).toContain('unknown');
  });

  it('each kind has its doctor check', () => {
    for (const kind of DEVICE_KINDS) expect(CHECK_IDS).toContain(kind);
  });

  it("the machine's context and settings hold every kind", () => {
    const actor = createActor(cabineMachine, { input: { settings: null } });
    expect(sorted(Object.keys(actor.getSnapshot().context.devices))).toEqual(sorted(DEVICE_KINDS));
    expect(perKind((kind) => kind)).toEqual(Object.fromEntries(DEVICE_KINDS.map((k) => [k, k])));
  });
});

describe('the drivers, built from the config', () => {
  it('an enabled kind gets a driver of its own kind, with the one shape', async () => {
    const drivers = createDrivers(allEnabled(), { hid: new ReplayHidBus() });
    started = driversOf(drivers);
    expect(started.map((d) => d.kind)).toEqual([...DEVICE_KINDS]);
    for (const kind of DEVICE_KINDS) {
      const driver = drivers[kind]!;
      expect(driver.kind).toBe(kind);
      for (const method of ['start', 'stop', 'presence', 'diagnostics', 'watch'] as const) expect(typeof driver[method]).toBe('function');
    }
    await Promise.all(started.map((d) => d.start()));
    // No CUPS at that socket, nothing on the HID bus: absent; a configured SANE device counts until a scan fails;
    // the badge reader cannot tell (its found/lost events do).
    expect(await Promise.all(started.map((d) => d.presence()))).toEqual(['absent', 'present', 'absent', 'unknown']);
  });

  it('a disabled kind, or no config at all, has none', () => {
    const devices = devicesSchema.parse({ printer: { enabled: false }, scanner: { enabled: false } });
    expect(createDrivers(devices)).toEqual(perKind(() => null));
    expect(createDrivers(undefined)).toEqual(perKind(() => null));
  });
});
