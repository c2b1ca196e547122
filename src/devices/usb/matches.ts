// The USB matches the config already implies. Printer and scanner are left to the caller:
// a CUPS queue or a SANE device may be on the network, where USB has nothing to say.
import type { CabinConfig } from '../../shared/config/schema';
import { USB_CLASS } from './transport';
import type { UsbMatch, UsbMatches } from './inventory';

/** Any USB printer (class 7 on the device or one of its interfaces, as multifunction printers do). */
export const ANY_USB_PRINTER: UsbMatch = { classes: [USB_CLASS.printer] };

export function usbMatchesFromConfig(devices: CabinConfig['devices'], extra: Pick<UsbMatches, 'printer' | 'scanner'> = {}): UsbMatches {
  const result: UsbMatches = { ...extra };
  const profile = devices.occupancy.profile;
  if (devices.occupancy.enabled && profile) result.occupancy = { vendorId: profile.vendorId, productId: profile.productId };
  const { badge } = devices;
  if (badge.enabled && badge.vendorId !== undefined && badge.productId !== undefined) result.badge = { vendorId: badge.vendorId, productId: badge.productId };
  return result;
}
