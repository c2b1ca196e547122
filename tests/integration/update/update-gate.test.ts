// The update gate with the real apt and dpkg (issue 16): build/linux/update/60cabine-update-gate's hooks around
// real installs of stand-in `cabine` packages, in an apt root of the test's own (APT_CONFIG; dpkg --root with
// chrootless maintainer scripts), so nothing touches this machine's packages.
//   1. apt waits for the end of a resident's session (the real session machine and src/cabin/update/gate.ts in
//      this process), and nobody can start one while dpkg runs; too long a session defers the install.
//   2. A new version that starts is kept; one that does not start is rolled back to the package kept by the hook,
//      pinned away, and said in last.json; a later good version still comes through.
// The stand-in packages carry a stand-in for the kiosk (/opt/cabine/run): it writes cabin-state as the cabin does
// (updating while update-pending exists) — or, for a broken version, exits at once. The "restart" the gate asks
// for is a script of the test that kills it and starts the installed one, as systemctl try-restart would.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startUpdateGate, type UpdateGate } from '../../../src/cabin/update/gate';
import { startCabin } from '../../unit/shared/session/harness';

const GATE = path.resolve('build/linux/update/cabine-update-gate');
const HOOKS = readFileSync('build/linux/update/60cabine-update-gate', 'utf8').replaceAll('/usr/lib/cabine/cabine-update-gate', GATE);

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cabine-update-'));
  writeRestartScripts();
});
afterAll(() => {
  stopKiosk();
  rmSync(work, { recursive: true, force: true });
});

/** A stand-in `cabine` package: its kiosk writes cabin-state like the cabin, or (broken) exits at once. */
function buildPackage(version: string, kind: 'starts' | 'broken' | 'hangs' | 'refuses-config' = 'starts'): string {
  const tree = path.join(work, 'build', version);
  mkdirSync(path.join(tree, 'DEBIAN'), { recursive: true });
  mkdirSync(path.join(tree, 'opt/cabine'), { recursive: true });
  writeFileSync(
    path.join(tree, 'DEBIAN/control'),
    `Package: cabine\nVersion: ${version}\nArchitecture: all\nMaintainer: Cabine <cabine@example.org>\nDescription: stand-in for the cabine package\n`,
  );
  const run = path.join(tree, 'opt/cabine/run');
  writeFileSync(
    run,
    kind === 'broken'
      ? `#!/bin/sh\necho "cabine ${version}: cannot start" >&2\nexit 1\n`
      : `#!/bin/sh
# The stand-in kiosk of version ${version}: on the update screen while update-pending exists, else on attract.
mkdir -p "$CABINE_RUN_DIR/cabin"
while :; do
  oos=
  if [ ${kind} = hangs ]; then state=booting; elif [ ${kind} = refuses-config ]; then state=outOfService; oos=invalid-config; elif [ -f "$CABINE_RUN_DIR/update-pending" ]; then state=updating; else state=attract; fi
  printf 'pid=%s\\nversion=${version}\\nstate=%s\\nout_of_service=%s\\n' $$ "$state" "$oos" > "$CABINE_RUN_DIR/cabin/cabin-state.tmp"
  mv -f "$CABINE_RUN_DIR/cabin/cabin-state.tmp" "$CABINE_RUN_DIR/cabin/cabin-state"
  sleep 0.2
done
`,
  );
  chmodSync(run, 0o755);
  const deb = path.join(work, 'debs', `cabine_${version}_all.deb`);
  mkdirSync(path.dirname(deb), { recursive: true });
  execFileSync('dpkg-deb', ['--root-owner-group', '-b', tree, deb], { stdio: 'pipe' });
  return deb;
}

interface AptRoot {
  root: string;
  env: NodeJS.ProcessEnv;
  runDir: string;
  updateDir: string;
  publish(deb: string): void;
  apt(args: string[], extraEnv?: NodeJS.ProcessEnv): { status: number | null; out: string };
  installed(): string;
}

/** A fresh apt root with the gate's hooks, a flat repository of the test (file:, trusted) and the gate's dirs. */
function makeAptRoot(name: string, options: { gateWaitSeconds?: number; restart?: 'kiosk' | 'log' } = {}): AptRoot {
  const root = path.join(work, name);
  const repo = path.join(root, 'repo');
  for (const d of [
    'var/lib/dpkg/info',
    'var/lib/dpkg/updates',
    'var/lib/apt/lists/partial',
    'var/cache/apt/archives/partial',
    'etc/apt/apt.conf.d',
    'etc/apt/preferences.d',
    'etc/apt/sources.list.d',
    'var/log/apt',
    'repo',
  ]) {
    mkdirSync(path.join(root, d), { recursive: true });
  }
  writeFileSync(path.join(root, 'var/lib/dpkg/status'), '');
  writeFileSync(path.join(root, 'etc/apt/sources.list'), `deb [trusted=yes] file:${repo} ./\n`);
  writeFileSync(
    path.join(root, 'apt.conf'),
    `Dir "${root}/";
Dir::State::status "${root}/var/lib/dpkg/status";
APT::Architecture "amd64";
DPkg::Options { "--root=${root}"; "--force-script-chrootless"; "--force-not-root"; "--log=${root}/var/log/dpkg.log"; };
DPkg::Chroot-Directory "/";
${HOOKS}`,
  );
  const runDir = path.join(root, 'run');
  const updateDir = path.join(root, 'update');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    APT_CONFIG: path.join(root, 'apt.conf'),
    DEBIAN_FRONTEND: 'noninteractive',
    CABINE_RUN_DIR: runDir,
    CABINE_UPDATE_DIR: updateDir,
    CABINE_GATE_WAIT_SECONDS: String(options.gateWaitSeconds ?? 120),
    CABINE_START_WAIT_SECONDS: '5',
    CABINE_RESTART_COMMAND: `sh ${path.join(work, options.restart === 'log' ? 'log-restart.sh' : 'restart.sh')} ${root}`,
    CABINE_CHECK_COMMAND: `touch ${path.join(root, 'check-requested')}`,
  };
  const apt = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync('apt-get', ['-q', '-y', ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  };
  return {
    root,
    env,
    runDir,
    updateDir,
    publish(deb) {
      execFileSync('cp', [deb, repo]);
      writeFileSync(path.join(repo, 'Packages'), execFileSync('apt-ftparchive', ['packages', '.'], { cwd: repo }));
      const r = apt(['update']);
      expect(r.status, r.out).toBe(0);
    },
    apt,
    installed: () =>
      execFileSync('dpkg-query', [`--admindir=${root}/var/lib/dpkg`, '-W', '-f', '${db:Status-Status} ${Version}', 'cabine'], { encoding: 'utf8' }).replace(
        /^installed /,
        '',
      ),
  };
}

// The kiosk unit of the test: "restart" kills the stand-in kiosk and starts the installed one; where the cabin
// is this process, it only notes the restart.
function writeRestartScripts(): void {
  writeFileSync(path.join(work, 'log-restart.sh'), 'echo restart >> "$1/restarts"\n');
  writeFileSync(
    path.join(work, 'restart.sh'),
    `#!/bin/sh
root=$1
[ -f "$root/kiosk.pid" ] && kill "$(cat "$root/kiosk.pid")" 2>/dev/null
echo restart >> "$root/restarts"
setsid "$root/opt/cabine/run" </dev/null >>"$root/kiosk.log" 2>&1 &
echo $! > "$root/kiosk.pid"
`,
  );
}

function stopKiosk(): void {
  for (const entry of existsSync(work) ? readdirSync(work) : []) {
    const pidFile = path.join(work, entry, 'kiosk.pid');
    if (existsSync(pidFile)) spawnSync('kill', [readFileSync(pidFile, 'utf8').trim()]);
  }
}

/** An apt root with `version` installed from its repository and its stand-in kiosk running. */
function cabinRunning(name: string, version: string): AptRoot {
  const r = makeAptRoot(name);
  r.publish(buildPackage(version));
  expect(r.apt(['install', 'cabine']).status).toBe(0);
  execFileSync('sh', [path.join(work, 'restart.sh'), r.root], { env: r.env });
  return r;
}

const lastOutcome = (r: AptRoot) => JSON.parse(readFileSync(path.join(r.updateDir, 'last.json'), 'utf8')) as Record<string, unknown>;
/** Real time, while the test's fake timers hold setTimeout for the machine's own delays. */
const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const t = setInterval(() => {
      clearInterval(t);
      resolve();
    }, ms);
  });
const runCheck = (r: AptRoot) => {
  const result = spawnSync(GATE, ['check-start'], { env: r.env, encoding: 'utf8' });
  // What the stand-in kiosk and the restarts did, with the check's own words, for a failure's message.
  const read = (f: string) => (existsSync(path.join(r.root, f)) ? readFileSync(path.join(r.root, f), 'utf8') : '');
  return {
    ...result,
    stderr: `${result.stderr}\n[kiosk.log] ${read('kiosk.log')}\n[restarts] ${read('restarts')}\n[cabin-state] ${read('run/cabin/cabin-state')}`,
  };
};

describe('cabine-update-gate', () => {
  it('is shellcheck-clean, in the POSIX sh that apt runs it with', () => {
    const r = spawnSync('shellcheck', ['--shell=sh', GATE], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('refuses an unknown command, saying how it is used', () => {
    const r = spawnSync(GATE, ['install'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: cabine-update-gate acquire|keep|release|check-start');
  });
});

describe('after dpkg: a cabin that runs replaced files', () => {
  it('is restarted when dpkg replaced a program one of its processes runs (Debian’s Chromium, a library), not before', async () => {
    const r = makeAptRoot('replaced', { restart: 'log' });
    // Under /opt, where the gate looks (shared memory and memfd are deleted files too, by design).
    const dir = mkdtempSync('/opt/cabine-gate-test-');
    const browser = path.join(dir, 'browser');
    execFileSync('cp', ['/bin/sleep', browser]);
    // The cabin's process, and its child the "browser", as the Chromium shell starts Debian's Chromium.
    const cabin = spawn('sh', ['-c', `"${browser}" 120 & wait`], { stdio: 'ignore' });
    try {
      await vi.waitFor(() => expect(readFileSync('/proc/' + cabin.pid + '/task/' + cabin.pid + '/children', 'utf8').trim()).not.toBe(''));
      mkdirSync(path.join(r.runDir, 'cabin'), { recursive: true });
      writeFileSync(path.join(r.runDir, 'cabin', 'cabin-state'), `pid=${cabin.pid}\nversion=9.9.9\nstate=updating\nout_of_service=\n`);
      const release = () => spawnSync(GATE, ['release'], { env: r.env, encoding: 'utf8' });
      let result = release();
      expect(result.status, result.stderr).toBe(0);
      expect(existsSync(path.join(r.root, 'restarts'))).toBe(false);
      // dpkg replaces a file by renaming a new one over it: the running one is now a deleted inode.
      execFileSync('cp', ['/bin/sleep', `${browser}.dpkg-new`]);
      execFileSync('mv', [`${browser}.dpkg-new`, browser]);
      result = release();
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toContain('des fichiers qu');
      expect(readFileSync(path.join(r.root, 'restarts'), 'utf8')).toBe('restart\n');
    } finally {
      cabin.kill();
      spawnSync('pkill', ['-f', browser]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('apt waits for the end of a session', () => {
  let gate: UpdateGate | null = null;
  afterEach(() => {
    gate?.stop();
    vi.useRealTimers();
  });

  /**
   * 1.0.0 installed, 1.0.1 published, and this process the cabin running 1.0.0 with a resident in a démarche: the real
   * machine, only its own delays faked (the goodbye screen's), the gate's look in real time.
   */
  async function residentInSession(name: string, gateWaitSeconds?: number) {
    const r = makeAptRoot(name, { gateWaitSeconds, restart: 'log' });
    r.publish(buildPackage('1.0.0'));
    expect(r.apt(['install', 'cabine']).status).toBe(0);
    r.publish(buildPackage('1.0.1'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const c = startCabin();
    await c.settle();
    gate = startUpdateGate({ runtime: c, version: '1.0.0', runDir: r.runDir, everyMs: 100 });
    await c.openDemarche();
    return { r, c };
  }

  it('holds dpkg while a resident is in a session, shows the update screen after the wipe, then installs', async () => {
    const { r, c } = await residentInSession('session');

    const upgrade = spawn('apt-get', ['-q', '-y', 'install', 'cabine'], { env: r.env });
    let out = '';
    upgrade.stdout.on('data', (d: Buffer) => (out += d.toString()));
    upgrade.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const done = new Promise<number | null>((resolve) => upgrade.on('exit', resolve));

    await vi.waitFor(() => expect(existsSync(path.join(r.runDir, 'update-pending'))).toBe(true), { timeout: 30_000 });
    // Three seconds of a resident's session: nothing installed, nothing interrupted.
    await realSleep(3000);
    expect(upgrade.exitCode).toBeNull();
    expect(r.installed()).toBe('1.0.0');
    expect(c.matches({ cabin: 'session' })).toBe(true);
    expect(out).toContain("l'installation attend la fin de sa session");

    await c.send({ type: 'END_REQUEST' });
    await c.advance(60_000);
    expect(c.calls).toContain('wipe');
    // Back on attract after the verified wipe: the update screen, not the next resident.
    await vi.waitFor(() => expect(c.cabin()).toBe('updating'), { timeout: 10_000 });
    await c.send({ type: 'TOUCH' });
    expect(['updating', 'attract']).toContain(c.cabin());

    expect(await done, out).toBe(0);
    expect(r.installed()).toBe('1.0.1');
    // This process runs 1.0.0, now replaced: the gate restarted it, then let it take residents again.
    expect(readFileSync(path.join(r.root, 'restarts'), 'utf8')).toBe('restart\n');
    expect(existsSync(path.join(r.runDir, 'update-pending'))).toBe(false);
    await vi.waitFor(() => expect(c.cabin()).toBe('attract'), { timeout: 10_000 });
    // The package changed: the start check was asked for; both packages are kept for a rollback.
    expect(existsSync(path.join(r.root, 'check-requested'))).toBe(true);
    expect(readdirSync(path.join(r.updateDir, 'packages')).sort()).toEqual(['cabine_1.0.0_all.deb', 'cabine_1.0.1_all.deb']);
  });

  it('gives up after CABINE_GATE_WAIT_SECONDS: apt installs nothing, the resident is not disturbed, last.json says deferred', async () => {
    const { r, c } = await residentInSession('deferred', 2);

    const result = r.apt(['install', 'cabine']);
    expect(result.status).not.toBe(0);
    expect(result.out).toMatch(/installation reportée/);
    expect(result.out).toMatch(/Pre-Invoke/);
    expect(r.installed()).toBe('1.0.0');
    expect(c.matches({ cabin: 'session' })).toBe(true);
    expect(existsSync(path.join(r.runDir, 'update-pending'))).toBe(false);
    expect(lastOutcome(r)).toMatchObject({ outcome: 'deferred', from: '1.0.0', reason: 'session-in-progress' });
  });
});

describe('the start check', () => {
  it('keeps a version that starts; rolls back one that does not, pins it away, and lets a later one through', () => {
    const r = cabinRunning('rollback', '1.0.0');

    // 1.0.1 starts: updated.
    r.publish(buildPackage('1.0.1'));
    let result = r.apt(['install', 'cabine']);
    expect(result.status, result.out).toBe(0);
    expect(existsSync(path.join(r.root, 'check-requested'))).toBe(true);
    let check = runCheck(r);
    expect(check.status, check.stderr).toBe(0);
    expect(lastOutcome(r), check.stderr).toMatchObject({ outcome: 'updated', from: '1.0.0', to: '1.0.1' });

    // 1.0.2 does not start: rolled back to 1.0.1, from the package the hook kept (the repository is not asked).
    r.publish(buildPackage('1.0.2', 'broken'));
    result = r.apt(['install', 'cabine']);
    expect(result.status, result.out).toBe(0);
    expect(r.installed()).toBe('1.0.2');
    check = runCheck(r);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toContain('la version 1.0.2 ne démarre pas (not-started) : retour à la version 1.0.1');
    expect(r.installed()).toBe('1.0.1');
    expect(lastOutcome(r)).toMatchObject({ outcome: 'rolled-back', from: '1.0.1', to: '1.0.2', reason: 'not-started' });
    expect(readFileSync(path.join(r.runDir, 'cabin', 'cabin-state'), 'utf8')).toContain('version=1.0.1\n');

    // unattended-upgrades' next run (an upgrade here) does not take 1.0.2 again…
    result = r.apt(['upgrade']);
    expect(result.status, result.out).toBe(0);
    expect(r.installed()).toBe('1.0.1');
    const policy = execFileSync('apt-cache', ['policy', 'cabine'], { env: r.env, encoding: 'utf8' });
    expect(policy).toMatch(/Candidate: 1\.0\.1/);
    // …but takes 1.0.3, which starts.
    r.publish(buildPackage('1.0.3'));
    result = r.apt(['upgrade']);
    expect(result.status, result.out).toBe(0);
    expect(r.installed()).toBe('1.0.3');
    check = runCheck(r);
    expect(check.status, check.stderr).toBe(0);
    expect(lastOutcome(r)).toMatchObject({ outcome: 'updated', from: '1.0.1', to: '1.0.3' });
    // The history, oldest first; and the kept packages are the running version and the one before.
    const history = readFileSync(path.join(r.updateDir, 'history'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').slice(1, 4).join(' '));
    expect(history).toEqual(['updated 1.0.0 1.0.1', 'rolled-back 1.0.1 1.0.2', 'updated 1.0.1 1.0.3']);
    expect(readdirSync(path.join(r.updateDir, 'packages')).sort()).toEqual(['cabine_1.0.1_all.deb', 'cabine_1.0.3_all.deb']);
  });

  it('says no-previous-package when the version before was installed without apt (nothing kept)', () => {
    const r = cabinRunning('nothing-kept', '2.0.0');
    rmSync(path.join(r.updateDir, 'packages'), { recursive: true });
    r.publish(buildPackage('2.0.1', 'broken'));
    expect(r.apt(['install', 'cabine']).status).toBe(0);
    const check = runCheck(r);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('retour arrière impossible');
    expect(lastOutcome(r)).toMatchObject({ outcome: 'no-previous-package', from: '2.0.0', to: '2.0.1' });
    expect(r.installed()).toBe('2.0.1');
  });

  it.each([
    // The rollback's own apt run goes through the gate: a cabin stuck booting has nobody in it.
    ['hangs while starting, whose own process holds nothing up', 'hangs', 'not-started'],
    ['starts out of service for a reason the one before did not have (a config it refuses)', 'refuses-config', 'out-of-service:invalid-config'],
  ] as const)('rolls back a version that %s', (_, kind, reason) => {
    const r = cabinRunning(kind, '3.0.0');
    r.publish(buildPackage('3.0.1', kind));
    expect(r.apt(['install', 'cabine']).status).toBe(0);
    const check = runCheck(r);
    expect(check.status, check.stderr).toBe(0);
    expect(lastOutcome(r)).toMatchObject({ outcome: 'rolled-back', from: '3.0.0', to: '3.0.1', reason });
    expect(r.installed()).toBe('3.0.0');
  });
});
