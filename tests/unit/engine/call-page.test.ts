// The call view's own page (issue 17): what it is given, what it answers, what it may load, what it may say.
import { describe, expect, it } from 'vitest';
import {
  CALL_PAGE_URL,
  callPageConfig,
  callPageResponse,
  decideCallDocument,
  jitsiDomain,
  parseCallPageEvent,
  type CallSpec,
} from '../../../src/engine/call-page';

const SPEC: CallSpec = { serviceUrl: 'https://visio.lunel.fr/', room: 'cabine-abc', displayName: 'Cabine — Mairie de Lunel', locale: 'ar' };

describe('the call page', () => {
  it('addresses the service as the IFrame API wants it: host and path, no scheme, no trailing slash', () => {
    expect(jitsiDomain('https://visio.lunel.fr/')).toBe('visio.lunel.fr');
    expect(jitsiDomain('https://lunel.fr/visio/')).toBe('lunel.fr/visio');
    expect(jitsiDomain('https://visio.lunel.fr:8443')).toBe('visio.lunel.fr:8443');
  });

  it('gives the IFrame API the same settings as the room link: no pre-join page, camera on, the resident’s language', () => {
    expect(callPageConfig(SPEC)).toEqual({
      domain: 'visio.lunel.fr',
      roomName: 'cabine-abc',
      lang: 'ar',
      configOverwrite: {
        prejoinConfig: { enabled: false },
        startWithAudioMuted: false,
        startWithVideoMuted: false,
        disableDeepLinking: true,
        disableInviteFunctions: true,
        defaultLanguage: 'ar',
      },
      userInfo: { displayName: 'Cabine — Mairie de Lunel' },
    });
  });

  it('answers its page and its script only, with a policy that lets in our script, the service’s, and the room in a frame', () => {
    const page = callPageResponse(CALL_PAGE_URL, SPEC)!;
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.body).toContain('<script src="https://visio.lunel.fr/external_api.js"></script>');
    expect(page.body).toContain('<script src="/call.js"></script>');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src https://appel.cabine.invalid https://visio.lunel.fr; frame-src https://visio.lunel.fr; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    );
    expect(callPageResponse('https://appel.cabine.invalid/call.js', SPEC)!.contentType).toMatch(/^text\/javascript/);
    expect(callPageResponse('https://appel.cabine.invalid/other', SPEC)).toBeNull();
    expect(callPageResponse('https://visio.lunel.fr/', SPEC)).toBeNull();
    // A service under a path: its external_api.js is under that path.
    expect(callPageResponse(CALL_PAGE_URL, { ...SPEC, serviceUrl: 'https://lunel.fr/visio' })!.body).toContain('src="https://lunel.fr/visio/external_api.js"');
  });

  it('no value can close the settings’ element: a name with </script> stays text', () => {
    const page = callPageResponse(CALL_PAGE_URL, { ...SPEC, displayName: 'Cabine </script><script>alert(1)</script>' })!;
    expect(page.body.match(/<\/script>/g)).toHaveLength(3);
    expect(page.body).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
  });

  it('may load: itself in its window, the service in frames; nothing else', () => {
    expect(decideCallDocument(SPEC, { url: CALL_PAGE_URL, topFrame: true })).toBe(true);
    expect(decideCallDocument(SPEC, { url: 'https://visio.lunel.fr/cabine-abc', topFrame: false })).toBe(true);
    // The service itself in the window (a link with target=_top), another site, a look-alike, http, another port.
    for (const [url, topFrame] of [
      ['https://visio.lunel.fr/cabine-abc', true],
      ['https://appel.cabine.invalid/other', true],
      ['https://example.org/', false],
      ['https://visio.lunel.fr.example.org/', false],
      ['http://visio.lunel.fr/cabine-abc', false],
      ['https://visio.lunel.fr:8443/cabine-abc', false],
      ['not a url', false],
    ] as const)
      expect(decideCallDocument(SPEC, { url, topFrame }), `${url} top=${topFrame}`).toBe(false);
  });

  it('hears only its own events, checked', () => {
    expect(parseCallPageEvent('{"event":"participant-joined"}')).toEqual({ event: 'participant-joined' });
    expect(parseCallPageEvent('{"event":"camera-error","detail":"gum.permission_denied"}')).toEqual({ event: 'camera-error', detail: 'gum.permission_denied' });
    expect(parseCallPageEvent(JSON.stringify({ event: 'mic-error', detail: 'x'.repeat(500) }))).toEqual({ event: 'mic-error', detail: 'x'.repeat(200) });
    for (const bad of ['', 'null', '42', '{"event":"navigate","url":"https://x"}', '{"event":1}', 'not json']) expect(parseCallPageEvent(bad)).toBeNull();
  });
});
