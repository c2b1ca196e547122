// Processes of a session: the wipe proves they are gone, and finds any process that still holds
// a file of the session (an open descriptor, a memory mapping, its working directory, or the
// path on its command line). On tmpfs a deleted file still held open keeps its data in memory,
// so "the directory is gone" is not enough on its own.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { isInside } from './tree';

// Identifying, waiting for and killing processes: one module for the whole code base (src/base/node/processes.ts).
import { identify, isAlive, type ProcessRef } from '../../base/node/processes';
export { aliveOf, identify, isAlive, killAll, killAndWait, waitForExit, type ProcessRef } from '../../base/node/processes';

export interface Holder extends ProcessRef {
  /** How it holds the path: 'fd', 'mmap', 'cwd', 'cmdline'. */
  via: string;
  /** The first path of ours it holds (for diagnostics; under the RAM root it names no one). */
  path: string;
}

/** Paths in /proc/<pid>/{fd,map_files,cwd} carry " (deleted)" once unlinked. */
const stripDeleted = (p: string) => (p.endsWith(' (deleted)') ? p.slice(0, -' (deleted)'.length) : p);

const tryRead = <T>(fn: () => T): T | null => {
  try {
    return fn();
  } catch {
    return null;
  }
};

// Synchronous on purpose: /proc answers from memory, and one readlink per descriptor of every
// process is several times faster without a promise per call (measured: 40–80 ms against
// 270–570 ms for ~120 processes and ~1100 descriptors on a loaded 2-core machine).
function holdsVia(pid: number, roots: readonly string[]): { via: string; path: string } | null {
  const inRoots = (p: string) => roots.some((r) => isInside(stripDeleted(p), r));
  const proc = `/proc/${pid}`;
  const cwd = tryRead(() => readlinkSync(`${proc}/cwd`));
  if (cwd && inRoots(cwd)) return { via: 'cwd', path: stripDeleted(cwd) };
  const cmdline = tryRead(() => readFileSync(`${proc}/cmdline`, 'utf8')) ?? '';
  for (const arg of cmdline.split('\0')) {
    // --user-data-dir=/dev/shm/cabine/s-… and the like.
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (path.isAbsolute(value) && inRoots(path.resolve(value))) return { via: 'cmdline', path: path.resolve(value) };
  }
  for (const fd of tryRead(() => readdirSync(`${proc}/fd`)) ?? []) {
    const target = tryRead(() => readlinkSync(`${proc}/fd/${fd}`));
    if (target && target.startsWith('/') && inRoots(target)) return { via: 'fd', path: stripDeleted(target) };
  }
  const maps = tryRead(() => readFileSync(`${proc}/maps`, 'latin1')) ?? '';
  if (roots.some((r) => maps.includes(r))) {
    for (const line of maps.split('\n')) {
      const i = line.indexOf('/');
      if (i >= 0 && inRoots(line.slice(i))) return { via: 'mmap', path: stripDeleted(line.slice(i)) };
    }
  }
  return null;
}

/**
 * Every process (but `excludePids`) that holds something under one of `roots`. Needs to read other
 * processes' /proc entries: the cabin runs its browsers as its own user, so it can.
 */
export async function findHolders(roots: readonly string[], options: { excludePids?: readonly number[] } = {}): Promise<Holder[]> {
  const resolved = roots.map((r) => path.resolve(r));
  const exclude = new Set(options.excludePids ?? []);
  const pids = readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((p) => !exclude.has(p));
  const found: Holder[] = [];
  for (let i = 0; i < pids.length; i++) {
    // Let the event loop breathe between batches.
    if (i % 32 === 31) await new Promise((r) => setImmediate(r));
    const pid = pids[i]!;
    const hit = holdsVia(pid, resolved);
    if (!hit) continue;
    const ref = await identify(pid);
    if (!(await isAlive(ref))) continue;
    found.push({ ...ref, ...hit });
  }
  return found;
}
