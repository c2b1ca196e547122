// `npm start` for real: Electron's own installer run as the launcher runs it (against local mirrors, so nothing
// is ever downloaded and nothing is written to node_modules/electron), Chromium looked for and installed, and the
// real launcher, scripts/start.mjs, spawned with a stand-in for the Chromium shell that prints its arguments.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary, ensureChromium, installElectron, runElectronInstaller } from '../../../scripts/start/shells.mjs';
import { useScratchDir } from '../../support/scratch';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const electronInstalled = electronBinary() !== null;

const tmp = useScratchDir('cabine-start-', { per: 'file' });
let mirror: http.Server;
let mirrorUrl: string;

beforeAll(async () => {
  // A mirror that never serves a real Electron: 403, a file that is not the zip, or a download that stalls.
  mirror = http.createServer((req, res) => {
    if (req.url?.startsWith('/forbidden/')) return void res.writeHead(403).end('no');
    if (req.url?.startsWith('/stall/')) return void res.writeHead(200, { 'content-length': '100000000' }).write('x');
    res.writeHead(200, { 'content-type': 'application/zip' }).end('not the zip');
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
});

afterAll(async () => {
  mirror.closeAllConnections();
  mirror.close();
});

/**
 * The real installer's environment: a mirror, an empty cache, and the win32 artifact, so that it never finds
 * this machine's Electron installed (path.txt says `electron`, win32 wants `electron.exe`) and, the mirror
 * serving no real zip, never unpacks anything into node_modules/electron.
 */
const installerEnv = async (mirrorBase: string) => ({
  ...process.env,
  ELECTRON_MIRROR: mirrorBase,
  ELECTRON_INSTALL_PLATFORM: 'win32',
  ELECTRON_INSTALL_ARCH: 'x64',
  electron_config_cache: await mkdtemp(path.join(tmp(), 'cache-')),
});
const quiet = () => {};

describe('Electron’s own installer, as npm start runs it', () => {
  it('a host that does not resolve: ENOTFOUND and the host (the cause the installer’s own text leaves out)', async () => {
    const r = await runElectronInstaller({ timeoutMs: 30_000, env: await installerEnv('http://electron.invalid/'), log: quiet });
    expect(r).toMatchObject({ ok: false });
    // EAI_AGAIN where the machine has no DNS at all.
    expect(!r.ok && r.reason).toMatch(/^(ENOTFOUND|EAI_AGAIN) electron\.invalid$/);
    expect(r.output).toMatch(/^fetch http:\/\/electron\.invalid\/v45\.5\.0\/electron-v45\.5\.0-win32-x64\.zip: fetch failed: getaddrinfo/);
  }, 40_000);

  it('a refused connection: ECONNREFUSED and the address', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await runElectronInstaller({ timeoutMs: 30_000, env: await installerEnv(`http://127.0.0.1:${port}/`), log: quiet });
    expect(r).toMatchObject({ ok: false, reason: `ECONNREFUSED 127.0.0.1:${port}` });
  }, 40_000);

  it('HTTP 403: the status and the host', async () => {
    const r = await runElectronInstaller({ timeoutMs: 30_000, env: await installerEnv(`${mirrorUrl}/forbidden/`), log: quiet });
    expect(r).toMatchObject({ ok: false, reason: `HTTP 403 Forbidden from ${mirrorUrl.slice('http://'.length)}` });
  }, 40_000);

  it('a file that is not Electron’s: checksum mismatch (the installer checks against its checksums.json)', async () => {
    const r = await runElectronInstaller({ timeoutMs: 30_000, env: await installerEnv(`${mirrorUrl}/garbage/`), log: quiet });
    expect(r).toMatchObject({ ok: false, reason: 'checksum mismatch' });
  }, 40_000);

  it('a download that does not finish in time is stopped at the time limit, and says so', async () => {
    const r = await runElectronInstaller({ timeoutMs: 1000, env: await installerEnv(`${mirrorUrl}/stall/`), log: quiet });
    expect(r).toMatchObject({ ok: false, reason: 'the download did not finish within 1 s' });
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(r.ms).toBeLessThan(5000);
  }, 40_000);

  it('says what it downloads, from where, for how long at most', async () => {
    const lines: string[] = [];
    await runElectronInstaller({ timeoutMs: 120_000, env: await installerEnv(`${mirrorUrl}/forbidden/`), log: (l) => lines.push(l) });
    expect(lines).toEqual([`Electron 45.5.0 is not installed here: downloading it from ${mirrorUrl}/forbidden/ (at most 120 s)…`]);
  }, 40_000);

  it('an installer that succeeds but leaves no binary, and one that leaves it', async () => {
    const fakeRoot = await mkdtemp(path.join(tmp(), 'root-'));
    const installer = path.join(fakeRoot, 'node_modules', 'electron', 'install.js');
    await mkdir(path.dirname(installer), { recursive: true });
    await writeFile(installer, 'process.exit(0);\n');
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' };
    expect(await installElectron({ timeoutMs: 10_000, root: fakeRoot, env, installer, log: quiet })).toEqual({
      ok: false,
      reason: 'the installer ended without leaving the binary in node_modules/electron/dist',
    });
    await mkdir(path.join(fakeRoot, 'node_modules', 'electron', 'dist'));
    await writeFile(path.join(fakeRoot, 'node_modules', 'electron', 'dist', 'electron'), '');
    await writeFile(path.join(fakeRoot, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(await installElectron({ timeoutMs: 10_000, root: fakeRoot, env, installer, log: quiet })).toEqual({ ok: true });
  }, 40_000);

  it('no installer: said, nothing run', async () => {
    const r = await runElectronInstaller({ timeoutMs: 1000, installer: path.join(ROOT, 'node_modules', 'electron', 'nope.js'), log: quiet });
    expect(r).toMatchObject({ ok: false, reason: 'its installer, node_modules/electron/nope.js, is missing' });
  });

  it('ELECTRON_OVERRIDE_DIST_PATH without Electron in it: nothing downloaded (the installer never writes there)', async () => {
    const r = await installElectron({ timeoutMs: 1000, env: { ELECTRON_OVERRIDE_DIST_PATH: tmp() }, installer: '/nonexistent', log: quiet });
    expect(r).toEqual({ ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${tmp()}, which holds no electron executable` });
  });
});

describe('Debian’s Chromium', () => {
  const absent = '/nonexistent/chromium';

  it('there, with its translations: nothing installed', () => {
    let asked = false;
    expect(ensureChromium({}, () => (asked = true), process.execPath, process.execPath)).toEqual({ ok: true });
    expect(asked).toBe(false);
  });

  it('there without its translations: chromium-l10n asked of apt, and starting does not depend on it', () => {
    const asked: string[][] = [];
    expect(ensureChromium({}, (names) => asked.push(names), process.execPath, absent)).toEqual({ ok: true });
    expect(asked).toEqual([['chromium-l10n']]);
    const refuse = () => {
      throw new Error('Missing system packages: chromium-l10n');
    };
    expect(ensureChromium({}, refuse, process.execPath, absent)).toEqual({ ok: true });
  });

  it('missing: the chromium package and its translations asked of apt (scripts/ensure-system.mjs)', () => {
    const asked: string[][] = [];
    expect(ensureChromium({}, (names) => asked.push(names), absent)).toEqual({ ok: false, reason: `apt installed it but ${absent} is not there` });
    expect(asked).toEqual([['chromium', 'chromium-l10n']]);
  });

  it('missing and not installable: why', () => {
    const refuse = () => {
      throw new Error('Missing system packages: chromium. Install them with: sudo apt-get install -y chromium');
    };
    expect(ensureChromium({}, refuse, absent)).toEqual({ ok: false, reason: 'this user is not root and has no password-less sudo' });
    const aptFails = () => {
      throw new Error('sudo -n apt-get install -y -qq --no-install-recommends chromium exited with 100');
    };
    expect(ensureChromium({}, aptFails, absent)).toEqual({
      ok: false,
      reason: 'sudo -n apt-get install -y -qq --no-install-recommends chromium exited with 100',
    });
  });

  it('$CABINE_CHROMIUM names the executable instead: nothing installed', () => {
    const never = () => {
      throw new Error('apt asked');
    };
    expect(ensureChromium({ CABINE_CHROMIUM: process.execPath }, never, absent)).toEqual({ ok: true });
    expect(ensureChromium({ CABINE_CHROMIUM: absent }, never)).toEqual({ ok: false, reason: 'missing', override: absent });
  });
});

describe('npm start (scripts/start.mjs, spawned)', () => {
  let fakeShell: string;
  beforeAll(async () => {
    // The stand-in for src/shell/chromium/main.ts: its arguments on one line, and exit 7 when asked.
    fakeShell = path.join(tmp(), 'fake-shell.mjs');
    await writeFile(fakeShell, "console.log('ARGV ' + JSON.stringify(process.argv.slice(2)));\nprocess.exit(process.argv.includes('--exit-7') ? 7 : 0);\n");
    await chmod(fakeShell, 0o644);
  });

  const start = (args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT) =>
    new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
      const t0 = Date.now();
      const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), ...args], {
        cwd,
        // CABINE_CHROMIUM: any executable stands for Chromium, so apt is never involved.
        env: {
          ...process.env,
          INIT_CWD: cwd,
          CABINE_SHELL: '',
          CABINE_CONFIG: '',
          CABINE_CHROMIUM_SHELL_ENTRY: fakeShell,
          CABINE_CHROMIUM: process.execPath,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
    });

  it('--config naming a missing file: one sentence, exit 1, before anything is installed, downloaded or spawned', async () => {
    const r = await start(['--config', '/nonexistent.yml']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'Cabine cannot start: the configuration file /nonexistent.yml does not exist.\n' });
  }, 30_000);

  it('a relative --config is looked for where the user typed it (npm’s INIT_CWD), and named as typed', async () => {
    const r = await start(['--config', 'missing.yml'], {}, tmp());
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'Cabine cannot start: the configuration file missing.yml does not exist.\n' });
  }, 30_000);

  it('$CABINE_CONFIG naming a missing file: the same, naming the variable', async () => {
    const r = await start([], { CABINE_CONFIG: '/nonexistent.yml' });
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'Cabine cannot start: the configuration file /nonexistent.yml (CABINE_CONFIG) does not exist.\n' });
  }, 30_000);

  it('--shell foo: one sentence listing the valid values, exit 2', async () => {
    const r = await start(['--shell', 'foo']);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'Cabine cannot start: --shell foo is unknown; the valid values are electron and chromium.\n' });
  }, 30_000);

  it('--shell chromium: the Chromium shell gets every other argument (--config made absolute), never --shell; its exit code is npm start’s', async () => {
    await writeFile(path.join(tmp(), 'cabin.yml'), 'version: 1\n');
    const r = await start(['--config', 'cabin.yml', '--shell', 'chromium', '--smoke', '--exit-7'], {}, tmp());
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('ensure-system:'))).toEqual([
      'Cabine runs in Chromium (--shell chromium).',
      `ARGV ${JSON.stringify(['--config', path.join(tmp(), 'cabin.yml'), '--smoke', '--exit-7'])}`,
      '',
    ]);
    expect(r.code).toBe(7);
  }, 60_000);

  it('CABINE_SHELL=chromium: the same, and an exit 0 passed on', async () => {
    const r = await start(['--smoke'], { CABINE_SHELL: 'chromium' });
    expect(r.stdout).toContain('Cabine runs in Chromium (CABINE_SHELL=chromium).\nARGV ["--smoke"]\n');
    expect(r.code).toBe(0);
  }, 60_000);

  it('--shell chromium without Chromium: one sentence, exit 1, the shell not run', async () => {
    const r = await start(['--shell', 'chromium'], { CABINE_CHROMIUM: '/nonexistent/chromium' });
    expect(r).toMatchObject({
      code: 1,
      stderr: 'Cabine cannot start in Chromium (--shell chromium): CABINE_CHROMIUM names /nonexistent/chromium, which does not exist.\n',
    });
    expect(r.stdout).not.toContain('ARGV');
  }, 60_000);

  it('no Electron where ELECTRON_OVERRIDE_DIST_PATH says: Chromium, with the one line saying why', async () => {
    const r = await start(['--smoke'], { ELECTRON_OVERRIDE_DIST_PATH: tmp() });
    expect(r.stdout).toContain(
      `Electron could not be downloaded (ELECTRON_OVERRIDE_DIST_PATH names ${tmp()}, which holds no electron executable): Cabine runs in Chromium.\nARGV ["--smoke"]\n`,
    );
    expect(r.code).toBe(0);
  }, 60_000);

  describe.skipIf(electronInstalled)('where Electron is not installed (it is not, on this machine: GitHub is unreachable)', () => {
    const env = async (mirrorBase: string) => ({ ELECTRON_MIRROR: mirrorBase, electron_config_cache: await mkdtemp(path.join(tmp(), 'cache-')) });

    it('its installer runs, fails, and Chromium runs, with the one line saying why', async () => {
      const r = await start(['--smoke'], await env('http://electron.invalid/'));
      expect(r.stdout).toMatch(/^Electron 45\.5\.0 is not installed here: downloading it from http:\/\/electron\.invalid\/ \(at most 120 s\)…$/m);
      expect(r.stdout).toMatch(
        /^Electron could not be downloaded \((ENOTFOUND|EAI_AGAIN) electron\.invalid\): Cabine runs in Chromium\.\nARGV \["--smoke"\]\n/m,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }, 60_000);

    it('--shell electron: one sentence, exit 1, no Chromium', async () => {
      const r = await start(['--shell', 'electron'], await env(`${mirrorUrl}/forbidden/`));
      expect(r.stderr).toBe(
        `Cabine cannot start in Electron (--shell electron): its binary is not installed and could not be downloaded (HTTP 403 Forbidden from ${mirrorUrl.slice('http://'.length)}).\n`,
      );
      expect(r.stdout).not.toContain('ARGV');
      expect(r.code).toBe(1);
    }, 60_000);

    it('CABINE_ELECTRON_INSTALL_TIMEOUT_MS is the installer’s time limit', async () => {
      const r = await start(['--shell', 'electron'], { ...(await env(`${mirrorUrl}/stall/`)), CABINE_ELECTRON_INSTALL_TIMEOUT_MS: '1500' });
      expect(r.stdout).toContain('(at most 1.5 s)…');
      expect(r.stderr).toBe(
        'Cabine cannot start in Electron (--shell electron): its binary is not installed and could not be downloaded (the download did not finish within 1.5 s).\n',
      );
      expect(r.code).toBe(1);
    }, 60_000);
  });
});
