// Main's IPC gate: only our page, in the kiosk window's top frame, with a valid message.
import { describe, expect, it } from 'vitest';
import { isTrustedSender, parseIncoming } from '../../../src/main/ipc-guard';

const trusted = { webContentsId: 1, appUrl: 'file:///opt/Cabine/resources/app.asar/out/renderer/index.html' };

describe('isTrustedSender', () => {
  it('accepts our page in the top frame', () => {
    expect(
      isTrustedSender({ webContentsId: 1, frameUrl: 'file:///opt/Cabine/resources/app.asar/out/renderer/index.html#/x', isMainFrame: true }, trusted),
    ).toBe(true);
  });

  it('refuses another webContents (the démarche view), a sub-frame, another file, another origin, a gone frame', () => {
    const base = { webContentsId: 1, frameUrl: 'file:///opt/Cabine/resources/app.asar/out/renderer/index.html', isMainFrame: true };
    expect(isTrustedSender({ ...base, webContentsId: 2 }, trusted)).toBe(false);
    expect(isTrustedSender({ ...base, isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSender({ ...base, frameUrl: 'file:///tmp/evil.html' }, trusted)).toBe(false);
    expect(isTrustedSender({ ...base, frameUrl: 'https://www.impots.gouv.fr/' }, trusted)).toBe(false);
    expect(isTrustedSender({ ...base, frameUrl: null }, trusted)).toBe(false);
    expect(isTrustedSender({ ...base, frameUrl: 'not a url' }, trusted)).toBe(false);
  });

  it('in development, accepts the dev server origin only', () => {
    const dev = { webContentsId: 1, appUrl: 'http://localhost:5173/' };
    expect(isTrustedSender({ webContentsId: 1, frameUrl: 'http://localhost:5173/index.html', isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ webContentsId: 1, frameUrl: 'http://localhost:5174/', isMainFrame: true }, dev)).toBe(false);
  });
});

describe('parseIncoming', () => {
  it('passes valid messages and drops the rest', () => {
    expect(parseIncoming('event', { type: 'TOUCH' })).toEqual({ type: 'TOUCH' });
    expect(parseIncoming('event', { type: 'PRESENCE', occupied: true })).toBeNull();
    expect(parseIncoming('query', { kind: 'state' })).toEqual({ kind: 'state' });
    expect(parseIncoming('query', { kind: 'readFile', path: '/etc/passwd' })).toBeNull();
    expect(parseIncoming('keyboard', { kind: 'text', text: 'é' })).toEqual({ kind: 'text', text: 'é' });
    expect(parseIncoming('demarcheArea', { x: 0, y: 0, width: 10, height: 10 })).toEqual({ x: 0, y: 0, width: 10, height: 10 });
    // The démarche's zoom: a text size's factor, nothing else (issue 15).
    expect(parseIncoming('demarcheZoom', 1.75)).toBe(1.75);
    for (const bad of [0, 0.4, 3.5, '1.5', null, Number.NaN, Number.POSITIVE_INFINITY]) expect(parseIncoming('demarcheZoom', bad)).toBeNull();
  });
});
