// An engine for the unit tests of the storage lifecycle where no browser is needed: each session
// is a real child process that writes a "profile" into its profileDir and keeps a file open there,
// as a browser does. The real-Chromium tests (tests/engine/residue) use the real adapter.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemarcheEngine, DemarcheSpec, DemarcheView, EngineSession, EngineSessionOptions } from '../../../../src/engine/port';

// The "browser": writes its profile, keeps a descriptor open on it, optionally leaves a helper
// process behind (like a renderer that escaped its parent), then waits to be killed.
const BROWSER = `
const fs = require('node:fs'); const cp = require('node:child_process');
const [profile, files, straggler] = process.argv.slice(1);
fs.writeFileSync(profile + '/Local State', '{"fresh":true}');
fs.mkdirSync(profile + '/storage', { recursive: true });
const fd = fs.openSync(profile + '/LOCK', 'w');
if (straggler === 'yes') cp.spawn('sleep', ['300'], { cwd: files, detached: true, stdio: 'ignore' }).unref();
process.stdout.write('ready\\n');
setInterval(() => fs.fstatSync(fd), 1000);
`;

export interface FakeEngineOptions {
  /** destroy() resolves without stopping the process (the wipe must kill it itself). */
  destroyDoesNothing?: boolean;
  /** Each browser leaves a process behind, not in pids(), with its working directory in filesDir. */
  straggler?: boolean;
  /** Entries already in a "pre-warmed" profile (a fake that is not fresh). */
  preloadedEntries?: number;
}

export interface FakeEngine extends DemarcheEngine {
  sessions: FakeSession[];
  options: FakeEngineOptions;
}

export interface FakeSession extends EngineSession {
  opts: EngineSessionOptions;
  child: ChildProcess;
  /** What a page of the démarche stored (cookies, storage): files in profile/storage. */
  store(name: string, value: string): Promise<void>;
  opened: DemarcheSpec[];
}

export function createFakeEngine(options: FakeEngineOptions = {}): FakeEngine {
  const sessions: FakeSession[] = [];
  const engine: FakeEngine = {
    name: 'chromium',
    sessions,
    options,
    async startSession(opts) {
      const child = spawn(process.execPath, ['-e', BROWSER, opts.profileDir, opts.filesDir, options.straggler ? 'yes' : 'no'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`the fake browser exited before it was ready (${code})`)));
        child.stdout!.once('data', () => resolve());
      });
      const storage = path.join(opts.profileDir, 'storage');
      for (let i = 0; i < (options.preloadedEntries ?? 0); i++) await writeFile(path.join(storage, `old-${i}`), 'old');
      let exited = child.exitCode !== null;
      const exitedP = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
      const session: FakeSession = {
        sessionId: opts.sessionId,
        opts,
        child,
        opened: [],
        async store(name, value) {
          await writeFile(path.join(storage, name), value);
        },
        async open(demarche) {
          session.opened.push(demarche);
          await writeFile(path.join(opts.profileDir, 'History'), demarche.startUrl);
          return {} as DemarcheView;
        },
        // No call here: the storage tests never call.
        openCall: () => Promise.reject(new Error('the fake engine has no video call')),
        async countStorageEntries() {
          if (exited) return null;
          return (await readdir(storage)).length;
        },
        async destroy() {
          if (options.destroyDoesNothing || exited) return;
          child.kill('SIGTERM');
          await exitedP;
        },
        pids: () => (exited || child.pid === undefined ? [] : [child.pid]),
      };
      sessions.push(session);
      return session;
    },
    async shutdown() {
      for (const s of sessions) await s.destroy();
    },
  };
  return engine;
}
