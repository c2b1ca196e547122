// Shared by the scanner tests: scanners on the SANE test backend, session-like folders, and a look at the
// scanimage processes this test process started.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createScanner, type Scanner, type ScannerOptions } from '../../../src/devices/scanner';
import type { TestEnv } from '../../../scripts/test-env';
import { makeScratchDir } from '../../support/scratch';

const run = promisify(execFile);

export function testScanner(env: TestEnv, opts: Partial<ScannerOptions> & { picture?: string } = {}): Scanner {
  const { picture = 'Grid', extraArgs = [], ...rest } = opts;
  return createScanner({
    device: env.saneDevice,
    resolution: 150,
    mode: 'gray',
    source: 'flatbed',
    timeoutMs: 30_000,
    saneConfigDir: env.saneConfigDir,
    extraArgs: ['--test-picture', picture, ...extraArgs],
    ...rest,
  });
}

/** A fresh folder standing for a session's RAM folder. */
export async function sessionFolder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'cabine-scan-session-'));
}

export const filesIn = async (dir: string): Promise<string[]> => (await readdir(dir)).sort();

/**
 * Pids of the scanimage processes started by this (test) process; with `scanning`, only those scanning a
 * page (not the `scanimage -A` that reads the device's options first).
 */
export async function ourScanimages(scanning = false): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …"
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (!m || m[1] !== 'scanimage' || Number(m[2]) !== process.pid) continue;
      if (scanning && !(await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').includes('--format=jpeg')) continue;
      pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** A tmpfs of `size` (e.g. "64k") mounted for the test: a session folder that fills up. Needs root. */
export async function tinyTmpfs(size: string): Promise<{ dir: string; unmount(): Promise<void> }> {
  const scratch = await makeScratchDir('cabine-full-');
  const dir = scratch.path;
  await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  return {
    dir,
    async unmount() {
      await run('umount', [dir]);
      await scratch.remove();
    },
  };
}
