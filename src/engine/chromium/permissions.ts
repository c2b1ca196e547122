// Browser permissions through CDP: denied to every origin when the session starts (on top of the
// profile's content settings), then the démarche's configured grants per allowed origin.
import type { GrantablePermission } from '../../shared/config/schema';
import { allowedOrigin } from '../../shared/policy/navigation';
import type { CdpParams, CdpSession } from '../cdp';
import { sendQuietly } from '../cdp';
import type { Guard } from '../page-guard';
import type { DemarcheHost, EnginePage } from '../view';

/** CDP permission descriptors of what a démarche may be granted. */
const GRANT_DESCRIPTORS: Record<GrantablePermission, CdpParams> = {
  camera: { name: 'camera' },
  microphone: { name: 'microphone' },
  fullscreen: { name: 'fullscreen', allowWithoutGesture: false },
  'clipboard-write': { name: 'clipboard-write', allowWithoutSanitization: false },
};

/** Permissions API names denied to every origin through CDP, on top of the profile's content settings. */
const DENIED_BY_DEFAULT = [
  'geolocation',
  'notifications',
  'camera',
  'microphone',
  'clipboard-read',
  'midi',
  'persistent-storage',
  'idle-detection',
  'window-management',
  'local-fonts',
  'storage-access',
  'top-level-storage-access',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'ambient-light-sensor',
  'background-sync',
  'background-fetch',
  'payment-handler',
  'screen-wake-lock',
  'system-wake-lock',
  'display-capture',
  'nfc',
  'captured-surface-control',
  'keyboard-lock',
  'pointer-lock',
  'speaker-selection',
  'periodic-background-sync',
  'push',
  'fullscreen',
  'web-app-installation',
  'local-network-access',
];

/** Everything, for the audit self-test with permissions unguarded. */
const ALL_CDP_PERMISSIONS = [
  'geolocation',
  'notifications',
  'audioCapture',
  'videoCapture',
  'clipboardReadWrite',
  'clipboardSanitizedWrite',
  'midi',
  'midiSysex',
  'sensors',
  'idleDetection',
  'windowManagement',
  'localFonts',
  'paymentHandler',
  'backgroundSync',
  'durableStorage',
  'storageAccess',
];

/** The browser-wide defaults, set once when the session starts. */
export async function setDefaultPermissions(browserCdp: CdpSession, disabled: ReadonlySet<Guard>): Promise<void> {
  if (disabled.has('permissions')) {
    for (const name of ALL_CDP_PERMISSIONS) await sendQuietly(browserCdp, 'Browser.grantPermissions', { permissions: [name] });
  } else {
    // Some permissions are granted by default, without a prompt (wake lock, pointer and
    // keyboard lock, storage access): denied too, for every origin. Grants come per origin.
    for (const name of DENIED_BY_DEFAULT) await sendQuietly(browserCdp, 'Browser.setPermission', { permission: { name }, setting: 'denied' });
  }
}

/** The open démarche's grants, given to each allowed origin the first time it loads a document. */
export class OriginGrants {
  private readonly granted = new Set<string>();

  constructor(
    private readonly browserCdp: CdpSession,
    private readonly host: DemarcheHost<EnginePage>,
  ) {}

  /** Grants the démarche's configured permissions to an allowed origin, once. */
  async grantFor(url: string): Promise<void> {
    if (this.host.grants.length === 0) return;
    const origin = allowedOrigin(this.host.policy, url);
    if (!origin) return;
    for (const grant of this.host.grants) {
      const key = `${grant} ${origin}`;
      if (this.granted.has(key)) continue;
      this.granted.add(key);
      await sendQuietly(this.browserCdp, 'Browser.setPermission', { permission: GRANT_DESCRIPTORS[grant], setting: 'granted', origin });
    }
  }
}
