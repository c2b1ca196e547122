// The occupancy sensor as the config's devices.occupancy asks for it (../registry.ts).
import type { DriverFactory } from '../driver';
import { createOccupancySensor, type OccupancySensor } from './sensor';

export const occupancyFromConfig: DriverFactory<OccupancySensor> = ({ occupancy }, env) =>
  occupancy.enabled && occupancy.profile ? createOccupancySensor({ profile: occupancy.profile, debounceMs: occupancy.debounceMs, hid: env.hid }) : null;
