// What the engine contract needs from a test runner: an engine (any adapter), the fixture
// sites, fresh RAM-backed session directories, and a way to act on the page as a resident
// would (real clicks and key presses, so user activation and shortcuts are the real ones).
// The same cases run under vitest on the Chromium adapter (tests/engine/chromium.test.ts) and
// under Playwright _electron on the Electron adapter (tests/electron/engine/).
import type { DemarcheEngine, DemarcheView, EngineNotice, EngineSession } from '../../../src/engine/port';
import type { EscapeFixtures } from '../../fixtures/escape/server';

export interface PageDriver {
  /** A real mouse click on the element (in the frame whose URL contains `frameUrlPart`, if given). */
  click(selector: string, frameUrlPart?: string): Promise<void>;
  text(selector: string): Promise<string>;
  inputValue(selector: string): Promise<string>;
  /** A real key press, Playwright syntax (`Control+p`), through the browser's input pipeline. */
  press(combo: string): Promise<void>;
  /** Evaluates a JavaScript expression in the shown page (promises are awaited). */
  evaluate<T>(expression: string): Promise<T>;
  /** Number of top-level pages (tabs/windows) the browser has open right now. */
  pageCount(): Promise<number>;
}

export interface SessionUnderTest {
  session: EngineSession;
  profileDir: string;
  filesDir: string;
}

export interface ContractHarness {
  readonly adapter: 'chromium' | 'electron';
  readonly engine: DemarcheEngine;
  readonly fixtures: EscapeFixtures;
  /** Starts a session on fresh directories; the harness destroys what is left at the end. */
  newSession(): Promise<SessionUnderTest>;
  driver(view: DemarcheView): PageDriver;
  /** Writes a file into a folder (the session folder, or elsewhere to prove it is refused). */
  writeFile(path: string, bytes: Uint8Array | string): Promise<void>;
  listFiles(dir: string): Promise<string[]>;
  readFile(path: string): Promise<Uint8Array>;
  pathExists(path: string): Promise<boolean>;
  /** Whether an OS process is still running (zombies count as gone). */
  processRunning(pid: number): Promise<boolean>;
}

/** Collects a view's notices, and waits for the ones a case expects. */
export class NoticeLog {
  readonly all: EngineNotice[] = [];
  private waiters: { match: (n: EngineNotice) => boolean; resolve: (n: EngineNotice) => void }[] = [];
  private readonly off: () => void;

  constructor(view: DemarcheView) {
    this.off = view.on((n) => {
      this.all.push(n);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(n)) return true;
        w.resolve(n);
        return false;
      });
    });
  }

  of<T extends EngineNotice['type']>(type: T): Extract<EngineNotice, { type: T }>[] {
    return this.all.filter((n): n is Extract<EngineNotice, { type: T }> => n.type === type);
  }

  /** Resolves with the first notice (already seen or to come) that matches; rejects after `timeoutMs`. */
  wait<T extends EngineNotice['type']>(
    type: T,
    match: (n: Extract<EngineNotice, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<EngineNotice, { type: T }>> {
    const test = (n: EngineNotice): n is Extract<EngineNotice, { type: T }> => n.type === type && match(n as Extract<EngineNotice, { type: T }>);
    const seen = this.all.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} notice within ${timeoutMs} ms; seen: ${JSON.stringify(this.all)}`)), timeoutMs);
      this.waiters.push({
        match: test,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n as Extract<EngineNotice, { type: T }>);
        },
      });
    });
  }

  clear(): void {
    this.all.length = 0;
  }

  stop(): void {
    this.off();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value (returned) or `timeoutMs` passes (throws). */
export async function until<T>(probe: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
