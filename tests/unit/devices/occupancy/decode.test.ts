// Decoding "occupied" from report bytes of the documented devices (tests/fixtures/hid).
import { describe, expect, it } from 'vitest';
import { decodeOccupancy, hidMatchForProfile, suggestReportBits } from '../../../../src/devices/occupancy';
import { occupancyProfileSchema, type OccupancyProfile } from '../../../../src/shared/config/schema';
import { hexBytes, loadRecording } from '../../../fixtures/hid/replay-bus';

const reportsOf = (name: string) =>
  loadRecording(name)
    .steps.filter((s): s is { at: number; report: string } => 'report' in s)
    .map((s) => hexBytes(s.report));

type ReportBitProfile = Extract<OccupancyProfile, { kind: 'report-bit' }>;
const reportBit = (input: unknown): ReportBitProfile => {
  const profile = occupancyProfileSchema.parse(input);
  if (profile.kind !== 'report-bit') throw new Error('not a report-bit profile');
  return profile;
};

// The profiles docs/occupancy-sensors.md ships, parsed by the real config schema.
const zeroDelayButton1 = reportBit({
  kind: 'report-bit',
  name: 'Zero Delay encoder, bouton 1',
  vendorId: 0x0079,
  productId: 0x0006,
  byte: 5,
  bit: 4,
  activeHigh: true,
});
const footswitchB = occupancyProfileSchema.parse({
  kind: 'keyboard-key',
  name: 'Pédale PCsensor (touche b)',
  vendorId: 0x0c45,
  productId: 0x7403,
  usage: 0x05,
});

describe('decodeOccupancy, report-bit (DragonRise 0079:0006 encoder)', () => {
  const reports = reportsOf('dragonrise-0079-0006-pir');

  it('reads the contact on button 1 in every report of the recording', () => {
    expect(reports.map((r) => decodeOccupancy(zeroDelayButton1, r))).toEqual([false, true, false, true, false, true, false, true]);
  });

  it('inverts for a normally-closed contact (activeHigh false)', () => {
    const nc: ReportBitProfile = { ...zeroDelayButton1, activeHigh: false };
    expect(reports.slice(0, 2).map((r) => decodeOccupancy(nc, r))).toEqual([true, false]);
  });

  it('ignores the other buttons and the hat on the same byte', () => {
    const button2AndHatUp = hexBytes('7f 7f 7f 7f 7f 20 00 00');
    expect(decodeOccupancy(zeroDelayButton1, button2AndHatUp)).toBe(false);
    expect(decodeOccupancy({ ...zeroDelayButton1, bit: 5 }, button2AndHatUp)).toBe(true);
  });

  it('says nothing about a report too short for the byte, or with another report id', () => {
    expect(decodeOccupancy(zeroDelayButton1, hexBytes('7f 7f 7f'))).toBeNull();
    const numbered: ReportBitProfile = { ...zeroDelayButton1, reportId: 2, byte: 6 };
    expect(decodeOccupancy(numbered, hexBytes('01 7f 7f 7f 7f 7f 1f 00 00'))).toBeNull();
    expect(decodeOccupancy(numbered, hexBytes('02 7f 7f 7f 7f 7f 1f 00 00'))).toBe(true);
  });

  it('opens the device by its ids only (any interface)', () => {
    expect(hidMatchForProfile(zeroDelayButton1)).toEqual({ vendorId: 0x0079, productId: 0x0006 });
  });
});

describe('decodeOccupancy, keyboard-key (PCsensor foot switch 0c45:7403, captured bytes)', () => {
  const reports = reportsOf('pcsensor-0c45-7403-footswitch');

  it('is occupied while the key is held, empty once released', () => {
    expect(reports.map((r) => decodeOccupancy(footswitchB, r))).toEqual([true, false, true, false, true]);
  });

  it('reads a plain 8-byte boot report and a 9-byte numbered one alike', () => {
    expect(decodeOccupancy(footswitchB, hexBytes('00 00 05 00 00 00 00 00'))).toBe(true);
    expect(decodeOccupancy(footswitchB, hexBytes('00 00 04 05 00 00 00 00'))).toBe(true);
    expect(decodeOccupancy(footswitchB, hexBytes('01 00 00 05 00 00 00 00 00'))).toBe(true);
    expect(decodeOccupancy(footswitchB, hexBytes('00 00 04 00 00 00 00 00'))).toBe(false);
  });

  it('reads a modifier key from the modifier byte', () => {
    const rightShift = { ...footswitchB, usage: 0xe5 };
    expect(decodeOccupancy(rightShift, hexBytes('20 00 00 00 00 00 00 00'))).toBe(true);
    expect(decodeOccupancy(rightShift, hexBytes('02 00 00 00 00 00 00 00'))).toBe(false);
  });

  it("says nothing on a keyboard's roll-over phantom or a report of another shape", () => {
    expect(decodeOccupancy(footswitchB, hexBytes('00 00 01 01 01 01 01 01'))).toBeNull();
    expect(decodeOccupancy(footswitchB, hexBytes('05 00 00'))).toBeNull();
  });

  it('opens the keyboard collection of a composite device', () => {
    expect(hidMatchForProfile(footswitchB)).toEqual({ vendorId: 0x0c45, productId: 0x7403, usagePage: 0x01, usage: 0x06 });
  });
});

describe('suggestReportBits (writing a profile for an undocumented device)', () => {
  const reports = reportsOf('dragonrise-0079-0006-pir');
  const byValue = (occupied: boolean) => reports.filter((r) => decodeOccupancy(zeroDelayButton1, r) === occupied);

  it('finds button 1 from recordings with the contact open, then closed', () => {
    expect(suggestReportBits(byValue(false), byValue(true))).toEqual([{ byte: 5, bit: 4, activeHigh: true }]);
  });

  it('leaves out bits that move within a recording (an axis drifting)', () => {
    const axis = [0x10, 0xef, 0x7f, 0x80];
    const drifting = byValue(true).map((r, i) => Uint8Array.from(r, (b, j) => (j === 0 ? (axis[i % axis.length] as number) : b)));
    const steadyOther = byValue(false).map((r) => Uint8Array.from(r, (b, j) => (j === 0 ? 0x80 : b)));
    expect(suggestReportBits(steadyOther, drifting)).toEqual([{ byte: 5, bit: 4, activeHigh: true }]);
  });

  it('finds nothing when the two recordings do not differ, or one is missing', () => {
    expect(suggestReportBits(byValue(false), byValue(false))).toEqual([]);
    expect(suggestReportBits(byValue(false), [])).toEqual([]);
  });
});
