// The preload API for the screens page in Chromium: `window.cabine` in the page, the CabineHost
// (the cabin runtime) here. What src/main/ipc.ts does under Electron, through a Playwright binding
// that only the screens page receives (the démarche runs in another browser, which has none):
//   - every message is checked against the IPC contract's zod schemas (src/shared/ipc/contract.ts),
//     and dropped when it does not pass;
//   - every message must come from the screens page, its top frame, showing our own origin; a
//     sub-frame, another page or a navigation elsewhere is refused.
// Refused messages are counted in `rejected` (the e2e suites fail on any) and never answered with details.
// The e2e suites use this same bridge (tests/e2e/support/bridge.ts re-exports it).
import type { Frame, Page } from 'playwright-core';
import {
  callAreaSchema,
  demarcheAreaSchema,
  keyboardInputSchema,
  querySchema,
  uiEventSchema,
  type CabineHost,
  type ViewState,
} from '../../shared/ipc/contract';
import { demarcheZoomSchema } from '../../shared/policy/zoom';

export interface Rejection {
  channel: string;
  message: unknown;
  error: string;
}

export interface Bridge {
  /** Messages refused: not valid for the contract, or not from the screens page. */
  readonly rejected: Rejection[];
  close(): void;
}

/** Who called the binding: Playwright's `source` (the page and the frame the call came from). */
export interface CallSource {
  page: unknown;
  frame: unknown;
}

export interface SenderCheck {
  /** The screens page: the only page whose messages are taken. */
  page: unknown;
  /** Its top frame, at the time of the call. */
  mainFrame(): unknown;
  /** The URL of the calling frame. */
  frameUrl(frame: unknown): string | null;
  /** Our page's URL; only its origin may talk. Absent: any URL of the screens page's top frame. */
  appUrl?: string;
}

/** Same origin as our page (a file: URL: the same file). */
export function sameApp(url: string | null, appUrl: string): boolean {
  if (!url) return false;
  try {
    const got = new URL(url);
    const want = new URL(appUrl);
    if (want.protocol === 'file:') return got.protocol === 'file:' && got.pathname === want.pathname;
    return got.origin === want.origin;
  } catch (_error) {
    return false;
  }
}

/** The screens page, its top frame, our origin. */
export function isFromScreens(source: CallSource, check: SenderCheck): boolean {
  if (source.page !== check.page || source.frame !== check.mainFrame()) return false;
  return check.appUrl === undefined ? true : sameApp(check.frameUrl(source.frame), check.appUrl);
}

type Encoded = { __bytes: string } | unknown;

const encode = (value: unknown): Encoded => (value instanceof Uint8Array ? { __bytes: Buffer.from(value).toString('base64') } : value);

export interface BridgeEndpoint {
  readonly rejected: Rejection[];
  /** The binding's handler: one call of `window.__cabineCall(op, arg)`. */
  call(source: CallSource, op: unknown, arg: unknown): Promise<unknown>;
  /** Counts the state pushes, so that the page keeps the newest of a push and an answer. */
  nextVersion(): number;
}

/**
 * The checks and the dispatch, without Playwright (tests/unit/shell/chromium/bridge.test.ts): the sender first,
 * then the contract's schema of the channel; only then the host is called.
 */
export function createBridgeEndpoint(host: CabineHost, sender: SenderCheck, log: (message: string) => void = () => {}): BridgeEndpoint {
  const rejected: Rejection[] = [];
  let version = 0;
  const reject = (channel: string, message: unknown, error: unknown) => {
    rejected.push({ channel, message, error: String(error) });
    log(`bridge: ${channel} message refused (${error instanceof Error ? 'not valid for the contract' : String(error)})`);
    return null;
  };
  return {
    rejected,
    nextVersion: () => ++version,
    async call(source, op, arg) {
      const channel = typeof op === 'string' ? op : 'unknown';
      if (!isFromScreens(source, sender)) {
        reject(channel, arg, 'not from the screens page');
        throw new Error('refused');
      }
      switch (op) {
        case 'state':
          return [version, host.getState()];
        case 'send': {
          const r = uiEventSchema.safeParse(arg);
          return r.success ? host.send(r.data) : reject('event', arg, r.error);
        }
        case 'keyboard': {
          const r = keyboardInputSchema.safeParse(arg);
          return r.success ? host.keyboard(r.data) : reject('keyboard', arg, r.error);
        }
        case 'area': {
          const r = demarcheAreaSchema.safeParse(arg);
          return r.success ? host.setDemarcheArea(r.data) : reject('demarcheArea', arg, r.error);
        }
        case 'callArea': {
          const r = callAreaSchema.safeParse(arg);
          return r.success ? host.setCallArea(r.data) : reject('callArea', arg, r.error);
        }
        case 'zoom': {
          const r = demarcheZoomSchema.safeParse(arg);
          return r.success ? host.setDemarcheZoom(r.data) : reject('demarcheZoom', arg, r.error);
        }
        case 'query': {
          const r = querySchema.safeParse(arg);
          if (!r.success) {
            reject('query', arg, r.error);
            throw new Error('refused');
          }
          return encode(await host.query(r.data));
        }
        default:
          return reject(channel, arg, 'unknown channel');
      }
    },
  };
}

/**
 * Runs in the page before any of its scripts: what the preload's contextBridge exposes, in the top
 * frame only. Plain JavaScript in a string: a function would be serialized after the TypeScript
 * loader's transforms (tsx adds helpers such as __name that do not exist in the page).
 */
const SHIM = `(() => {
  if (window !== window.top) return;
  let latest = null;
  let version = -1;
  const listeners = new Set();
  window.__cabinePush = (v, state) => {
    if (v <= version) return;
    version = v;
    latest = state;
    for (const l of listeners) l(state);
  };
  const decode = (value) => {
    if (value && typeof value === 'object' && '__bytes' in value) {
      const bin = atob(value.__bytes);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return bytes;
    }
    return value;
  };
  const call = (op, arg) => window.__cabineCall(op, arg);
  window.cabine = Object.freeze({
    send: (event) => void call('send', event),
    onState(listener) {
      listeners.add(listener);
      if (latest) listener(latest);
      void call('state').then(([v, s]) => window.__cabinePush(v, s));
      return () => listeners.delete(listener);
    },
    query: async (q) => decode(await call('query', q)),
    keyboard: (input) => void call('keyboard', input),
    setDemarcheArea: (area) => void call('area', area),
    setDemarcheZoom: (factor) => void call('zoom', factor),
    setCallArea: (area) => void call('callArea', area),
  });
})();`;

export interface BridgeOptions {
  /** Our page's URL (the served renderer): only its origin may talk, and only it gets the states. */
  appUrl?: string;
  log?: (message: string) => void;
}

/** Gives the screens page `window.cabine`, served by `host`. Call before the page loads. */
export async function bridgePage(page: Page, host: CabineHost, options: BridgeOptions = {}): Promise<Bridge> {
  const endpoint = createBridgeEndpoint(
    host,
    { page, mainFrame: () => page.mainFrame(), frameUrl: (frame) => (frame as Frame).url(), appUrl: options.appUrl },
    options.log,
  );
  // On the page, not its context: no other page (nor the démarche, in its own browser) has it.
  await page.exposeBinding('__cabineCall', (source, op: unknown, arg: unknown) => endpoint.call(source, op, arg));
  await page.addInitScript({ content: SHIM });

  const push = (state: ViewState) => {
    const version = endpoint.nextVersion();
    // Only to our page: a top frame that went elsewhere gets nothing.
    if (options.appUrl !== undefined && !sameApp(page.url(), options.appUrl)) return;
    page.evaluate(`window.__cabinePush && window.__cabinePush(${version}, ${JSON.stringify(state)})`).catch(() => {
      // The page is navigating or closed: it asks for the state again when it loads.
    });
  };
  const unsubscribe = host.subscribe(push);
  return { rejected: endpoint.rejected, close: unsubscribe };
}
