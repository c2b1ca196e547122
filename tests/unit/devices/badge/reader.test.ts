// The badge reader through the HID transport interface (recorded Sycreader reports) and through
// window keystrokes; and what it must never do with an id.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBadgeReader, normalizeBadgeId, type BadgeReader } from '../../../../src/devices/badge';
import { ManualClock } from '../../../fixtures/hid/manual-clock';
import { createReplay, loadRecording, ReplayHidBus } from '../../../fixtures/hid/replay-bus';

const CARD = '0002008108';
let running: BadgeReader[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.stop()));
  running = [];
  vi.restoreAllMocks();
});

function hidSetup() {
  const bus = new ReplayHidBus();
  const clock = new ManualClock();
  const replay = createReplay(loadRecording('sycreader-08ff-0009-badge'), bus, clock);
  const reader = createBadgeReader({ hid: bus, clock, vendorId: 0x08ff, productId: 0x0009, minLength: 6, reconnectMs: 2000 });
  running.push(reader);
  const seen: [number, string, string][] = [];
  reader.on('badge', (id) => seen.push([clock.now(), 'badge', id]));
  reader.on('lost', ({ fault }) => seen.push([clock.now(), 'lost', fault]));
  reader.on('found', (d) => seen.push([clock.now(), 'found', d.product ?? '']));
  return { bus, clock, replay, reader, seen };
}

describe('badge reader over HID (Sycreader 08ff:0009 recording)', () => {
  it('reads the card in QWERTY and AZERTY mode alike, drops a read cut by an unplug, reads again after re-plug', async () => {
    const { replay, reader, seen } = hidSetup();
    expect(reader.mode()).toBe('hid');
    await replay.runUntil(0);
    await reader.start();
    await replay.runUntil(20_000);
    expect(seen).toEqual([
      [0, 'found', 'SYC ID&IC USB Reader'],
      [1200, 'badge', CARD], // Enter pressed at 1200
      [5200, 'badge', CARD], // same card, reader set for AZERTY (Shift + digit row)
      [9090, 'lost', 'disconnected'], // mid-read: "0002" is not a badge
      [13090, 'found', 'SYC ID&IC USB Reader'],
      [14200, 'badge', CARD],
    ]);
    expect(reader.diagnostics()).toMatchObject({ mode: 'hid', badgesRead: 3 });
  });

  it('takes a run without Enter once the reader falls silent (readers set not to send Enter)', async () => {
    const bus = new ReplayHidBus();
    const clock = new ManualClock();
    const recording = loadRecording('sycreader-08ff-0009-badge');
    recording.steps = recording.steps.filter((s) => s.at < 1200 || s.at > 1210); // drop Enter press/release
    const replay = createReplay(recording, bus, clock);
    const reader = createBadgeReader({ hid: bus, clock, vendorId: 0x08ff, productId: 0x0009, minLength: 6 });
    running.push(reader);
    const ids: [number, string][] = [];
    reader.on('badge', (id) => ids.push([clock.now(), id]));
    await replay.runUntil(0);
    await reader.start();
    await replay.runUntil(2_000);
    expect(ids).toEqual([[1180 + 250 + 1, CARD]]);
  });

  it('never logs, stores or shows the id: only the badge listener gets it', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const { replay, reader, seen } = hidSetup();
    await replay.runUntil(0);
    await reader.start();
    await replay.runUntil(20_000);
    expect(seen.filter(([, kind]) => kind === 'badge')).toHaveLength(3);
    for (const spy of [...spies, stdout, stderr]) {
      for (const call of spy.mock.calls) expect(JSON.stringify(call)).not.toContain('2008108');
    }
    expect(JSON.stringify(reader.diagnostics())).not.toContain('2008108');
  });
});

describe('badge reader from window keystrokes (no vendor/product configured)', () => {
  const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../fixtures/hid/keystrokes-badge-vs-typing.json'), 'utf8')) as {
    reader: { code: string; shift: boolean; at: number }[];
    person: { code: string; shift: boolean; at: number }[];
  };

  it('emits the badge burst and nothing for a person typing the same number', async () => {
    const clock = new ManualClock();
    const reader = createBadgeReader({ minLength: 6, clock });
    running.push(reader);
    expect(reader.mode()).toBe('keystrokes');
    const ids: string[] = [];
    reader.on('badge', (id) => ids.push(id));
    await reader.start();
    for (const s of [...fixture.person, ...fixture.reader.map((r) => ({ ...r, at: r.at + 10_000 }))]) {
      await clock.advanceTo(s.at);
      reader.feedKeystroke(s.code, s.shift, s.at);
    }
    await clock.advance(1_000);
    expect(ids).toEqual([CARD]);
    expect(reader.diagnostics()).toEqual({ mode: 'keystrokes', link: null, badgesRead: 1 });
  });

  it('reads a reader set for AZERTY: the Shift it presses before each digit does not end the burst', async () => {
    const clock = new ManualClock();
    const reader = createBadgeReader({ minLength: 6, clock, layout: 'azerty' });
    running.push(reader);
    const ids: string[] = [];
    reader.on('badge', (id) => ids.push(id));
    for (const s of fixture.reader) {
      await clock.advanceTo(s.at);
      if (s.code !== 'Enter') reader.feedKeystroke('ShiftLeft', true, s.at);
      reader.feedKeystroke(s.code, s.code !== 'Enter', s.at + 5);
    }
    await clock.advance(1_000);
    expect(ids).toEqual([CARD]);
    // A key a reader never sends (an arrow) still ends it.
    for (const s of fixture.reader.slice(0, 5)) reader.feedKeystroke(s.code, false, s.at + 5_000);
    reader.feedKeystroke('ArrowLeft', false, 6_090);
    for (const s of fixture.reader.slice(5)) reader.feedKeystroke(s.code, false, s.at + 5_000);
    await clock.advance(10_000);
    expect(ids).toEqual([CARD]);
  });

  it('ignores keystrokes in HID mode (the reader is read directly)', async () => {
    const { reader, seen } = hidSetup();
    for (const s of fixture.reader) reader.feedKeystroke(s.code, s.shift, s.at);
    expect(seen).toEqual([]);
  });
});

describe('normalizeBadgeId', () => {
  it('is the one spelling used to read and to enrol', () => {
    expect(normalizeBadgeId(' 00a1 B2c3\n')).toBe('00A1B2C3');
  });
});

describe('badge reader on the real node-hid (no reader on this machine)', () => {
  it('reports the reader lost (not found) and stops cleanly', async () => {
    const reader = createBadgeReader({ vendorId: 0x08ff, productId: 0x0009, minLength: 6, reconnectMs: 60_000 });
    running.push(reader);
    const lost: string[] = [];
    reader.on('lost', ({ fault }) => lost.push(fault));
    await reader.start();
    expect(lost).toEqual(['not-found']);
    await reader.stop();
  });
});
