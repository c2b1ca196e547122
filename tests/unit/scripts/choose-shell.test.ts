// `npm start`'s decisions (scripts/start/choose-shell.mjs): arguments, the config file, which shell and why,
// and the reason out of Electron's installer's output.
import { describe, expect, it } from 'vitest';
import {
  chooseShell,
  configProblem,
  DEFAULT_INSTALL_TIMEOUT_MS,
  type Facts,
  formatMs,
  installFailureReason,
  installTimeoutMs,
  parseStartArgs,
  type StartArgs,
} from '../../../scripts/start/choose-shell.mjs';

const parsed = (argv: string[], env: Record<string, string> = {}) => {
  const r = parseStartArgs(argv, env, '/home/agent');
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('npm start arguments', () => {
  it('no argument: no shell forced, no config named, nothing passed on', () => {
    expect(parsed([])).toEqual({ ok: true, forced: null, forcedBy: null, config: null, shellArgs: [] });
  });

  it('--shell is the launcher’s (never passed on); every other argument is, in order', () => {
    expect(parsed(['--smoke', '--shell', 'chromium', '--other', 'x'])).toMatchObject({
      forced: 'chromium',
      forcedBy: '--shell chromium',
      shellArgs: ['--smoke', '--other', 'x'],
    });
    expect(parsed(['--shell=electron'])).toMatchObject({ forced: 'electron', forcedBy: '--shell electron', shellArgs: [] });
  });

  it('CABINE_SHELL forces a shell too; --shell wins over it; an empty CABINE_SHELL is no choice', () => {
    expect(parsed([], { CABINE_SHELL: 'chromium' })).toMatchObject({ forced: 'chromium', forcedBy: 'CABINE_SHELL=chromium' });
    expect(parsed(['--shell', 'electron'], { CABINE_SHELL: 'chromium' })).toMatchObject({ forced: 'electron', forcedBy: '--shell electron' });
    expect(parsed([], { CABINE_SHELL: '' })).toMatchObject({ forced: null });
  });

  it('an unknown shell is one sentence listing the valid values, exit 2', () => {
    expect(parseStartArgs(['--shell', 'foo'], {}, '/')).toEqual({
      ok: false,
      code: 2,
      message: 'Cabine cannot start: --shell foo is unknown; the valid values are electron and chromium.',
    });
    expect(parseStartArgs([], { CABINE_SHELL: 'firefox' }, '/')).toEqual({
      ok: false,
      code: 2,
      message: 'Cabine cannot start: CABINE_SHELL=firefox is unknown; the valid values are electron and chromium.',
    });
    expect(parseStartArgs(['--shell'], {}, '/')).toMatchObject({
      ok: false,
      code: 2,
      message: 'Cabine cannot start: --shell needs a value, electron or chromium.',
    });
    expect(parseStartArgs(['--shell', '--smoke'], {}, '/')).toMatchObject({ ok: false, code: 2 });
  });

  it('--config FILE and --config=FILE are passed on, made absolute from where the user typed them; $CABINE_CONFIG is noted, left in the environment', () => {
    expect(parsed(['--config', 'cabin.yml', '--smoke'])).toMatchObject({
      config: { given: 'cabin.yml', from: '--config' },
      shellArgs: ['--config', '/home/agent/cabin.yml', '--smoke'],
    });
    expect(parsed(['--config=/etc/c.yaml'])).toMatchObject({ config: { given: '/etc/c.yaml', from: '--config' }, shellArgs: ['--config', '/etc/c.yaml'] });
    expect(parsed([], { CABINE_CONFIG: '/srv/c.yaml' })).toMatchObject({ config: { given: '/srv/c.yaml', from: 'CABINE_CONFIG' }, shellArgs: [] });
    expect(parsed(['--config', 'a.yml'], { CABINE_CONFIG: '/srv/c.yaml' })).toMatchObject({ config: { given: 'a.yml', from: '--config' } });
  });

  it('--config without a file name is one sentence, exit 2', () => {
    expect(parseStartArgs(['--config'], {}, '/')).toEqual({
      ok: false,
      code: 2,
      message: 'Cabine cannot start: --config needs a file name (npm start -- --config FILE).',
    });
    expect(parseStartArgs(['--config', '--smoke'], {}, '/')).toMatchObject({ ok: false, code: 2 });
  });
});

describe('the config file named', () => {
  const config = (given: string, from: '--config' | 'CABINE_CONFIG' = '--config'): StartArgs['config'] => ({ given, from });
  const seen: string[] = [];
  const kinds = (kind: 'file' | 'directory' | 'missing' | 'other') => (file: string) => (seen.push(file), kind);

  it('missing: one sentence with the name as given, looked for from the user’s folder', () => {
    expect(configProblem(config('missing.yml'), '/home/agent', kinds('missing'))).toBe(
      'Cabine cannot start: the configuration file missing.yml does not exist.',
    );
    expect(seen.at(-1)).toBe('/home/agent/missing.yml');
    expect(configProblem(config('/srv/c.yaml', 'CABINE_CONFIG'), '/', kinds('missing'))).toBe(
      'Cabine cannot start: the configuration file /srv/c.yaml (CABINE_CONFIG) does not exist.',
    );
  });

  it('a folder is not a config file', () => {
    expect(configProblem(config('/etc'), '/', kinds('directory'))).toBe('Cabine cannot start: the configuration file /etc is not a file.');
  });

  it('a file, or none named: no problem here (its content is the shell’s to judge)', () => {
    expect(configProblem(config('c.yaml'), '/', kinds('file'))).toBeNull();
    expect(configProblem(null, '/', kinds('missing'))).toBeNull();
  });
});

describe('which shell', () => {
  const down = { ok: false as const, reason: 'ENOTFOUND github.com' };
  const noChromium = { ok: false as const, reason: 'this user is not root and has no password-less sudo' };

  it.each<[string, Facts, ReturnType<typeof chooseShell>]>([
    // Nothing forced.
    ['Electron is there: Electron', { forced: null, electronPresent: true }, { kind: 'run', shell: 'electron', line: 'Cabine runs in Electron.' }],
    ['Electron missing: its installer first', { forced: null, electronPresent: false }, { kind: 'step', step: 'install-electron' }],
    [
      'the installer brought it: Electron',
      { forced: null, electronPresent: false, electronInstall: { ok: true } },
      { kind: 'run', shell: 'electron', line: 'Electron was downloaded: Cabine runs in Electron.' },
    ],
    ['the installer failed: look for Chromium', { forced: null, electronPresent: false, electronInstall: down }, { kind: 'step', step: 'ensure-chromium' }],
    [
      'the installer failed, Chromium is there: Chromium, and why',
      { forced: null, electronPresent: false, electronInstall: down, chromium: { ok: true } },
      { kind: 'run', shell: 'chromium', line: 'Electron could not be downloaded (ENOTFOUND github.com): Cabine runs in Chromium.' },
    ],
    [
      'the installer failed, Chromium cannot be had: fail, naming the Debian package',
      { forced: null, electronPresent: false, electronInstall: down, chromium: noChromium },
      {
        kind: 'fail',
        code: 1,
        line: "Cabine cannot start: Electron could not be downloaded (ENOTFOUND github.com) and Debian's chromium package is not installed (this user is not root and has no password-less sudo); install it with sudo apt-get install chromium.",
      },
    ],
    [
      'the installer failed, $CABINE_CHROMIUM names nothing: fail, naming it',
      { forced: null, electronPresent: false, electronInstall: down, chromium: { ok: false, reason: 'missing', override: '/opt/chrome' } },
      {
        kind: 'fail',
        code: 1,
        line: 'Cabine cannot start: Electron could not be downloaded (ENOTFOUND github.com) and CABINE_CHROMIUM names /opt/chrome, which does not exist.',
      },
    ],
    // --shell electron.
    [
      'forced Electron, there',
      { forced: 'electron', forcedBy: '--shell electron', electronPresent: true },
      { kind: 'run', shell: 'electron', line: 'Cabine runs in Electron (--shell electron).' },
    ],
    [
      'forced Electron, missing: its installer',
      { forced: 'electron', forcedBy: '--shell electron', electronPresent: false },
      { kind: 'step', step: 'install-electron' },
    ],
    [
      'forced Electron, downloaded',
      { forced: 'electron', forcedBy: 'CABINE_SHELL=electron', electronPresent: false, electronInstall: { ok: true } },
      { kind: 'run', shell: 'electron', line: 'Electron was downloaded: Cabine runs in Electron (CABINE_SHELL=electron).' },
    ],
    [
      'forced Electron, download failed: fail, never Chromium',
      { forced: 'electron', forcedBy: '--shell electron', electronPresent: false, electronInstall: down, chromium: { ok: true } },
      {
        kind: 'fail',
        code: 1,
        line: 'Cabine cannot start in Electron (--shell electron): its binary is not installed and could not be downloaded (ENOTFOUND github.com).',
      },
    ],
    // --shell chromium.
    [
      'forced Chromium: Electron is not even looked at',
      { forced: 'chromium', forcedBy: '--shell chromium', electronPresent: true },
      { kind: 'step', step: 'ensure-chromium' },
    ],
    [
      'forced Chromium, there',
      { forced: 'chromium', forcedBy: '--shell chromium', electronPresent: true, chromium: { ok: true } },
      { kind: 'run', shell: 'chromium', line: 'Cabine runs in Chromium (--shell chromium).' },
    ],
    [
      'forced Chromium, cannot be had: fail, naming the Debian package',
      {
        forced: 'chromium',
        forcedBy: '--shell chromium',
        electronPresent: true,
        chromium: { ok: false, reason: 'not a Debian/Ubuntu machine; install by hand: chromium' },
      },
      {
        kind: 'fail',
        code: 1,
        line: "Cabine cannot start in Chromium (--shell chromium): Debian's chromium package is not installed (not a Debian/Ubuntu machine; install by hand: chromium); install it with sudo apt-get install chromium.",
      },
    ],
  ])('%s', (_name, facts, decision) => {
    expect(chooseShell(facts)).toEqual(decision);
  });

  it('every run or fail decision is one line', () => {
    const all: Facts[] = [];
    for (const forced of [null, 'electron', 'chromium'] as const)
      for (const electronPresent of [true, false])
        for (const electronInstall of [undefined, { ok: true as const }, down])
          for (const chromium of [undefined, { ok: true as const }, noChromium])
            all.push({ forced, forcedBy: forced && `--shell ${forced}`, electronPresent, electronInstall, chromium });
    for (const facts of all) {
      const d = chooseShell(facts);
      if (d.kind !== 'step') expect(d.line).toMatch(/^[^\n]+\.$/);
    }
  });
});

describe('why Electron’s installer failed', () => {
  // What `node node_modules/electron/install.js` prints on this machine, where GitHub does not resolve (exit 1
  // within a second: 0.6–0.8 s cold, about 0.2 s warm): undici's "fetch failed", without the cause that
  // err.stack leaves out.
  const REAL_OUTPUT = `TypeError: fetch failed
    at node:internal/deps/undici/undici:14976:13
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async FetchDownloader.download (file:///work/main/node_modules/@electron/get/dist/FetchDownloader.js:46:30)
    at async file:///work/main/node_modules/@electron/get/dist/index.js:158:9
    at async useAndRemoveDirectory (file:///work/main/node_modules/@electron/get/dist/utils.js:10:18)
    at async downloadArtifact (file:///work/main/node_modules/@electron/get/dist/index.js:154:12)
`;
  // The same run with scripts/start/electron-install-hook.mjs preloaded, as `npm start` runs it.
  const REAL_OUTPUT_WITH_CAUSE = `fetch https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip: fetch failed: getaddrinfo ENOTFOUND github.com\n${REAL_OUTPUT}`;
  const end = { code: 1 };

  it.each([
    ['this machine: GitHub does not resolve (the cause, from the hook)', REAL_OUTPUT_WITH_CAUSE, 'ENOTFOUND github.com'],
    ['the installer’s text alone', REAL_OUTPUT, 'network error (fetch failed)'],
    [
      'a refused connection',
      'fetch http://127.0.0.1:8080/v45.5.0/e.zip: fetch failed: connect ECONNREFUSED 127.0.0.1:8080\nTypeError: fetch failed',
      'ECONNREFUSED 127.0.0.1:8080',
    ],
    ['DNS without an answer', 'fetch https://github.com/x: fetch failed: getaddrinfo EAI_AGAIN github.com', 'EAI_AGAIN github.com'],
    [
      'a connect timeout',
      'fetch https://github.com/x: fetch failed: Connect Timeout Error (attempted address: github.com:443, timeout: 10000ms) (UND_ERR_CONNECT_TIMEOUT)',
      'UND_ERR_CONNECT_TIMEOUT',
    ],
    ['another cause of a failed fetch', 'fetch http://127.0.0.1:1/v45.5.0/e.zip: fetch failed: bad port\nTypeError: fetch failed', 'bad port'],
    [
      'HTTP 403 (real @electron/get text)',
      'HTTPError: Response code 403 (Forbidden) for https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip\n    at FetchDownloader.download (file:///…/FetchDownloader.js:48:23)',
      'HTTP 403 Forbidden from github.com',
    ],
    [
      'a checksum mismatch (real sumchecker text)',
      'Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.\n    at Hash.<anonymous> (/…/sumchecker/index.js:133:20)',
      'checksum mismatch',
    ],
    [
      'no build for this machine',
      'Error: Electron 45.5.0 does not have a published linux/ia32 artifact. Electron ceased to ship ia32 Linux builds…',
      'no published build for linux/ia32',
    ],
    [
      'a broken installer',
      "Error: Cannot find module '@electron/get'\nRequire stack:\n- /…/electron/install.js",
      'the installer is incomplete (@electron/get)',
    ],
    ['no room to unpack', 'Error: ENOSPC: no space left on device, write\n    at …', 'ENOSPC'],
    ['something else: its last line', 'Error: something odd happened\n    at x (y.js:1:1)', 'Error: something odd happened'],
  ])('%s', (_name, output, reason) => {
    expect(installFailureReason(output, end)).toBe(reason);
  });

  it('a time limit reached, however far it got', () => {
    expect(installFailureReason('', { code: null, signal: 'SIGTERM', timedOutAfterMs: 120_000 })).toBe('the download did not finish within 120 s');
    expect(installFailureReason('partial', { code: null, signal: 'SIGTERM', timedOutAfterMs: 1500 })).toBe('the download did not finish within 1.5 s');
  });

  it('silent: how it ended', () => {
    expect(installFailureReason('', { code: 3 })).toBe('the installer exited with 3');
    expect(installFailureReason('\n', { code: null, signal: 'SIGKILL' })).toBe('the installer was stopped by SIGKILL');
  });

  it('a long last line is cut', () => {
    expect(installFailureReason('x'.repeat(300), end)).toHaveLength(100);
  });
});

describe('the installer’s time limit', () => {
  it('120 s unless CABINE_ELECTRON_INSTALL_TIMEOUT_MS says a positive number', () => {
    expect(DEFAULT_INSTALL_TIMEOUT_MS).toBe(120_000);
    expect(installTimeoutMs({})).toBe(120_000);
    expect(installTimeoutMs({ CABINE_ELECTRON_INSTALL_TIMEOUT_MS: '30000' })).toBe(30_000);
    expect(installTimeoutMs({ CABINE_ELECTRON_INSTALL_TIMEOUT_MS: 'soon' })).toBe(120_000);
    expect(installTimeoutMs({ CABINE_ELECTRON_INSTALL_TIMEOUT_MS: '0' })).toBe(120_000);
  });

  it('is said in seconds, or milliseconds below one', () => {
    expect([formatMs(120_000), formatMs(2000), formatMs(1500), formatMs(300)]).toEqual(['120 s', '2 s', '1.5 s', '300 ms']);
  });
});
