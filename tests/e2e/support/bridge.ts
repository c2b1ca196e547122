// The preload API, for a page in Playwright's Chromium: `window.cabine` in the page, a
// CabineHost in the test process. Like main, the bridge checks every message against the IPC
// contract's schemas and drops what does not pass (and records it: a test then fails).
// It works with any CabineHost: the test host over the real machine, or the cabin runtime.
import type { Page } from '@playwright/test';
import { demarcheAreaSchema, keyboardInputSchema, querySchema, uiEventSchema, type CabineHost, type ViewState } from '../../../src/shared/ipc/contract';

export interface Bridge {
  /** Messages the renderer sent that the contract refuses. */
  readonly rejected: { channel: string; message: unknown; error: string }[];
  close(): void;
}

type Encoded = { __bytes: string } | unknown;

const encode = (value: unknown): Encoded => (value instanceof Uint8Array ? { __bytes: Buffer.from(value).toString('base64') } : value);

/**
 * Runs in the page before any of its scripts: what the preload's contextBridge exposes.
 * Plain JavaScript in a string: a function would be serialized after the TypeScript loader's
 * transforms (tsx adds helpers such as __name that do not exist in the page).
 */
const SHIM = `(() => {
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
  });
})();`;

export async function bridgePage(page: Page, host: CabineHost): Promise<Bridge> {
  const rejected: Bridge['rejected'] = [];
  let version = 0;
  const reject = (channel: string, message: unknown, error: unknown) => {
    rejected.push({ channel, message, error: String(error) });
    return null;
  };

  await page.exposeBinding('__cabineCall', async (_source, op: string, arg: unknown) => {
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
      case 'query': {
        const r = querySchema.safeParse(arg);
        if (!r.success) {
          reject('query', arg, r.error);
          throw new Error('refused');
        }
        return encode(await host.query(r.data));
      }
      default:
        return reject(op, arg, 'unknown channel');
    }
  });
  await page.addInitScript({ content: SHIM });

  const push = (state: ViewState) => {
    version++;
    page.evaluate(`window.__cabinePush && window.__cabinePush(${version}, ${JSON.stringify(state)})`).catch(() => {
      // The page is navigating or closed: it asks for the state again when it loads.
    });
  };
  const unsubscribe = host.subscribe(push);
  return {
    rejected,
    close: unsubscribe,
  };
}
