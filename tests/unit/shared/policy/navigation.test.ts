import { describe, expect, it } from 'vitest';
import { allowedOrigin, decideNavigation, isLoopbackHost, type NavigationPolicy } from '../../../../src/shared/policy/navigation';

const policy: NavigationPolicy = { allow: ['impots.gouv.fr', '*.franceconnect.gouv.fr'] };
const loopback: NavigationPolicy = { allow: ['app.localhost', '*.idp.localhost'], allowLoopback: true };
const top = (url: string, p = policy) => decideNavigation(p, { url, kind: 'top' });

describe('navigation allow-list', () => {
  it('allows https to a listed host and to subdomains of a *.host entry', () => {
    expect(top('https://impots.gouv.fr/accueil')).toEqual({ allowed: true });
    expect(top('https://app.franceconnect.gouv.fr/api/v1/authorize')).toEqual({ allowed: true });
    expect(top('https://franceconnect.gouv.fr/')).toEqual({ allowed: true });
    expect(top('https://IMPOTS.gouv.fr./x')).toEqual({ allowed: true });
  });

  it('refuses hosts off the list, including look-alikes and subdomains of a bare entry', () => {
    expect(top('https://www.impots.gouv.fr/')).toEqual({ allowed: false, reason: 'host-not-allowed', host: 'www.impots.gouv.fr' });
    expect(top('https://impots.gouv.fr.evil.com/')).toMatchObject({ allowed: false, host: 'impots.gouv.fr.evil.com' });
    expect(top('https://evilfranceconnect.gouv.fr/')).toMatchObject({ allowed: false, reason: 'host-not-allowed' });
    expect(top('https://impots.gouv.fr@evil.com/')).toMatchObject({ allowed: false, host: 'evil.com' });
  });

  it('refuses plain http, also to a listed host, unless loopback is allowed (tests)', () => {
    expect(top('http://impots.gouv.fr/')).toEqual({ allowed: false, reason: 'not-https', host: 'impots.gouv.fr' });
    expect(top('http://app.localhost:8080/', loopback)).toEqual({ allowed: true });
    expect(top('http://login.idp.localhost:8080/', loopback)).toEqual({ allowed: true });
    expect(top('http://evil.localhost:8080/', loopback)).toMatchObject({ allowed: false, reason: 'host-not-allowed' });
    expect(top('http://app.localhost:8080/', { allow: ['app.localhost'] })).toMatchObject({ allowed: false, reason: 'not-https' });
    // Loopback tolerance is about http on this machine, never about other hosts.
    expect(top('http://impots.gouv.fr/', { ...loopback, allow: ['impots.gouv.fr'] })).toMatchObject({ allowed: false, reason: 'not-https' });
  });

  it('applies the same rule to redirects, sub-frames and popups', () => {
    for (const kind of ['redirect', 'subframe', 'popup'] as const) {
      expect(decideNavigation(policy, { url: 'https://impots.gouv.fr/', kind })).toEqual({ allowed: true });
      expect(decideNavigation(policy, { url: 'https://evil.example/', kind })).toMatchObject({ allowed: false, reason: 'host-not-allowed' });
    }
  });

  it.each([
    ['file:///etc/passwd', 'scheme-refused', 'file:'],
    ['chrome://settings', 'scheme-refused', 'chrome:'],
    ['chrome-extension://abc/page.html', 'scheme-refused', 'chrome-extension:'],
    ['devtools://devtools/bundled/inspector.html', 'scheme-refused', 'devtools:'],
    ['view-source:https://impots.gouv.fr/', 'scheme-refused', 'view-source:'],
    ['filesystem:https://impots.gouv.fr/temporary/x', 'scheme-refused', 'filesystem:'],
    ['about:settings', 'about-url', 'about:'],
    ['javascript:alert(1)', 'javascript-url', 'javascript:'],
    ['data:text/html,<h1>x</h1>', 'data-url', 'data:'],
    ['mailto:contact@impots.gouv.fr', 'external-protocol', 'mailto:'],
    ['tel:+33123456789', 'external-protocol', 'tel:'],
    ['sms:+33123456789', 'external-protocol', 'sms:'],
    ['intent://scan/#Intent;scheme=zxing;end', 'external-protocol', 'intent:'],
    ['ms-settings:privacy', 'external-protocol', 'ms-settings:'],
    ['ms-word:ofe|u|https://x/y.docx', 'external-protocol', 'ms-word:'],
    ['steam://run/1', 'external-protocol', 'steam:'],
    ['not a url', 'invalid-url', ''],
  ])('refuses %s (%s)', (url, reason, host) => {
    expect(top(url)).toEqual({ allowed: false, reason, host });
  });

  it('allows about:blank, and about:srcdoc / data: only inside a page', () => {
    expect(top('about:blank')).toEqual({ allowed: true });
    expect(decideNavigation(policy, { url: 'about:srcdoc', kind: 'subframe' })).toEqual({ allowed: true });
    expect(top('about:srcdoc')).toMatchObject({ allowed: false, reason: 'about-url' });
    expect(decideNavigation(policy, { url: 'data:text/html,x', kind: 'subframe' })).toEqual({ allowed: true });
    expect(decideNavigation(policy, { url: 'data:text/html,x', kind: 'popup' })).toMatchObject({ allowed: false, reason: 'data-url' });
    expect(decideNavigation(policy, { url: 'data:text/html,x', kind: 'redirect' })).toMatchObject({ allowed: false, reason: 'data-url' });
  });

  it('refuses blank popups (their opener could write anything into them)', () => {
    expect(decideNavigation(policy, { url: 'about:blank', kind: 'popup' })).toMatchObject({ allowed: false, reason: 'about-url' });
  });

  it('judges blob: URLs by the origin that created them', () => {
    expect(top('blob:https://impots.gouv.fr/1c2d')).toEqual({ allowed: true });
    expect(top('blob:https://evil.example/1c2d')).toEqual({ allowed: false, reason: 'blob-url', host: 'evil.example' });
    expect(top('blob:null/1c2d')).toMatchObject({ allowed: false, reason: 'blob-url' });
    expect(top('blob:http://app.localhost:1/x', loopback)).toEqual({ allowed: true });
  });

  it('knows which hosts are loopback', () => {
    for (const h of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['localhost.example', '128.0.0.1', 'example.fr', '10.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('gives the origin of allowed web URLs only', () => {
    expect(allowedOrigin(policy, 'https://impots.gouv.fr/a?b')).toBe('https://impots.gouv.fr');
    expect(allowedOrigin(policy, 'https://evil.example/')).toBeNull();
    expect(allowedOrigin(policy, 'data:text/html,x')).toBeNull();
  });
});
