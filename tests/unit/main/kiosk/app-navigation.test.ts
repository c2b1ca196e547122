import { describe, expect, it } from 'vitest';
import { isCabinScreenNavigation } from '../../../../src/main/kiosk/app-navigation';

const screens = 'file:///opt/Cabine/resources/app.asar/out/renderer/index.html';

describe('navigations of the cabin’s own screens', () => {
  it('the screens page itself (a reload, a hash) is allowed', () => {
    expect(isCabinScreenNavigation(screens, screens)).toBe(true);
    expect(isCabinScreenNavigation(screens, `${screens}#/catalog`)).toBe(true);
    expect(isCabinScreenNavigation('http://localhost:5173/', 'http://localhost:5173/#x')).toBe(true);
  });

  it('any other file: URL is refused, though every file: origin is "null"', () => {
    expect(new URL('file:///etc/passwd').origin).toBe(new URL(screens).origin);
    expect(isCabinScreenNavigation(screens, 'file:///etc/passwd')).toBe(false);
    expect(isCabinScreenNavigation(screens, 'file:///opt/Cabine/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(isCabinScreenNavigation(screens, 'file://host/opt/Cabine/resources/app.asar/out/renderer/index.html')).toBe(false);
  });

  it('other origins, schemes and garbage are refused', () => {
    expect(isCabinScreenNavigation(screens, 'https://impots.gouv.fr/')).toBe(false);
    expect(isCabinScreenNavigation('http://localhost:5173/', 'http://localhost:5174/')).toBe(false);
    expect(isCabinScreenNavigation('http://localhost:5173/', 'file:///etc/passwd')).toBe(false);
    expect(isCabinScreenNavigation('about:blank', 'about:blank')).toBe(false);
    expect(isCabinScreenNavigation('data:text/html,a', 'data:text/html,a')).toBe(false);
    expect(isCabinScreenNavigation(screens, 'not a url')).toBe(false);
  });
});
