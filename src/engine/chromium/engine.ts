// The Chromium adapter of the engine port: Debian's Chromium driven through Playwright and CDP,
// one browser process tree and one fresh profile directory per resident session. Used by the
// tests and the audits; it applies the same policies and the same CDP code (src/engine) as the
// Electron adapter the cabin runs.
//
// Where each escape is stopped here (see docs/escape-audit.md for the whole list):
//   - every document request of the browser (top frame, sub-frames, redirect hops, popups) is
//     paused by a browser-wide Fetch interception and judged by the allow-list before it leaves;
//   - new windows and tabs that do not load an allowed page are closed;
//   - external protocols reach stand-in openers that launch nothing (external-open.ts);
//   - downloads, file choosers, print, dialogs, shortcuts: the shared code of src/engine.
//
// One concern per file, the way Playwright splits its Chromium server (server/chromium/cr*.ts):
//   launch.ts       the options, the profile, the environment and the persistent context;
//   session.ts      one resident session: start, its pages and frames guarded, downloads, destroy, pids;
//   targets.ts      the browser's windows and tabs: ours, or new ones judged and closed;
//   network.ts      the Fetch interception: documents, response headers, login challenges;
//   permissions.ts  denied by default, granted per allowed origin;
//   page.ts         a Playwright page as the shared view's EnginePage, and ChromiumView;
//   profile.ts, external-open.ts  the fresh profile and the stand-in openers.
import type { DemarcheEngine, EngineSessionOptions } from '../port';
import { createOpenerShims } from './external-open';
import type { ChromiumEngineOptions } from './launch';
import { ChromiumEngineSession } from './session';

export type { ChromiumEngineOptions } from './launch';
export { ChromiumView } from './page';
export { ChromiumEngineSession } from './session';

export interface ChromiumEngine extends DemarcheEngine {
  readonly name: 'chromium';
  startSession(options: EngineSessionOptions): Promise<ChromiumEngineSession>;
}

export function createChromiumEngine(options: ChromiumEngineOptions = {}): ChromiumEngine {
  const sessions = new Set<ChromiumEngineSession>();
  let shims: Promise<{ dir: string; remove(): Promise<void> }> | null = null;
  return {
    name: 'chromium',
    async startSession(sessionOptions) {
      shims ??= createOpenerShims(options.openerShimParent);
      const session = new ChromiumEngineSession(sessionOptions, options, (await shims).dir);
      sessions.add(session);
      session.onEnded(() => sessions.delete(session));
      try {
        await session.start();
      } catch (error) {
        await session.destroy().catch(() => {});
        throw error;
      }
      return session;
    },
    async shutdown() {
      await Promise.all([...sessions].map((s) => s.destroy()));
      if (shims) await (await shims).remove();
      shims = null;
    },
  };
}
