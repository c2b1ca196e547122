// Shared by the scanner tests: scanners on the SANE test backend, session-like folders, and a look at the
// scanimage processes this test process started.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createScanner, type Scanner, type ScannerOptions } from '../../../src/devices/scanner';
import type { TestEnv } from '../../../scripts/test-env';
import { DeviceFault } from '../../../src/shared/session';

const run = promisify(execFile);

/**
 * SANE's test backend itself hangs now and then: scanimage never ends (1 run in ~2 000 to ~5 000 here, measured
 * with a loop of plain `scanimage` commands, without Cabine). The driver then does what it must — the scan fails as
 * 'timeout' after timeoutMs —, but a suite of ~60 scans would fail a few runs in a hundred for the stand-in's sake.
 * So a normal scan (no timeout or slowness asked by the test) gets 15 s, and one more try after a 'timeout', said
 * on stderr. Tests about timeouts and slow scanners pass timeoutMs or --read-delay and get no second try.
 */
const NORMAL_SCAN_TIMEOUT_MS = 15_000;

export function testScanner(env: TestEnv, opts: Partial<ScannerOptions> & { picture?: string } = {}): Scanner {
  const { picture = 'Grid', extraArgs = [], ...rest } = opts;
  const testsSlowness = rest.timeoutMs !== undefined || extraArgs.some((a) => a.startsWith('--read-delay'));
  const scanner = createScanner({
    device: env.saneDevice,
    resolution: 150,
    mode: 'gray',
    source: 'flatbed',
    timeoutMs: NORMAL_SCAN_TIMEOUT_MS,
    saneConfigDir: env.saneConfigDir,
    extraArgs: ['--test-picture', picture, ...extraArgs],
    ...rest,
  });
  return testsSlowness ? scanner : againIfTheBackendHung(scanner);
}

function againIfTheBackendHung(scanner: Scanner): Scanner {
  return new Proxy(scanner, {
    get(target, prop, receiver) {
      if (prop !== 'startDocument') return Reflect.get(target, prop, receiver) as unknown;
      return (...args: Parameters<Scanner['startDocument']>) => {
        const doc = target.startDocument(...args);
        return new Proxy(doc, {
          get(d, p, r) {
            const value = Reflect.get(d, p, r) as unknown;
            if (p !== 'scanPage' || typeof value !== 'function') return value;
            return async (...a: unknown[]) => {
              try {
                return await (value as (...x: unknown[]) => Promise<unknown>).apply(d, a);
              } catch (error) {
                if (!(error instanceof DeviceFault) || error.fault !== 'timeout') throw error;
                process.stderr.write(`scanner test: SANE's test backend hung (${error.message}); scanning again\n`);
                return (value as (...x: unknown[]) => Promise<unknown>).apply(d, a);
              }
            };
          },
        });
      };
    },
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
  const dir = await mkdtemp(path.join(tmpdir(), 'cabine-full-'));
  await mkdir(dir, { recursive: true });
  await run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
  return {
    dir,
    async unmount() {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
