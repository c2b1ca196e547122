// The démarche's zoom on the Chromium adapter as the Chromium shell shows it: a headed Chromium on a private Xvfb,
// its window filling the screen, no Playwright viewport. Zoomed, the page fills the same pixels of the screen, drawn
// `factor` times bigger (read back from the X server), and a real X click (XTest, as a touch screen's) at a pixel
// lands on what the zoomed layout put there. What the zoom does to the page (reflow, other hosts, popups, back to
// 100 %) is in the engine contract (contract/cases.ts), on both adapters.
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumView } from '../../src/engine/chromium/engine';
import { openDisplay, type ShellDisplay } from '../../src/shell/chromium/display';
import { FIXTURE_ALLOW } from '../fixtures/escape/server';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';
import { until } from './contract/harness';

const require = createRequire(import.meta.url);

/** A screenshot's pixels (8-bit RGB or RGBA, not interlaced: what Chromium writes). */
function decodePng(png: Buffer): { width: number; height: number; rgb(x: number, y: number): [number, number, number] } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const channels = png[25] === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? out[y * stride + i - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!;
      out[y * stride + i] = (x + predicted) & 0xff;
    }
  }
  return { width, height, rgb: (x, y) => [out[y * stride + x * channels]!, out[y * stride + x * channels + 1]!, out[y * stride + x * channels + 2]!] };
}

const BLUE = '0,0,255';
const SCREEN = { width: 1280, height: 800 };

interface XTest {
  FakeInput(type: number, detail: number, time: number, window: number, x: number, y: number): void;
  MotionNotify: number;
  ButtonPress: number;
  ButtonRelease: number;
}

/** A left click at a pixel of the screen, through the X server's input (XTest), as the touch screen's driver does. */
async function xClicker(display: string): Promise<{ click(x: number, y: number): void; close(): void }> {
  const x11 = require('x11') as {
    createClient(o: { display: string }, cb: (err: unknown, d: { client: XClient; screen: { root: number }[] }) => void): unknown;
  };
  type XClient = { require(name: 'xtest', cb: (err: unknown, t: XTest) => void): void; terminate(): void };
  const d = await new Promise<{ client: XClient; screen: { root: number }[] }>((resolve, reject) =>
    x11.createClient({ display }, (err, connected) => (err ? reject(err) : resolve(connected))),
  );
  const test = await new Promise<XTest>((resolve, reject) => d.client.require('xtest', (err, t) => (err ? reject(err) : resolve(t))));
  const root = d.screen[0]!.root;
  return {
    click(x, y) {
      test.FakeInput(test.MotionNotify, 0, 0, root, x, y);
      test.FakeInput(test.ButtonPress, 1, 0, root, 0, 0);
      test.FakeInput(test.ButtonRelease, 1, 0, root, 0, 0);
    },
    close: () => d.client.terminate(),
  };
}

describe('démarche zoom — Chromium adapter, headed, in screen pixels', () => {
  let display: ShellDisplay;
  let harness: ChromiumHarness;

  beforeAll(async () => {
    display = await openDisplay({ size: SCREEN });
    harness = await createChromiumHarness({
      headless: false,
      viewport: null,
      env: { DISPLAY: display.name },
      extraArgs: ['--kiosk', '--window-position=0,0', `--window-size=${SCREEN.width},${SCREEN.height}`],
    });
  }, 30_000);
  afterAll(async () => {
    await harness?.dispose();
    await display?.stop();
  });

  it('at 150 % the page fills the screen drawn 1.5 times bigger, and a real click lands on what is drawn there', async () => {
    const { session } = await harness.newSession();
    const view = (await session.open({
      id: 'zoom',
      startUrl: harness.fixtures.url('app.localhost', '/zoom.html'),
      allow: FIXTURE_ALLOW,
      permissions: [],
    })) as ChromiumView;
    await until(async () => (await view.page.evaluate(() => document.readyState)) === 'complete', 'loaded');
    const page = await view.page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
    // The window fills the screen (Chromium may leave it a pixel short).
    expect(page.width).toBeGreaterThan(SCREEN.width - 4);
    expect(page.height).toBeGreaterThan(SCREEN.height - 4);
    const screen = async () => decodePng(await display.screen.capture());
    const pressed = () => view.page.evaluate(() => document.getElementById('pressed')!.textContent);
    const clicker = await xClicker(display.name);
    try {
      // At 100 %: the button (500, 300)–(620, 340) is drawn there; (900, 495) is beside it, and a click there does nothing.
      await until(async () => (await screen()).rgb(505, 305).join() === BLUE, 'the page drawn');
      clicker.click(900, 495);
      await new Promise((r) => setTimeout(r, 300));
      expect(await pressed()).toBe('non');

      await view.setZoom(1.5);
      // The same box of the layout, drawn at (750, 450)–(930, 510) on the screen.
      await until(async () => (await screen()).rgb(905, 495).join() === BLUE, 'the zoomed page drawn');
      const zoomed = await screen();
      expect(zoomed.rgb(755, 455).join()).toBe(BLUE);
      expect(zoomed.rgb(925, 505).join()).toBe(BLUE);
      expect(zoomed.rgb(745, 445).join()).not.toBe(BLUE);
      expect(zoomed.rgb(935, 515).join()).not.toBe(BLUE);
      // Where the button is drawn now is where a touch presses it.
      clicker.click(900, 495);
      await until(async () => (await pressed()) === 'oui', 'the button pressed by a click where it is drawn');
    } finally {
      clicker.close();
    }
    await view.setZoom(1);
    await until(async () => (await screen()).rgb(505, 305).join() === BLUE, 'back to 100 %');
    await session.destroy();
  });
});
