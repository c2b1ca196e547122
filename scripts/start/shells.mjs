// `npm start`'s facts and actions: is the Electron binary there, run Electron's own installer (with a time
// limit), make sure Debian's Chromium is there, start one shell. The decisions are scripts/start/choose-shell.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePackages } from '../ensure-system.mjs';
import { CHROMIUM_L10N_PACKAGE, CHROMIUM_PACKAGE, formatMs, installFailureReason } from './choose-shell.mjs';

/** @typedef {import('./choose-shell.mjs').StepResult} StepResult */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOOK = fileURLToPath(new URL('./electron-install-hook.mjs', import.meta.url));
/** The Chromium shell's entry, run with tsx; $CABINE_CHROMIUM_SHELL_ENTRY replaces it in tests. */
export const CHROMIUM_SHELL_ENTRY = path.join('src', 'shell', 'chromium', 'main.ts');

/**
 * The Electron executable, or null: in $ELECTRON_OVERRIDE_DIST_PATH when set, else where Electron's installer
 * left it (node_modules/electron/dist, named by path.txt).
 * @param {string} [root]
 * @param {Record<string, string | undefined>} [env]
 * @returns {string | null}
 */
export function electronBinary(root = ROOT, env = process.env) {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const exe = path.join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(exe) ? exe : null;
  }
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

/**
 * Runs Electron's own installer (node_modules/electron/install.js: cache, checksums, ELECTRON_MIRROR…) as a
 * child, its progress on this terminal, stopped after timeoutMs. Its failure text comes back through the
 * report descriptor of scripts/start/electron-install-hook.mjs, and becomes a short reason.
 * @param {{ timeoutMs: number, installer?: string, env?: Record<string, string | undefined>, log?: (line: string) => void }} options
 * @returns {Promise<StepResult & { output: string, ms: number }>}
 */
export function runElectronInstaller({
  timeoutMs,
  installer = path.join(ROOT, 'node_modules', 'electron', 'install.js'),
  env = process.env,
  log = (l) => console.log(l),
}) {
  const started = Date.now();
  if (!existsSync(installer)) return Promise.resolve({ ok: false, reason: `its installer, ${path.relative(ROOT, installer)}, is missing`, output: '', ms: 0 });
  let version = '';
  try {
    version = ` ${JSON.parse(readFileSync(path.join(path.dirname(installer), 'package.json'), 'utf8')).version}`;
  } catch {
    // no version to show
  }
  const from = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'GitHub';
  log(`Electron${version} is not installed here: downloading it from ${from} (at most ${formatMs(timeoutMs)})…`);
  // Its own temporary folder, removed after: a download stopped at the time limit leaves its part there.
  const scratch = mkdtempSync(path.join(env.TMPDIR || tmpdir(), 'cabine-electron-install-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', HOOK, installer], {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
      env: { ...env, TMPDIR: scratch, CABINE_INSTALL_REPORT_FD: '3' },
    });
    let output = '';
    const report = /** @type {import('node:stream').Readable} */ (child.stdio[3]);
    report.setEncoding('utf8');
    report.on('data', (chunk) => (output += chunk));
    /** @type {number | null} */
    let timedOutAfterMs = null;
    /** @type {NodeJS.Timeout | undefined} */
    let kill;
    const timer = setTimeout(() => {
      timedOutAfterMs = timeoutMs;
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    }, timeoutMs);
    /** @param {number | null} code @param {string | null} signal @param {string} [spawnError] */
    const done = (code, signal, spawnError) => {
      clearTimeout(timer);
      clearTimeout(kill);
      rmSync(scratch, { recursive: true, force: true });
      const ms = Date.now() - started;
      if (code === 0 && !timedOutAfterMs) resolve({ ok: true, output, ms });
      else resolve({ ok: false, reason: spawnError ?? installFailureReason(output, { code, signal, timedOutAfterMs }), output, ms });
    };
    child.on('error', (e) => done(null, null, e.message));
    // 'close', not 'exit': the report pipe is read to its end.
    child.on('close', (code, signal) => done(code, signal));
  });
}

/**
 * Electron's installer, then whether it left the binary where electronBinary looks. With
 * $ELECTRON_OVERRIDE_DIST_PATH naming a place without Electron nothing is downloaded: the installer writes to
 * node_modules/electron/dist, never there.
 * @param {{ timeoutMs: number, root?: string, env?: Record<string, string | undefined>, installer?: string, log?: (line: string) => void }} options
 * @returns {Promise<StepResult>}
 */
export async function installElectron({ timeoutMs, root = ROOT, env = process.env, installer, log }) {
  if (env.ELECTRON_OVERRIDE_DIST_PATH)
    return { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${env.ELECTRON_OVERRIDE_DIST_PATH}, which holds no electron executable` };
  const r = await runElectronInstaller({ timeoutMs, env, ...(installer ? { installer } : {}), ...(log ? { log } : {}) });
  if (!r.ok) return { ok: false, reason: r.reason };
  return electronBinary(root, env) ? { ok: true } : { ok: false, reason: 'the installer ended without leaving the binary in node_modules/electron/dist' };
}

/**
 * Debian's Chromium, installed through apt (scripts/ensure-system.mjs) when missing. $CABINE_CHROMIUM, when
 * set, names the executable instead (as for the Chromium engine), and nothing is installed.
 * @param {Record<string, string | undefined>} [env]
 * @param {(names: string[]) => void} [install]
 * @param {string} [exe] where Debian's package puts it
 * @param {string} [frenchPak] a file of chromium-l10n (its French translation)
 * @returns {StepResult & { override?: string }}
 */
export function ensureChromium(env = process.env, install = ensurePackages, exe = '/usr/bin/chromium', frenchPak = '/usr/lib/chromium/locales/fr.pak') {
  const override = env.CABINE_CHROMIUM;
  if (override) return existsSync(override) ? { ok: true } : { ok: false, reason: 'missing', override };
  if (existsSync(exe)) {
    // Its translations (a file input's « Choisir un fichier »), apart in Debian: wanted, not needed to start.
    if (!existsSync(frenchPak)) {
      try {
        install([CHROMIUM_L10N_PACKAGE]);
      } catch {
        // English words in the browser's own widgets, not a reason to stop.
      }
    }
    return { ok: true };
  }
  try {
    install([CHROMIUM_PACKAGE, CHROMIUM_L10N_PACKAGE]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: message.startsWith('Missing system packages') ? 'this user is not root and has no password-less sudo' : message };
  }
  return existsSync(exe) ? { ok: true } : { ok: false, reason: `apt installed it but ${exe} is not there` };
}

/** @param {string} dir */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds out/ with electron-vite when it is missing or older than src/; the exit code on failure, else null.
 * @param {string} [root]
 * @returns {number | null}
 */
export function buildIfStale(root = ROOT) {
  const built = path.join(root, 'out', 'main', 'main.js');
  if (existsSync(built) && newestMtime(path.join(root, 'src')) <= statSync(built).mtimeMs) return null;
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { stdio: 'inherit' });
  return r.status === 0 ? null : (r.status ?? 1);
}

/**
 * Starts a shell, its stdio this terminal's, and ends this process with its exit code. SIGTERM and SIGHUP
 * sent to the launcher are passed on (Ctrl-C already reaches the whole process group).
 * @param {string} command
 * @param {string[]} args
 */
function runShell(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) process.on(signal, () => child.kill(signal));
  process.on('SIGINT', () => {});
  child.on('error', (e) => {
    console.error(`Cabine cannot start: ${command} could not be run (${e.message}).`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 0)));
}

/**
 * The Electron shell: out/ built if stale, then Electron on the app folder with the shell's arguments.
 * @param {string} electron
 * @param {string[]} args
 * @param {string} [root]
 */
export function runElectron(electron, args, root = ROOT) {
  const failed = buildIfStale(root);
  if (failed !== null) process.exit(failed);
  runShell(electron, [root, ...args]);
}

/**
 * The Chromium shell's entry: $CABINE_CHROMIUM_SHELL_ENTRY (tests), else src/shell/chromium/main.ts.
 * @param {Record<string, string | undefined>} [env]
 * @param {string} [root]
 */
export function chromiumShellEntry(env = process.env, root = ROOT) {
  return path.resolve(root, env.CABINE_CHROMIUM_SHELL_ENTRY || CHROMIUM_SHELL_ENTRY);
}

/**
 * The Chromium shell: `tsx <entry> <args>`.
 * @param {string[]} args
 * @param {string} [entry]
 * @param {string} [root]
 */
export function runChromium(args, entry = chromiumShellEntry(), root = ROOT) {
  if (!existsSync(entry)) {
    console.error(`Cabine cannot start in Chromium: its shell, ${path.relative(root, entry)}, is not in this checkout.`);
    process.exit(1);
  }
  runShell(path.join(root, 'node_modules', '.bin', 'tsx'), [entry, ...args]);
}
