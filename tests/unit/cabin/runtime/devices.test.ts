// Which devices the runtime tells the machine are there, and what the technician's diagnostics say of them:
// each driver asked the same way (DeviceDriver.presence, diagnostics), whatever its kind.
import { afterEach, describe, expect, it } from 'vitest';
import { diagnosticsReport, presentDevices, wireDevices, type CabinDevices } from '../../../../src/cabin/runtime/devices';
import type { DeviceEvent } from '../../../../src/shared/session';
import { driversOf } from '../../../../src/devices/driver';
import { createDrivers } from '../../../../src/devices/registry';
import { defaultConfig, validateConfig, type CabinConfig } from '../../../../src/shared/config';
import { ReplayHidBus } from '../../../fixtures/hid/replay-bus';

function configWithEveryDevice(): CabinConfig {
  const r = validateConfig({
    ...defaultConfig,
    devices: {
      printer: { enabled: true, queue: 'Cabine' },
      scanner: { enabled: true },
      occupancy: { enabled: true, profile: { kind: 'report-bit', name: 'Zero Delay', vendorId: 0x0079, productId: 0x0006, byte: 5, bit: 4 } },
      badge: { enabled: true, vendorId: 0x08ff, productId: 0x0009 },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

let devices: CabinDevices = {};
afterEach(async () => {
  await Promise.all(driversOf(devices).map((d) => d.stop()));
  devices = {};
});

describe('the runtime asks every driver alike', () => {
  it('presence: an enabled kind without a driver is absent, a driver that cannot tell is left out', async () => {
    const config = configWithEveryDevice();
    const { scanner: _none, ...drivers } = createDrivers(config.devices, { cupsServer: '/nonexistent/cups.sock', hid: new ReplayHidBus() });
    devices = drivers;
    await Promise.all(driversOf(devices).map((d) => d.start()));
    expect(await presentDevices(config, devices)).toEqual({ printer: 'absent', scanner: 'absent', occupancy: 'absent' });
  });

  it('presence: nothing is asked without a config', async () => {
    expect(await presentDevices(null, {})).toEqual({});
  });

  it("diagnostics: each driver's own section; none for a kind without a driver", async () => {
    const config = configWithEveryDevice();
    const { scanner: _none, ...drivers } = createDrivers(config.devices, { cupsServer: '/nonexistent/cups.sock', hid: new ReplayHidBus() });
    devices = drivers;
    const report = await diagnosticsReport({
      config,
      configProblems: [],
      devices,
      machineDevices: () => ({ printer: 'absent', scanner: 'absent', occupancy: 'absent', badge: 'unknown' }),
    });
    expect(report.printer).toMatchObject({ queue: 'Cabine', state: 'stopped' });
    expect(report.printer!.reasons).toHaveLength(1);
    expect(report.scanner).toBeNull();
    expect(report.occupancy).toEqual({ present: false, occupied: null, profile: 'Zero Delay' });
    expect(report.devices.map((d) => d.kind)).toEqual(['printer', 'scanner', 'occupancy', 'badge']);
  });
});

describe('what the drivers say by themselves reaches the machine', () => {
  it("the badge reader's badge and the sensor's loss, through each driver's watch; none once unwired", async () => {
    const config = configWithEveryDevice();
    const all = createDrivers({ ...config.devices, badge: { enabled: true, minLength: 4 } }, { cupsServer: '/nonexistent/cups.sock', hid: new ReplayHidBus() });
    devices = all;
    const sent: DeviceEvent[] = [];
    const unwire = wireDevices(
      devices,
      (e) => sent.push(e),
      () => {},
    );
    await all.occupancy!.start(); // nothing on the bus: lost
    expect(sent).toEqual([{ type: 'SENSOR_LOST' }]);
    let at = Date.now();
    /** A reader's burst: keys 5 ms apart, then Enter. */
    const typeBadge = () => {
      at += 10_000;
      ['Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5', 'Enter'].forEach((code, i) => all.badge!.feedKeystroke(code, false, at + i * 5));
    };
    typeBadge();
    expect(sent).toContainEqual({ type: 'BADGE_READ', badgeId: '12345' });
    for (const u of unwire) u();
    sent.length = 0;
    typeBadge();
    expect(sent).toEqual([]);
  });
});
