// The kiosk window lock-down.
export { setupKiosk, hardenAllWebContents, hardenWebContents, type Kiosk, type KioskOptions } from './setup-kiosk';
export { applyShortcutPolicy, type ShortcutHandlers } from './shortcuts';
