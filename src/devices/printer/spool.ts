// Looks into CUPS's spool directory (RequestRoot) for what it still holds of some jobs: cNNNNN = the job's
// attributes (title, user), dNNNNN-NNN = a full copy of each document.
import { readdir } from 'node:fs/promises';

export const DEFAULT_SPOOL_DIR = '/var/spool/cups';

const JOB_FILE = /^([cd])0*(\d+)(?:-\d+)?$/;

/** Job id a spool file belongs to, or null for other files (tmp/, job.cache…). */
export function jobIdOfSpoolFile(name: string): number | null {
  const m = JOB_FILE.exec(name);
  return m ? Number(m[2]) : null;
}

/**
 * Spool files of the given jobs (or of every job for 'all'); null when the spool cannot be read
 * (it is root:lp 0710 on a normal install: the cabin's user reads it only if put in group lp).
 */
export async function spoolFilesOf(spoolDir: string, jobIds: readonly number[] | 'all'): Promise<string[] | null> {
  let names: string[];
  try {
    names = await readdir(spoolDir);
  } catch {
    return null;
  }
  const wanted = jobIds === 'all' ? null : new Set(jobIds);
  return names.filter((n) => {
    const id = jobIdOfSpoolFile(n);
    return id !== null && (wanted === null || wanted.has(id));
  });
}
