// The running cabin's half of the update gate (issue 16), the same in both shells. The system's package manager
// (apt, unattended-upgrades, a technician's apt-get) runs build/linux/update/cabine-update-gate before and after
// each dpkg run: before, it writes `update-pending` and waits until this side says nobody uses the cabin; after,
// it restarts the cabin if it runs replaced files and removes the file. This side:
//   - writes `cabin/cabin-state` (key=value lines: pid, version, state, out-of-service reason) at every change of the
//     cabin's top-level state, for the gate to read — and for the start check that rolls back a package whose
//     new version never gets past booting;
//   - while a live `update-pending` exists and the cabin is on attract, sends UPDATE_PENDING (the machine's
//     'updating' screen: nobody can start a session); when it is gone, UPDATE_DONE.
// The gate runs as root and reads `cabin-state`, written by the cabin's user: it parses it, never sources it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CabinRuntime } from '../runtime';
import { cabinStateOf } from '../runtime';

/** Where the gate's files are: a tmpfs, so nothing of it outlives a reboot (build/linux/update/cabine-tmpfiles.conf). */
export const DEFAULT_RUN_DIR = '/run/cabine';
/** A pending update older than this is a gate that died without its release: ignored, said in the journal. */
export const PENDING_MAX_AGE_MS = 2 * 60 * 60 * 1000;

/**
 * Where this cabin's gate lives: CABINE_RUN_DIR, else /run/cabine when it exists (a kiosk install makes it at boot:
 * build/linux/update/cabine-tmpfiles.conf). Null elsewhere (`npm start` on a desktop): no package manager waits
 * for this cabin there.
 */
export function updateGateRunDir(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string | null {
  if (env.CABINE_RUN_DIR) return env.CABINE_RUN_DIR;
  return exists(DEFAULT_RUN_DIR) ? DEFAULT_RUN_DIR : null;
}

export interface PendingUpdate {
  /** The process that holds the gate (apt, unattended-upgrade): the gate is held while it lives. */
  pid: number;
  /** Seconds since the epoch. */
  since: number;
}

/** Parses `update-pending`; null for anything but two well-formed lines. */
export function parsePendingUpdate(text: string): PendingUpdate | null {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)=([0-9]+)$/.exec(line.trim());
    if (m) fields.set(m[1]!, m[2]!);
  }
  const pid = Number(fields.get('pid'));
  const since = Number(fields.get('since'));
  return Number.isSafeInteger(pid) && pid > 0 && Number.isSafeInteger(since) && since > 0 ? { pid, since } : null;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists and belongs to another user (the gate runs as root, the cabin does not).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface CabinStateLine {
  pid: number;
  version: string;
  state: string;
  outOfService: string | null;
}

export function formatCabinState(s: CabinStateLine): string {
  return `pid=${s.pid}\nversion=${s.version}\nstate=${s.state}\nout_of_service=${s.outOfService ?? ''}\n`;
}

export interface UpdateGateOptions {
  runtime: Pick<CabinRuntime, 'actor'>;
  /** The version this process runs (the package's), which the start check compares with the installed one. */
  version: string;
  /** Default: updateGateRunDir() — and no gate at all where it finds none (not a kiosk install). */
  runDir?: string;
  log?: (message: string, level?: 'notice' | 'warning' | 'err') => void;
  /** How often to look for `update-pending` (default 1 s: one read). */
  everyMs?: number;
  now?: () => number;
  alive?: (pid: number) => boolean;
}

export interface UpdateGate {
  /** One look at `update-pending` now (the timer does the same every everyMs). */
  check(): void;
  stop(): void;
}

/**
 * Starts the cabin's side of the gate. Never throws: a cabin whose run directory cannot be written still serves,
 * and says why once; where there is none at all (not a kiosk install), there is no gate, and it says so.
 */
export function startUpdateGate(options: UpdateGateOptions): UpdateGate {
  const runDir = options.runDir ?? updateGateRunDir();
  if (!runDir) {
    options.log?.(`update gate off: no ${DEFAULT_RUN_DIR} (not a kiosk install)`, 'notice');
    return { check() {}, stop() {} };
  }
  // The cabin's own subdirectory: root's hook writes update-pending in runDir, which the cabin's user cannot write.
  const stateDir = path.join(runDir, 'cabin');
  const stateFile = path.join(stateDir, 'cabin-state');
  const pendingFile = path.join(runDir, 'update-pending');
  const now = options.now ?? Date.now;
  const alive = options.alive ?? processAlive;
  const { actor } = options.runtime;
  let writeFailed = false;
  let staleSaid = 0;

  const writeState = (): void => {
    const snapshot = actor.getSnapshot();
    const line = formatCabinState({
      pid: process.pid,
      version: options.version,
      state: cabinStateOf(snapshot),
      outOfService: snapshot.context.outOfService,
    });
    try {
      mkdirSync(stateDir, { recursive: true, mode: 0o755 });
      const tmp = `${stateFile}.${process.pid}.tmp`;
      writeFileSync(tmp, line, { mode: 0o644 });
      renameSync(tmp, stateFile);
      writeFailed = false;
    } catch (error) {
      // Fail loud, not closed: residents keep their cabin; the gate then sees no live cabin and the technician's
      // `cabine doctor` and the journal say the updates may restart it at any time.
      if (!writeFailed)
        options.log?.(`update gate: cannot write ${stateFile} (${(error as Error).message}): updates cannot wait for the end of a session`, 'err');
      writeFailed = true;
    }
  };

  /** The pending update, if one is held by a live process and not older than PENDING_MAX_AGE_MS. */
  const pendingNow = (): PendingUpdate | null => {
    let text: string;
    try {
      text = readFileSync(pendingFile, 'utf8');
    } catch {
      return null;
    }
    const pending = parsePendingUpdate(text);
    if (!pending) return null;
    if (!alive(pending.pid) || now() - pending.since * 1000 > PENDING_MAX_AGE_MS) {
      if (staleSaid !== pending.since) options.log?.(`update gate: ${pendingFile} is left over (process ${pending.pid} gone or too old): ignored`, 'warning');
      staleSaid = pending.since;
      return null;
    }
    return pending;
  };

  const check = (): void => {
    const state = cabinStateOf(actor.getSnapshot());
    if (state !== 'attract' && state !== 'updating') return;
    const pending = pendingNow();
    if (pending && state === 'attract') {
      options.log?.(`the system installs updates (process ${pending.pid}): no new session until it is done`, 'notice');
      actor.send({ type: 'UPDATE_PENDING' });
    } else if (!pending && state === 'updating') {
      options.log?.('updates done: the cabin takes residents again', 'notice');
      actor.send({ type: 'UPDATE_DONE' });
    }
  };

  let last = '';
  const subscription = actor.subscribe((snapshot) => {
    const key = `${cabinStateOf(snapshot)}/${snapshot.context.outOfService ?? ''}`;
    if (key === last) return;
    last = key;
    writeState();
    // Back on attract after a wipe: a waiting update goes first, before the next resident.
    check();
  });
  last = `${cabinStateOf(actor.getSnapshot())}/${actor.getSnapshot().context.outOfService ?? ''}`;
  writeState();
  const timer = setInterval(check, options.everyMs ?? 1000);
  timer.unref();
  check();
  return {
    check,
    stop() {
      clearInterval(timer);
      subscription.unsubscribe();
    },
  };
}
