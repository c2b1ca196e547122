// What the wipe proves after deleting, and how it says what is wrong.
// Problems carry paths for diagnostics and tests; a path outside the RAM root may name a file a
// resident downloaded, so the error's message (what logs see) holds kinds and counts only.
import { readdir, writeFile, lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { isInside, walk } from './tree';

/** A place the cabin can write to, checked after every wipe for files the session created. */
export interface WatchedRoot {
  path: string;
  /** Only entries (path relative to the root) this accepts are checked, e.g. CUPS's job files in its spool. */
  select?: (relativePath: string, kind: 'file' | 'dir' | 'symlink' | 'other') => boolean;
}

export type WipeProblemKind =
  | 'session-dir-remains'
  | 'process-survives'
  | 'file-held-open'
  | 'file-created-during-session'
  | 'ram-root-not-empty'
  | 'print-spool-remains'
  | 'next-profile-not-fresh'
  | 'step-failed'
  | 'unreadable';

export interface WipeProblem {
  kind: WipeProblemKind;
  /** Diagnostics only: may name a resident's file when outside the RAM root. Never log it. */
  detail: string;
  path?: string;
  pid?: number;
}

export class WipeVerificationError extends Error {
  constructor(readonly problems: readonly WipeProblem[]) {
    const counts = new Map<string, number>();
    for (const p of problems) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
    super(`wipe not verified: ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    this.name = 'WipeVerificationError';
  }
}

/**
 * When a file came to be: its birth time where the filesystem records one (tmpfs and ext4 do on
 * recent kernels), else its change time — stricter, since it also counts files merely modified.
 */
export function createdAtMs(s: Stats): number {
  return s.birthtimeMs > 0 ? s.birthtimeMs : s.ctimeMs;
}

/**
 * A timestamp from the filesystems' own clock: the kernel stamps files with a coarse clock that
 * can lag Date.now() by a few milliseconds, so "created since" must compare like with like.
 */
export async function fsClockNow(stampFile: string): Promise<number> {
  await writeFile(stampFile, '');
  return (await lstat(stampFile)).mtimeMs;
}

export const asWatched = (r: string | WatchedRoot): WatchedRoot => (typeof r === 'string' ? { path: r } : r);

/** Files (and links) created at or after `since` under the watched roots, except under `exclude`. */
export async function findCreatedSince(
  roots: readonly WatchedRoot[],
  since: number,
  exclude: readonly string[],
): Promise<{ created: { path: string; root: string }[]; unreadable: { path: string; code: string }[] }> {
  const created: { path: string; root: string }[] = [];
  const unreadable: { path: string; code: string }[] = [];
  for (const root of roots) {
    const onError = (p: string, e: NodeJS.ErrnoException) => unreadable.push({ path: p, code: e.code ?? 'error' });
    for await (const e of walk(root.path, { exclude, dirs: true }, onError)) {
      if (root.select && !root.select(path.relative(root.path, e.path), e.kind)) continue;
      // A directory made during the session is residue too, even if empty (its name may say something).
      if (createdAtMs(e.stats) >= since) created.push({ path: e.path, root: root.path });
    }
  }
  return { created, unreadable };
}

/** Entries of the RAM root other than the expected ones. */
export async function unexpectedEntries(ramRoot: string, expected: readonly string[]): Promise<string[]> {
  const names = await readdir(ramRoot).catch(() => [] as string[]);
  const ok = expected.map((e) => path.resolve(e));
  return names.map((n) => path.join(ramRoot, n)).filter((p) => !ok.some((e) => isInside(p, e)));
}
