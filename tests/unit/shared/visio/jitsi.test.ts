// The video call's rooms and links on the commune's Jitsi Meet (src/shared/visio/jitsi.ts) and what the call's view
// may use (src/shared/policy/visio-permissions.ts).
import { describe, expect, it } from 'vitest';
import { decideVisioPermission, type VisioPermissionState } from '../../../../src/shared/policy/visio-permissions';
import { cabinRoomUrl, newRoomName, referentRoomUrl, visioOrigin } from '../../../../src/shared/visio/jitsi';

const visio = { url: 'https://visio.lunel.fr/meet/' };

describe('rooms', () => {
  it('are the prefix and 26 lower-case base32 characters: all 128 random bits, new each time', () => {
    const room = newRoomName('cabine');
    expect(room).toMatch(/^cabine-[a-z2-7]{26}$/);
    expect(newRoomName('cabine')).not.toBe(room);
    // Every bit counts: all zeros, all ones, and one bit set give different names.
    expect(newRoomName('c', () => new Uint8Array(16))).toBe(`c-${'a'.repeat(26)}`);
    expect(newRoomName('c', () => new Uint8Array(16).fill(255))).toBe(`c-${'7'.repeat(25)}4`);
    const one = new Uint8Array(16);
    one[15] = 1;
    expect(newRoomName('c', () => one)).toBe(`c-${'a'.repeat(25)}e`);
    expect(() => newRoomName('c', () => new Uint8Array(8))).toThrow(RangeError);
  });

  it('the referent gets the plain room link; the cabin its own, straight in, camera on, in the resident’s language', () => {
    expect(referentRoomUrl(visio, 'cabine-x')).toBe('https://visio.lunel.fr/meet/cabine-x');
    expect(referentRoomUrl({ url: 'https://visio.lunel.fr' }, 'cabine-x')).toBe('https://visio.lunel.fr/cabine-x');
    const url = new URL(cabinRoomUrl(visio, 'cabine-x', { displayName: 'Cabine — Mairie de Lunel', locale: 'ar' }));
    expect(url.origin + url.pathname).toBe('https://visio.lunel.fr/meet/cabine-x');
    // Jitsi reads each hash parameter as JSON.
    const params = Object.fromEntries(
      url.hash
        .slice(1)
        .split('&')
        .map((p) => p.split('='))
        .map(([k, v]) => [k!, JSON.parse(decodeURIComponent(v!)) as unknown]),
    );
    expect(params).toEqual({
      'config.prejoinConfig.enabled': false,
      'config.startWithAudioMuted': false,
      'config.startWithVideoMuted': false,
      'config.disableDeepLinking': true,
      'config.disableInviteFunctions': true,
      'config.defaultLanguage': 'ar',
      'userInfo.displayName': 'Cabine — Mairie de Lunel',
    });
    expect(visioOrigin(visio)).toBe('https://visio.lunel.fr');
  });
});

describe('what the call’s view may use', () => {
  const on: VisioPermissionState = { origin: 'https://visio.lunel.fr', callActive: true, screenShareConsented: false };
  const ask = (state: VisioPermissionState, permission: string, requestingUrl = 'https://visio.lunel.fr/meet/cabine-x') =>
    decideVisioPermission(state, { permission, requestingUrl });

  it('the camera and the microphone, for the visio origin, during a call only', () => {
    for (const p of ['camera', 'microphone', 'videoCapture', 'audioCapture']) expect(ask(on, p), p).toBe(true);
    expect(ask({ ...on, callActive: false }, 'camera')).toBe(false);
    expect(ask({ ...on, origin: null }, 'camera')).toBe(false);
  });

  it('never for another origin, a look-alike, plain http or a broken URL', () => {
    for (const url of [
      'https://www.impots.gouv.fr/',
      'https://visio.lunel.fr.evil.example/',
      'http://visio.lunel.fr/meet/x',
      'https://visio.lunel.fr:8443/x',
      'not a url',
      'file:///etc/passwd',
    ])
      expect(ask(on, 'camera', url), url).toBe(false);
  });

  it('the screen only after the resident’s yes; nothing else at all', () => {
    expect(ask(on, 'display-capture')).toBe(false);
    expect(ask({ ...on, screenShareConsented: true }, 'display-capture')).toBe(true);
    expect(ask({ ...on, screenShareConsented: true, callActive: false }, 'display-capture')).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'usb', 'midi', 'openExternal', 'unknown-thing'])
      expect(ask(on, p), p).toBe(false);
  });
});
