#!/usr/bin/env node
// Installs what Cabine needs from Debian/Ubuntu and npm, only what is missing. Plain Node, no
// dependencies: it runs on a fresh clone before `npm ci`. Used by `npm start` and `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Debian packages: the real printer, scanner and browser stack the cabin and its tests run on. */
export const SYSTEM_PACKAGES = {
  // openssh-client: ssh-keygen checks the fleet file's signature (docs/fleet.md).
  run: ['cups', 'cups-client', 'cups-bsd', 'sane-utils', 'libsane1', 'fonts-liberation', 'openssh-client'],
  test: [
    'cups',
    'cups-client',
    'cups-bsd',
    'printer-driver-cups-pdf',
    'sane-utils',
    'libsane1',
    // chromium-l10n: Debian ships Chromium's translations apart; without them its own words in a page (a file
    // input's « Choisir un fichier ») are English.
    'chromium',
    'chromium-l10n',
    'xvfb',
    'xauth',
    'fonts-liberation',
    'fonts-dejavu-core',
    'ghostscript',
    'poppler-utils',
    // ssh-keygen -Y sign/verify: the fleet file's signature, tested with the real tool; openssl makes the
    // private CA of the fleet's test HTTPS server.
    'openssh-client',
    'openssl',
    // The fleet's monitoring tests: Prometheus in agent mode on each cabin, remote-writing to a receiver;
    // systemd-journal-upload to systemd-journal-remote.
    'prometheus',
    'systemd-journal-remote',
    'shellcheck',
    // The kiosk setup test runs build/linux/setup-kiosk.sh inside a Debian 12 tree it makes with debootstrap.
    'debootstrap',
    // The update repository's test: cabine-apt-repo (gpg, apt-ftparchive) publishes, nginx serves, and Debian's
    // unattended-upgrade installs from it in an isolated root.
    'gnupg',
    'apt-utils',
    'nginx-light',
    'unattended-upgrades',
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
  ensurePackages(SYSTEM_PACKAGES[kind]);
}

/**
 * Installs those Debian packages that are missing (apt-get, as root or through `sudo -n`); throws, saying which
 * and how, where that cannot be done. `npm start` uses it for `chromium` when Cabine falls back to its shell.
 */
export function ensurePackages(names) {
  if (!existsSync('/usr/bin/dpkg-query')) throw new Error(`not a Debian/Ubuntu machine; install by hand: ${names.join(' ')}`);
  const missing = missingPackages(names);
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

/**
 * Whether a Node version satisfies an engines.node range made of comparators (>=, >, <=, <, =, or a bare "20" /
 * "20.1" x-range) joined by spaces, with "||" alternatives: the shapes packages write. null for another shape
 * (^, ~, *, hyphen ranges), which is not judged.
 */
export function satisfiesRange(version, range) {
  const cmp = (a, b) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const have = version.replace(/^v/, '').split('.').map(Number);
  let any = false;
  for (const alternative of String(range ?? '').split('||')) {
    const parts = alternative
      .trim()
      .replace(/(>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (parts.length === 0) return null;
    let ok = true;
    for (const part of parts) {
      const m = /^(>=|<=|>|<|=)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(part);
      if (!m) return null;
      const given = [m[2], m[3], m[4]].filter((x) => x !== undefined).map(Number);
      const op = m[1] ?? '=';
      // A bare "20" or "20.1" is an x-range: the parts it gives must match.
      const c = op === '=' ? cmp(have.slice(0, given.length), given) : cmp(have, given);
      ok &&= op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : op === '<' ? c < 0 : c === 0;
    }
    any ||= ok;
  }
  return any;
}

/**
 * Installed packages whose engines.node asks for more than this Node (what npm prints as EBADENGINE), read from
 * node_modules: the tree as installed, nested copies included.
 */
export function packagesAboveNode(nodeModules, version = process.versions.node) {
  const found = [];
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const pkgDir = path.join(dir, e.name);
      if (e.name.startsWith('@')) {
        visit(pkgDir);
        continue;
      }
      try {
        const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
        const range = pkg.engines?.node;
        if (typeof range === 'string' && satisfiesRange(version, range) === false) found.push({ name: pkg.name, version: pkg.version, node: range });
      } catch {
        // not a package folder
      }
      visit(path.join(pkgDir, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The packages that declare a newer Node than Cabine's 20.19: Electron's own download and packaging tools, used
 * only to fetch the Electron binary and by `npm run package` (which checks the version itself). A unit test
 * keeps this list true of the installed tree: a new package that needs more Node must be thought about.
 */
export const ELECTRON_TOOLING = ['electron', '@electron/get', '@electron/rebuild', '@electron-internal/extract-zip', 'node-abi'];
/** Node that Electron's tooling declares (electron ≥ 41 and its download/rebuild helpers). */
export const ELECTRON_TOOLING_NODE = '>=22.12.0';

/** Says once, after npm ci, why npm printed EBADENGINE warnings and what they mean for this machine. */
export function explainEngineWarnings(nodeModules = path.join(root, 'node_modules')) {
  const above = packagesAboveNode(nodeModules);
  if (above.length === 0) return;
  const tooling = above.filter((p) => ELECTRON_TOOLING.includes(p.name));
  const other = above.filter((p) => !ELECTRON_TOOLING.includes(p.name));
  const list = (ps) => ps.map((p) => `${p.name}@${p.version} (node ${p.node})`).join(', ');
  if (tooling.length)
    console.log(
      `ensure-system: Node ${process.versions.node} runs Cabine, its tests and the Chromium shell (they need Node ≥ 20.19). ` +
        `npm's EBADENGINE warnings about ${list(tooling)} concern Electron's download and packaging tools only: fetching the Electron binary and \`npm run package\` need Node ${ELECTRON_TOOLING_NODE.slice(2)}.`,
    );
  if (other.length) console.log(`ensure-system: these packages do not declare Node ${process.versions.node}: ${list(other)}.`);
}

/** `npm ci` when node_modules is absent or older than the lock file. */
export function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('ensure-system: npm ci');
  // The Electron binary is not fetched here: electron 45 has no install script (npm ci never downloads it);
  // `npm start` runs its installer when it needs the binary, with a time limit, and falls back to Chromium.
  sh('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  explainEngineWarnings();
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
