// The contract harness (tests/engine/contract/harness.ts) over the Electron app started by
// Playwright's _electron: every port call is forwarded to the harness in Electron's main process
// (harness-main.ts) with `electronApp.evaluate`, and notices are polled back.
import { mkdir, readFile as readLocal } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { REPO_ROOT } from '../electron-binary';
import type {
  CallView,
  DemarcheEngine,
  DemarcheSpec,
  DemarcheView,
  EngineNotice,
  EngineSession,
  EngineSessionOptions,
  Unsubscribe,
} from '../../../src/engine/port';
import type { EscapeFixtures } from '../../fixtures/escape/server';
import type { ContractHarness, PageDriver, SessionUnderTest } from '../../engine/contract/harness';

type Remote = Record<string, (arg: unknown) => unknown>;

/** Builds the harness's main process (harness-main.ts) and starts it under Electron; resolves once its API is there. */
export async function launchHarnessApp(executablePath: string, outDirName: string): Promise<ElectronApplication> {
  const outDir = path.join(REPO_ROOT, 'test-results', outDirName);
  await mkdir(outDir, { recursive: true });
  const outfile = path.join(outDir, 'harness-main.cjs');
  await build({
    entryPoints: [path.join(REPO_ROOT, 'tests/electron/engine/harness-main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'playwright-core'],
    outfile,
  });
  const app = await electron.launch({ executablePath, args: [outfile, '--no-sandbox'] });
  await app.evaluate(async () => {
    for (let i = 0; i < 100 && !(globalThis as { __cabineEngineHarness?: unknown }).__cabineEngineHarness; i++) await new Promise((r) => setTimeout(r, 50));
  });
  return app;
}

/** Calls the harness in Electron's main process. */
export function remote<T>(app: ElectronApplication, method: string, arg?: unknown): Promise<T> {
  return app.evaluate((_electron, [m, a]) => (globalThis as unknown as { __cabineEngineHarness: Remote }).__cabineEngineHarness[m as string]!(a), [
    method,
    arg,
  ] as const) as Promise<T>;
}

class RemoteView implements DemarcheView {
  private readonly listeners = new Set<(n: EngineNotice) => void>();
  url = '';

  constructor(
    private readonly app: ElectronApplication,
    readonly id: string,
    readonly demarche: DemarcheSpec,
  ) {}

  dispatch(n: EngineNotice): void {
    if (n.type === 'navigated') this.url = n.url;
    for (const l of this.listeners) l(n);
  }

  private call<T>(method: string, ...params: unknown[]): Promise<T> {
    return remote<T>(this.app, 'call', { viewId: this.id, method, params });
  }

  async refreshUrl(): Promise<void> {
    this.url = await this.call<string>('currentUrl');
  }

  on(listener: (n: EngineNotice) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Synchronous in the port: the last URL seen (refreshed after each call and on every poll). */
  currentUrl(): string {
    return this.url;
  }

  navigate = async (url: string) => {
    await this.call('navigate', url);
    await this.refreshUrl();
  };
  goBack = async () => {
    await this.call('goBack');
    await this.refreshUrl();
  };
  reload = async () => {
    await this.call('reload');
  };
  printToPdf = async () => new Uint8Array(await this.call<number[]>('printToPdf'));
  setFiles = async (paths: string[]) => {
    await this.call('setFiles', paths);
  };
  cancelFileChooser = async () => {
    await this.call('cancelFileChooser');
  };
  allowHostForSession = async (host: string) => {
    const granted = await this.call<boolean>('allowHostForSession', host);
    await this.refreshUrl();
    return granted;
  };
  typeText = async (text: string) => {
    await this.call('typeText', text);
  };
  pressKey = async (key: Parameters<DemarcheView['pressKey']>[0]) => {
    await this.call('pressKey', key);
  };
  setZoom = async (factor: number) => {
    await this.call('setZoom', factor);
  };
  close = async () => {
    await this.call('close');
  };
}

class RemoteSession implements EngineSession {
  private lastPids: number[] = [];

  constructor(
    private readonly harness: RemoteHarness,
    readonly sessionId: string,
    pids: number[],
  ) {
    this.lastPids = pids;
  }

  async open(demarche: DemarcheSpec): Promise<DemarcheView> {
    const id = await remote<string>(this.harness.app, 'open', { sessionId: this.sessionId, spec: demarche });
    const view = new RemoteView(this.harness.app, id, demarche);
    this.harness.views.set(id, view);
    await view.refreshUrl();
    this.lastPids = await remote<number[]>(this.harness.app, 'pids', this.sessionId);
    return view;
  }

  // The Electron adapter has no call yet (src/main/engine/electron-engine.ts openCall): its contract has no call case.
  openCall(): Promise<CallView> {
    return Promise.reject(new Error('the Electron adapter has no video call yet'));
  }

  countStorageEntries(): Promise<number | null> {
    return remote(this.harness.app, 'countStorageEntries', this.sessionId);
  }

  async destroy(): Promise<void> {
    await remote(this.harness.app, 'destroy', this.sessionId);
    this.lastPids = [];
  }

  pids(): number[] {
    return this.lastPids;
  }
}

class RemoteEngine implements DemarcheEngine {
  readonly name = 'electron' as const;
  constructor(private readonly harness: RemoteHarness) {}
  async startSession(options: EngineSessionOptions): Promise<EngineSession> {
    const pids = await remote<number[]>(this.harness.app, 'startSession', options);
    return new RemoteSession(this.harness, options.sessionId, pids);
  }
  async shutdown(): Promise<void> {}
}

export class RemoteHarness implements ContractHarness {
  readonly adapter = 'electron' as const;
  readonly engine: DemarcheEngine;
  readonly views = new Map<string, RemoteView>();
  private n = 0;
  private readonly poll: NodeJS.Timeout;

  constructor(
    readonly app: ElectronApplication,
    readonly fixtures: EscapeFixtures,
    private readonly root: string,
  ) {
    this.engine = new RemoteEngine(this);
    this.poll = setInterval(() => {
      void remote<Record<string, EngineNotice[]>>(app, 'drain')
        .then((all) => {
          for (const [id, list] of Object.entries(all)) for (const n of list) this.views.get(id)?.dispatch(n);
        })
        .catch(() => {});
      for (const v of this.views.values()) void v.refreshUrl().catch(() => {});
    }, 100);
  }

  stop(): void {
    clearInterval(this.poll);
  }

  async newSession(): Promise<SessionUnderTest> {
    const dir = path.join(this.root, `s${++this.n}`);
    const profileDir = path.join(dir, 'profile');
    const filesDir = path.join(dir, 'files');
    const session = await this.engine.startSession({ sessionId: `s${this.n}`, profileDir, filesDir, allowLoopback: true });
    return { session, profileDir, filesDir };
  }

  driver(view: DemarcheView): PageDriver {
    const id = (view as RemoteView).id;
    return {
      click: (selector, framePart) => remote(this.app, 'click', { viewId: id, selector, framePart }),
      text: async (selector) =>
        String(await remote(this.app, 'evaluate', { viewId: id, expression: `document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''` })),
      inputValue: async (selector) =>
        String(await remote(this.app, 'evaluate', { viewId: id, expression: `document.querySelector(${JSON.stringify(selector)})?.value ?? ''` })),
      press: (combo) => remote(this.app, 'press', { viewId: id, combo }),
      evaluate: (expression) => remote(this.app, 'evaluate', { viewId: id, expression }),
      pageCount: () => remote(this.app, 'pageCount', id),
    };
  }

  /** Electron only: real key events into a view, `gapMs` apart (a person, or a badge reader's burst). */
  typeKeys = (view: DemarcheView, keys: string[], gapMs: number) => remote<void>(this.app, 'typeKeys', { viewId: (view as RemoteView).id, keys, gapMs });
  badgesRead = () => remote<number>(this.app, 'badgesRead');

  writeFile = async (p: string, bytes: Uint8Array | string) => {
    const data = typeof bytes === 'string' ? [...Buffer.from(bytes)] : [...bytes];
    await remote(this.app, 'fs', { op: 'write', path: p, data });
  };
  listFiles = (dir: string) => remote<string[]>(this.app, 'fs', { op: 'list', path: dir });
  readFile = async (p: string) => new Uint8Array(await remote<number[]>(this.app, 'fs', { op: 'read', path: p }));
  pathExists = (p: string) => remote<boolean>(this.app, 'fs', { op: 'exists', path: p });
  async processRunning(pid: number): Promise<boolean> {
    try {
      const s = await readLocal(`/proc/${pid}/stat`, 'utf8');
      const state = s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
}
