// The Chromium shell's bridge (src/shell/chromium/bridge.ts): what main's IPC does under Electron —
// every message checked against the contract's zod schemas, and only the screens page's top frame,
// on our own origin, may talk. Anything else reaches nothing of the host.
import { describe, expect, it } from 'vitest';
import { createBridgeEndpoint, isFromScreens, sameApp, type CallSource, type SenderCheck } from '../../../../src/shell/chromium/bridge';
import type { CabineHost, ViewState } from '../../../../src/shared/ipc/contract';

const APP = 'http://127.0.0.1:41234/';

function fakeHost() {
  const calls: { op: string; arg: unknown }[] = [];
  const host: CabineHost = {
    send: (event) => void calls.push({ op: 'send', arg: event }),
    subscribe: () => () => {},
    getState: () => ({ path: ['attract'] }) as unknown as ViewState,
    query: async (query) => {
      calls.push({ op: 'query', arg: query });
      return query.kind === 'documentBytes' ? new Uint8Array([1, 2, 3]) : { ok: true };
    },
    keyboard: (input) => void calls.push({ op: 'keyboard', arg: input }),
    setDemarcheArea: (area) => void calls.push({ op: 'area', arg: area }),
    setDemarcheZoom: (factor) => void calls.push({ op: 'zoom', arg: factor }),
    setCallArea: (area) => void calls.push({ op: 'callArea', arg: area }),
  };
  return { host, calls };
}

/** The screens page and its frames, as Playwright's binding `source` names them. */
function pages(url = `${APP}index.html`) {
  const screensFrame = { url };
  const screens = { frame: screensFrame };
  const check: SenderCheck = { page: screens, mainFrame: () => screensFrame, frameUrl: (f) => (f as { url: string }).url, appUrl: APP };
  const fromScreens: CallSource = { page: screens, frame: screensFrame };
  return { screens, screensFrame, check, fromScreens };
}

describe('the bridge refuses what main refuses', () => {
  it('passes a valid message from the screens page to the host', async () => {
    const { host, calls } = fakeHost();
    const { check, fromScreens } = pages();
    const bridge = createBridgeEndpoint(host, check);
    await bridge.call(fromScreens, 'send', { type: 'TOUCH' });
    await bridge.call(fromScreens, 'keyboard', { kind: 'text', text: 'é' });
    await bridge.call(fromScreens, 'area', { x: 0, y: 135, width: 1920, height: 945 });
    await bridge.call(fromScreens, 'area', null);
    await bridge.call(fromScreens, 'callArea', { x: 1400, y: 135, width: 520, height: 400 });
    await bridge.call(fromScreens, 'callArea', null);
    expect(await bridge.call(fromScreens, 'query', { kind: 'documentBytes', documentId: 'abc' })).toEqual({
      __bytes: Buffer.from([1, 2, 3]).toString('base64'),
    });
    expect(calls.map((c) => c.op)).toEqual(['send', 'keyboard', 'area', 'area', 'callArea', 'callArea', 'query']);
    expect(bridge.rejected).toEqual([]);
  });

  it('refuses a message that fails the zod contract: the host never sees it', async () => {
    const { host, calls } = fakeHost();
    const { check, fromScreens } = pages();
    const bridge = createBridgeEndpoint(host, check);
    // A device event the screens may not send, an extra field, a wrong type, an area out of bounds.
    await bridge.call(fromScreens, 'send', { type: 'PRESENCE', occupied: true });
    await bridge.call(fromScreens, 'send', { type: 'TOUCH', extra: 1 });
    await bridge.call(fromScreens, 'keyboard', { kind: 'key', key: 'F12' });
    await bridge.call(fromScreens, 'area', { x: -1, y: 0, width: 10, height: 10 });
    await bridge.call(fromScreens, 'callArea', { x: 0, y: 0, width: 10 });
    await expect(bridge.call(fromScreens, 'query', { kind: 'readFile', path: '/etc/passwd' })).rejects.toThrow('refused');
    await bridge.call(fromScreens, 'eval', 'process.exit()');
    expect(calls).toEqual([]);
    expect(bridge.rejected.map((r) => r.channel)).toEqual(['event', 'event', 'keyboard', 'demarcheArea', 'callArea', 'query', 'eval']);
  });

  it('refuses a message from another page, a sub-frame, or the screens page gone elsewhere', async () => {
    const { host, calls } = fakeHost();
    const { screens, screensFrame, check } = pages();
    const bridge = createBridgeEndpoint(host, check);
    const other = { frame: { url: APP } };
    const subFrame = { url: `${APP}index.html` };
    await expect(bridge.call({ page: other, frame: other.frame }, 'send', { type: 'TOUCH' })).rejects.toThrow('refused');
    await expect(bridge.call({ page: screens, frame: subFrame }, 'send', { type: 'TOUCH' })).rejects.toThrow('refused');
    await expect(bridge.call({ page: other, frame: other.frame }, 'state', undefined)).rejects.toThrow('refused');
    screensFrame.url = 'https://www.impots.gouv.fr/';
    await expect(bridge.call({ page: screens, frame: screensFrame }, 'query', { kind: 'state' })).rejects.toThrow('refused');
    expect(calls).toEqual([]);
    expect(bridge.rejected.map((r) => r.error)).toEqual(Array(4).fill('not from the screens page'));
  });
});

describe('who is the screens page', () => {
  it('our origin only (a file: page: the same file)', () => {
    expect(sameApp('http://127.0.0.1:41234/index.html#x', APP)).toBe(true);
    expect(sameApp('http://127.0.0.1:41235/', APP)).toBe(false);
    expect(sameApp('http://localhost:41234/', APP)).toBe(false);
    expect(sameApp(null, APP)).toBe(false);
    expect(sameApp('not a url', APP)).toBe(false);
    expect(sameApp('file:///opt/cabine/out/renderer/index.html', 'file:///opt/cabine/out/renderer/index.html')).toBe(true);
    expect(sameApp('file:///tmp/evil.html', 'file:///opt/cabine/out/renderer/index.html')).toBe(false);
  });

  it('its page and top frame; any URL of them when no app URL is given', () => {
    const { screens, screensFrame, check } = pages('http://127.0.0.1:9/');
    expect(isFromScreens({ page: screens, frame: screensFrame }, { ...check, appUrl: undefined })).toBe(true);
    expect(isFromScreens({ page: screens, frame: screensFrame }, check)).toBe(false);
    expect(isFromScreens({ page: {}, frame: screensFrame }, { ...check, appUrl: undefined })).toBe(false);
  });
});

describe('the démarche’s zoom through the bridge', () => {
  it('passes a text size’s zoom to the host, refuses what is not a zoom (issue 15)', async () => {
    const { host, calls } = fakeHost();
    const { check, fromScreens } = pages();
    const bridge = createBridgeEndpoint(host, check);
    await bridge.call(fromScreens, 'zoom', 1.5);
    await bridge.call(fromScreens, 'zoom', 1);
    for (const bad of [0, 4, '1.5', null, Number.NaN, Number.POSITIVE_INFINITY]) await bridge.call(fromScreens, 'zoom', bad);
    expect(calls).toEqual([
      { op: 'zoom', arg: 1.5 },
      { op: 'zoom', arg: 1 },
    ]);
    expect(bridge.rejected.map((r) => r.channel)).toEqual(Array(6).fill('demarcheZoom'));
  });
});
