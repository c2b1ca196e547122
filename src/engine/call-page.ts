// The call view's own page (issue 17), the same in both adapters: a page of ours that embeds the commune's Jitsi
// Meet through its documented IFrame API (`external_api.js`, served by the commune's Jitsi), so that the cabin
// learns what happens in the call (someone joined, left, the call closed) and can hang up. The page is served by the
// engine itself under a reserved origin that never resolves (`.invalid`, RFC 6761): nothing is fetched for it from
// the network, and it is an https origin, so a secure context where the camera may be used.
//
// It has no preload and no IPC: it speaks to the engine through one CDP binding (Runtime.addBinding, which both
// Chromium and Electron's webContents.debugger provide), and the engine speaks to it through Runtime.evaluate.
import type { Locale } from '../shared/config/schema';
import { cabinRoomUrl, visioOrigin } from '../shared/visio/jitsi';

/** The call page's origin: reserved, answered by the engine, never looked up. */
export const CALL_PAGE_ORIGIN = 'https://appel.cabine.invalid';
export const CALL_PAGE_URL = `${CALL_PAGE_ORIGIN}/`;
const CALL_SCRIPT_PATH = '/call.js';

/** The binding the call page reports through: a JSON string per event. */
export const CALL_BINDING = '__cabineCall';
/** What the engine calls in the page to act on the call ('hangup', 'share-toggle'). */
export const CALL_COMMAND = '__cabineCallCommand';

/** One call: the room on the commune's service, and how the cabin appears in it. */
export interface CallSpec {
  /** The service's address (config referentCall.visio.url). */
  serviceUrl: string;
  /** The room's name (newRoomName: the config's prefix and 128 random bits). */
  room: string;
  /** What the referent sees as the cabin's name (the cabin's, never the resident's). */
  displayName: string;
  /** The resident's language: the service's own words in it. */
  locale: Locale;
}

/** What the call page tells the engine. */
export type CallPageEvent =
  | { event: 'joined' }
  | { event: 'participant-joined' }
  | { event: 'participant-left' }
  | { event: 'ready-to-close' }
  /** The service's script did not load (unreachable, refused): no call. */
  | { event: 'service-unreachable' }
  | { event: 'camera-error' | 'mic-error'; detail: string }
  /** The service started or stopped sharing the cabin's screen (its screenSharingStatusChanged). */
  | { event: 'sharing'; on: boolean };

const SIMPLE_EVENTS = new Set(['joined', 'participant-joined', 'participant-left', 'ready-to-close', 'service-unreachable']);

/** A binding's payload, checked: anything else (another shape, a page that is not ours) is null. */
export function parseCallPageEvent(payload: string): CallPageEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { event, detail } = value as { event?: unknown; detail?: unknown };
  if (typeof event !== 'string') return null;
  if (SIMPLE_EVENTS.has(event)) return { event } as CallPageEvent;
  if (event === 'camera-error' || event === 'mic-error') return { event, detail: typeof detail === 'string' ? detail.slice(0, 200) : '' };
  if (event === 'sharing' && (detail === 'on' || detail === 'off')) return { event, on: detail === 'on' };
  return null;
}

/**
 * The IFrame API's `domain`: the service's host and path, without the scheme (Jitsi puts `https://` before it; a
 * Jitsi under a path, `example.fr/visio`, is addressed so).
 */
export function jitsiDomain(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The settings the call page gives the IFrame API: the same as cabinRoomUrl's URL keys (no pre-join page, camera and
 * microphone on, the resident's language, nothing that leads out of the call), as `configOverwrite`.
 */
export function callPageConfig(spec: CallSpec) {
  const overwrite: Record<string, unknown> = {};
  const hash = new URL(cabinRoomUrl({ url: spec.serviceUrl }, spec.room, { displayName: spec.displayName, locale: spec.locale })).hash.slice(1);
  for (const pair of hash.split('&')) {
    const [key, value] = pair.split('=') as [string, string];
    if (!key.startsWith('config.')) continue;
    setPath(overwrite, key.slice('config.'.length).split('.'), JSON.parse(decodeURIComponent(value)));
  }
  return {
    domain: jitsiDomain(spec.serviceUrl),
    roomName: spec.room,
    lang: spec.locale,
    configOverwrite: overwrite,
    userInfo: { displayName: spec.displayName },
  };
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let at = target;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys.at(-1)!] = value;
}

/** The script of the call page (static: its settings are in the page, as JSON). */
const CALL_SCRIPT = `(() => {
  const send = (event, detail) => { try { window.${CALL_BINDING}(JSON.stringify({ event, detail })); } catch {} };
  if (typeof JitsiMeetExternalAPI !== 'function') return send('service-unreachable');
  const config = JSON.parse(document.getElementById('call-config').textContent);
  const api = new JitsiMeetExternalAPI(config.domain, {
    roomName: config.roomName, parentNode: document.getElementById('call'), width: '100%', height: '100%',
    lang: config.lang, configOverwrite: config.configOverwrite, userInfo: config.userInfo,
  });
  api.addListener('videoConferenceJoined', () => send('joined'));
  api.addListener('participantJoined', () => send('participant-joined'));
  api.addListener('participantLeft', () => send('participant-left'));
  api.addListener('readyToClose', () => send('ready-to-close'));
  api.addListener('cameraError', (e) => send('camera-error', String((e && e.type) || '')));
  api.addListener('micError', (e) => send('mic-error', String((e && e.type) || '')));
  api.addListener('screenSharingStatusChanged', (e) => send('sharing', e && e.on ? 'on' : 'off'));
  window.${CALL_COMMAND} = (command) => {
    if (command === 'hangup') api.executeCommand('hangup');
    else if (command === 'share-toggle') api.executeCommand('toggleShareScreen');
  };
})();`;

/** What the engine answers for a request to the call page's origin; null: nothing there (404). */
export function callPageResponse(url: string, spec: CallSpec): { contentType: string; body: string; headers: Record<string, string> } | null {
  const parsed = new URL(url);
  if (parsed.origin !== CALL_PAGE_ORIGIN) return null;
  const service = visioOrigin({ url: spec.serviceUrl });
  const headers = {
    // Only our script and the service's; the room in a frame of the service only; nothing else, nowhere.
    'content-security-policy': `default-src 'none'; script-src ${CALL_PAGE_ORIGIN} ${service}; frame-src ${service}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  };
  if (parsed.pathname === CALL_SCRIPT_PATH) return { contentType: 'text/javascript; charset=utf-8', body: CALL_SCRIPT, headers };
  if (parsed.pathname !== '/') return null;
  const serviceBase = spec.serviceUrl.endsWith('/') ? spec.serviceUrl : `${spec.serviceUrl}/`;
  // JSON in a non-executed script element: `<` escaped so that no value can close the element.
  const config = JSON.stringify(callPageConfig(spec)).replace(/</g, '\\u003c');
  const body = `<!doctype html>
<html lang="${spec.locale}"><head><meta charset="utf-8"><title>Appel</title>
<style>html,body,#call{margin:0;height:100%;background:#000;overflow:hidden}</style></head>
<body><div id="call"></div>
<script type="application/json" id="call-config">${config}</script>
<script src="${escapeAttribute(new URL('external_api.js', serviceBase).href)}"></script>
<script src="${CALL_SCRIPT_PATH}"></script>
</body></html>`;
  return { contentType: 'text/html; charset=utf-8', body, headers };
}

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Which documents the call view may load: the call page itself in its top frame, and the service's pages in frames
 * under it (the room). Everything else — another top-level page, a popup, a frame of any other origin — is refused.
 */
export function decideCallDocument(spec: CallSpec, request: { url: string; topFrame: boolean }): boolean {
  let origin: string;
  try {
    origin = new URL(request.url).origin;
  } catch {
    return false;
  }
  if (request.topFrame) return request.url === CALL_PAGE_URL;
  return origin === visioOrigin({ url: spec.serviceUrl });
}
