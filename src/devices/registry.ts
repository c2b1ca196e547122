// Which driver stands for each kind of device (DEVICE_KINDS in src/shared/session/types.ts). A new kind is
// its folder here — the driver, implementing DeviceDriver (./driver.ts), and its from-config.ts — plus its
// line in DRIVER_FACTORIES; the runtime starts, stops, asks and diagnoses every driver the same way.
import { perKind, type DeviceKind } from '../shared/session/types';
import type { CabinConfig } from '../shared/config/schema';
import { badgeFromConfig } from './badge/from-config';
import type { DeviceDriver, DriverEnvironment, DriverFactory } from './driver';
import { occupancyFromConfig } from './occupancy/from-config';
import { printerFromConfig } from './printer/from-config';
import { scannerFromConfig } from './scanner/from-config';

export const DRIVER_FACTORIES = {
  printer: printerFromConfig,
  scanner: scannerFromConfig,
  occupancy: occupancyFromConfig,
  badge: badgeFromConfig,
} satisfies { [K in DeviceKind]: DriverFactory<DeviceDriver<K>> };

/** Each kind's driver, with its own API (Printer, Scanner…). */
export type DeviceDrivers = { [K in DeviceKind]: NonNullable<ReturnType<(typeof DRIVER_FACTORIES)[K]>> };

/** The cabin's drivers: null for a kind the config does not enable. */
export type Drivers = { [K in DeviceKind]: DeviceDrivers[K] | null };

/** Builds the drivers the config enables, in DEVICE_KINDS's order; none without a config. */
export function createDrivers(devices: CabinConfig['devices'] | undefined, env: DriverEnvironment = {}): Drivers {
  return perKind((kind) => (devices ? DRIVER_FACTORIES[kind](devices, env) : null)) as Drivers;
}
