// Which browser permissions a démarche page gets: none, unless the démarche's config grants
// one (camera for a visio démarche…), and then only to pages on its allow-list.
import type { GrantablePermission } from '../config/schema';
import { allowedOrigin, type NavigationPolicy } from './navigation';

/** Every permission the cabin knows by name; the names each engine uses map onto these. */
export const KNOWN_PERMISSIONS = [
  'geolocation',
  'notifications',
  'camera',
  'microphone',
  'clipboard-read',
  'clipboard-write',
  'midi',
  'midi-sysex',
  'hid',
  'usb',
  'serial',
  'bluetooth',
  'fullscreen',
  'pointer-lock',
  'keyboard-lock',
  'window-management',
  'idle-detection',
  'storage-access',
  'display-capture',
  'file-system',
  'sensors',
  'payment-handler',
  'background-sync',
  'nfc',
  'local-fonts',
  'speaker-selection',
  'wake-lock',
  'persistent-storage',
  'protected-media',
  'open-external',
  'automatic-downloads',
  'captured-surface-control',
  'web-app-installation',
  'local-network',
  'unknown',
] as const;
export type KnownPermission = (typeof KNOWN_PERMISSIONS)[number];

/**
 * Names used by Electron's permission handlers, the Permissions API and CDP's PermissionType,
 * mapped onto ours. `media` (Electron) is split by its media types, see `electronMediaPermissions`.
 */
const ALIASES: Record<string, KnownPermission> = {
  // Permissions API / Electron
  geolocation: 'geolocation',
  notifications: 'notifications',
  camera: 'camera',
  microphone: 'microphone',
  'clipboard-read': 'clipboard-read',
  'clipboard-write': 'clipboard-write',
  'clipboard-sanitized-write': 'clipboard-write',
  midi: 'midi',
  midiSysex: 'midi-sysex',
  'midi-sysex': 'midi-sysex',
  hid: 'hid',
  usb: 'usb',
  serial: 'serial',
  bluetooth: 'bluetooth',
  fullscreen: 'fullscreen',
  pointerLock: 'pointer-lock',
  'pointer-lock': 'pointer-lock',
  keyboardLock: 'keyboard-lock',
  'keyboard-lock': 'keyboard-lock',
  'window-management': 'window-management',
  'window-placement': 'window-management',
  'idle-detection': 'idle-detection',
  'storage-access': 'storage-access',
  'top-level-storage-access': 'storage-access',
  'display-capture': 'display-capture',
  fileSystem: 'file-system',
  'file-system': 'file-system',
  accelerometer: 'sensors',
  gyroscope: 'sensors',
  magnetometer: 'sensors',
  'ambient-light-sensor': 'sensors',
  sensors: 'sensors',
  'payment-handler': 'payment-handler',
  'background-sync': 'background-sync',
  'background-fetch': 'background-sync',
  'periodic-background-sync': 'background-sync',
  nfc: 'nfc',
  'local-fonts': 'local-fonts',
  'speaker-selection': 'speaker-selection',
  'screen-wake-lock': 'wake-lock',
  'system-wake-lock': 'wake-lock',
  'persistent-storage': 'persistent-storage',
  mediaKeySystem: 'protected-media',
  'protected-media-identifier': 'protected-media',
  openExternal: 'open-external',
  'automatic-downloads': 'automatic-downloads',
  'captured-surface-control': 'captured-surface-control',
  'web-app-installation': 'web-app-installation',
  'local-network-access': 'local-network',
  // CDP Browser.PermissionType
  audioCapture: 'microphone',
  videoCapture: 'camera',
  videoCapturePanTiltZoom: 'camera',
  clipboardReadWrite: 'clipboard-read',
  clipboardSanitizedWrite: 'clipboard-write',
  durableStorage: 'persistent-storage',
  idleDetection: 'idle-detection',
  localFonts: 'local-fonts',
  paymentHandler: 'payment-handler',
  periodicBackgroundSync: 'background-sync',
  backgroundSync: 'background-sync',
  backgroundFetch: 'background-sync',
  protectedMediaIdentifier: 'protected-media',
  storageAccess: 'storage-access',
  topLevelStorageAccess: 'storage-access',
  wakeLockScreen: 'wake-lock',
  wakeLockSystem: 'wake-lock',
  windowManagement: 'window-management',
  capturedSurfaceControl: 'captured-surface-control',
  speakerSelection: 'speaker-selection',
  displayCapture: 'display-capture',
  webAppInstallation: 'web-app-installation',
  localNetworkAccess: 'local-network',
};

export function canonicalPermission(name: string): KnownPermission {
  return ALIASES[name] ?? 'unknown';
}

/** Electron asks `media` with the media types it wants: each one is decided on its own. */
export function electronMediaPermissions(mediaTypes: readonly string[] | undefined): KnownPermission[] {
  const out: KnownPermission[] = [];
  if (!mediaTypes || mediaTypes.length === 0) return ['camera', 'microphone'];
  if (mediaTypes.includes('video')) out.push('camera');
  if (mediaTypes.includes('audio')) out.push('microphone');
  return out.length ? out : ['unknown'];
}

/** Ours that the config may grant (config names are the same as ours). */
const GRANTABLE: ReadonlySet<KnownPermission> = new Set<KnownPermission>(['camera', 'microphone', 'fullscreen', 'clipboard-write']);

export interface PermissionRequest {
  /** Any engine's name for it: mapped with `canonicalPermission`. */
  permission: string;
  /** The URL (or origin) of the frame asking. */
  requestingUrl: string;
}

export function decidePermission(policy: NavigationPolicy, grants: readonly GrantablePermission[], request: PermissionRequest): boolean {
  const permission = canonicalPermission(request.permission);
  if (!GRANTABLE.has(permission)) return false;
  if (!(grants as readonly string[]).includes(permission)) return false;
  return allowedOrigin(policy, request.requestingUrl) !== null;
}
