// The occupancy sensor end to end through the HID transport interface: recorded report bytes,
// node-hid's own unplug and open errors, a hand-driven clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createOccupancySensor, type OccupancySensor } from '../../../../src/devices/occupancy';
import { occupancyProfileSchema } from '../../../../src/shared/config/schema';
import { ManualClock } from '../../../fixtures/hid/manual-clock';
import { createReplay, loadRecording, ReplayHidBus } from '../../../fixtures/hid/replay-bus';

const zeroDelayButton1 = occupancyProfileSchema.parse({
  kind: 'report-bit',
  name: 'Zero Delay, bouton 1',
  vendorId: 0x0079,
  productId: 0x0006,
  byte: 5,
  bit: 4,
});
const footswitchB = occupancyProfileSchema.parse({ kind: 'keyboard-key', name: 'Pédale (b)', vendorId: 0x0c45, productId: 0x7403, usage: 0x05 });

type Seen = [number, string, unknown];

function record(sensor: OccupancySensor, clock: ManualClock): Seen[] {
  const seen: Seen[] = [];
  sensor.on('change', (state) => seen.push([clock.now(), 'change', state]));
  sensor.on('lost', ({ fault }) => seen.push([clock.now(), 'lost', fault]));
  sensor.on('found', (device) => seen.push([clock.now(), 'found', `${device.vendorId.toString(16)}:${device.productId.toString(16)}`]));
  return seen;
}

let running: OccupancySensor[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop()));
  running = [];
});

function setup(recordingName: string, profile = zeroDelayButton1, debounceMs = 1500) {
  const bus = new ReplayHidBus();
  const clock = new ManualClock();
  const recording = loadRecording(recordingName);
  const replay = createReplay(recording, bus, clock);
  const sensor = createOccupancySensor({ profile, debounceMs, hid: bus, clock, reconnectMs: 2000 });
  running.push(sensor);
  const seen = record(sensor, clock);
  return { bus, clock, replay, sensor, seen };
}

describe('occupancy sensor on the Zero Delay encoder + PIR recording', () => {
  it('filters flicker, reports unplug as lost and re-plug as found with a fresh state', async () => {
    const { bus, replay, sensor, seen } = setup('dragonrise-0079-0006-pir');
    await replay.runUntil(0);
    await sensor.start();
    expect(sensor.state()).toBe('unknown'); // open, but nothing reported yet

    await replay.runUntil(24_999);
    expect(sensor.state()).toBe('empty');
    await replay.runUntil(29_999);
    expect(sensor.state()).toBe('unknown');
    await replay.runUntil(40_000);

    expect(seen).toEqual([
      [0, 'found', '79:6'],
      [1600, 'change', 'empty'], // idle report at 100 held 1500 ms
      [4950, 'change', 'occupied'], // relay chatter at 3400 restarted the wait
      // the 300 ms drop-out at 10000 is not a change
      [21500, 'change', 'empty'],
      [25000, 'lost', 'disconnected'],
      [31000, 'found', '79:6'], // retried at 27000, 29000 (absent), 31000
      [32700, 'change', 'occupied'],
    ]);
    const diag = sensor.diagnostics();
    expect(diag).toMatchObject({ state: 'occupied', reports: 8, flickersFiltered: 2, lastReportAt: 31200 });
    expect(diag.link).toMatchObject({ connected: true, connects: 2, losses: 1, fault: null });
    expect(bus.openHandles()).toBe(1);
  });

  it('lets the flicker through when debounce is off (the filter above is what removed it)', async () => {
    const { replay, sensor, seen } = setup('dragonrise-0079-0006-pir', zeroDelayButton1, 0);
    await replay.runUntil(0);
    await sensor.start();
    await replay.runUntil(24_000);
    expect(seen.filter(([, kind]) => kind === 'change').map(([t, , s]) => `${t} ${s}`)).toEqual([
      '100 empty',
      '3000 occupied',
      '3400 empty',
      '3450 occupied',
      '10000 empty',
      '10300 occupied',
      '20000 empty',
    ]);
  });

  it('stop() closes the device, cancels every timer and emits nothing more', async () => {
    const { bus, clock, replay, sensor, seen } = setup('dragonrise-0079-0006-pir');
    await replay.runUntil(0);
    await sensor.start();
    await replay.runUntil(3100); // a change to "occupied" is pending
    await sensor.stop();
    const before = seen.length;
    expect(bus.openHandles()).toBe(0);
    expect(clock.pending()).toBe(0);
    await replay.runUntil(40_000);
    expect(seen.length).toBe(before);
    expect(sensor.state()).toBe('unknown');
  });
});

describe('occupancy sensor faults', () => {
  it('absent at start: lost once (not-found), keeps looking, found when plugged', async () => {
    const { bus, clock, replay, sensor, seen } = setup('dragonrise-0079-0006-pir');
    await sensor.start(); // the recording has not plugged the encoder yet: nothing listed
    await clock.advance(9_000);
    expect(seen).toEqual([[0, 'lost', 'not-found']]);
    expect(bus.enumerations).toBe(5); // at 0, 2000, 4000, 6000, 8000
    expect(sensor.diagnostics().link.fault).toBe('not-found');
    await replay.runUntil(9_001); // plugs it (step at 0) and replays
    await clock.advance(2_000);
    expect(seen.at(-1)).toEqual([10_000, 'found', '79:6']);
  });

  it('listed but not openable (no udev rule): lost with permission-denied, found once fixed', async () => {
    const { bus, clock, replay, sensor, seen } = setup('dragonrise-0079-0006-pir');
    await replay.runUntil(0);
    bus.openRefusal.set('/dev/hidraw3', 'Permission denied');
    await sensor.start();
    expect(seen).toEqual([[0, 'lost', 'permission-denied']]);
    bus.openRefusal.clear();
    await clock.advance(2_000);
    expect(seen.at(-1)).toEqual([2_000, 'found', '79:6']);
  });

  it('a transport that throws anywhere never escapes: lost, then retried', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const sensor = createOccupancySensor({
      profile: zeroDelayButton1,
      debounceMs: 100,
      clock,
      hid: {
        devicesAsync: async () => {
          calls += 1;
          throw new Error('hid_enumerate: udev unavailable');
        },
        HIDAsync: { open: async () => Promise.reject(new Error('unreachable')) },
      },
    });
    running.push(sensor);
    const seen = record(sensor, clock);
    await expect(sensor.start()).resolves.toBeUndefined();
    await clock.advance(6_000);
    expect(seen).toEqual([[0, 'lost', 'unknown']]);
    expect(calls).toBe(4);
  });

  it('refresh(): notices a device gone without a read error, and reopens at once when it is back', async () => {
    const { bus, clock, replay, sensor, seen } = setup('dragonrise-0079-0006-pir');
    await replay.runUntil(0);
    await sensor.start();
    await sensor.refresh(); // still listed: nothing happens
    expect(seen).toEqual([[0, 'found', '79:6']]);
    bus.vanish('/dev/hidraw3');
    await clock.advance(500);
    await sensor.refresh(); // e.g. the USB inventory saw it detach
    expect(seen.at(-1)).toEqual([500, 'lost', 'disconnected']);
    expect(bus.openHandles()).toBe(0);
    await replay.runUntil(30_600); // plugged back at 30500
    const before = seen.length;
    await sensor.refresh(); // e.g. the USB inventory saw it attach: no wait for the next period
    expect(seen.slice(before)).toEqual([[30_600, 'found', '79:6']]);
  });

  it('stopped while the first attempt is under way: no event, no retry, nothing left open', async () => {
    const clock = new ManualClock();
    const bus = new ReplayHidBus();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = { devicesAsync: async () => (await gate, bus.devicesAsync()), HIDAsync: bus.HIDAsync };
    const sensor = createOccupancySensor({ profile: zeroDelayButton1, debounceMs: 100, hid: slow, clock });
    const seen = record(sensor, clock);
    const started = sensor.start();
    const stopped = sensor.stop();
    release();
    await Promise.all([started, stopped]);
    bus.plug(loadRecording('dragonrise-0079-0006-pir').devices.encoder!);
    await clock.advance(10_000);
    expect(seen).toEqual([]);
    expect(bus.openHandles()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('a listener that throws does not pass for an unplug', async () => {
    const { replay, sensor, seen } = setup('dragonrise-0079-0006-pir', zeroDelayButton1, 0);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      sensor.on('change', () => {
        throw new Error('bug in a listener');
      });
      await replay.runUntil(0);
      await sensor.start();
      await replay.runUntil(3_100);
    } finally {
      console.error = original;
    }
    expect(errors.length).toBe(2);
    expect(seen.filter(([, kind]) => kind === 'lost')).toEqual([]);
    expect(sensor.state()).toBe('occupied');
  });
});

describe('occupancy sensor on the PCsensor foot switch recording (keyboard-key)', () => {
  it('opens the keyboard interface, filters the bounce, survives unplug', async () => {
    const { bus, replay, sensor, seen } = setup('pcsensor-0c45-7403-footswitch', footswitchB, 500);
    await replay.runUntil(0);
    await sensor.start();
    await replay.runUntil(20_000);
    expect(seen).toEqual([
      [0, 'found', 'c45:7403'],
      [2540, 'change', 'occupied'],
      [9500, 'change', 'empty'],
      [12000, 'lost', 'disconnected'],
      [14000, 'found', 'c45:7403'],
      [15500, 'change', 'occupied'],
    ]);
    expect(sensor.diagnostics().link.device?.interface).toBe(0);
    expect(bus.openHandles()).toBe(1);
  });
});

describe('occupancy sensor on the real node-hid (no HID device on this machine)', () => {
  it('starts, reports the sensor lost (not found) and stops cleanly', async () => {
    const sensor = createOccupancySensor({ profile: zeroDelayButton1, debounceMs: 100, reconnectMs: 60_000 });
    running.push(sensor);
    const lost: string[] = [];
    sensor.on('lost', ({ fault }) => lost.push(fault));
    await sensor.start();
    expect(lost).toEqual(['not-found']);
    expect(sensor.state()).toBe('unknown');
    expect(sensor.diagnostics().link).toMatchObject({ connected: false, fault: 'not-found', connects: 0 });
    await sensor.stop();
  });
});
