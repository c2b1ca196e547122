// The OS processes of one session's browser, read from /proc (Linux): the wipe checks that none
// survives before it deletes the profile, and `destroy()` waits for them.
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

interface ProcInfo {
  pid: number;
  ppid: number;
}

async function readProc(pid: number): Promise<ProcInfo | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z' || rest[0] === 'X') return null; // exited, waiting to be reaped
    return { pid, ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

async function allProcs(): Promise<ProcInfo[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const infos = await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map((e) => readProc(Number(e))));
  return infos.filter((p): p is ProcInfo => p !== null);
}

/** The root and every live descendant of it (empty if the root is gone). */
export async function processTree(root: number): Promise<number[]> {
  const procs = await allProcs();
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  if (!procs.some((p) => p.pid === root)) return [];
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Children of `parent` whose command line contains `needle` (a profile path, say). */
export async function childrenWithArgument(parent: number, needle: string): Promise<number[]> {
  const procs = (await allProcs()).filter((p) => p.ppid === parent);
  const found: number[] = [];
  for (const p of procs) {
    const cmdline = await readFile(`/proc/${p.pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').some((arg) => arg.includes(needle))) found.push(p.pid);
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until none of `pids` is alive (zombies count as gone); SIGKILLs the rest after `timeoutMs`. */
export async function waitForExit(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = await stillRunning(pids);
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    alive = await stillRunning(alive);
  }
  if (alive.length) {
    for (const pid of alive) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const killDeadline = Date.now() + 2000;
    while (alive.length && Date.now() < killDeadline) {
      await new Promise((r) => setTimeout(r, 25));
      alive = await stillRunning(alive);
    }
  }
  return alive;
}

async function stillRunning(pids: readonly number[]): Promise<number[]> {
  const infos = await Promise.all(pids.map(readProc));
  return infos.filter((p): p is ProcInfo => p !== null).map((p) => p.pid);
}

/** Synchronous variant of `processTree`, for `EngineSession.pids()`. */
export function processTreeSync(root: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  let rootAlive = false;
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue;
    }
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z' || rest[0] === 'X') continue;
    const pid = Number(e);
    const ppid = Number(rest[1]);
    if (pid === root) rootAlive = true;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  if (!rootAlive) return [];
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * Live processes whose command line contains `needle` (a profile path): helpers a browser starts
 * outside its own tree, such as Chromium's crash handler (double-forked, its parent is init).
 */
export function processesWithArgumentSync(needle: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (!readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(needle)) continue;
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') out.push(Number(e));
    } catch {
      // exited while we looked
    }
  }
  return out;
}
