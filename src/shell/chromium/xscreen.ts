// The X screen the shell shows on, through the `x11` package (a pure JavaScript X client, as the escape
// audit's grab probe uses): its size; what it shows as a PNG (the smoke's screenshots: the screens and the
// démarche's window as X composes them, not two page captures glued together); its top-level windows.
// With no window manager, X stacks a window that Chromium activates (a touch on it) above the others: the
// screens' window, touched, would cover the démarche's. keepAtBottom puts it back under at once.
import { createRequire } from 'node:module';
import { pngFile } from '../../base/node/png';

const require = createRequire(import.meta.url);

/** The few requests of the `x11` package used here (it ships no types). */
interface XGeometry {
  xPos: number;
  yPos: number;
  width: number;
  height: number;
}
interface XClient {
  QueryTree(window: number, cb: (err: unknown, tree: { children: number[] }) => void): void;
  GetGeometry(window: number, cb: (err: unknown, geometry: XGeometry) => void): void;
  GetWindowAttributes(window: number, cb: (err: unknown, attributes: { mapState: number }) => void): void;
  ConfigureWindow(window: number, values: { x?: number; y?: number; width?: number; height?: number }): void;
  LowerWindow(window: number): void;
  ChangeWindowAttributes(window: number, values: { eventMask: number }): void;
  InternAtom(onlyIfExists: boolean, name: string, cb: (err: unknown, atom: number) => void): void;
  GetProperty(
    del: number,
    window: number,
    name: number,
    type: number,
    offset: number,
    length: number,
    cb: (err: unknown, prop: { data: Buffer }) => void,
  ): void;
  on(event: 'event', listener: (ev: { type: number }) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  GetImage(
    format: number,
    drawable: number,
    x: number,
    y: number,
    width: number,
    height: number,
    planeMask: number,
    cb: (err: unknown, image: { depth: number; data: Buffer }) => void,
  ): void;
  terminate?(): void;
  close?(): void;
}
interface XScreen {
  root: number;
  pixel_width: number;
  pixel_height: number;
}
interface XDisplay {
  client: XClient;
  screen: XScreen[];
}
interface X11Module {
  createClient(options: { display: string }, cb: (err: unknown, display: XDisplay) => void): { on(event: 'error', listener: (e: unknown) => void): void };
}

export interface TopLevel {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
  mapped: boolean;
}

export interface XScreenHandle {
  width: number;
  height: number;
  /** The whole screen as a PNG (RGB). */
  capture(): Promise<Buffer>;
  /** The root's children, bottom of the stack first. */
  topLevels(): Promise<TopLevel[]>;
  /** Moves and sizes a window (what Chromium asks for is not always what it gets: see screens.ts). */
  configure(window: number, geometry: { x: number; y: number; width: number; height: number }): void;
  /** Whether a window manager runs on the display (EWMH's _NET_SUPPORTING_WM_CHECK on the root). */
  windowManager(): Promise<boolean>;
  /** Keeps `window` under every other window from now on; returns the way to stop. */
  keepAtBottom(window: number): () => void;
  close(): void;
}

/** SubstructureNotify: the root's children created, mapped, moved, restacked. */
const SUBSTRUCTURE_NOTIFY = 0x00080000;

export async function openXScreen(display: string, timeoutMs = 5000): Promise<XScreenHandle> {
  const x11 = require('x11') as X11Module;
  const d = await new Promise<XDisplay>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`X display ${display} did not answer`)), timeoutMs);
    const emitter = x11.createClient({ display }, (err, connected) => {
      clearTimeout(timer);
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(connected);
    });
    emitter.on('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
  const screen = d.screen[0]!;
  const width = screen.pixel_width;
  const height = screen.pixel_height;
  const X = d.client;
  // An error of a request without a callback (a window gone meanwhile) must not end the process.
  X.on('error', () => undefined);
  const call = <T>(ask: (cb: (err: unknown, value: T) => void) => void) =>
    new Promise<T>((resolve, reject) => ask((err, value) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(value))));
  const topLevels = async (): Promise<TopLevel[]> => {
    const tree = await call<{ children: number[] }>((cb) => X.QueryTree(screen.root, cb));
    const windows = await Promise.all(
      tree.children.map(async (id) => {
        try {
          const [g, a] = await Promise.all([call<XGeometry>((cb) => X.GetGeometry(id, cb)), call<{ mapState: number }>((cb) => X.GetWindowAttributes(id, cb))]);
          return { id, x: g.xPos, y: g.yPos, width: g.width, height: g.height, mapped: a.mapState === 2 };
        } catch (_error) {
          return null; // gone meanwhile
        }
      }),
    );
    return windows.filter((w): w is TopLevel => w !== null);
  };
  let watching = false;
  const bottoms = new Set<number>();
  let checking: Promise<void> | null = null;
  let again = false;
  const check = () => {
    if (checking) {
      again = true;
      return;
    }
    checking = (async () => {
      do {
        again = false;
        const tree = await call<{ children: number[] }>((cb) => X.QueryTree(screen.root, cb)).catch(() => null);
        if (!tree) break;
        for (const w of bottoms) if (tree.children.indexOf(w) > 0) X.LowerWindow(w);
      } while (again);
    })().finally(() => (checking = null));
  };
  return {
    width,
    height,
    capture: () =>
      new Promise((resolve, reject) => {
        // ZPixmap (2): 32 bits a pixel, B G R x on a 24-bit TrueColor screen (Xvfb's, and the usual one).
        d.client.GetImage(2, screen.root, 0, 0, width, height, 0xffffffff, (err, image) => {
          if (err) return reject(err instanceof Error ? err : new Error(String(err)));
          if (image.data.length < width * height * 4) return reject(new Error(`unexpected X image (depth ${image.depth})`));
          resolve(encodePng(width, height, image.data));
        });
      }),
    topLevels,
    async windowManager() {
      const atom = await call<number>((cb) => X.InternAtom(true, '_NET_SUPPORTING_WM_CHECK', cb)).catch(() => 0);
      if (!atom) return false;
      const prop = await call<{ data: Buffer }>((cb) => X.GetProperty(0, screen.root, atom, 0, 0, 1, cb)).catch(() => null);
      return !!prop && prop.data.length > 0;
    },
    configure(window, geometry) {
      X.ConfigureWindow(window, geometry);
    },
    keepAtBottom(window) {
      bottoms.add(window);
      if (!watching) {
        watching = true;
        X.ChangeWindowAttributes(screen.root, { eventMask: SUBSTRUCTURE_NOTIFY });
        X.on('event', () => check());
      }
      check();
      return () => bottoms.delete(window);
    },
    close() {
      bottoms.clear();
      d.client.terminate?.();
      d.client.close?.();
    },
  };
}

/** An RGB PNG from X's B G R x pixels. */
export function encodePng(width: number, height: number, bgrx: Buffer): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    let s = y * width * 4;
    let d = y * stride + 1;
    for (let x = 0; x < width; x++, s += 4, d += 3) {
      raw[d] = bgrx[s + 2]!;
      raw[d + 1] = bgrx[s + 1]!;
      raw[d + 2] = bgrx[s]!;
    }
  }
  return pngFile(width, height, 2, raw, 3);
}
