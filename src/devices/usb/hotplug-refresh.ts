// Hot-plug as a hint to the HID devices: when the inventory sees the sensor or the badge reader
// come or go, that device checks at once instead of at its next reconnect period.
import type { DeviceKind } from '../../shared/session/types';
import type { Unsubscribe } from '../hid/emitter';
import type { UsbInventory } from './inventory';

export interface Refreshable {
  refresh(): Promise<void>;
}

export function refreshOnHotplug(inventory: Pick<UsbInventory, 'on'>, targets: Partial<Record<DeviceKind, Refreshable>>): Unsubscribe {
  const poke = (kinds: DeviceKind[]) => {
    for (const kind of kinds) void targets[kind]?.refresh().catch(() => undefined);
  };
  const offAttach = inventory.on('attach', (entry) => poke(entry.kinds));
  const offDetach = inventory.on('detach', (entry) => poke(entry.kinds));
  return () => {
    offAttach();
    offDetach();
  };
}
