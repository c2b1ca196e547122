// The contract harness on the Chromium adapter: fresh session directories under a RAM-backed
// root of this test run, a driver on the view's Playwright page.
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createChromiumEngine, type ChromiumEngineOptions, type ChromiumView } from '../../src/engine/chromium/engine';
import type { DemarcheView, EngineSession } from '../../src/engine/port';
import { startEscapeFixtures, type EscapeFixtures } from '../fixtures/escape/server';
import type { ContractHarness, PageDriver, SessionUnderTest } from './contract/harness';

export interface ChromiumHarness extends ContractHarness {
  root: string;
  dispose(): Promise<void>;
}

export async function createChromiumHarness(options: ChromiumEngineOptions = {}): Promise<ChromiumHarness> {
  const ramBase = process.env.CABINE_TEST_RAM ?? '/dev/shm';
  const root = await mkdtemp(path.join(ramBase, 'cabine-engine-test-'));
  const fixtures: EscapeFixtures = await startEscapeFixtures();
  const engine = createChromiumEngine(options);
  const sessions: EngineSession[] = [];
  let n = 0;

  const harness: ChromiumHarness = {
    adapter: 'chromium',
    engine,
    fixtures,
    root,
    async newSession(): Promise<SessionUnderTest> {
      const dir = path.join(root, `s${++n}`);
      const profileDir = path.join(dir, 'profile');
      const filesDir = path.join(dir, 'files');
      await mkdir(filesDir, { recursive: true });
      const session = await engine.startSession({ sessionId: `s${n}`, profileDir, filesDir, allowLoopback: true });
      sessions.push(session);
      return { session, profileDir, filesDir };
    },
    driver(view: DemarcheView): PageDriver {
      const v = view as ChromiumView;
      const frameOf = (part?: string) => {
        if (!part) return v.page.mainFrame();
        const frame = v.page.frames().find((f) => f.url().includes(part));
        if (!frame) throw new Error(`no frame with ${part}`);
        return frame;
      };
      return {
        click: (selector, part) => frameOf(part).click(selector, { timeout: 10_000 }),
        text: async (selector) => (await v.page.textContent(selector, { timeout: 10_000 })) ?? '',
        inputValue: (selector) => v.page.inputValue(selector, { timeout: 10_000 }),
        press: (combo) => v.page.keyboard.press(combo),
        evaluate: <T>(expression: string) => v.page.evaluate(expression) as Promise<T>,
        pageCount: async () => v.page.context().pages().length,
      };
    },
    async writeFile(p, bytes) {
      await mkdir(path.dirname(p), { recursive: true });
      await writeFile(p, bytes);
    },
    listFiles: (dir) => readdir(dir, { recursive: true }).then((l) => l.map(String)),
    readFile: async (p) => new Uint8Array(await readFile(p)),
    pathExists: (p) =>
      stat(p).then(
        () => true,
        () => false,
      ),
    async processRunning(pid) {
      try {
        const s = await readFile(`/proc/${pid}/stat`, 'utf8');
        const state = s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
        return state !== 'Z' && state !== 'X';
      } catch {
        return false;
      }
    },
    async dispose() {
      await Promise.all(sessions.map((s) => s.destroy().catch(() => {})));
      await engine.shutdown();
      await fixtures.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return harness;
}
