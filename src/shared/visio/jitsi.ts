// The video call with a referent (issue 17) runs on the commune's own Jitsi Meet, not on a server of ours: a call
// is a room on it, named at random for that call only, opened by the cabin and by the referent through a plain
// link. The cabin's side is configured in the link itself, with Jitsi's documented URL parameters (the handbook's
// « User Guide (advanced) »: `#config.<key>=<value>`, `userInfo.displayName`, values as JSON), so no plugin or
// account is needed on the server. Pure: the caller gives the randomness (Web Crypto in both shells).
import type { Locale, VisioSchemaConfig } from '../config/schema';

/** The config's `referentCall.visio`. */
export type VisioConfig = VisioSchemaConfig;

/** 26 characters of RFC 4648 base32, lower case: 130 bits, more than the 128 drawn (Jitsi room names are lower case). */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export type RandomBytes = (length: number) => Uint8Array;
const webCryptoBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** A new room for one call: the config's prefix, a dash, 128 random bits. */
export function newRoomName(prefix: string, random: RandomBytes = webCryptoBytes): string {
  const bytes = random(16);
  if (bytes.length !== 16) throw new RangeError('16 random bytes expected');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return `${prefix}-${out}`;
}

/** The room's address on the service, the link the referent receives (no settings of the cabin's in it). */
export function referentRoomUrl(visio: Pick<VisioConfig, 'url'>, room: string): string {
  const base = new URL(visio.url);
  const path = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return `${base.origin}${path}${encodeURIComponent(room)}`;
}

/** The only origin the call's view may load and grant the camera and microphone to. */
export function visioOrigin(visio: Pick<VisioConfig, 'url'>): string {
  return new URL(visio.url).origin;
}

export interface CabinSideOptions {
  /** The name the referent sees: the cabin's, never the resident's (« Cabine — Mairie de Lunel »). */
  displayName: string;
  locale: Locale;
}

/**
 * The cabin's own address for the room: straight in (no pre-join page), camera and microphone on, in the
 * resident's language, with nothing that leads out of the call (invitations, the mobile app's deep links).
 */
export function cabinRoomUrl(visio: Pick<VisioConfig, 'url'>, room: string, options: CabinSideOptions): string {
  const settings: [string, unknown][] = [
    ['config.prejoinConfig.enabled', false],
    ['config.startWithAudioMuted', false],
    ['config.startWithVideoMuted', false],
    ['config.disableDeepLinking', true],
    ['config.disableInviteFunctions', true],
    ['config.defaultLanguage', options.locale],
    ['userInfo.displayName', options.displayName],
  ];
  const hash = settings.map(([key, value]) => `${key}=${encodeURIComponent(JSON.stringify(value))}`).join('&');
  return `${referentRoomUrl(visio, room)}#${hash}`;
}
