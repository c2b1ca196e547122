// The badge reader as the config's devices.badge asks for it (../registry.ts).
import type { DriverFactory } from '../driver';
import { createBadgeReader, type BadgeReader } from './reader';

export const badgeFromConfig: DriverFactory<BadgeReader> = ({ badge }, env) =>
  badge.enabled ? createBadgeReader({ vendorId: badge.vendorId, productId: badge.productId, minLength: badge.minLength, hid: env.hid }) : null;
