// Who holds the pointer or the keyboard of the audit's X server. X11 has no request that lists grabs, but a client
// that asks for one learns whether another client holds it: GrabPointer/GrabKeyboard answer AlreadyGrabbed (1) or
// Frozen (4). The probe takes each grab for the length of one round trip and gives it back at once; the audit's own
// input goes through CDP, not X, so the browser loses nothing it is owed. Measured on Chromium 156 under Xvfb:
// EyeDropper's magnifier holds the pointer (AlreadyGrabbed) for as long as it is open; nothing else of the fixture
// site does.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The few requests of the `x11` package used here (it ships no types). */
interface XClient {
  GrabPointer(
    wid: number,
    ownerEvents: boolean,
    mask: number,
    pointerMode: number,
    keybMode: number,
    confineTo: number,
    cursor: number,
    time: number,
    cb: (err: unknown, status: number) => void,
  ): void;
  UngrabPointer(time: number): void;
  GrabKeyboard(wid: number, ownerEvents: boolean, time: number, pointerMode: number, keybMode: number, cb: (err: unknown, status: number) => void): void;
  UngrabKeyboard(time: number): void;
  terminate?(): void;
}
interface XDisplay {
  client: XClient;
  screen: { root: number }[];
}
interface X11Module {
  createClient(options: { display: string }, cb: (err: unknown, display: XDisplay) => void): { on(event: 'error', listener: (e: unknown) => void): void };
}

const GRAB_ASYNC = 1;
const SUCCESS = 0;
const HELD_BY_ANOTHER = new Set([1 /* AlreadyGrabbed */, 4 /* Frozen */]);

export interface GrabState {
  pointer: boolean;
  keyboard: boolean;
}

export interface GrabProbe {
  /** Whether another client holds the pointer, the keyboard; null when the server no longer answers. */
  probe(): Promise<GrabState | null>;
  close(): void;
}

export async function openGrabProbe(display: string): Promise<GrabProbe | null> {
  let x11: X11Module;
  try {
    x11 = require('x11') as X11Module;
  } catch {
    return null;
  }
  const connected = await new Promise<XDisplay | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 5000);
    try {
      const emitter = x11.createClient({ display }, (err, d) => {
        clearTimeout(timer);
        resolve(err ? null : d);
      });
      emitter.on('error', () => resolve(null));
    } catch {
      clearTimeout(timer);
      resolve(null);
    }
  });
  if (!connected) return null;
  const X = connected.client;
  const root = connected.screen[0]!.root;
  let closed = false;
  const ask = (grab: (cb: (err: unknown, status: number) => void) => void, release: () => void) =>
    new Promise<boolean | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 2000);
      grab((err, status) => {
        clearTimeout(timer);
        if (err) return resolve(null);
        if (status === SUCCESS) release();
        resolve(HELD_BY_ANOTHER.has(status));
      });
    });
  return {
    async probe() {
      if (closed) return null;
      const pointer = await ask(
        (cb) => X.GrabPointer(root, false, 0, GRAB_ASYNC, GRAB_ASYNC, 0, 0, 0, cb),
        () => X.UngrabPointer(0),
      );
      const keyboard = await ask(
        (cb) => X.GrabKeyboard(root, false, 0, GRAB_ASYNC, GRAB_ASYNC, cb),
        () => X.UngrabKeyboard(0),
      );
      return pointer === null || keyboard === null ? null : { pointer, keyboard };
    },
    close() {
      closed = true;
      try {
        X.terminate?.();
      } catch {
        // already gone with the server
      }
    },
  };
}
