// The session storage lifecycle on real tmpfs with real processes (the engine is a child process
// standing in for a browser; the real Chromium runs in tests/engine/residue).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionLifecycle, lifecycleActors, type SessionLifecycleOptions } from '../../../../src/cabin/storage/lifecycle';
import { identify, isAlive } from '../../../../src/cabin/storage/processes';
import { RAM_ROOT_MARKER } from '../../../../src/cabin/storage/ram-root';
import { searchCanary } from '../../../../src/cabin/storage/canary';
import { WipeVerificationError, type WipeProblemKind } from '../../../../src/cabin/storage/verify';
import { createFakeEngine, type FakeEngineOptions } from './fake-engine';
import { scratch, sleep, type Scratch } from './helpers';

// Each test starts real processes (two or three "browsers"); the machine is shared and slow.
vi.setConfig({ testTimeout: 30_000 });

let s: Scratch;
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await s.cleanup();
});

function setup(engineOptions: FakeEngineOptions = {}, extra: Partial<SessionLifecycleOptions> = {}) {
  const engine = createFakeEngine(engineOptions);
  const purges: string[] = [];
  const printer = { purge: async (jobs: 'all') => (purges.push(jobs), { purged: 0, remainingFiles: 0 }) };
  let clipboardCleared = 0;
  const lifecycle = createSessionLifecycle({
    ramRoot: s.ramRoot,
    allowDiskBacked: false,
    engine,
    printer,
    clearClipboard: () => {
      clipboardCleared += 1;
    },
    watchedRoots: [s.tmp],
    ...extra,
  });
  return { engine, lifecycle, purges, clipboard: () => clipboardCleared };
}

const kindsOf = (e: unknown): WipeProblemKind[] => (e instanceof WipeVerificationError ? e.problems.map((p) => p.kind) : []);

async function expectWipeFails(p: Promise<unknown>): Promise<WipeVerificationError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WipeVerificationError);
  return err as WipeVerificationError;
}

describe('boot sweep', () => {
  it('creates a marked RAM root and pre-warms the first session', async () => {
    const { lifecycle, engine, purges } = setup();
    const r = await lifecycle.bootSweep();
    expect(r).toMatchObject({ removedEntries: 0, storageNotRam: false });
    expect(r.ramRoot?.fsType).toBe('tmpfs');
    expect(existsSync(path.join(s.ramRoot, RAM_ROOT_MARKER))).toBe(true);
    expect(purges).toEqual(['all']);
    await lifecycle.prewarm();
    expect(engine.sessions).toHaveLength(1);
    expect(engine.sessions[0]!.opts.profileDir.startsWith(s.ramRoot + '/s-')).toBe(true);
    await lifecycle.shutdown();
  });

  it('after a crash: kills the browser left running, deletes every leftover session, counts them', async () => {
    // A previous run's session: a directory with a profile, and its "browser" still running in it.
    const first = setup();
    await first.lifecycle.bootSweep();
    const claimed = await first.lifecycle.claim();
    await first.engine.sessions[0]!.store('cookie', 'x'.repeat(1000));
    const orphan = await identify(first.engine.sessions[0]!.pids()[0]!);
    // The app "dies" here: no wipe, no shutdown. A new app starts on the same RAM root.
    const second = setup();
    const r = await second.lifecycle.bootSweep();
    expect(r.removedEntries).toBe(2); // the running session and the spare pre-warmed for the next one
    expect(r.killedProcesses).toBeGreaterThanOrEqual(2);
    expect(r.bytes).toBeGreaterThanOrEqual(1000);
    expect(existsSync(claimed.paths.dir)).toBe(false);
    expect(await isAlive(orphan)).toBe(false);
    await second.lifecycle.prewarm();
    const left = (await readdir(s.ramRoot)).filter((n) => n.startsWith('s-'));
    expect(left).toEqual([path.basename(second.lifecycle.spareDir()!)]);
    await second.lifecycle.shutdown();
  });

  it('says storageNotRam for a disk-backed root, and still sweeps what it left there', async () => {
    const root = path.join(s.diskDir, 'ram');
    const allowed = setup({}, { ramRoot: root, allowDiskBacked: true });
    const r1 = await allowed.lifecycle.bootSweep();
    expect(r1.ramRoot?.warning).toMatch(/disque/);
    await allowed.lifecycle.claim();
    const refused = setup({}, { ramRoot: root, allowDiskBacked: false });
    const r2 = await refused.lifecycle.bootSweep();
    expect(r2).toMatchObject({ storageNotRam: true, removedEntries: 2 });
    expect((await readdir(root)).filter((n) => n.startsWith('s-'))).toEqual([]);
    await expect(refused.lifecycle.claim()).rejects.toThrow(/mémoire vive/);
  });

  it('refuses to empty a directory that is not its own', async () => {
    const foreign = path.join(path.dirname(s.ramRoot), 'home');
    await mkdir(foreign, { recursive: true });
    await writeFile(path.join(foreign, 'precious.txt'), 'keep me');
    const { lifecycle } = setup({}, { ramRoot: foreign });
    await expect(lifecycle.bootSweep()).rejects.toThrow(/ne viennent pas de Cabine/);
    expect(existsSync(path.join(foreign, 'precious.txt'))).toBe(true);
  });
});

describe('claim and wipe', () => {
  it('wipes a session: browser ended, directory gone, jobs purged, clipboard cleared, receipt counted; next one ready', async () => {
    const { lifecycle, engine, purges, clipboard } = setup();
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    const fake = engine.sessions[0]!;
    expect(session.engineSession).toBe(fake);
    await session.open({ id: 'impots', startUrl: 'https://impots.gouv.fr', allow: ['impots.gouv.fr'], permissions: [] });
    await fake.store('cookie-1', 'a');
    await fake.store('local-1', 'b');
    await writeFile(path.join(session.filesDir, 'avis.pdf'), 'x'.repeat(5000));
    await writeFile(path.join(session.filesDir, 'scan-1.pdf'), 'y'.repeat(3000));
    await session.documents.add({ kind: 'download', label: 'Avis', mime: 'application/pdf', pages: 2, path: path.join(session.filesDir, 'avis.pdf') });
    await session.documents.add({ kind: 'scan', label: 'Scan 1', mime: 'application/pdf', pages: 1, path: path.join(session.filesDir, 'scan-1.pdf') });
    session.recordPrintJob(12);
    const pid = await identify(fake.pids()[0]!);

    const receipt = await lifecycle.wipe(session.sessionId, { attempt: 1 });

    expect(receipt).toMatchObject({ documents: 1, scans: 1, printJobs: 1, storageEntries: 2, verified: true });
    expect(receipt.files).toBeGreaterThanOrEqual(6); // Local State, LOCK, History, 2 storage entries, 2 documents
    expect(receipt.bytes).toBeGreaterThanOrEqual(8000);
    expect(existsSync(session.paths.dir)).toBe(false);
    expect(await isAlive(pid)).toBe(false);
    expect(purges).toEqual(['all', 'all']);
    expect(clipboard()).toBe(1);
    expect(session.documents.dropped).toBe(true);
    expect(() => session.documents.list()).toThrow(/wiped/);
    expect(lifecycle.current()).toBeNull();
    // The next session was pre-warmed while this one ran; it is the only thing left.
    const entries = (await readdir(s.ramRoot)).filter((n) => n.startsWith('s-'));
    expect(entries).toEqual([path.basename(lifecycle.spareDir()!)]);
    const next = await lifecycle.claim();
    expect(next.sessionId).not.toBe(session.sessionId);
    expect(await next.engineSession.countStorageEntries()).toBe(0);
    await lifecycle.wipe(next.sessionId);
    await lifecycle.shutdown();
    expect((await readdir(s.ramRoot)).filter((n) => n.startsWith('s-'))).toEqual([]);
  });

  it('counts at endSession, while the browser runs, and the wipe does not count again', async () => {
    const { lifecycle, engine } = setup();
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    const fake = engine.sessions[0]!;
    await fake.store('cookie', 'x');
    let counted = 0;
    const original = fake.countStorageEntries.bind(fake);
    fake.countStorageEntries = async () => ((counted += 1), original());
    await lifecycle.endSession(session.sessionId);
    await fake.store('late', 'y'); // after the end: not the resident's
    const receipt = await lifecycle.wipe(session.sessionId);
    expect(counted).toBe(1);
    expect(receipt.storageEntries).toBe(1);
    await lifecycle.shutdown();
  });

  it("asks the engine for a final count at the end (it may stop the session's pages), never of the pre-warmed one", async () => {
    const { lifecycle, engine } = setup();
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    await lifecycle.prewarm();
    expect(engine.sessions).toHaveLength(2);
    const finals: (boolean | undefined)[] = [];
    for (const fake of engine.sessions) {
      const original = fake.countStorageEntries.bind(fake);
      fake.countStorageEntries = async (o?: { final?: boolean }) => (finals.push(o?.final), original());
    }
    await lifecycle.endSession(session.sessionId);
    expect(finals).toEqual([true]);
    await lifecycle.wipe(session.sessionId);
    // The wipe then checks that the next session's profile is fresh: a count that stops nothing.
    expect(finals.length).toBeGreaterThan(1);
    expect(finals.slice(1).every((f) => !f)).toBe(true);
    await lifecycle.shutdown();
  });

  it("kills the session's processes when the engine's destroy() leaves them running", async () => {
    const { lifecycle, engine } = setup({ destroyDoesNothing: true });
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    const pid = await identify(engine.sessions[0]!.pids()[0]!);
    await lifecycle.wipe(session.sessionId);
    expect(await isAlive(pid)).toBe(false);
    await lifecycle.shutdown();
  });

  it('kills a process the engine did not know about that holds a file of the session', async () => {
    const { lifecycle } = setup({ straggler: true });
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    await lifecycle.wipe(session.sessionId);
    expect(existsSync(session.paths.dir)).toBe(false);
    await lifecycle.shutdown();
  });

  it('fails when a file was created during the session in a watched place, and not for older files', async () => {
    await writeFile(path.join(s.tmp, 'before-the-session'), 'x');
    const { lifecycle } = setup();
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    await sleep(5);
    await writeFile(path.join(s.tmp, 'residue.pdf'), 'personal');
    const err = await expectWipeFails(lifecycle.wipe(session.sessionId));
    expect(err.problems).toEqual([expect.objectContaining({ kind: 'file-created-during-session', path: path.join(s.tmp, 'residue.pdf') })]);
    // What logs see names no file.
    expect(err.message).not.toMatch(/residue/);
    // No other session until a wipe succeeds.
    await expect(lifecycle.claim()).rejects.toThrow(/already running/);
    const { rm } = await import('node:fs/promises');
    await rm(path.join(s.tmp, 'residue.pdf'));
    await expect(lifecycle.wipe(session.sessionId, { attempt: 2 })).resolves.toMatchObject({ verified: true });
    await lifecycle.shutdown();
  });

  it('fails verification when a step is left out: the directory remains', async () => {
    const { lifecycle } = setup({}, { unsafeSkipSteps: ['delete-session-dir'] });
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    const err = await expectWipeFails(lifecycle.wipe(session.sessionId));
    expect(kindsOf(err)).toContain('session-dir-remains');
    expect(kindsOf(err)).toContain('ram-root-not-empty');
  });

  it('fails verification when the browser is left running and holding its profile', async () => {
    const { lifecycle } = setup({ destroyDoesNothing: true }, { unsafeSkipSteps: ['destroy-engine', 'kill-holders'] });
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    const err = await expectWipeFails(lifecycle.wipe(session.sessionId));
    expect(kindsOf(err)).toEqual(expect.arrayContaining(['process-survives', 'file-held-open']));
  });

  it('fails when the print spool still holds files, or the purge fails', async () => {
    let remaining = 2;
    let broken = false;
    const printer = {
      purge: async () => {
        if (broken) throw new Error('cupsd unreachable');
        return { purged: 1, remainingFiles: remaining };
      },
    };
    const { lifecycle } = setup({}, { printer });
    await lifecycle.bootSweep().catch(() => {});
    remaining = 0;
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    remaining = 2;
    expect(kindsOf(await expectWipeFails(lifecycle.wipe(session.sessionId)))).toEqual(['print-spool-remains']);
    remaining = 0;
    broken = true;
    expect(kindsOf(await expectWipeFails(lifecycle.wipe(session.sessionId, { attempt: 2 })))).toEqual(['step-failed']);
    broken = false;
    // The purge found one job of the session that the runtime had not recorded.
    await expect(lifecycle.wipe(session.sessionId, { attempt: 3 })).resolves.toMatchObject({ printJobs: 1 });
    await lifecycle.shutdown();
  });

  it('throws the not-fresh spare away at claim and starts another', async () => {
    const { lifecycle, engine } = setup({ preloadedEntries: 1 });
    await lifecycle.bootSweep();
    await expect(lifecycle.claim()).rejects.toBeInstanceOf(WipeVerificationError);
    engine.options.preloadedEntries = 0;
    const ok = await lifecycle.claim();
    expect(await ok.engineSession.countStorageEntries()).toBe(0);
    expect(engine.sessions.filter((x) => x.pids().length > 0).map((x) => x.sessionId)).toContain(ok.sessionId);
    await lifecycle.wipe(ok.sessionId);
    await lifecycle.shutdown();
  });

  it('with pre-warm after the wipe, the RAM root is empty while verifying', async () => {
    const { lifecycle, engine } = setup({}, { prewarm: 'after-wipe' });
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    expect(engine.sessions).toHaveLength(1);
    await lifecycle.wipe(session.sessionId);
    await lifecycle.prewarm();
    expect(engine.sessions).toHaveLength(2);
    await lifecycle.shutdown();
  });

  it('when the machine names another session than the running one, both are wiped', async () => {
    const { lifecycle } = setup();
    await lifecycle.bootSweep();
    const session = await lifecycle.claim();
    const stray = path.join(s.ramRoot, 's-BBBBBBBBBBBBBBBB');
    await mkdir(path.join(stray, 'files'), { recursive: true });
    await writeFile(path.join(stray, 'files', 'x.pdf'), 'x');
    await lifecycle.wipe('s-BBBBBBBBBBBBBBBB');
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(session.paths.dir)).toBe(false);
    await lifecycle.shutdown();
  });

  it('gives the machine its three actors', async () => {
    const { lifecycle } = setup();
    const actors = lifecycleActors(lifecycle);
    await expect(actors.bootSweep()).resolves.toEqual({ removedEntries: 0, storageNotRam: false });
    const { sessionId } = await actors.startSession();
    expect(sessionId).toMatch(/^s-[A-Za-z0-9_-]{16}$/);
    await expect(actors.wipe({ sessionId, attempt: 1 })).resolves.toMatchObject({ verified: true });
    // A session that never started (start failed): the wipe still verifies and answers.
    await expect(actors.wipe({ sessionId: null, attempt: 1 })).resolves.toMatchObject({ documents: 0, files: 0, verified: true });
    await lifecycle.shutdown();
  });

  it('a straggler started by a process left from a crash is killed by the next boot sweep', async () => {
    const { lifecycle } = setup();
    await lifecycle.bootSweep();
    const leftover = path.join(s.ramRoot, 's-AAAAAAAAAAAAAAAA');
    await mkdir(path.join(leftover, 'files'), { recursive: true });
    const child = spawn('sleep', ['300'], { cwd: path.join(leftover, 'files'), stdio: 'ignore', detached: true });
    const ref = await identify(child.pid!);
    const again = setup();
    const r = await again.lifecycle.bootSweep();
    expect(r.killedProcesses).toBeGreaterThanOrEqual(1);
    expect(await isAlive(ref)).toBe(false);
    expect(existsSync(leftover)).toBe(false);
    await lifecycle.shutdown();
    await again.lifecycle.shutdown();
  });
});

// The Electron shell restarts itself between residents (src/cabin/relaunch.ts): the old process stops on attract,
// after a verified wipe, and the new one sweeps at boot. Electron's own files live in this boot's app-<id> folder,
// kept by its own sweep (`keep`) and deleted by the next boot's.
describe('relaunch between residents', () => {
  it('the next boot deletes the previous boot’s Electron folder; nothing of a resident is left anywhere in the RAM root', async () => {
    const canary = 'Zq7RelaunchCanary4242';
    const appA = path.join(s.ramRoot, 'app-aaaa');
    const bootA = setup({}, { keep: ['app-aaaa'] });
    await bootA.lifecycle.bootSweep();
    await mkdir(path.join(appA, 'user-data'), { recursive: true });
    // What Electron writes outside any partition (Local State, network state), even for in-memory ones.
    await writeFile(path.join(appA, 'user-data', 'Network Persistent State'), `{"host":"${canary}.impots.gouv.fr"}`);
    const session = await bootA.lifecycle.claim();
    await bootA.engine.sessions[0]!.store('cookie', canary);
    await writeFile(path.join(session.filesDir, 'avis.pdf'), `%PDF ${canary}`);
    expect((await bootA.lifecycle.wipe(session.sessionId)).verified).toBe(true);
    // On attract: the relaunch stops this process's storage…
    await bootA.lifecycle.shutdown();
    expect(existsSync(appA)).toBe(true); // (this boot's own Electron folder survives its own sweep and shutdown)

    // …and the new process, with its own app folder, sweeps before anything is shown.
    const bootB = setup({}, { keep: ['app-bbbb'] });
    await mkdir(path.join(s.ramRoot, 'app-bbbb'), { recursive: true });
    const sweep = await bootB.lifecycle.bootSweep();
    expect(existsSync(appA)).toBe(false);
    expect(existsSync(path.join(s.ramRoot, 'app-bbbb'))).toBe(true);
    expect(sweep.removedEntries).toBeGreaterThanOrEqual(1);
    const found = await searchCanary(canary, [s.ramRoot, s.tmp]);
    expect(found.hits).toEqual([]);
    await bootB.lifecycle.shutdown();
  });
});
