// What a Chromium profile holds in Local Storage, read from the profile on disk (its LevelDB), for
// the wipe receipt. Playwright's storageState() gives the same number by opening a page and
// visiting every origin the session saw (hundreds of milliseconds per origin on a busy machine);
// reading the files takes a few.
//
// The browser writes Local Storage to disk late: a change is committed some seconds after a page
// makes it (5 s by default, measured: nothing on disk 1.3 s after a page set 4 entries, even with
// its view navigated away), but at once when the last renderer using that storage goes away. So
// the count is taken once the session's renderers are killed (the session is ending: they would
// be killed by the wipe a moment later anyway), when the files have stopped changing.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { sleep } from '../../base/async';
import { liveLevelDbKeys } from '../leveldb';

/** The profile's Local Storage database (the default profile; the cabin makes no other). */
export const localStorageDir = (profileDir: string) => path.join(profileDir, 'Default', 'Local Storage', 'leveldb');

/**
 * Entries of every storage key (origin, and the partitioned storage of third-party frames) in the
 * Local Storage database: keys `_<storage key>\0<name>`; `META:`, `METAACCESS:` and `VERSION` are
 * the database's own bookkeeping. Throws what liveLevelDbKeys throws on a file it cannot read.
 */
export async function countLocalStorageEntries(profileDir: string): Promise<number> {
  const keys = await liveLevelDbKeys(localStorageDir(profileDir));
  return keys.filter((k) => k.startsWith('_') && k.includes('\0')).length;
}

async function filesSignature(dir: string): Promise<string> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /\.(log|ldb|sst)$/.test(n)).sort();
  const sizes = await Promise.all(
    names.map((n) =>
      stat(path.join(dir, n)).then(
        (s) => `${n}:${s.size}:${s.mtimeMs}`,
        () => `${n}:gone`,
      ),
    ),
  );
  return sizes.join('|');
}

/**
 * Waits until the Local Storage files have not changed for `quietMs` (the commits that follow the
 * renderers' deaths have landed), at most `maxMs`; returns whether they settled.
 */
export async function localStorageSettled(profileDir: string, options: { quietMs?: number; maxMs?: number } = {}): Promise<boolean> {
  const quietMs = options.quietMs ?? 60;
  const deadline = Date.now() + (options.maxMs ?? 1000);
  const dir = localStorageDir(profileDir);
  let last = await filesSignature(dir);
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(15);
    const now = await filesSignature(dir);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return true;
  }
  return false;
}
