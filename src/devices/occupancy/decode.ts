// "Is the cabin occupied?" read from one input report, as the technician's profile says.
import type { OccupancyProfile } from '../../shared/config/schema';
import { decodeKeyboardReport, isUsageHeld, KEYBOARD_COLLECTION, type HidMatch } from '../hid';

/**
 * Pure. true = occupied, false = empty, null = the report says nothing about it (another
 * report id, too short, not a keyboard report, a keyboard's roll-over phantom).
 *
 * report-bit: `byte` counts from the first byte node-hid delivers; when the device numbers its
 * reports (`reportId` set) that first byte is the id, so data starts at byte 1.
 */
export function decodeOccupancy(profile: OccupancyProfile, report: Uint8Array): boolean | null {
  if (profile.kind === 'keyboard-key') {
    const keyboard = decodeKeyboardReport(report);
    return keyboard ? isUsageHeld(keyboard, profile.usage) : null;
  }
  if (profile.reportId !== undefined && report[0] !== profile.reportId) return null;
  const value = report[profile.byte];
  if (value === undefined) return null;
  const set = (value & (1 << profile.bit)) !== 0;
  return profile.activeHigh ? set : !set;
}

/** Which HID interface of the device carries the profile's reports. */
export function hidMatchForProfile(profile: OccupancyProfile): HidMatch {
  const ids = { vendorId: profile.vendorId, productId: profile.productId };
  // A keyboard-class sensor is often composite (keyboard + mouse + configuration interface).
  return profile.kind === 'keyboard-key' ? { ...ids, ...KEYBOARD_COLLECTION } : ids;
}
