// Shared by the kiosk-setup tests: the script, the printing side's CUPS config it needs, and a
// cached debootstrapped Debian 12 tree to run it in.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
export const LINUX = path.join(ROOT, 'build', 'linux');
export const SCRIPT = path.join(LINUX, 'setup-kiosk.sh');
/** Kept between runs: the debootstrapped tree (~270 MB) and the .deb files apt fetched (~70 MB). */
export const CACHE = process.env.CABINE_DEBOOTSTRAP_CACHE ?? '/var/cache/cabine-test';
export const BASE_TREE = path.join(CACHE, 'debootstrap-bookworm');
export const DEB_CACHE = path.join(CACHE, 'apt-archives');
export const APT_LISTS = path.join(CACHE, 'apt-lists');
const MIRROR = process.env.CABINE_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

const exec = promisify(execFile);

/** Why the setup script cannot run yet, or null: it needs build/linux/cups/*cupsd*.conf (printing side). */
export function missingCupsConfig(): string | null {
  const dir = path.join(LINUX, 'cups');
  const ok = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.conf') && f.includes('cupsd'));
  return ok ? null : 'build/linux/cups/*cupsd*.conf is missing (the hardened CUPS config from the printing side): setup-kiosk.sh refuses to run without it';
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, LC_ALL: 'C.UTF-8', ...options.env },
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The cached Debian 12 tree (minbase + systemd, udev), made with debootstrap on first use.
 * Returns the reason it cannot be had instead of throwing: the test then says it skipped, and why.
 */
export async function ensureBaseTree(): Promise<{ tree: string } | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'debootstrap and chroot need root' };
  if (existsSync(path.join(BASE_TREE, 'etc', 'debian_version'))) return { tree: BASE_TREE };
  try {
    await exec('debootstrap', ['--version']);
  } catch {
    return { skip: 'debootstrap is not installed (apt-get install debootstrap)' };
  }
  await mkdir(CACHE, { recursive: true });
  const partial = `${BASE_TREE}.partial-${process.pid}`;
  try {
    await exec('debootstrap', ['--variant=minbase', '--include=systemd,systemd-sysv,udev,kmod,procps', 'bookworm', partial, MIRROR], {
      timeout: 15 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    await rename(partial, BASE_TREE);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (existsSync(path.join(BASE_TREE, 'etc', 'debian_version'))) return { tree: BASE_TREE }; // made by a concurrent run
    return { skip: `debootstrap could not build a Debian 12 tree from ${MIRROR}: ${String((error as Error).message).split('\n')[0]}` };
  }
  return { tree: BASE_TREE };
}

/** Hard-links .deb files from one directory to another (copies across filesystems), skipping those present. */
export async function linkDebs(from: string, to: string): Promise<number> {
  if (!existsSync(from)) return 0;
  await mkdir(to, { recursive: true });
  const have = new Set(await readdir(to));
  let n = 0;
  for (const name of await readdir(from)) {
    if (!name.endsWith('.deb') || have.has(name)) continue;
    try {
      await link(path.join(from, name), path.join(to, name));
    } catch {
      await copyFile(path.join(from, name), path.join(to, name));
    }
    n++;
  }
  return n;
}

/** Where to unpack a tree: RAM when there is room (dpkg is much faster there), else /var/tmp. */
export async function scratchDir(): Promise<string> {
  try {
    const fs = await statfs('/dev/shm');
    // The tree holds device nodes (/dev/null…): a mount with nodev, as Debian mounts /dev/shm by default, would
    // make every redirection to /dev/null inside it fail.
    if (fs.bavail * fs.bsize > 3 * 1024 ** 3 && !(await mountOptions('/dev/shm')).includes('nodev')) return '/dev/shm';
  } catch {
    // no /dev/shm
  }
  return '/var/tmp';
}

/** Options of the mount at `target` (the last one listed, the one in effect), from /proc/self/mounts. */
export async function mountOptions(target: string): Promise<string[]> {
  const lines = (await readFile('/proc/self/mounts', 'utf8')).split('\n').map((l) => l.split(' '));
  const mount = lines.filter((f) => f[1] === target).at(-1);
  return mount?.[3]?.split(',') ?? [];
}

/** Set CABINE_SKIP_DEBOOTSTRAP=1 to leave out the (minutes long) run in a Debian tree. */
export const skipDebootstrap = process.env.CABINE_SKIP_DEBOOTSTRAP === '1' ? 'CABINE_SKIP_DEBOOTSTRAP=1 is set' : null;
