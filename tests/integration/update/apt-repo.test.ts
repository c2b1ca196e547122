// Cabine's signed apt repository and the cabin's unattended upgrades (issue 16), with the real tools only:
// build/linux/apt/cabine-apt-repo (apt-ftparchive and gpg, a throwaway ed25519 key) publishes stand-in `cabine`
// packages built by dpkg-deb; Debian's nginx serves public/; an isolated cabin follows it with apt-get and
// Debian's own unattended-upgrade, configured by the shipped files (cabine.sources.in, 52cabine-unattended-upgrades).
//
// The isolated cabin is a scratch folder with its own apt lists, cache, logs and dpkg database: nothing of this
// machine's /etc/apt or /var/lib/dpkg is read or written.
//   - apt-get and apt-cache reach it through APT_CONFIG (Dir, the dpkg status, dpkg --root and --log).
//   - unattended-upgrade cannot: its command line always opens apt.Cache(rootdir="/"), which sets Dir and
//     Dir::State::status back to this machine's (and it locks /run/unattended-upgrades.lock). It runs in a private
//     mount namespace (unshare) where the cabin's folders are bind-mounted over /etc/apt, /var/lib/apt,
//     /var/cache/apt, /var/lib/dpkg, /var/log, /var/lib/unattended-upgrades, /opt and /run: it runs as on a
//     cabin, and dpkg installs there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, copyFile, cp, mkdir, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { freePort, untilListening } from '../../../src/base/node/ports';
import { makeScratchDir, useScratchDir } from '../../support/scratch';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const APT_FILES = path.join(ROOT, 'build/linux/apt');
const SCRIPT = path.join(APT_FILES, 'cabine-apt-repo');
const KEYRING = 'cabine-archive-keyring.gpg';
const CABIN_KEYRING = `/usr/share/keyrings/${KEYRING}`;
/** Debian's own unattended-upgrades configuration, as every cabin has it. */
const DEBIAN_UU_CONF = '/etc/apt/apt.conf.d/50unattended-upgrades';
/** A file in the cabin's dpkg folder: unattended-upgrade runs only if / shows it (see IN_CABIN). */
const ISOLATION_MARK = '.cabine-test-root';

interface Ran {
  status: number | null;
  stdout: string;
  out: string;
}

/** Runs a command to its end; C locale (apt's and gpg's messages in English), no proxy (nginx is on 127.0.0.1). */
function run(command: string, args: string[], env: Record<string, string | undefined> = {}): Ran {
  const full: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8', LANGUAGE: '', DEBIAN_FRONTEND: 'noninteractive', APT_CONFIG: undefined, ...env };
  for (const name of Object.keys(full)) if (/_proxy$/i.test(name) || full[name] === undefined) delete full[name];
  const r = spawnSync(command, args, { encoding: 'utf8', env: full, timeout: 45_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
}

/** dpkg in the cabin's root, unattended-upgrade and its mount namespace need root: as in CI (and on a cabin). */
const AS_ROOT = process.getuid?.() === 0;

const dir = useScratchDir('cabine-apt-repo-', { per: 'file' });
let arch: string;
const gnupg = { metropole: '', other: '' };
const key = { metropole: '', other: '' };
const deb: Record<string, string> = {};
const repo = { metropole: '', other: '' };
let nginx: ChildProcess | null = null;
let baseUrl: string;

async function makeSigningKey(home: string, uid: string): Promise<string> {
  await mkdir(home, { mode: 0o700 });
  const made = run('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', uid, 'ed25519', 'sign', 'never'], { GNUPGHOME: home });
  expect(made.status, made.out).toBe(0);
  const listed = run('gpg', ['--batch', '--with-colons', '--list-secret-keys'], { GNUPGHOME: home });
  const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(listed.stdout)?.[1];
  if (!fpr) throw new Error(`no key in ${home}:\n${listed.out}`);
  return fpr;
}

/**
 * A stand-in for the cabine package: one file saying its version, and a postinst that logs its configure step
 * under $DPKG_ROOT (set by dpkg when it runs scripts outside a chroot, as apt-get does here; empty on a cabin).
 */
async function buildStandIn(version: string): Promise<string> {
  const tree = path.join(dir(), `tree-${version}`);
  await mkdir(path.join(tree, 'DEBIAN'), { recursive: true });
  await mkdir(path.join(tree, 'opt/Cabine'), { recursive: true });
  await writeFile(
    path.join(tree, 'DEBIAN/control'),
    `Package: cabine\nVersion: ${version}\nArchitecture: ${arch}\nMaintainer: Cabine <contact@cabine.example>\nDescription: stand-in for the cabine package (tests)\n`,
  );
  await writeFile(
    path.join(tree, 'DEBIAN/postinst'),
    '#!/bin/sh\nset -e\nif [ "$1" = configure ]; then echo "configure ${2:-none}" >> "$DPKG_ROOT/opt/Cabine/postinst.log"; fi\n',
    { mode: 0o755 },
  );
  await writeFile(path.join(tree, 'opt/Cabine/VERSION'), `${version}\n`);
  const file = path.join(dir(), `cabine_${version}_${arch}.deb`);
  const built = run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-b', tree, file]);
  expect(built.status, built.out).toBe(0);
  return file;
}

function cabineAptRepo(gnupgHome: string, ...args: string[]): Ran {
  return run(SCRIPT, args, { GNUPGHOME: gnupgHome });
}

let served = 0;

/**
 * Serves `publicDir` at /name: a symlink in nginx's root, pointed elsewhere as a compromised server would be. Its
 * signed files get a time of their own: nginx answers 304 to apt's If-Modified-Since when the times are equal, and
 * repositories made in the same second would have equal times.
 */
async function serve(name: string, publicDir: string): Promise<string> {
  const link = path.join(dir(), 'www', name);
  await rm(link, { force: true });
  await symlink(publicDir, link);
  const time = Date.now() / 1000 + 60 * ++served;
  for (const file of await readdir(path.join(publicDir, 'dists/cabine'))) await utimes(path.join(publicDir, 'dists/cabine', file), time, time);
  return `${baseUrl}/${name}`;
}

async function startNginx(): Promise<void> {
  const work = dir();
  await mkdir(path.join(work, 'www'));
  const port = await freePort();
  const conf = path.join(work, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${work}/tmp-${t};`).join('\n');
  await writeFile(
    conf,
    `daemon off;\nworker_processes 1;\npid ${work}/nginx.pid;\nerror_log ${work}/nginx-error.log warn;\nevents { worker_connections 64; }\n` +
      `http {\n  access_log off;\n${temp}\n  server {\n    listen 127.0.0.1:${port};\n    root ${work}/www;\n  }\n}\n`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx = child;
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await Promise.race([untilListening(port, 10_000), new Promise((_, reject) => child.once('exit', () => reject(new Error(`nginx did not start: ${err}`))))]);
  baseUrl = `http://127.0.0.1:${port}`;
}

// The cabin's root: `mount --bind` its folders over the machine's, in this process's own mount namespace.
const IN_CABIN = `root=$1; shift
for d in etc/apt var/lib/apt var/cache/apt var/lib/dpkg var/log var/lib/unattended-upgrades opt run; do
  mount --bind "$root/$d" "/$d"
done
# Never run the command on this machine's dpkg database: only if / now shows the cabin's.
[ -e /var/lib/dpkg/${ISOLATION_MARK} ] || { echo "the cabin's root is not in place" >&2; exit 99; }
exec "$@"`;

interface Cabin {
  root: string;
  aptGet(...args: string[]): Ran;
  policy(): Ran;
  installedVersion(): string | null;
  unattendedUpgrade(...args: string[]): Ran;
}

/** An isolated cabin following `url` (suite `suite`), with Debian's unattended-upgrades config, and ours or not. */
async function makeCabin(url: string, options: { cabinePattern: boolean; suite?: string; gate?: { waitSeconds: number } }): Promise<Cabin> {
  const scratch = await makeScratchDir('cabine-apt-cabin-');
  onTestFinished(() => scratch.remove());
  const root = scratch.path;
  // apt downloads as _apt: it must reach lists/partial, archives/partial and the keyring.
  await chmod(root, 0o755);
  for (const d of [
    'etc/apt/apt.conf.d',
    'etc/apt/preferences.d',
    'etc/apt/sources.list.d',
    'etc/apt/trusted.gpg.d',
    'var/lib/apt/lists/partial',
    'var/cache/apt/archives/partial',
    'var/lib/dpkg/info',
    'var/lib/dpkg/updates',
    'var/log/apt',
    'var/log/unattended-upgrades',
    'var/lib/unattended-upgrades',
    'usr/share/keyrings',
    'opt',
    'run',
  ])
    await mkdir(path.join(root, d), { recursive: true });
  await writeFile(path.join(root, 'var/lib/dpkg/status'), '');
  await writeFile(path.join(root, 'var/lib/dpkg', ISOLATION_MARK), '');
  await copyFile(path.join(repo.metropole, 'public', KEYRING), path.join(root, CABIN_KEYRING));

  // The shipped files, as setup on a cabin puts them.
  const confd = path.join(root, 'etc/apt/apt.conf.d');
  await copyFile(DEBIAN_UU_CONF, path.join(confd, '50unattended-upgrades'));
  await copyFile(path.join(APT_FILES, '20cabine-auto-upgrades'), path.join(confd, '20cabine-auto-upgrades'));
  if (options.cabinePattern) await copyFile(path.join(APT_FILES, '52cabine-unattended-upgrades'), path.join(confd, '52cabine-unattended-upgrades'));
  await writeFile(path.join(confd, '99cabine-test'), 'Acquire::http::Proxy "DIRECT";\n');
  const template = await readFile(path.join(APT_FILES, 'cabine.sources.in'), 'utf8');
  expect(template).toContain('URIs: @URL@');
  expect(template).toContain(`Signed-By: ${CABIN_KEYRING}`);
  let sources = template.replaceAll('@URL@', url).replace(CABIN_KEYRING, path.join(root, CABIN_KEYRING));
  if (options.suite) sources = sources.replace(/^Suites: cabine$/m, `Suites: ${options.suite}`);
  await writeFile(path.join(root, 'etc/apt/sources.list.d/cabine.sources'), sources);

  // Outside etc/apt: only apt-get and apt-cache read it, not unattended-upgrade in its namespace.
  const aptConfig = path.join(root, 'apt-config');
  await writeFile(
    aptConfig,
    `Dir "${root}/";\nDir::State::status "${root}/var/lib/dpkg/status";\n` +
      `DPkg::Options { "--root=${root}"; "--force-script-chrootless"; "--force-not-root"; "--log=${root}/var/log/dpkg.log"; };\n` +
      `DPkg::Chroot-Directory "/";\nAPT::Architectures { "${arch}"; };\n`,
  );
  // The update gate's hooks (build/linux/update/60cabine-update-gate), its files in the cabin's root, its restart and
  // start check replaced by notes the test reads.
  const gateEnv: Record<string, string> = {};
  if (options.gate) {
    const hooks = (await readFile(path.join(ROOT, 'build/linux/update/60cabine-update-gate'), 'utf8')).replaceAll(
      '/usr/lib/cabine/cabine-update-gate',
      path.join(ROOT, 'build/linux/update/cabine-update-gate'),
    );
    await writeFile(path.join(confd, '60cabine-update-gate'), hooks);
    // The kiosk unit restarted: the cabin now says the version installed (the stand-in's /opt/Cabine/VERSION).
    await writeFile(
      path.join(root, 'note-restart.sh'),
      `echo restart >> ${root}/restarts\nstate="$CABINE_RUN_DIR/cabin/cabin-state"\n` +
        `[ ! -f "$state" ] || sed -i "s/^version=.*/version=$(cat ${root}/opt/Cabine/VERSION)/" "$state"\n`,
    );
    Object.assign(gateEnv, {
      CABINE_RUN_DIR: path.join(root, 'run/cabine'),
      CABINE_UPDATE_DIR: path.join(root, 'cabine-update'),
      CABINE_GATE_WAIT_SECONDS: String(options.gate.waitSeconds),
      CABINE_RESTART_COMMAND: `sh ${path.join(root, 'note-restart.sh')}`,
      CABINE_CHECK_COMMAND: `touch ${path.join(root, 'check-requested')}`,
    });
  }
  const env = { APT_CONFIG: aptConfig, ...gateEnv };
  return {
    root,
    aptGet: (...args) => run('apt-get', args, env),
    policy: () => run('apt-cache', ['policy', 'cabine'], env),
    installedVersion() {
      const r = run('dpkg-query', [`--admindir=${root}/var/lib/dpkg`, '-W', '-f=${Status} ${Version}', 'cabine']);
      return r.status === 0 && r.stdout.startsWith('install ok installed') ? r.stdout.split(' ').pop()! : null;
    },
    unattendedUpgrade: (...args) =>
      run('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-euc', IN_CABIN, 'in-cabin', root, 'unattended-upgrade', ...args], gateEnv),
  };
}

function candidateOf(policy: Ran): string | null {
  return /Candidate: (\S+)/.exec(policy.stdout)?.[1] ?? null;
}

/** A copy of a published repository whose Packages (and Packages.gz) also offer `version` from another repository. */
async function copyOfferingAlso(source: string, name: string, extraRepo: string, version: string): Promise<string> {
  const copy = path.join(dir(), name);
  await cp(source, copy, { recursive: true });
  const packagesOf = (base: string) => path.join(base, `dists/cabine/main/binary-${arch}/Packages`);
  const extra = (await readFile(packagesOf(path.join(extraRepo, 'public')), 'utf8')).split('\n\n').find((s) => s.includes(`\nVersion: ${version}\n`));
  if (!extra) throw new Error(`no ${version} in ${extraRepo}`);
  const pool = /^Filename: (\S+)$/m.exec(extra)![1]!;
  await copyFile(path.join(extraRepo, 'public', pool), path.join(copy, pool));
  const packages = packagesOf(copy);
  await appendFile(packages, `\n${extra.trim()}\n`);
  await writeFile(`${packages}.gz`, gzipSync(await readFile(packages)));
  return copy;
}

/** What an attacker without the key can do to InRelease: the right checksums for changed indexes, the old signature. */
async function rehashInRelease(publicDir: string): Promise<void> {
  const dists = path.join(publicDir, 'dists/cabine');
  const algorithms: Record<string, string> = { 'MD5Sum:': 'md5', 'SHA1:': 'sha1', 'SHA256:': 'sha256', 'SHA512:': 'sha512' };
  let algorithm: string | undefined;
  const lines: string[] = [];
  for (const line of (await readFile(path.join(dists, 'InRelease'), 'utf8')).split('\n')) {
    const entry = /^ [0-9a-f]+ +\d+ (\S+)$/.exec(line);
    if (entry && algorithm) {
      const data = await readFile(path.join(dists, entry[1]!));
      lines.push(` ${createHash(algorithm).update(data).digest('hex')} ${data.length} ${entry[1]}`);
    } else {
      algorithm = algorithms[line];
      lines.push(line);
    }
  }
  await writeFile(path.join(dists, 'InRelease'), lines.join('\n'));
}

beforeAll(async () => {
  // npm test installs them (scripts/ensure-system.mjs): in CI a missing tool is a failure to see.
  for (const [tool, pkg] of [
    ['gpg', 'gnupg'],
    ['apt-ftparchive', 'apt-utils'],
    ['nginx', 'nginx-light'],
    ['unattended-upgrade', 'unattended-upgrades'],
    ['unshare', 'util-linux'],
  ])
    if (run('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  if (!existsSync(DEBIAN_UU_CONF)) throw new Error(`${DEBIAN_UU_CONF} is missing: apt-get install unattended-upgrades`);
  if (!AS_ROOT && process.env.CI) throw new Error('the cabin side of the update repository is tested as root (dpkg, unattended-upgrade, unshare)');
  // In a chroot whose / is not a mount point (ci:fresh's copy mode), unshare cannot make the namespace private.
  const namespace = AS_ROOT ? run('unshare', ['--mount', '--propagation', 'private', '--', 'true']) : null;
  if (namespace && namespace.status !== 0)
    throw new Error(`unattended-upgrade runs in a private mount namespace, and unshare fails here: ${namespace.out.trim()}`);
  arch = run('dpkg', ['--print-architecture']).stdout.trim();
  // nginx's workers (www-data) and apt's downloads (_apt) read under this folder.
  await chmod(dir(), 0o755);
  gnupg.metropole = path.join(dir(), 'gnupg-metropole');
  gnupg.other = path.join(dir(), 'gnupg-other');
  key.metropole = await makeSigningKey(gnupg.metropole, 'Parc de cabines (test) <parc@metropole.example>');
  key.other = await makeSigningKey(gnupg.other, 'Quelqu’un d’autre (test) <autre@example.org>');
  for (const version of ['1.0.0', '1.0.1', '1.0.2']) deb[version] = await buildStandIn(version);

  // The Métropole publishes 1.0.0, then 1.0.1. Someone else, with another key, also offers 1.0.2.
  repo.metropole = path.join(dir(), 'repo-metropole');
  for (const args of [
    ['init', repo.metropole, '--key', key.metropole],
    ['publish', repo.metropole, deb['1.0.0']!],
    ['publish', repo.metropole, deb['1.0.1']!],
  ]) {
    const r = cabineAptRepo(gnupg.metropole, ...args);
    expect(r.status, r.out).toBe(0);
  }
  repo.other = path.join(dir(), 'repo-other');
  for (const args of [
    ['init', repo.other, '--key', key.other],
    ['publish', repo.other, deb['1.0.0']!, deb['1.0.1']!, deb['1.0.2']!],
  ]) {
    const r = cabineAptRepo(gnupg.other, ...args);
    expect(r.status, r.out).toBe(0);
  }
  await startNginx();
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null && nginx.signalCode === null) {
    const exited = new Promise((resolve) => nginx!.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  }
  // gpg started an agent for each keyring: it would outlive the test.
  for (const home of Object.values(gnupg)) if (home) run('gpgconf', ['--kill', 'all'], { GNUPGHOME: home });
});

describe('cabine-apt-repo, the technician’s tool', () => {
  it('is shellcheck-clean', () => {
    const r = run('shellcheck', [SCRIPT]);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('init writes the channel’s conf outside public/, signed indexes and the cabins’ keyring; list shows both versions', async () => {
    const conf = await readFile(path.join(repo.metropole, 'conf/distributions'), 'utf8');
    for (const line of [
      'Origin: Cabine',
      'Label: Cabine',
      'Suite: stable',
      'Codename: cabine',
      'Architectures: amd64 arm64',
      'Components: main',
      `SignWith: ${key.metropole}`,
      'Limit: 3',
    ])
      expect(conf).toContain(`${line}\n`);
    const release = await readFile(path.join(repo.metropole, 'public/dists/cabine/Release'), 'utf8');
    for (const line of ['Origin: Cabine', 'Label: Cabine', 'Suite: stable', 'Codename: cabine']) expect(release).toContain(`${line}\n`);
    expect(existsSync(path.join(repo.metropole, 'public/conf'))).toBe(false);
    // A binary keyring (as Signed-By wants it) holding the Métropole's key, and only it.
    const keyring = await readFile(path.join(repo.metropole, 'public', KEYRING));
    expect(keyring.subarray(0, 5).toString()).not.toBe('-----');
    const shown = run('gpg', ['--batch', '--with-colons', '--show-keys', path.join(repo.metropole, 'public', KEYRING)], { GNUPGHOME: gnupg.other });
    expect(shown.stdout.match(/^fpr:+([0-9A-F]{40}):/gm)).toEqual([`fpr:::::::::${key.metropole}:`]);

    const list = cabineAptRepo(gnupg.metropole, 'list', repo.metropole);
    expect(list.status, list.out).toBe(0);
    expect(list.stdout).toContain(`cabine (${arch}) : 1.0.1, 1.0.0`);
    expect(list.stdout).toMatch(/signature : bonne/);
  });

  it('refuses a key without its secret part, a file that is not a .deb, and a published version whose content changed', async () => {
    // A keyring that has the Métropole's public key only (what every cabin has).
    const publicOnly = path.join(dir(), 'gnupg-public-only');
    await mkdir(publicOnly, { mode: 0o700 });
    const imported = run('gpg', ['--batch', '--import', path.join(repo.metropole, 'public', KEYRING)], { GNUPGHOME: publicOnly });
    expect(imported.status, imported.out).toBe(0);
    const target = path.join(dir(), 'repo-refused');
    const refused = cabineAptRepo(publicOnly, 'init', target, '--key', key.metropole);
    run('gpgconf', ['--kill', 'all'], { GNUPGHOME: publicOnly });
    expect(refused.status).toBe(1);
    expect(refused.out).toContain(`la clé « ${key.metropole} » est dans le trousseau`);
    expect(refused.out).toContain('sans sa partie secrète');
    expect(existsSync(target)).toBe(false);

    const notDeb = path.join(dir(), 'cabine_9.9.9_amd64.deb');
    await writeFile(notDeb, 'not a package');
    const junk = cabineAptRepo(gnupg.metropole, 'publish', repo.metropole, notDeb);
    expect(junk.status).toBe(1);
    expect(junk.out).toContain("n'est pas un paquet Debian");

    // Same name and version as the published 1.0.1, other content: cabins may already have the first one.
    const changed = path.join(dir(), 'changed');
    await mkdir(changed);
    const copy = path.join(changed, path.basename(deb['1.0.1']!));
    const tree = path.join(dir(), 'tree-1.0.1');
    await writeFile(path.join(tree, 'opt/Cabine/VERSION'), '1.0.1 rebuilt\n');
    expect(run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-b', tree, copy]).status).toBe(0);
    const before = await readFile(path.join(repo.metropole, 'public/dists/cabine/InRelease'));
    const rebuilt = cabineAptRepo(gnupg.metropole, 'publish', repo.metropole, copy);
    expect(rebuilt.status).toBe(1);
    expect(rebuilt.out).toContain('est déjà publié dans « cabine » avec un autre contenu');
    expect(await readFile(path.join(repo.metropole, 'public/dists/cabine/InRelease'))).toEqual(before);
  });

  it.skipIf(!AS_ROOT)('--keep 2 withdraws the oldest version when a third comes; a pilot channel gets a version first', async () => {
    const staged = path.join(dir(), 'repo-staged');
    const steps = [
      ['init', staged, '--key', key.metropole, '--keep', '2'],
      ['init', staged, '--key', key.metropole, '--codename', 'cabine-pilote'],
      ['publish', staged, deb['1.0.0']!, deb['1.0.1']!],
      ['publish', staged, '--codename', 'cabine-pilote', deb['1.0.2']!],
    ];
    for (const args of steps) {
      const r = cabineAptRepo(gnupg.metropole, ...args);
      expect(r.status, r.out).toBe(0);
    }
    const pilotRelease = await readFile(path.join(staged, 'public/dists/cabine-pilote/Release'), 'utf8');
    for (const line of ['Origin: Cabine', 'Label: Cabine', 'Codename: cabine-pilote']) expect(pilotRelease).toContain(`${line}\n`);

    // A pilot cabin sees 1.0.2; the others do not, until it is published to « cabine ».
    const url = await serve('staged', path.join(staged, 'public'));
    const pilot = await makeCabin(url, { cabinePattern: true, suite: 'cabine-pilote' });
    expect(pilot.aptGet('update').status).toBe(0);
    expect(candidateOf(pilot.policy())).toBe('1.0.2');
    const other = await makeCabin(url, { cabinePattern: true });
    expect(other.aptGet('update').status).toBe(0);
    expect(candidateOf(other.policy())).toBe('1.0.1');

    const third = cabineAptRepo(gnupg.metropole, 'publish', staged, deb['1.0.2']!);
    expect(third.status, third.out).toBe(0);
    expect(third.stdout).toContain(`Retiré (au-delà de 2 versions) : cabine 1.0.0 (${arch})`);
    expect(third.stdout).toContain(`cabine (${arch}) : 1.0.2, 1.0.1`);
    expect(existsSync(path.join(staged, `public/pool/cabine/main/c/cabine/cabine_1.0.0_${arch}.deb`))).toBe(false);
    expect(other.aptGet('update').status).toBe(0);
    expect(other.policy().stdout).not.toMatch(/^ +1\.0\.0 /m);
    expect(candidateOf(other.policy())).toBe('1.0.2');
  });
});

describe('a cabin following the repository', () => {
  it.skipIf(!AS_ROOT)('updates its lists from the signed repository: candidate 1.0.1, and 1.0.0 still there to roll back to', async () => {
    const cabin = await makeCabin(await serve('metropole', path.join(repo.metropole, 'public')), { cabinePattern: true });
    const update = cabin.aptGet('update');
    expect(update.status, update.out).toBe(0);
    expect(update.out).not.toMatch(/^[WE]:/m);
    const policy = cabin.policy();
    expect(candidateOf(policy), policy.out).toBe('1.0.1');
    expect(policy.stdout).toMatch(/^ {5}1\.0\.0 500\n {8}500 http:\/\/127\.0\.0\.1:\d+\/metropole cabine\/main /m);
    const rollback = cabin.aptGet('install', '-y', 'cabine=1.0.0');
    expect(rollback.status, rollback.out).toBe(0);
    expect(cabin.installedVersion()).toBe('1.0.0');
  });

  it.skipIf(!AS_ROOT)('the real unattended-upgrade installs 1.0.1 over 1.0.0, because of 52cabine-unattended-upgrades', async () => {
    const cabin = await makeCabin(await serve('metropole', path.join(repo.metropole, 'public')), { cabinePattern: true });
    expect(cabin.aptGet('update').status).toBe(0);
    expect(cabin.aptGet('install', '-y', 'cabine=1.0.0').status).toBe(0);

    const dry = cabin.unattendedUpgrade('--dry-run', '--debug');
    expect(dry.status, dry.out).toBe(0);
    expect(dry.out).toMatch(/^Allowed origins are: .*origin=Cabine,label=Cabine/m);
    expect(dry.out).toMatch(/origin=Debian,codename=\w+-security,label=Debian-Security/);
    expect(dry.out).toContain('Packages that will be upgraded: cabine');
    expect(cabin.installedVersion()).toBe('1.0.0');
    // Debian's file leaves these commented out: ours decide.
    const config = run('apt-config', ['dump'], { APT_CONFIG: path.join(cabin.root, 'apt-config') }).stdout;
    for (const setting of ['Automatic-Reboot', 'Remove-Unused-Dependencies', 'Remove-New-Unused-Dependencies'])
      expect(config).toContain(`Unattended-Upgrade::${setting} "false";`);
    expect(config).toContain('APT::Periodic::Unattended-Upgrade "1";');

    const real = cabin.unattendedUpgrade('--debug');
    expect(real.status, real.out).toBe(0);
    expect(real.out).toContain('Packages that will be upgraded: cabine');
    expect(cabin.installedVersion()).toBe('1.0.1');
    expect(await readFile(path.join(cabin.root, 'opt/Cabine/VERSION'), 'utf8')).toBe('1.0.1\n');
    expect(await readFile(path.join(cabin.root, 'opt/Cabine/postinst.log'), 'utf8')).toBe('configure none\nconfigure 1.0.0\n');
    expect(await readFile(path.join(cabin.root, 'var/log/unattended-upgrades/unattended-upgrades-dpkg.log'), 'utf8')).toContain('Setting up cabine (1.0.1)');
  });

  it.skipIf(!AS_ROOT)(
    'unattended-upgrade goes through the update gate: put off while a resident is in a session, installed once the cabin shows the update screen',
    async () => {
      const cabin = await makeCabin(await serve('metropole', path.join(repo.metropole, 'public')), { cabinePattern: true, gate: { waitSeconds: 2 } });
      expect(cabin.aptGet('update').status).toBe(0);
      expect(cabin.aptGet('install', '-y', 'cabine=1.0.0').status).toBe(0);
      // The running cabin, as src/cabin/update/gate.ts writes it: this process, in a resident's session.
      const state = path.join(cabin.root, 'run/cabine/cabin/cabin-state');
      await mkdir(path.dirname(state), { recursive: true });
      await writeFile(state, `pid=${process.pid}\nversion=1.0.0\nstate=session\nout_of_service=\n`);

      const deferred = cabin.unattendedUpgrade('--debug');
      expect(deferred.out).toContain('installation reportée');
      expect(cabin.installedVersion()).toBe('1.0.0');
      expect(JSON.parse(await readFile(path.join(cabin.root, 'cabine-update/last.json'), 'utf8'))).toMatchObject({ outcome: 'deferred', from: '1.0.0' });
      expect(existsSync(path.join(cabin.root, 'run/cabine/update-pending'))).toBe(false);

      // Back on attract after the wipe, the cabin shows « Mise à jour en cours »: the next run installs.
      await writeFile(state, `pid=${process.pid}\nversion=1.0.0\nstate=updating\nout_of_service=\n`);
      const installed = cabin.unattendedUpgrade('--debug');
      expect(installed.status, installed.out).toBe(0);
      expect(cabin.installedVersion()).toBe('1.0.1');
      // It ran 1.0.0, now replaced: restarted; the start check asked for; 1.0.1 kept for the next rollback.
      expect(await readFile(path.join(cabin.root, 'restarts'), 'utf8')).toBe('restart\n');
      expect(existsSync(path.join(cabin.root, 'check-requested'))).toBe(true);
      expect(await readdir(path.join(cabin.root, 'cabine-update/packages'))).toContain(`cabine_1.0.1_${arch}.deb`);
    },
  );

  it.skipIf(!AS_ROOT)('with Debian’s configuration alone, unattended-upgrade sees 1.0.1 and leaves it: not an allowed origin', async () => {
    const cabin = await makeCabin(await serve('metropole', path.join(repo.metropole, 'public')), { cabinePattern: false });
    expect(cabin.aptGet('update').status).toBe(0);
    expect(cabin.aptGet('install', '-y', 'cabine=1.0.0').status).toBe(0);
    const real = cabin.unattendedUpgrade('--debug');
    expect(real.status, real.out).toBe(0);
    expect(real.out).not.toContain('origin=Cabine');
    expect(real.out).toMatch(/Marking not allowed .*o=Cabine,l=Cabine/);
    expect(real.out).toContain('Checking: cabine');
    expect(real.out).toContain('No packages found that can be upgraded unattended');
    expect(cabin.installedVersion()).toBe('1.0.0');
  });
});

describe('what a cabin refuses', () => {
  it.skipIf(!AS_ROOT)('a new cabin refuses a repository signed by another key: no lists, nothing to install', async () => {
    const cabin = await makeCabin(await serve('other-key', path.join(repo.other, 'public')), { cabinePattern: true });
    const update = cabin.aptGet('update');
    expect(update.status).toBe(100);
    expect(update.out).toContain(`NO_PUBKEY ${key.other.slice(-16)}`);
    expect(update.out).toMatch(/E: The repository '.*other-key cabine InRelease' is not signed/);
    expect(candidateOf(cabin.policy())).toBeNull();
    const install = cabin.aptGet('install', '-y', 'cabine');
    expect(install.status).toBe(100);
    expect(install.out).toContain('Unable to locate package cabine');
  });

  it.skipIf(!AS_ROOT)('a new cabin refuses a Packages file changed after signing (1.0.2 added): checksum mismatch', async () => {
    const altered = await copyOfferingAlso(path.join(repo.metropole, 'public'), 'public-altered', repo.other, '1.0.2');
    const cabin = await makeCabin(await serve('altered', altered), { cabinePattern: true });
    const update = cabin.aptGet('update');
    expect(update.status).toBe(100);
    expect(update.out).toMatch(/Hash Sum mismatch|File has unexpected size/);
    expect(candidateOf(cabin.policy())).toBeNull();
  });

  it.skipIf(!AS_ROOT)('a cabin that follows the Métropole keeps what it verified when its server turns bad, and installs nothing new', async () => {
    const cabin = await makeCabin(await serve('followed', path.join(repo.metropole, 'public')), { cabinePattern: true });
    expect(cabin.aptGet('update').status).toBe(0);
    expect(cabin.aptGet('install', '-y', 'cabine=1.0.0').status).toBe(0);

    // The server now serves another key's repository offering 1.0.2. apt only warns (exit 0): it keeps the
    // indexes it verified before.
    await serve('followed', path.join(repo.other, 'public'));
    const otherKey = cabin.aptGet('update');
    expect(otherKey.status, otherKey.out).toBe(0);
    expect(otherKey.out).toContain(`NO_PUBKEY ${key.other.slice(-16)}`);
    expect(otherKey.out).toContain('The repository is not updated and the previous index files will be used');
    expect(candidateOf(cabin.policy())).toBe('1.0.1');

    // Then the Métropole's own files with 1.0.2 added and InRelease's checksums rewritten to match: the signature
    // no longer does.
    const forged = await copyOfferingAlso(path.join(repo.metropole, 'public'), 'public-forged', repo.other, '1.0.2');
    await rehashInRelease(forged);
    await serve('followed', forged);
    const badSig = cabin.aptGet('update');
    expect(badSig.status, badSig.out).toBe(0);
    expect(badSig.out).toContain(`BADSIG ${key.metropole.slice(-16)}`);
    expect(badSig.out).toContain('The repository is not updated and the previous index files will be used');
    expect(candidateOf(cabin.policy())).toBe('1.0.1');
    const forcing = cabin.aptGet('install', '-y', 'cabine=1.0.2');
    expect(forcing.status).toBe(100);
    expect(forcing.out).toContain("Version '1.0.2' for 'cabine' was not found");

    // unattended-upgrade goes on with what was verified: the Métropole's 1.0.1, not 1.0.2.
    const upgrade = cabin.unattendedUpgrade('--debug');
    expect(upgrade.status, upgrade.out).toBe(0);
    expect(cabin.installedVersion()).toBe('1.0.1');
  });
});
