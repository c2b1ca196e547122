// `npm start`'s decisions, as pure functions of facts: which arguments the launcher keeps, whether the
// named config file can be used, which shell runs (Electron, else Chromium) and the one line saying why,
// and a short reason out of Electron's installer's output. No I/O here: scripts/start.mjs gathers the
// facts (scripts/start/shells.mjs) and asks chooseShell what to do next until it answers run or fail.
import path from 'node:path';

/** @typedef {'electron' | 'chromium'} Shell */
/** @typedef {{ ok: true } | { ok: false, reason: string }} StepResult */
/**
 * What the launcher read from its arguments and environment.
 * @typedef {{ ok: true, forced: Shell | null, forcedBy: string | null, config: { given: string, from: '--config' | 'CABINE_CONFIG' } | null, shellArgs: string[] }} StartArgs
 */
/** @typedef {{ ok: false, code: number, message: string }} StartError */
/**
 * Known so far. electronInstall: the installer's result, absent until it ran. chromium: whether Debian's
 * Chromium is there (installed now if need be), absent until looked at; override names $CABINE_CHROMIUM
 * when that is what is missing.
 * @typedef {{ forced: Shell | null, forcedBy?: string | null, electronPresent: boolean, electronInstall?: StepResult, chromium?: StepResult & { override?: string } }} Facts
 */
/**
 * What to do: run a shell (printing line), gather one more fact, or stop with line and exit code.
 * @typedef {{ kind: 'run', shell: Shell, line: string } | { kind: 'step', step: 'install-electron' | 'ensure-chromium' } | { kind: 'fail', code: number, line: string }} Decision
 */

/** @type {readonly Shell[]} */
export const SHELLS = ['electron', 'chromium'];
/** Debian's package for the Chromium shell. */
export const CHROMIUM_PACKAGE = 'chromium';
/** Chromium's translations, a package of their own in Debian. */
export const CHROMIUM_L10N_PACKAGE = 'chromium-l10n';
/** How long Electron's installer may take before the launcher stops it (CABINE_ELECTRON_INSTALL_TIMEOUT_MS). */
export const DEFAULT_INSTALL_TIMEOUT_MS = 120_000;

const validShells = () => SHELLS.join(' or ');

/**
 * Reads the launcher's arguments: --shell (consumed: the shells never see it) and $CABINE_SHELL; --config
 * FILE / --config=FILE (passed on, made absolute against cwd: npm runs scripts from the package root, the
 * user typed the name in INIT_CWD) and $CABINE_CONFIG. Every other argument is passed on unchanged.
 * @param {readonly string[]} argv the arguments after the script
 * @param {Record<string, string | undefined>} env
 * @param {string} cwd where relative names are meant from
 * @returns {StartArgs | StartError}
 */
export function parseStartArgs(argv, env, cwd) {
  /** @type {string | null} */
  let shell = null;
  /** @type {string | null} */
  let config = null;
  /** @type {string[]} */
  const shellArgs = [];
  for (let i = 0; i < argv.length; i++) {
    const a = /** @type {string} */ (argv[i]);
    if (a === '--shell' || a.startsWith('--shell=')) {
      const value = a === '--shell' ? argv[++i] : a.slice('--shell='.length);
      if (!value || value.startsWith('-')) return { ok: false, code: 2, message: `Cabine cannot start: --shell needs a value, ${validShells()}.` };
      shell = value;
      continue;
    }
    if (a === '--config' || a.startsWith('--config=')) {
      const value = a === '--config' ? argv[++i] : a.slice('--config='.length);
      if (!value || value.startsWith('-'))
        return { ok: false, code: 2, message: 'Cabine cannot start: --config needs a file name (npm start -- --config FILE).' };
      config = value;
      shellArgs.push('--config', path.resolve(cwd, value));
      continue;
    }
    shellArgs.push(a);
  }
  /** @type {string | null} */
  let forcedBy = null;
  if (shell !== null) forcedBy = `--shell ${shell}`;
  else if (env.CABINE_SHELL) {
    shell = env.CABINE_SHELL;
    forcedBy = `CABINE_SHELL=${shell}`;
  }
  if (shell !== null && !SHELLS.includes(/** @type {Shell} */ (shell)))
    return { ok: false, code: 2, message: `Cabine cannot start: ${forcedBy} is unknown; the valid values are ${SHELLS.join(' and ')}.` };
  return {
    ok: true,
    forced: /** @type {Shell | null} */ (shell),
    forcedBy,
    config: config !== null ? { given: config, from: '--config' } : env.CABINE_CONFIG ? { given: env.CABINE_CONFIG, from: 'CABINE_CONFIG' } : null,
    shellArgs,
  };
}

/**
 * The sentence when the config file named by --config or $CABINE_CONFIG cannot be read, else null (no file
 * named: the shell runs on /etc/cabine/config.yaml or the embedded default, as it decides). Its content is the
 * shell's to judge: an invalid file starts the cabin out of service, with the problems.
 * @param {StartArgs['config']} config
 * @param {string} cwd
 * @param {(file: string) => 'file' | 'directory' | 'missing' | 'other'} kindOf
 * @returns {string | null}
 */
export function configProblem(config, cwd, kindOf) {
  if (!config) return null;
  const name = config.from === 'CABINE_CONFIG' ? `${config.given} (CABINE_CONFIG)` : config.given;
  const kind = kindOf(path.resolve(cwd, config.given));
  if (kind === 'missing') return `Cabine cannot start: the configuration file ${name} does not exist.`;
  if (kind !== 'file') return `Cabine cannot start: the configuration file ${name} is not a file.`;
  return null;
}

/**
 * The next thing to do, from what is known. Unforced: Electron when its binary is there or its installer
 * brings it, else Chromium (installed through apt if need be), else fail. Forced: that shell or fail, never the
 * other one.
 * @param {Facts} facts
 * @returns {Decision}
 */
export function chooseShell(facts) {
  const by = facts.forcedBy ? ` (${facts.forcedBy})` : '';
  const wantsElectron = facts.forced !== 'chromium';
  if (wantsElectron) {
    if (facts.electronPresent) return { kind: 'run', shell: 'electron', line: `Cabine runs in Electron${by}.` };
    if (!facts.electronInstall) return { kind: 'step', step: 'install-electron' };
    if (facts.electronInstall.ok) return { kind: 'run', shell: 'electron', line: `Electron was downloaded: Cabine runs in Electron${by}.` };
    if (facts.forced === 'electron')
      return {
        kind: 'fail',
        code: 1,
        line: `Cabine cannot start in Electron${by}: its binary is not installed and could not be downloaded (${facts.electronInstall.reason}).`,
      };
  }
  if (!facts.chromium) return { kind: 'step', step: 'ensure-chromium' };
  const electronWhy = facts.electronInstall && !facts.electronInstall.ok ? `Electron could not be downloaded (${facts.electronInstall.reason})` : null;
  if (facts.chromium.ok)
    return { kind: 'run', shell: 'chromium', line: electronWhy ? `${electronWhy}: Cabine runs in Chromium${by}.` : `Cabine runs in Chromium${by}.` };
  const missing = facts.chromium.override
    ? `CABINE_CHROMIUM names ${facts.chromium.override}, which does not exist`
    : `Debian's ${CHROMIUM_PACKAGE} package is not installed (${facts.chromium.reason}); install it with sudo apt-get install ${CHROMIUM_PACKAGE}`;
  if (facts.forced === 'chromium') return { kind: 'fail', code: 1, line: `Cabine cannot start in Chromium${by}: ${missing}.` };
  return { kind: 'fail', code: 1, line: `Cabine cannot start: ${electronWhy ?? 'Electron is not installed'} and ${missing}.` };
}

/** Network and file-system error codes worth naming, as Node and undici spell them. */
const ERROR_CODES = [
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPROTO',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
];
// The code, and the host (or address:port) that follows it: "getaddrinfo ENOTFOUND github.com", "connect ECONNREFUSED 127.0.0.1:8080".
const CODE_RE = new RegExp(`\\b(${ERROR_CODES.join('|')})\\b(?:[:,]?\\s+([A-Za-z0-9][\\w-]*(?:\\.[\\w-]+)+(?::\\d+)?))?`);

/**
 * A few words saying why Electron's installer failed, from its output (what it printed, and what
 * scripts/start/electron-install-hook.mjs adds: the cause of a failed fetch, which the installer's own
 * `err.stack` leaves out) and how it ended.
 * @param {string} output
 * @param {{ code: number | null, signal?: string | null, timedOutAfterMs?: number | null }} end
 * @returns {string}
 */
export function installFailureReason(output, end) {
  if (end.timedOutAfterMs) return `the download did not finish within ${formatMs(end.timedOutAfterMs)}`;
  const code = CODE_RE.exec(output);
  if (code) return code[2] ? `${code[1]} ${code[2]}` : /** @type {string} */ (code[1]);
  const http = /Response code (\d{3}) \(([^)]*)\)(?: for (\S+))?/.exec(output);
  if (http) {
    let host = '';
    try {
      host = http[3] ? ` from ${new URL(http[3]).host}` : '';
    } catch {
      // not a URL: no host
    }
    return `HTTP ${http[1]}${http[2] ? ` ${http[2]}` : ''}${host}`;
  }
  if (/did not match expected checksum/i.test(output)) return 'checksum mismatch';
  const artifact = /does not have a published (\S+) artifact/.exec(output);
  if (artifact) return `no published build for ${artifact[1]}`;
  if (/Cannot find module/.test(output)) return `the installer is incomplete (${/Cannot find module '([^']+)'/.exec(output)?.[1] ?? 'a module is missing'})`;
  // The hook's line for a failed fetch: "fetch URL: fetch failed: <cause>: <its cause>"; the deepest cause says most.
  const fetchLine = /^fetch \S+: (.*)$/m.exec(output);
  if (fetchLine) return /** @type {string} */ (fetchLine[1]?.split(': ').pop());
  if (/fetch failed/.test(output)) return 'network error (fetch failed)';
  const last = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '))
    .pop();
  if (last) return last.length > 100 ? `${last.slice(0, 99)}…` : last;
  return end.signal ? `the installer was stopped by ${end.signal}` : `the installer exited with ${end.code}`;
}

/** "120 s", "1.5 s", "300 ms". @param {number} ms */
export function formatMs(ms) {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/**
 * The installer's time limit: $CABINE_ELECTRON_INSTALL_TIMEOUT_MS when it is a positive number, else 120 s.
 * @param {Record<string, string | undefined>} env
 * @returns {number}
 */
export function installTimeoutMs(env) {
  const n = Number(env.CABINE_ELECTRON_INSTALL_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_INSTALL_TIMEOUT_MS;
}
