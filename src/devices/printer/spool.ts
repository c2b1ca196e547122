// Looks into CUPS's spool directory (RequestRoot) for what it still holds of some jobs: cNNNNN = the job's
// attributes (title, user), dNNNNN-NNN = a full copy of each document.
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_SPOOL_DIR = '/var/spool/cups';

const JOB_FILE = /^([cd])0*(\d+)(?:-\d+)?$/;

/** Job id a spool file belongs to, or null for other files (tmp/, job.cache…). */
export function jobIdOfSpoolFile(name: string): number | null {
  const m = JOB_FILE.exec(name);
  return m ? Number(m[2]) : null;
}

/** Names CUPS gives a job's files: c%05d, d%05d-%03d (documents numbered from 1). */
export function spoolNamesOf(jobId: number, documents = 3): string[] {
  const id = String(jobId).padStart(5, '0');
  return [`c${id}`, ...Array.from({ length: documents }, (_, i) => `d${id}-${String(i + 1).padStart(3, '0')}`)];
}

/**
 * Spool files of the given jobs (or of every job for 'all'); null when the spool cannot be checked.
 * CUPS keeps RequestRoot root:lp 0710: a member of lp (the cabin's user) may not list it but may look up a
 * name in it, so for known jobs the expected names are probed one by one.
 */
export async function spoolFilesOf(spoolDir: string, jobIds: readonly number[] | 'all'): Promise<string[] | null> {
  let names: string[];
  try {
    names = await readdir(spoolDir);
  } catch (error) {
    if (jobIds === 'all' || (error as NodeJS.ErrnoException).code !== 'EACCES') return null;
    const found: string[] = [];
    for (const name of jobIds.flatMap((id) => spoolNamesOf(id))) {
      try {
        await access(path.join(spoolDir, name));
        found.push(name);
      } catch (probe) {
        if ((probe as NodeJS.ErrnoException).code !== 'ENOENT') return null;
      }
    }
    return found;
  }
  const wanted = jobIds === 'all' ? null : new Set(jobIds);
  return names.filter((n) => {
    const id = jobIdOfSpoolFile(n);
    return id !== null && (wanted === null || wanted.has(id));
  });
}
