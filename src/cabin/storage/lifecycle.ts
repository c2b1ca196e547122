// Long file: one closure over the spare and the current session; claim, wipe and boot sweep share them, and the wipe reads as its steps.
// The life of a session's storage, as the session machine's actors need it:
//   bootSweep()  before anything is shown: kill what a crash left running, delete every leftover
//                session directory, purge the print queue, verify; then pre-warm the first session.
//   claim()      hands out the pre-warmed session (fresh profile, browser already running).
//   wipe()       ends the session's browser, deletes its directory, purges print jobs, clears the
//                clipboard, drops the documents; then proves it: directory gone, no process of the
//                session alive or holding a file of it, no file created during the session left in
//                the cabin's writable places, the next session's profile fresh. Throws otherwise
//                (the machine retries, then goes out of service).
// The next session is pre-warmed ahead (while this one runs) so that the wipe never waits for a
// browser to start; its directory is the only thing the checks allow to exist besides ours.
import type { LogLevel } from '../../base/log';
import { lstat, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sleep, withTimeout } from '../../base/async';
import type { DemarcheEngine, DemarcheSpec, DemarcheView, EngineSession } from '../../engine/port';
import type { BootSweepOutput, StartSessionOutput } from '../../shared/session/machine';
import type { WipeReceipt } from '../../shared/session/types';
import { createDocumentRegistry, type DocumentRegistry } from './documents';
import { findHolders, identify, killAll, killAndWait, waitForExit, type ProcessRef } from './processes';
import { prepareRamRoot, RAM_ROOT_MARKER, StorageNotRamError, type RamRootStatus } from './ram-root';
import { createSessionDirs, isSessionId, newSessionId, sessionPaths, type SessionPaths } from './session-dirs';
import { measureTree } from './tree';
import { asWatched, findCreatedSince, fsClockNow, unexpectedEntries, WipeVerificationError, type WatchedRoot, type WipeProblem } from './verify';

/** What the wipe needs of the printer driver: cancel and purge every job, and say what CUPS still holds. */
export interface PrintPurger {
  purge(jobs: 'all'): Promise<{ purged: number; remainingFiles: number | readonly string[]; remainingJobs?: readonly number[] }>;
}

/** The steps of a wipe, in order. Tests disable one to prove the checks (and the audit) catch it. */
export const WIPE_STEPS = [
  'destroy-engine',
  'kill-holders',
  'delete-session-dir',
  'purge-print-jobs',
  'clear-clipboard',
  'also-clear',
  'drop-documents',
] as const;
export type WipeStep = (typeof WIPE_STEPS)[number];

/** Counts only: what the audit log may keep. */
export type StorageLogEntry =
  | {
      event: 'boot-sweep';
      removedEntries: number;
      files: number;
      bytes: number;
      killedProcesses: number;
      purgedPrintJobs: number;
      durationMs: number;
      storageNotRam: boolean;
    }
  | { event: 'wipe'; attempt: number; ok: boolean; problems: number; durationMs: number; files: number; bytes: number; phasesMs: Record<string, number> }
  | { event: 'prewarm'; ok: boolean; durationMs: number; error?: string }
  | { event: 'ram-root-warning'; fsType: string };

/** How loud a storage event is in the journal: a failed wipe is an error, a failed pre-warm a warning. */
export function storageEventLevel(entry: StorageLogEntry): LogLevel {
  if (entry.event === 'wipe') return entry.ok ? 'info' : 'err';
  if (entry.event === 'prewarm') return entry.ok ? 'debug' : 'warning';
  if (entry.event === 'ram-root-warning') return 'warning';
  if (entry.event === 'boot-sweep') return entry.files > 0 || entry.killedProcesses > 0 || entry.storageNotRam ? 'notice' : 'info';
  return 'info';
}

export interface SessionLifecycleOptions {
  ramRoot: string;
  /** paths.allowDiskBackedRamRoot: run on a disk-backed root (with a warning) instead of refusing. */
  allowDiskBacked: boolean;
  engine: DemarcheEngine;
  printer?: PrintPurger;
  clearClipboard?: () => Promise<void> | void;
  /** Other things that hold session state in memory: the on-screen keyboard's buffer, the UI. */
  alsoClear?: readonly { name: string; run: () => Promise<void> | void }[];
  /**
   * The cabin's writable places checked after each wipe for files created during the session:
   * its app data dir, temp, the CUPS spool (use cupsSpoolWatch)… The RAM root is always checked.
   */
  watchedRoots: readonly (string | WatchedRoot)[];
  /** Tests only: the engine may load http://127.0.0.1 and http://*.localhost. */
  allowLoopback?: boolean;
  /** Entries of the RAM root that belong to the running app (Electron's own dirs): never swept. */
  keep?: readonly string[];
  /** 'ahead' (default): the next session's browser starts as soon as one is claimed. 'after-wipe': once the wipe is verified. */
  prewarm?: 'ahead' | 'after-wipe';
  timeouts?: Partial<{ destroyMs: number; countMs: number; prewarmMs: number }>;
  log?: (entry: StorageLogEntry) => void;
  /** Tests only: steps to leave out, to prove that the verification and the residue audit fail. */
  unsafeSkipSteps?: readonly WipeStep[];
}

export interface ClaimedSession {
  sessionId: string;
  paths: SessionPaths;
  filesDir: string;
  engineSession: EngineSession;
  documents: DocumentRegistry;
  /** Filesystem-clock time the session began (files created from then on are the session's). */
  startedAt: number;
  /** Opens a démarche in this session's browser (counted for nothing; a convenience). */
  open(demarche: DemarcheSpec): Promise<DemarcheView>;
  /** Remembers a print job of the session, for the receipt. */
  recordPrintJob(jobId: number | string): void;
}

export interface BootSweepResult extends BootSweepOutput {
  files: number;
  bytes: number;
  killedProcesses: number;
  purgedPrintJobs: number;
  durationMs: number;
  ramRoot: RamRootStatus | null;
}

export interface WipeResult {
  receipt: WipeReceipt;
  /** When the next session became claimable (ms after the wipe began); null if its pre-warm failed. */
  nextReadyMs: Promise<number | null>;
}

export interface SessionLifecycle {
  bootSweep(): Promise<BootSweepResult>;
  claim(): Promise<ClaimedSession>;
  /**
   * The session is over (the machine's endSession): counts what its browser stored while it still
   * runs, for the receipt. Optional — the wipe counts itself if this was not called — but it takes
   * the counting out of the wipe's time.
   */
  endSession(sessionId: string | null): Promise<void>;
  wipe(sessionId: string | null, options?: { attempt?: number }): Promise<WipeReceipt>;
  /** The wipe, plus when the next session was ready (benchmarks). */
  wipeAndMeasure(sessionId: string | null, options?: { attempt?: number }): Promise<WipeResult>;
  /** Starts the next session's browser now if none is ready or starting; resolves when it is ready. */
  prewarm(): Promise<void>;
  current(): ClaimedSession | null;
  /** The pre-warmed session's directory, if any (for audits). */
  spareDir(): string | null;
  /** Ends everything (app shutdown): browsers stopped, every session directory deleted. */
  shutdown(): Promise<void>;
}

interface Spare {
  paths: SessionPaths;
  ready: Promise<EngineSession>;
  engineSession: EngineSession | null;
}

interface Current {
  claimed: ClaimedSession;
  printJobs: Set<string>;
  /** Counted on the first wipe attempt, while the browser still ran. */
  storageEntries: number | null | undefined;
  refs: ProcessRef[];
  counts: { documents: number; scans: number } | null;
  files: number;
  bytes: number;
}

const CLOCK_FILE = '.cabine-clock';
/** How long the wipe waits for holders of session files to let go once their writers are killed. */
const HOLDERS_SETTLE_MS = 1000;
/** Never killed, whatever an engine lists: this process and its parent. */
const OWN_PIDS = new Set([process.pid, process.ppid]);
/** Spool files and jobs CUPS still holds after a purge: both must be none. */
const remainingCount = (r: Awaited<ReturnType<PrintPurger['purge']>>) =>
  (typeof r.remainingFiles === 'number' ? r.remainingFiles : r.remainingFiles.length) + (r.remainingJobs?.length ?? 0);

function timedSync<T>(phases: Record<string, number>, name: string, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    phases[name] = Math.round(performance.now() - t0);
  }
}

export function createSessionLifecycle(options: SessionLifecycleOptions): SessionLifecycle {
  const ramRoot = path.resolve(options.ramRoot);
  const keep = (options.keep ?? []).map((k) => path.resolve(ramRoot, k));
  const fixed = [path.join(ramRoot, RAM_ROOT_MARKER), path.join(ramRoot, CLOCK_FILE), ...keep];
  const watched = options.watchedRoots.map(asWatched);
  const prewarmMode = options.prewarm ?? 'ahead';
  const t = { destroyMs: 5000, countMs: 1500, prewarmMs: 30_000, ...options.timeouts };
  const skip = new Set(options.unsafeSkipSteps ?? []);
  const log = options.log ?? (() => {});

  let rootReady: Promise<RamRootStatus> | null = null;
  let spare: Spare | null = null;
  let current: Current | null = null;
  // bootSweep, claim, wipe and shutdown never overlap: each waits for the one before.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  const ensureRoot = () => {
    rootReady ??= prepareRamRoot(ramRoot, { allowDiskBacked: options.allowDiskBacked }).then((status) => {
      if (status.warning) log({ event: 'ram-root-warning', fsType: status.fsType });
      return status;
    });
    rootReady.catch(() => {
      rootReady = null;
    });
    return rootReady;
  };

  /** Stops a browser and deletes a directory; used for spares and leftovers, not resident sessions. */
  async function disposeQuietly(engineSession: EngineSession | null, dir: string) {
    if (engineSession) {
      // Killed first, then destroy(): as in the wipe.
      const refs = (await Promise.all(engineSession.pids().map(identify))).filter((r) => !OWN_PIDS.has(r.pid));
      await killAndWait(refs);
      await withTimeout(engineSession.destroy(), t.destroyMs, `destroy timed out after ${t.destroyMs} ms`).catch(() => {});
      await killAndWait(refs);
    }
    await killAndWait(await findHolders([dir], { excludePids: [process.pid] }));
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }

  function startSpare(): Spare {
    const began = performance.now();
    const paths = sessionPaths(ramRoot, newSessionId());
    const s: Spare = { paths, ready: Promise.resolve(null as never), engineSession: null };
    s.ready = (async () => {
      await ensureRoot();
      await createSessionDirs(ramRoot, paths.sessionId);
      try {
        const engineSession = await withTimeout(
          options.engine.startSession({
            sessionId: paths.sessionId,
            profileDir: paths.profileDir,
            filesDir: paths.filesDir,
            allowLoopback: options.allowLoopback ?? false,
          }),
          t.prewarmMs,
          `engine start timed out after ${t.prewarmMs} ms`,
        );
        s.engineSession = engineSession;
        log({ event: 'prewarm', ok: true, durationMs: Math.round(performance.now() - began) });
        return engineSession;
      } catch (e) {
        // Why, for the journal (an engine's error names a path or a browser problem, never a resident's data).
        log({ event: 'prewarm', ok: false, durationMs: Math.round(performance.now() - began), error: String(e).split('\n')[0]!.slice(0, 300) });
        if (spare === s) spare = null;
        await disposeQuietly(null, paths.dir).catch(() => {});
        throw e;
      }
    })();
    // A failed pre-warm is retried by the next claim; nobody may be left with an unhandled rejection.
    s.ready.catch(() => {});
    return s;
  }

  function prewarmNow(): Spare {
    spare ??= startSpare();
    return spare;
  }

  /** A pre-warmed profile must be exactly what a browser makes on its own: no cookie, no storage. */
  async function spareProblems(s: Spare): Promise<WipeProblem[]> {
    const problems: WipeProblem[] = [];
    const es = s.engineSession;
    if (!es) return problems;
    const entries = await withTimeout(es.countStorageEntries(), t.countMs, `count timed out after ${t.countMs} ms`).catch(() => null);
    if (entries !== null && entries > 0)
      problems.push({ kind: 'next-profile-not-fresh', detail: `${entries} storage entries in the pre-warmed profile`, path: s.paths.dir });
    return problems;
  }

  async function claimSpare(): Promise<{ s: Spare; es: EngineSession }> {
    for (let attempt = 0; ; attempt++) {
      const s = prewarmNow();
      let es: EngineSession;
      try {
        es = await s.ready;
      } catch (e) {
        if (attempt >= 1) throw e;
        continue;
      }
      // A spare whose browser died while waiting, or that is not fresh, is thrown away.
      const refs = await Promise.all(es.pids().map(identify));
      const alive = (await waitForExit(refs, 0)).length === refs.length;
      const problems = alive ? await spareProblems(s) : [];
      if (alive && problems.length === 0) return { s, es };
      spare = null;
      await disposeQuietly(es, s.paths.dir).catch(() => {});
      if (attempt >= 1) throw problems.length ? new WipeVerificationError(problems) : new Error('the pre-warmed browser died');
    }
  }

  async function doClaim(): Promise<ClaimedSession> {
    if (current) throw new Error('A session is already running: wipe it before starting another');
    await ensureRoot();
    const { s, es } = await claimSpare();
    spare = null;
    const startedAt = await fsClockNow(path.join(ramRoot, CLOCK_FILE));
    const printJobs = new Set<string>();
    const claimed: ClaimedSession = {
      sessionId: s.paths.sessionId,
      paths: s.paths,
      filesDir: s.paths.filesDir,
      engineSession: es,
      documents: createDocumentRegistry(s.paths.filesDir),
      startedAt,
      open: (demarche) => es.open(demarche),
      recordPrintJob: (jobId) => printJobs.add(String(jobId)),
    };
    current = { claimed, printJobs, storageEntries: undefined, refs: [], counts: null, files: 0, bytes: 0 };
    if (prewarmMode === 'ahead') prewarmNow();
    return claimed;
  }

  /**
   * Counts what the session stored, while its browser still runs; once per session. The count is
   * final: the engine may stop the session's pages to take it (the Chromium adapter kills its
   * renderers and reads the profile on disk), so the processes to kill are listed after it.
   */
  async function countBeforeEnd(cur: Current): Promise<void> {
    if (cur.storageEntries !== undefined) return;
    const es = cur.claimed.engineSession;
    cur.counts = cur.claimed.documents.dropped ? { documents: 0, scans: 0 } : cur.claimed.documents.counts();
    cur.storageEntries = null;
    try {
      cur.storageEntries = await withTimeout(es.countStorageEntries({ final: true }), t.countMs, `count timed out after ${t.countMs} ms`).catch(() => null);
    } finally {
      cur.refs = (await Promise.all(es.pids().map(identify))).filter((r) => !OWN_PIDS.has(r.pid));
    }
  }

  async function runStep(name: WipeStep, problems: WipeProblem[], fn: () => Promise<void> | void) {
    if (skip.has(name)) return;
    try {
      await fn();
    } catch (e) {
      problems.push({ kind: 'step-failed', detail: `${name}: ${(e as Error).message}` });
    }
  }

  async function doWipe(sessionId: string | null, attempt: number): Promise<WipeResult> {
    const began = performance.now();
    await ensureRoot();
    const problems: WipeProblem[] = [];
    const cur = current;
    if (sessionId !== null && isSessionId(sessionId) && sessionId !== cur?.claimed.sessionId) {
      // The machine names a session that is not the running one: wipe both, never neither.
      const other = sessionPaths(ramRoot, sessionId).dir;
      await killAndWait((await findHolders([other])).filter((h) => !OWN_PIDS.has(h.pid)));
      await rm(other, { recursive: true, force: true, maxRetries: 3 });
    }
    const dir = cur?.claimed.paths.dir ?? null;
    const es = cur?.claimed.engineSession ?? null;
    // Where the time goes (benchmarks, audit log): milliseconds per phase, nothing else.
    const phasesMs: Record<string, number> = {};
    const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        phasesMs[name] = Math.round(performance.now() - t0);
      }
    };
    let purgeRemaining = 0;
    let purgedJobs = 0;

    if (cur && cur.storageEntries === undefined) await timed('count', () => countBeforeEnd(cur));

    let heldAfterDelete: Awaited<ReturnType<typeof findHolders>> = [];
    const engineAndFiles = async () => {
      if (!cur || !dir) return;
      // The browser is killed, not asked to close: a graceful exit only gives it time to flush
      // state into a profile about to be deleted. A killed process runs no more code, so the
      // directory is measured and deleted while the kernel tears the processes down. destroy()
      // comes once they are gone, for the adapter to release what it holds: called before, it
      // would send the browser a close request that a dead browser never answers (measured with
      // Playwright: one page, its frames and CDP sessions retained per session, 12 MB of heap per
      // 100 sessions; none when the death is seen first).
      if (!skip.has('destroy-engine')) await timed('kill', () => killAll(cur.refs));
      const measured = timedSync(phasesMs, 'measure', () => measureTree(dir));
      cur.files += measured.files;
      cur.bytes += measured.bytes;
      await timed('delete', () => runStep('delete-session-dir', problems, () => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
      await timed('exit', () => runStep('destroy-engine', problems, () => killAndWait(cur.refs).then(() => {})));
      // Anything still holding a file of the session (a helper the engine did not list, a scan in
      // progress) keeps its data alive in RAM even though the directory is gone: killed. Looked for
      // while destroy() runs: the session's processes have exited, what destroy() releases is the
      // adapter's (and a process it kills is either found here, then killed, or dead once it returns).
      const [held] = await Promise.all([
        timed('holders', () => findHolders([dir])),
        timed('destroy', () =>
          runStep('destroy-engine', problems, async () => {
            if (es) await withTimeout(es.destroy(), t.destroyMs, `engine destroy timed out after ${t.destroyMs} ms`).catch(() => {});
            // Whatever destroy() did, no process of the session may outlive it.
            const stubborn = await killAndWait(cur.refs);
            if (stubborn.length) throw new Error(`${stubborn.length} processes would not exit`);
          }),
        ),
      ]);
      heldAfterDelete = held;
      if (heldAfterDelete.length && !skip.has('kill-holders')) {
        await runStep('kill-holders', problems, async () => {
          await killAndWait(heldAfterDelete.filter((h) => !OWN_PIDS.has(h.pid)));
        });
        // This process cannot be killed, but what it holds (a reader of a scan whose scanimage was
        // just killed) closes as soon as its event loop sees the exit: give it a moment.
        const deadline = performance.now() + HOLDERS_SETTLE_MS;
        do {
          heldAfterDelete = await findHolders([dir]);
          if (!heldAfterDelete.length) break;
          await sleep(25);
        } while (performance.now() < deadline);
      }
    };
    const printer = async () => {
      if (!options.printer) return;
      await timed('purge', () =>
        runStep('purge-print-jobs', problems, async () => {
          const r = await options.printer!.purge('all');
          purgedJobs = r.purged;
          purgeRemaining = remainingCount(r);
        }),
      );
    };
    const memory = async () => {
      await runStep('clear-clipboard', problems, async () => {
        await options.clearClipboard?.();
      });
      for (const extra of options.alsoClear ?? []) {
        await runStep('also-clear', problems, async () => {
          try {
            await extra.run();
          } catch (e) {
            throw new Error(`${extra.name}: ${(e as Error).message}`);
          }
        });
      }
    };
    await Promise.all([engineAndFiles(), printer(), memory()]);
    await runStep('drop-documents', problems, () => cur?.claimed.documents.drop());

    // Verification: each check looks at the world, not at what the steps above reported. The
    // checks only read, so they run together; their problems are listed in this order.
    const verifyBegan = performance.now();
    const spareDir = spare?.paths.dir ?? null;
    const spareDirs = spareDir ? [spareDir] : [];
    const next = spare;
    const [remains, survivors, createdCheck, extras, nextProblems] = await Promise.all([
      dir
        ? lstat(dir).then(
            () => true,
            () => false,
          )
        : false,
      cur ? waitForExit(cur.refs, 0) : [],
      cur ? timed('verifyCreated', () => findCreatedSince([{ path: ramRoot }, ...watched], cur.claimed.startedAt, [...fixed, ...spareDirs])) : null,
      unexpectedEntries(ramRoot, [...fixed, ...spareDirs]),
      next?.engineSession ? timed('verifyNext', () => spareProblems(next)) : [],
    ]);
    if (dir && remains) problems.push({ kind: 'session-dir-remains', detail: 'the session directory still exists', path: dir });
    for (const ref of survivors) problems.push({ kind: 'process-survives', detail: `pid ${ref.pid} still runs`, pid: ref.pid });
    for (const h of heldAfterDelete)
      problems.push({ kind: 'file-held-open', detail: `pid ${h.pid} holds a session file (${h.via})`, pid: h.pid, path: h.path });
    if (purgeRemaining > 0) problems.push({ kind: 'print-spool-remains', detail: `${purgeRemaining} print jobs or spool files remain in CUPS` });
    if (createdCheck) {
      for (const c of createdCheck.created)
        problems.push({ kind: 'file-created-during-session', detail: `created during the session under ${c.root}`, path: c.path });
      for (const u of createdCheck.unreadable) problems.push({ kind: 'unreadable', detail: `could not check (${u.code})`, path: u.path });
    }
    for (const extra of extras) {
      problems.push({ kind: 'ram-root-not-empty', detail: 'an entry other than the next session remains in the RAM root', path: extra });
    }
    problems.push(...nextProblems);
    phasesMs.verify = Math.round(performance.now() - verifyBegan);

    const durationMs = Math.round(performance.now() - began);
    const files = cur?.files ?? 0;
    const bytes = cur?.bytes ?? 0;
    log({ event: 'wipe', attempt, ok: problems.length === 0, problems: problems.length, durationMs, files, bytes, phasesMs });
    if (problems.length) throw new WipeVerificationError(problems);

    const receipt: WipeReceipt = {
      documents: cur?.counts?.documents ?? 0,
      scans: cur?.counts?.scans ?? 0,
      // Jobs the runtime recorded, or those the purge found (the queue holds only this session's: each wipe purges all).
      printJobs: cur ? Math.max(cur.printJobs.size, purgedJobs) : 0,
      storageEntries: cur?.storageEntries ?? null,
      files,
      bytes,
      durationMs,
      verified: true,
    };
    current = null;
    const nextSpare = prewarmNow();
    const nextReadyMs = nextSpare.ready.then(
      () => Math.round(performance.now() - began),
      () => null,
    );
    return { receipt, nextReadyMs };
  }

  async function doBootSweep(): Promise<BootSweepResult> {
    const began = performance.now();
    let status: RamRootStatus | null = null;
    let storageNotRam = false;
    try {
      status = await ensureRoot();
    } catch (e) {
      if (!(e instanceof StorageNotRamError)) throw e;
      storageNotRam = true;
    }
    const problems: WipeProblem[] = [];
    let removedEntries = 0;
    let files = 0;
    let bytes = 0;
    let killedProcesses = 0;
    let purgedPrintJobs = 0;
    // Sweep even a root now refused as disk-backed, as long as it is ours: leftovers there are worse.
    const ours =
      status !== null ||
      (await lstat(path.join(ramRoot, RAM_ROOT_MARKER)).then(
        () => true,
        () => false,
      ));
    if (ours) {
      const leftovers = await unexpectedEntries(ramRoot, fixed);
      if (leftovers.length) {
        // A browser left running by a crashed app holds (and may re-create) its profile: kill first.
        const holders = await findHolders(leftovers, { excludePids: [process.pid] });
        killedProcesses = holders.length;
        const stubborn = await killAndWait(holders);
        for (const s of stubborn) problems.push({ kind: 'process-survives', detail: `pid ${s.pid} would not die`, pid: s.pid });
        for (const entry of leftovers) {
          const m = measureTree(entry);
          files += m.files;
          bytes += m.bytes;
          await rm(entry, { recursive: true, force: true, maxRetries: 3 }).catch((e: Error) =>
            problems.push({ kind: 'step-failed', detail: `delete: ${e.message}` }),
          );
        }
        removedEntries = leftovers.length;
      }
      for (const extra of await unexpectedEntries(ramRoot, fixed))
        problems.push({ kind: 'ram-root-not-empty', detail: 'a leftover could not be deleted', path: extra });
      for (const h of await findHolders(leftovers, { excludePids: [process.pid] }))
        problems.push({ kind: 'file-held-open', detail: `pid ${h.pid} (${h.via})`, pid: h.pid });
    }
    if (options.printer) {
      try {
        const r = await options.printer.purge('all');
        purgedPrintJobs = r.purged;
        const remaining = remainingCount(r);
        if (remaining > 0) problems.push({ kind: 'print-spool-remains', detail: `${remaining} print jobs or spool files remain in CUPS` });
      } catch (e) {
        problems.push({ kind: 'step-failed', detail: `purge-print-jobs: ${(e as Error).message}` });
      }
    }
    const durationMs = Math.round(performance.now() - began);
    log({ event: 'boot-sweep', removedEntries, files, bytes, killedProcesses, purgedPrintJobs, durationMs, storageNotRam });
    if (problems.length) throw new WipeVerificationError(problems);
    if (!storageNotRam) prewarmNow();
    return { removedEntries, storageNotRam, files, bytes, killedProcesses, purgedPrintJobs, durationMs, ramRoot: status };
  }

  async function doShutdown() {
    const s = spare;
    spare = null;
    if (s) {
      const es = await s.ready.catch(() => null);
      await disposeQuietly(es, s.paths.dir).catch(() => {});
    }
    if (current) {
      const c = current;
      current = null;
      await disposeQuietly(c.claimed.engineSession, c.claimed.paths.dir).catch(() => {});
      c.claimed.documents.drop();
    }
  }

  return {
    bootSweep: () => serial(doBootSweep),
    claim: () => serial(doClaim),
    endSession: (sessionId) =>
      serial(async () => {
        if (current && (sessionId === null || sessionId === current.claimed.sessionId)) await countBeforeEnd(current);
      }),
    wipe: (sessionId, o) => serial(() => doWipe(sessionId, o?.attempt ?? 1)).then((r) => r.receipt),
    wipeAndMeasure: (sessionId, o) => serial(() => doWipe(sessionId, o?.attempt ?? 1)),
    prewarm: async () => {
      await ensureRoot();
      await prewarmNow().ready;
    },
    current: () => current?.claimed ?? null,
    spareDir: () => spare?.paths.dir ?? null,
    shutdown: () => serial(doShutdown),
  };
}

/** The machine's actors, ready to `provide()`: bootSweep, startSession, wipe. */
export function lifecycleActors(lifecycle: SessionLifecycle) {
  return {
    bootSweep: async (): Promise<BootSweepOutput> => {
      const r = await lifecycle.bootSweep();
      return { removedEntries: r.removedEntries, storageNotRam: r.storageNotRam };
    },
    startSession: async (): Promise<StartSessionOutput> => ({ sessionId: (await lifecycle.claim()).sessionId }),
    wipe: (input: { sessionId: string | null; attempt: number }): Promise<WipeReceipt> => lifecycle.wipe(input.sessionId, { attempt: input.attempt }),
  };
}
