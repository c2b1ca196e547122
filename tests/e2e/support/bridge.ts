// The preload API for a page in Playwright's Chromium: the Chromium shell's bridge
// (src/shell/chromium/bridge.ts), with the same zod checks and sender check as the cabin's.
export { bridgePage, type Bridge, type BridgeOptions } from '../../../src/shell/chromium/bridge';
