// What the call's view may use (issue 17): the camera and the microphone, only for the configured visio origin and
// only while a call is on; the cabin's screen, only after the resident said yes on screen. Everything else, and
// every other origin, is refused — the démarche's own permissions stay decided by ./permissions.ts.
import { canonicalPermission, type PermissionRequest } from './permissions';

export interface VisioPermissionState {
  /** The visio service's origin (src/shared/visio/jitsi.ts visioOrigin); null: no visio configured. */
  origin: string | null;
  /** A call is on (between the resident's « Appeler » and the hang-up or the session's end). */
  callActive: boolean;
  /** The resident said yes to « Montrer mon écran au référent ? », and has not stopped it. */
  screenShareConsented: boolean;
}

const originOf = (url: string): string | null => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
};

export function decideVisioPermission(state: VisioPermissionState, request: PermissionRequest): boolean {
  if (!state.origin || !state.callActive) return false;
  if (originOf(request.requestingUrl) !== state.origin) return false;
  const permission = canonicalPermission(request.permission);
  if (permission === 'camera' || permission === 'microphone') return true;
  if (permission === 'display-capture') return state.screenShareConsented;
  return false;
}
