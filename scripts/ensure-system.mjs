#!/usr/bin/env node
// Installs what Cabine needs from Debian/Ubuntu and npm, only what is missing. Plain Node, no
// dependencies: it runs on a fresh clone before `npm ci`. Used by `npm start` and `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages: the real printer, scanner and browser stack the cabin and its tests run on. */
export const SYSTEM_PACKAGES = {
  run: ['cups', 'cups-client', 'cups-bsd', 'sane-utils', 'libsane1', 'fonts-liberation'],
  test: [
    'cups', 'cups-client', 'cups-bsd', 'printer-driver-cups-pdf', 'sane-utils', 'libsane1',
    'chromium', 'xvfb', 'xauth', 'fonts-liberation', 'fonts-dejavu-core', 'ghostscript', 'poppler-utils', 'shellcheck',
  ],
};

function missingPackages(names) {
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

export function ensureSystem(kind) {
  if (!existsSync('/usr/bin/dpkg-query')) {
    console.log('ensure-system: not a Debian/Ubuntu machine; install by hand: ' + SYSTEM_PACKAGES[kind].join(' '));
    return;
  }
  const missing = missingPackages(SYSTEM_PACKAGES[kind]);
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`Missing system packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`ensure-system: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => sh(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { env });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

/** `npm ci` when node_modules is absent or older than the lock file. */
export function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('ensure-system: npm ci');
  // The Electron binary comes from GitHub, which may be unreachable: never let its download fail the install.
  sh('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const kind = process.argv[2] === 'run' ? 'run' : 'test';
  try {
    ensureSystem(kind);
    ensureNodeModules();
    console.log(`ensure-system: ${kind} prerequisites present`);
  } catch (e) {
    console.error(`ensure-system: ${e.message}`);
    process.exit(1);
  }
  void execFileSync;
}
