// OS processes, read from /proc (Linux), once for the whole code base: the engine (a session's browser tree) and the
// wipe (processes holding a session's files) both use it. Two different waits, with different names:
//   waitForExit   waits, and only waits: returns those still running when the time is up;
//   waitThenKill  waits, then SIGKILLs the rest and waits for them: returns those that would not die.
// A process is named by its pid alone, or by a ProcessRef (pid + start time) so a reused pid is not taken for it.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { sleep } from '../async';

/** A process as identified at one moment: pid plus start time, so a reused pid is not mistaken for it. */
export interface ProcessRef {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot); null when unknown (then the pid alone counts). */
  startTime: string | null;
}

export type ProcessId = number | ProcessRef;

interface Stat {
  state: string;
  ppid: number;
  startTime: string;
}

function parseStat(text: string): Stat {
  // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '?', ppid: Number(rest[1]), startTime: rest[19] ?? '' };
}

async function readStat(pid: number): Promise<Stat | null> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

function readStatSync(pid: number): Stat | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Exited and waiting to be reaped, or gone: a zombie holds no memory and no file. */
const finished = (stat: Stat | null) => !stat || stat.state === 'Z' || stat.state === 'X';

const refOf = (p: ProcessId): ProcessRef => (typeof p === 'number' ? { pid: p, startTime: null } : p);

export async function identify(pid: number): Promise<ProcessRef> {
  const stat = await readStat(pid);
  return { pid, startTime: stat?.startTime ?? null };
}

/** Running and the same process: not exited, not a zombie, not a reused pid. */
export async function isAlive(process_: ProcessId): Promise<boolean> {
  const ref = refOf(process_);
  const stat = await readStat(ref.pid);
  if (finished(stat)) return false;
  return ref.startTime === null || stat!.startTime === ref.startTime;
}

export async function aliveOf<P extends ProcessId>(processes: readonly P[]): Promise<P[]> {
  const alive = await Promise.all(processes.map((p) => isAlive(p)));
  return processes.filter((_, i) => alive[i]);
}

/** Waits until none of `processes` runs, or the time is up; kills nothing. Returns those still running. */
export async function waitForExit<P extends ProcessId>(processes: readonly P[], timeoutMs: number): Promise<P[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = await aliveOf(processes);
  while (alive.length && Date.now() < deadline) {
    await sleep(10);
    alive = await aliveOf(alive);
  }
  return alive;
}

/** SIGKILL to those still running (and still the same processes). */
export async function killAll(processes: readonly ProcessId[]): Promise<void> {
  for (const p of await aliveOf(processes)) {
    try {
      process.kill(refOf(p).pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** SIGKILL now, then wait for the exits; returns those that would not die. */
export async function killAndWait<P extends ProcessId>(processes: readonly P[], timeoutMs = 3000): Promise<P[]> {
  await killAll(processes);
  return waitForExit(processes, timeoutMs);
}

/** Waits up to `timeoutMs` for a graceful exit, then SIGKILLs the rest and waits for them (2 s); returns the survivors. */
export async function waitThenKill<P extends ProcessId>(processes: readonly P[], timeoutMs: number): Promise<P[]> {
  const alive = await waitForExit(processes, timeoutMs);
  return alive.length ? killAndWait(alive, 2000) : [];
}

function liveProcsSync(): { pid: number; ppid: number }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: { pid: number; ppid: number }[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const stat = readStatSync(Number(e));
    if (!finished(stat)) out.push({ pid: Number(e), ppid: stat!.ppid });
  }
  return out;
}

async function liveProcs(): Promise<{ pid: number; ppid: number }[]> {
  const entries = (await readdir('/proc').catch(() => [] as string[])).filter((e) => /^\d+$/.test(e));
  const stats = await Promise.all(entries.map((e) => readStat(Number(e))));
  return entries.flatMap((e, i) => (finished(stats[i]!) ? [] : [{ pid: Number(e), ppid: stats[i]!.ppid }]));
}

function treeOf(procs: { pid: number; ppid: number }[], root: number): number[] {
  if (!procs.some((p) => p.pid === root)) return [];
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The root and every live descendant of it (empty if the root is gone). */
export async function processTree(root: number): Promise<number[]> {
  return treeOf(await liveProcs(), root);
}

/** Synchronous `processTree`, for `EngineSession.pids()`. */
export function processTreeSync(root: number): number[] {
  return treeOf(liveProcsSync(), root);
}

async function cmdlineIncludes(pid: number, needle: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').some((arg) => arg.includes(needle));
}

/** Live children of `parent` with an argument containing `needle`. */
export async function childrenWithArgument(parent: number, needle: string): Promise<number[]> {
  const children = (await liveProcs()).filter((p) => p.ppid === parent);
  const matches = await Promise.all(children.map((p) => cmdlineIncludes(p.pid, needle)));
  return children.filter((_, i) => matches[i]).map((p) => p.pid);
}

/**
 * Live processes whose command line contains `needle` (a profile path): helpers a browser starts outside its own
 * tree, such as Chromium's crash handler (double-forked, its parent is init).
 */
export function processesWithArgumentSync(needle: string): number[] {
  return liveProcsSync()
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false; // exited while we looked
      }
    })
    .map((p) => p.pid);
}
