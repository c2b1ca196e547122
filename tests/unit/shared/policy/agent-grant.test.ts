// Which blocked host the agent's panel may open for a session (issue 15): one exact DNS name, never a scheme the
// blocked screen names instead (file:, chrome:, mailto:), an IP address, a pattern or this machine.
import { describe, expect, it } from 'vitest';
import { grantableHost } from '../../../../src/shared/policy/agent-grant';

describe('grantableHost', () => {
  it('accepts an exact host name, normalized', () => {
    expect(grantableHost('www.legifrance.gouv.fr')).toBe('www.legifrance.gouv.fr');
    expect(grantableHost('WWW.Legifrance.GOUV.fr.')).toBe('www.legifrance.gouv.fr');
    expect(grantableHost('xn--mairie-saint-tienne-bzb.fr')).toBe('xn--mairie-saint-tienne-bzb.fr');
    expect(grantableHost('example.xn--p1ai')).toBe('example.xn--p1ai');
  });

  it.each([
    ['file:'],
    ['chrome:'],
    ['chrome-extension:'],
    ['mailto:'],
    ['javascript:'],
    ['data:'],
    ['about:'],
    [''],
    ['*.gouv.fr'],
    ['gouv'],
    ['192.168.1.10'],
    ['10.0.0.1'],
    ['[::1]'],
    ['::1'],
    ['localhost'],
    ['app.localhost'],
    ['exa mple.fr'],
    ['example.fr/path'],
    ['user@example.fr'],
    ['example.fr:8443'],
    ['-bad.example.fr'],
    ['a'.repeat(64) + '.fr'],
  ])('refuses %j', (host) => {
    expect(grantableHost(host)).toBeNull();
  });

  it('refuses what is not a string, and loopback names unless the engine runs in a test', () => {
    expect(grantableHost(null)).toBeNull();
    expect(grantableHost(undefined)).toBeNull();
    expect(grantableHost('granted.localhost', { allowLoopback: true })).toBe('granted.localhost');
    expect(grantableHost('127.0.0.1', { allowLoopback: true })).toBeNull();
  });
});
