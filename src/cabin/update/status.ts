// What the package manager's gate said of the last update (build/linux/update/cabine-update-gate writes
// last.json and history as root; the cabin, the metrics and `cabine doctor` only read them), and which versions
// a rollback pinned away. Plain Node, read at each scrape: small files, written rarely.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** Root's directory (never the cabin user's /var/lib/cabine: a link planted there would redirect root's writes). */
export const DEFAULT_UPDATE_DIR = '/var/lib/cabine-update';

export const UPDATE_OUTCOMES = ['updated', 'deferred', 'rolled-back', 'rollback-failed', 'no-previous-package'] as const;
export type UpdateOutcome = (typeof UPDATE_OUTCOMES)[number];

const lastUpdateSchema = z.object({
  outcome: z.enum(UPDATE_OUTCOMES),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  /** Unix time, seconds. */
  at: z.number().int().nonnegative(),
});
export type LastUpdate = z.infer<typeof lastUpdateSchema>;

export function updateStatusDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CABINE_UPDATE_DIR || DEFAULT_UPDATE_DIR;
}

/** last.json; null when there is none yet or it does not parse (said by the doctor, not thrown at a scrape). */
export async function readLastUpdate(dir: string): Promise<LastUpdate | null> {
  try {
    const parsed = lastUpdateSchema.safeParse(JSON.parse(await readFile(path.join(dir, 'last.json'), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** How many rollbacks the history holds (rolled-back lines), for a counter that survives restarts. */
export async function countRollbacks(dir: string): Promise<number> {
  try {
    const lines = (await readFile(path.join(dir, 'history'), 'utf8')).split('\n');
    return lines.filter((line) => line.split(' ')[1] === 'rolled-back').length;
  } catch {
    return 0;
  }
}

/** Versions of the package a rollback pinned away (/etc/apt/preferences.d/cabine-rollback-*.pref). */
export async function pinnedAwayVersions(preferencesDir = '/etc/apt/preferences.d'): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(preferencesDir);
  } catch {
    return [];
  }
  const versions: string[] = [];
  for (const name of names.filter((n) => /^cabine-rollback-.*\.pref$/.test(n)).sort()) {
    const text = await readFile(path.join(preferencesDir, name), 'utf8').catch(() => '');
    const m = /^Pin: version (\S+)$/m.exec(text);
    if (m) versions.push(m[1]!);
  }
  return versions;
}
