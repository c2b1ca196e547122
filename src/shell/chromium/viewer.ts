// A way to look at a shell running on a private Xvfb, from a browser on this machine, when x11vnc is
// not installed. It is NOT the X display: it shows what Chromium paints of two pages, the screens page
// and the démarche page, as CDP screencast frames (Page.startScreencast), the démarche's drawn over the
// area the screens leave for it, as the windows are on the display. Clicks, the wheel and keys go back to
// the page under the pointer (Input.dispatchMouseEvent, Input.insertText). Anything outside those two
// pages (a popup's own window, a browser bubble) is not seen here. Served on 127.0.0.1 only, behind a
// random token in the URL; frames are made only while a viewer is connected.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { CDPSession, Page } from 'playwright-core';
import { messageOf } from '../../base/errors';
import type { DemarcheArea } from '../../shared/ipc/contract';
import { wrapCdp } from '../../engine/chromium/page';
import { startScreencast } from '../../engine/screencast';

type Area = NonNullable<DemarcheArea>;

export interface ViewerSources {
  width: number;
  height: number;
  screens: Page;
  /** The démarche's page shown, and where (CSS pixels of the screens page); null when hidden. */
  demarche(): { page: Page; area: Area } | null;
}

export interface Viewer {
  url: string;
  close(): Promise<void>;
}

interface Cast {
  page: Page;
  cdp: CDPSession;
  stop(): Promise<void>;
}

async function startCast(page: Page, width: number, height: number, onFrame: (jpegBase64: string) => void): Promise<Cast> {
  const cdp = await page.context().newCDPSession(page);
  const stop = await startScreencast(wrapCdp(cdp), { maxWidth: width, maxHeight: height }, onFrame);
  return {
    page,
    cdp,
    stop: async () => {
      await stop();
      await cdp.detach().catch(() => undefined);
    },
  };
}

const MODIFIER_KEYS = new Set([
  'Enter',
  'Backspace',
  'Tab',
  'Escape',
  'Delete',
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

export async function startViewer(sources: ViewerSources, log: (message: string) => void = () => {}): Promise<Viewer> {
  const token = randomBytes(12).toString('hex');
  const clients = new Set<ServerResponse>();
  let screensCast: Cast | null = null;
  let demarcheCast: Cast | null = null;
  let lastArea = '';
  let pressed: { page: Page; dx: number; dy: number } | null = null;
  let keysTo: Page = sources.screens;
  const inputSessions = new WeakMap<Page, Promise<CDPSession>>();

  const broadcast = (event: string, data: string) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${data}\n\n`);
  };

  const follow = async () => {
    if (clients.size === 0) {
      await screensCast?.stop();
      await demarcheCast?.stop();
      screensCast = demarcheCast = null;
      lastArea = '';
      return;
    }
    screensCast ??= await startCast(sources.screens, sources.width, sources.height, (d) => broadcast('screens', d));
    const shown = sources.demarche();
    if (demarcheCast && (demarcheCast.page !== shown?.page || demarcheCast.page.isClosed())) {
      await demarcheCast.stop();
      demarcheCast = null;
    }
    if (shown && !demarcheCast) demarcheCast = await startCast(shown.page, sources.width, sources.height, (d) => broadcast('demarche', d)).catch(() => null);
    const area = JSON.stringify(shown ? shown.area : null);
    if (area !== lastArea) {
      lastArea = area;
      broadcast('area', area);
    }
  };
  let following = Promise.resolve();
  const timer = setInterval(() => {
    following = following.then(follow).catch((e: unknown) => log(`viewer: ${messageOf(e)}`));
  }, 200);
  timer.unref();

  /** The page under (x, y) of the display, and the offset of its origin. */
  const target = (x: number, y: number) => {
    const shown = sources.demarche();
    const a = shown?.area;
    if (shown && a && x >= a.x && y >= a.y && x < a.x + a.width && y < a.y + a.height) return { page: shown.page, dx: a.x, dy: a.y };
    return { page: sources.screens, dx: 0, dy: 0 };
  };

  const input = async (m: { t: string; x?: number; y?: number; dy?: number; key?: string; text?: string }) => {
    const x = Math.round(m.x ?? 0);
    const y = Math.round(m.y ?? 0);
    const mouse = async (t: { page: Page; dx: number; dy: number }, params: Record<string, unknown>) => {
      let cdp = inputSessions.get(t.page);
      if (!cdp) {
        cdp = t.page.context().newCDPSession(t.page);
        inputSessions.set(t.page, cdp);
      }
      await (await cdp).send('Input.dispatchMouseEvent', { x: x - t.dx, y: y - t.dy, ...params } as never);
    };
    switch (m.t) {
      case 'down': {
        pressed = target(x, y);
        keysTo = pressed.page;
        return mouse(pressed, { type: 'mousePressed', button: 'left', buttons: 1, clickCount: 1 });
      }
      case 'up': {
        const t = pressed ?? target(x, y);
        pressed = null;
        return mouse(t, { type: 'mouseReleased', button: 'left', buttons: 0, clickCount: 1 });
      }
      case 'move':
        return mouse(pressed ?? target(x, y), { type: 'mouseMoved', button: pressed ? 'left' : 'none', buttons: pressed ? 1 : 0 });
      case 'wheel':
        return mouse(target(x, y), { type: 'mouseWheel', deltaX: 0, deltaY: Math.max(-2000, Math.min(2000, m.dy ?? 0)) });
      case 'text':
        if (typeof m.text === 'string' && m.text.length > 0 && m.text.length <= 256) await keysTo.keyboard.insertText(m.text);
        return undefined;
      case 'key':
        if (typeof m.key === 'string' && MODIFIER_KEYS.has(m.key)) await keysTo.keyboard.press(m.key);
        return undefined;
      default:
        return undefined;
    }
  };

  const page = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(viewerHtml(sources.width, sources.height, token));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.searchParams.get('t') !== token) return void res.writeHead(403).end('This viewer needs the URL the shell printed.');
    if (req.method === 'GET' && url.pathname === '/') return page(res);
    if (req.method === 'GET' && url.pathname === '/frames') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': frames\n\n');
      clients.add(res);
      lastArea = '';
      req.on('close', () => clients.delete(res));
      return undefined;
    }
    if (req.method === 'POST' && url.pathname === '/input') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => {
        body += d;
        if (body.length > 4096) req.destroy();
      });
      req.on('end', () => {
        let message: Parameters<typeof input>[0];
        try {
          message = JSON.parse(body) as Parameters<typeof input>[0];
        } catch (_error) {
          return void res.writeHead(400).end();
        }
        input(message).then(
          () => res.writeHead(204).end(),
          () => res.writeHead(409).end(),
        );
      });
      return undefined;
    }
    return void res.writeHead(404).end();
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/?t=${token}`,
    async close() {
      clearInterval(timer);
      for (const c of clients) c.end();
      clients.clear();
      await following.catch(() => undefined);
      await follow().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function viewerHtml(width: number, height: number, token: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cabine — Chromium shell viewer</title>
<style>
  body { margin: 0; background: #222; color: #eee; font: 13px system-ui, sans-serif; }
  p { margin: 0; padding: 4px 10px; height: 36px; box-sizing: border-box; overflow: hidden; }
  canvas { display: block; max-width: 100vw; max-height: calc(100vh - 36px); margin: 0 auto; background: #000; cursor: pointer; outline: none; }
</style></head><body>
<p>Cabine, Chromium shell — what Chromium paints of the screens page and the démarche page (CDP screencast), composed here as on the display; not the X display itself. Clicks and keys go to the page under the pointer.</p>
<canvas id="c" width="${width}" height="${height}" tabindex="0"></canvas>
<script>
  const q = '?t=${token}';
  const canvas = document.getElementById('c');
  const g = canvas.getContext('2d');
  let screens = null, demarche = null, area = null;
  const draw = () => {
    if (screens) g.drawImage(screens, 0, 0, ${width}, ${height});
    if (demarche && area) g.drawImage(demarche, area.x, area.y, area.width, area.height);
  };
  const load = (data, set) => { const img = new Image(); img.onload = () => { set(img); draw(); }; img.src = 'data:image/jpeg;base64,' + data; };
  const frames = new EventSource('/frames' + q);
  frames.addEventListener('screens', (e) => load(e.data, (i) => (screens = i)));
  frames.addEventListener('demarche', (e) => load(e.data, (i) => (demarche = i)));
  frames.addEventListener('area', (e) => { area = JSON.parse(e.data); if (!area) demarche = null; draw(); });
  const send = (m) => fetch('/input' + q, { method: 'POST', body: JSON.stringify(m) });
  const at = (e) => { const r = canvas.getBoundingClientRect(); return { x: (e.clientX - r.left) * ${width} / r.width, y: (e.clientY - r.top) * ${height} / r.height }; };
  let down = false, lastMove = 0;
  canvas.addEventListener('mousedown', (e) => { if (e.button !== 0) return; down = true; canvas.focus(); send({ t: 'down', ...at(e) }); });
  window.addEventListener('mouseup', (e) => { if (!down) return; down = false; send({ t: 'up', ...at(e) }); });
  canvas.addEventListener('mousemove', (e) => { const now = Date.now(); if (now - lastMove < 50) return; lastMove = now; send({ t: 'move', ...at(e) }); });
  canvas.addEventListener('wheel', (e) => { e.preventDefault(); send({ t: 'wheel', ...at(e), dy: e.deltaY }); }, { passive: false });
  canvas.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    e.preventDefault();
    if (e.key.length === 1) send({ t: 'text', text: e.key });
    else send({ t: 'key', key: e.key });
  });
</script></body></html>`;
}

/** x11vnc on the display, for localhost only; null when x11vnc is not installed. */
export async function startX11vnc(display: string, port: number): Promise<{ command: string; port: number; close(): Promise<void> } | null> {
  if (spawnSync('x11vnc', ['-version'], { stdio: 'ignore', timeout: 5000 }).error) return null;
  const child = spawn('x11vnc', ['-display', display, '-localhost', '-rfbport', String(port), '-forever', '-shared', '-nopw', '-quiet', '-noxdamage'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', () => undefined);
  return {
    command: `vncviewer localhost::${port}`,
    port,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
