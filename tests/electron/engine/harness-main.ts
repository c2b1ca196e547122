// Electron main process of the engine contract suite: a kiosk window and the Electron adapter,
// driven from the test process through Playwright's `electronApp.evaluate` (see remote.ts).
// Bundled to CommonJS by the spec (esbuild), then launched by Playwright's _electron.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, webContents as allWebContents, type WebContents } from 'electron';
import { createElectronEngine } from '../../../src/main/engine/electron-engine';
import { hardenAllWebContents } from '../../../src/main/kiosk/setup-kiosk';
import type { CallNotice, CallSpec, DemarcheSpec, DemarcheView, EngineNotice, EngineSession } from '../../../src/engine/port';
import type { ElectronCallView } from '../../../src/main/engine/electron-call';
import { createBadgeReader } from '../../../src/devices/badge';

interface Harness {
  startSession(args: { sessionId: string; profileDir: string; filesDir: string }): Promise<number[]>;
  open(args: { sessionId: string; spec: DemarcheSpec }): Promise<string>;
  call(args: { viewId: string; method: string; params: unknown[] }): Promise<unknown>;
  drain(): Record<string, EngineNotice[]>;
  pids(sessionId: string): number[];
  countStorageEntries(sessionId: string): Promise<number | null>;
  destroy(sessionId: string): Promise<void>;
  click(args: { viewId: string; selector: string; framePart?: string }): Promise<void>;
  evaluate(args: { viewId: string; expression: string }): Promise<unknown>;
  press(args: { viewId: string; combo: string }): Promise<void>;
  pageCount(viewId: string): number;
  /** Real key events (sendInputEvent), `gapMs` apart: a person typing, or a badge reader's burst. */
  typeKeys(args: { viewId: string; keys: string[]; gapMs: number }): Promise<void>;
  badgesRead(): number;
  fs(args: { op: 'write' | 'list' | 'read' | 'exists'; path: string; data?: number[] }): Promise<unknown>;
  /** The video call (issue 17): opened in a session, its notices, JavaScript in its room's frame, the hang-up. */
  openCall(args: { sessionId: string; spec: CallSpec }): Promise<string>;
  callNotices(callId: string): CallNotice[];
  evaluateInRoom(args: { callId: string; expression: string }): Promise<unknown>;
  hangUp(callId: string): Promise<void>;
}

app.commandLine.appendSwitch('no-sandbox');
// Chromium's test camera and microphone, for the video call's suite (call.spec.ts): this machine may have none.
app.commandLine.appendSwitch('use-fake-device-for-media-stream');
hardenAllWebContents({ development: false });

void app.whenReady().then(() => {
  const win = new BrowserWindow({ width: 1280, height: 800, show: true, webPreferences: { sandbox: true, contextIsolation: true } });
  // A keyboard-wedge badge reader in keystroke mode, held back from the démarche pages as main.ts does.
  const badge = createBadgeReader({ minLength: 6 });
  const holdBack = badge.holdKeystrokes();
  const engine = createElectronEngine({
    window: win,
    bounds: () => ({ x: 0, y: 0, width: 1280, height: 800 }),
    development: false,
    keyFilter: (key, target) => holdBack.offer(key, target),
  });
  const sessions = new Map<string, EngineSession>();
  const views = new Map<string, DemarcheView & { webContents: WebContents }>();
  const notices: Record<string, EngineNotice[]> = {};
  const calls = new Map<string, { view: ElectronCallView; notices: CallNotice[] }>();
  let n = 0;

  const view = (id: string) => {
    const v = views.get(id);
    if (!v) throw new Error(`no view ${id}`);
    return v;
  };
  const frameOf = (contents: WebContents, part?: string) => {
    if (!part) return contents.mainFrame;
    const frame = contents.mainFrame.framesInSubtree.find((f) => f.url.includes(part));
    if (!frame) throw new Error(`no frame with ${part}`);
    return frame;
  };

  const callOf = (id: string) => {
    const c = calls.get(id);
    if (!c) throw new Error(`no call ${id}`);
    return c;
  };

  const harness: Harness = {
    async openCall({ sessionId, spec }) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      const view = (await s.openCall(spec)) as ElectronCallView;
      const id = `c${++n}`;
      const entry = { view, notices: [] as CallNotice[] };
      view.on((notice) => entry.notices.push(notice));
      calls.set(id, entry);
      return id;
    },
    callNotices: (id) => [...callOf(id).notices],
    async evaluateInRoom({ callId, expression }) {
      const contents = callOf(callId).view.view.webContents;
      const room = contents.mainFrame.framesInSubtree.find((f) => f !== contents.mainFrame);
      if (!room) throw new Error('no room frame');
      return room.executeJavaScript(expression, true);
    },
    hangUp: (id) => callOf(id).view.hangUp(),
    async startSession(args) {
      await mkdir(args.filesDir, { recursive: true });
      const s = await engine.startSession({ ...args, allowLoopback: true });
      sessions.set(args.sessionId, s);
      return s.pids();
    },
    async open({ sessionId, spec }) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      const v = (await s.open(spec)) as DemarcheView & { webContents: WebContents };
      const id = `v${++n}`;
      views.set(id, v);
      notices[id] = [];
      v.on((notice) => notices[id]!.push(notice));
      return id;
    },
    async call({ viewId, method, params }) {
      const v = view(viewId) as unknown as Record<string, (...a: unknown[]) => unknown>;
      const result = await v[method]!(...params);
      return result instanceof Uint8Array ? [...result] : result;
    },
    drain() {
      const out: Record<string, EngineNotice[]> = {};
      for (const [id, list] of Object.entries(notices)) out[id] = list.splice(0);
      return out;
    },
    pids: (sessionId) => sessions.get(sessionId)?.pids() ?? [],
    countStorageEntries: async (sessionId) => (await sessions.get(sessionId)?.countStorageEntries()) ?? null,
    async destroy(sessionId) {
      await sessions.get(sessionId)?.destroy();
      sessions.delete(sessionId);
    },
    async click({ viewId, selector, framePart }) {
      const contents = view(viewId).webContents;
      const frame = frameOf(contents, framePart);
      // Where the element is, in the page: frame offset + element box (real input, real activation).
      const box = (await frame.executeJavaScript(`(() => {
        const el = document.querySelector(${JSON.stringify(selector)});
        if (!el) return null;
        el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        let x = r.left + r.width / 2, y = r.top + r.height / 2, w = window;
        while (w !== w.top && w.frameElement) { const f = w.frameElement.getBoundingClientRect(); x += f.left; y += f.top; w = w.parent; }
        return { x, y };
      })()`)) as { x: number; y: number } | null;
      if (!box) throw new Error(`no element ${selector}`);
      const x = Math.round(box.x);
      const y = Math.round(box.y);
      contents.sendInputEvent({ type: 'mouseDown', x, y, button: 'left', clickCount: 1 });
      contents.sendInputEvent({ type: 'mouseUp', x, y, button: 'left', clickCount: 1 });
    },
    evaluate: ({ viewId, expression }) => view(viewId).webContents.executeJavaScript(expression, true),
    async press({ viewId, combo }) {
      const contents = view(viewId).webContents;
      const parts = combo.split('+');
      const key = parts.pop() ?? '';
      const modifiers = parts.map((p) => (p === 'Control' ? 'control' : p.toLowerCase())) as Electron.KeyboardInputEvent['modifiers'];
      const keyCode = key.length === 1 ? key.toUpperCase() : key === 'ArrowLeft' ? 'Left' : key;
      contents.sendInputEvent({ type: 'keyDown', keyCode, modifiers });
      contents.sendInputEvent({ type: 'keyUp', keyCode, modifiers });
    },
    async typeKeys({ viewId, keys, gapMs }) {
      const contents = view(viewId).webContents;
      for (const key of keys) {
        const keyCode = key === 'Enter' ? 'Return' : key;
        contents.sendInputEvent({ type: 'keyDown', keyCode });
        if (key.length === 1) contents.sendInputEvent({ type: 'char', keyCode });
        contents.sendInputEvent({ type: 'keyUp', keyCode });
        await new Promise((r) => setTimeout(r, gapMs));
      }
    },
    badgesRead: () => badge.diagnostics().badgesRead,
    pageCount(viewId) {
      const ses = view(viewId).webContents.session;
      return allWebContents.getAllWebContents().filter((wc) => !wc.isDestroyed() && wc.session === ses && wc.getURL() !== '').length;
    },
    async fs({ op, path: p, data }) {
      if (op === 'write') {
        await mkdir(path.dirname(p), { recursive: true });
        await writeFile(p, new Uint8Array(data ?? []));
        return null;
      }
      if (op === 'list') return (await readdir(p, { recursive: true })).map(String);
      if (op === 'read') return [...(await readFile(p))];
      return stat(p).then(
        () => true,
        () => false,
      );
    },
  };
  (globalThis as unknown as { __cabineEngineHarness: Harness }).__cabineEngineHarness = harness;
});
