// Walking the cabin's writable locations: every file, without following symbolic links (a link
// could lead the wipe, or its search, out of the place it was asked to look at).
import type { Stats } from 'node:fs';
import { lstatSync, readdirSync } from 'node:fs';
import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';

export interface TreeEntry {
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'other';
  size: number;
  stats: Stats;
}

export interface WalkOptions {
  /** Paths (and everything under them) not to visit. */
  exclude?: readonly string[];
  /** Include directories themselves as entries (files are always included). */
  dirs?: boolean;
}

const kindOf = (s: Stats): TreeEntry['kind'] => (s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other');

/** Paths inside `parent` (or equal to it). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Every entry under `root` (the root itself excluded), depth first. Entries that vanish while
 * walking are skipped (other processes keep writing); unreadable directories are reported
 * through `onError`, so a check that could not look does not pass silently.
 */
export async function* walk(root: string, options: WalkOptions = {}, onError?: (p: string, e: NodeJS.ErrnoException) => void): AsyncGenerator<TreeEntry> {
  const exclude = (options.exclude ?? []).map((p) => path.resolve(p));
  const excluded = (p: string) => exclude.some((x) => isInside(p, x));
  const rootStat = await lstat(root).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') onError?.(root, e);
    return null;
  });
  if (!rootStat?.isDirectory()) return;
  const stack = [path.resolve(root)];
  while (stack.length) {
    const dir = stack.pop()!;
    let handle;
    try {
      handle = await opendir(dir);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code !== 'ENOENT') onError?.(dir, err);
      continue;
    }
    for await (const d of handle) {
      const p = path.join(dir, d.name);
      if (excluded(p)) continue;
      let s: Stats;
      try {
        s = await lstat(p);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code !== 'ENOENT') onError?.(p, err);
        continue;
      }
      const kind = kindOf(s);
      if (kind === 'dir') {
        stack.push(p);
        if (options.dirs) yield { path: p, kind, size: 0, stats: s };
      } else {
        yield { path: p, kind, size: kind === 'file' ? s.size : 0, stats: s };
      }
    }
  }
}

/**
 * Files and bytes under a directory (0/0 when it does not exist). Synchronous: it runs on a
 * RAM-backed tree about to be deleted, where a promise per file only adds time (a 50 MB profile
 * holds a few hundred files).
 */
export function measureTree(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const top = (() => {
    try {
      return lstatSync(root);
    } catch {
      return null;
    }
  })();
  if (!top) return { files, bytes };
  if (!top.isDirectory()) return { files: 1, bytes: top.isFile() ? top.size : 0 };
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const p = path.join(dir, name);
      let s: Stats;
      try {
        s = lstatSync(p);
      } catch {
        continue;
      }
      if (s.isDirectory()) stack.push(p);
      else {
        files += 1;
        if (s.isFile()) bytes += s.size;
      }
    }
  }
  return { files, bytes };
}
