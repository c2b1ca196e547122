// A real run of the kiosk setup in a debootstrapped Debian 12 (minbase + systemd): the deb's
// after-install (rendered as electron-builder renders it), then setup-kiosk.sh with apt
// installing cage, CUPS and SANE from the Debian mirror, then the result read back inside the
// tree. What a chroot cannot show (services starting, cage on a screen, udev on real devices,
// sysctl applied) is listed in docs/kiosk-setup.md.
//
// The base tree, apt's lists and the fetched .deb files are cached in /var/cache/cabine-test
// (first run: debootstrap ~2 min, then downloads; later runs: 2–4 min, nearly all of it dpkg
// unpacking cage, CUPS and SANE on this 2-core machine). Skipped, with the reason, where
// debootstrap cannot run, or when CABINE_SKIP_DEBOOTSTRAP=1.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDebTemplate } from '../../../scripts/package';
import { configTemplate } from '../../../src/cli/config-template';
import { defaultConfig } from '../../../src/shared/config';
import { APT_LISTS, DEB_CACHE, ensureBaseTree, LINUX, linkDebs, missingCupsConfig, run, scratchDir, skipDebootstrap, type Run } from './helpers';

const TEN_MINUTES = 10 * 60_000;
let tree: string | null = null;
let skipReason: string | null = null;
let setup: Run | null = null;

const inTree = (...p: string[]) => path.join(tree!, ...p);
const chroot = (args: string[], timeoutMs = TEN_MINUTES) => run('chroot', [tree!, ...args], { timeoutMs, env: { DEBIAN_FRONTEND: 'noninteractive' } });
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const mode = (f: string) => statSync(f).mode & 0o7777;

beforeAll(async () => {
  skipReason = skipDebootstrap ?? missingCupsConfig();
  if (skipReason) return;
  const base = await ensureBaseTree();
  if ('skip' in base) {
    // npm test installs debootstrap: in CI a missing tree is a failure to see, not a quiet skip.
    if (process.env.CI) throw new Error(`the kiosk setup cannot be tested: ${base.skip}`);
    skipReason = base.skip;
    return;
  }
  tree = await mkdtemp(path.join(await scratchDir(), 'cabine-kiosk-tree-'));
  // cp -a keeps owners, modes and device nodes exactly.
  const copy = await run('cp', ['-a', '--reflink=auto', `${base.tree}/.`, tree]);
  if (copy.code !== 0) throw new Error(`copying the base tree failed: ${copy.stderr}`);
  // As in a Docker image build: packages install without starting services.
  await writeFile(inTree('usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n');
  await chmod(inTree('usr/sbin/policy-rc.d'), 0o755);
  // Spare the mirror: .deb files fetched by earlier runs or present on this machine, apt's lists,
  // and no fsync per file (dpkg in a chroot otherwise spends minutes there).
  await linkDebs(DEB_CACHE, inTree('var/cache/apt/archives'));
  await linkDebs('/var/cache/apt/archives', inTree('var/cache/apt/archives'));
  if (existsSync(APT_LISTS)) await run('cp', ['-a', `${APT_LISTS}/.`, inTree('var/lib/apt/lists')]);
  await writeFile(inTree('etc/dpkg/dpkg.cfg.d/cabine-test-unsafe-io'), 'force-unsafe-io\n');
  // What the cabine .deb puts in /opt/Cabine/resources (electron-builder.yml extraResources).
  await mkdir(inTree('opt/Cabine/resources'), { recursive: true });
  await run('cp', ['-a', LINUX, inTree('opt/Cabine/resources/linux')]);
  await rm(inTree('opt/Cabine/resources/linux/deb'), { recursive: true, force: true });
  const macros = { executable: 'cabine', sanitizedProductName: 'Cabine', productFilename: 'Cabine' };
  for (const name of ['after-install', 'after-remove']) {
    await writeFile(inTree(`tmp/${name}.sh`), renderDebTemplate(await readFile(path.join(LINUX, 'deb', `${name}.tpl`), 'utf8'), macros));
  }
  const security = defaultConfig.security as { referentPinHash: string; technicianCodeHash: string };
  await writeFile(
    inTree('tmp/config.yaml'),
    configTemplate({
      cabinId: 'essai-1',
      commune: 'Essai',
      place: 'Mairie',
      printerQueue: 'Cabine',
      ramRoot: '/var/lib/cabine/ram/sessions',
      stateDir: '/var/lib/cabine/state',
      ...security,
    }),
  );
}, 30 * 60_000);

afterAll(async () => {
  if (!tree) return;
  // Keep what apt fetched for the next run.
  await linkDebs(inTree('var/cache/apt/archives'), DEB_CACHE);
  await rm(APT_LISTS, { recursive: true, force: true });
  await run('cp', ['-a', inTree('var/lib/apt/lists'), APT_LISTS]);
  await rm(tree, { recursive: true, force: true });
}, 120_000);

describe('kiosk setup in a debootstrapped Debian 12', () => {
  it(
    'the deb’s after-install creates the cabine user, the kiosk unit and the cabine command',
    async (ctx) => {
      if (skipReason) ctx.skip(skipReason);
      const r = await chroot(['/bin/bash', '/tmp/after-install.sh']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const user = await chroot(['getent', 'passwd', 'cabine']);
      expect(user.stdout).toMatch(/^cabine:x:\d+:\d+:Cabine kiosk,*:\/var\/lib\/cabine:\/usr\/sbin\/nologin\n$/);
      expect((await chroot(['id', '-nG', 'cabine'])).stdout.trim().split(' ')).toEqual(expect.arrayContaining(['cabine', 'video', 'input']));
      expect(readFileSync(inTree('lib/systemd/system/cabine-kiosk.service'), 'utf8')).toBe(
        readFileSync(path.join(LINUX, 'systemd/cabine-kiosk.service'), 'utf8'),
      );
      expect(mode(inTree('usr/bin/cabine'))).toBe(0o755);
      expect(mode(inTree('var/lib/cabine/state'))).toBe(0o700);
      // Installed, not enabled: a plain desktop with the package keeps its login screen.
      expect(existsSync(inTree('etc/systemd/system/graphical.target.wants/cabine-kiosk.service'))).toBe(false);
    },
    TEN_MINUTES,
  );

  it(
    'setup-kiosk.sh installs cage, CUPS and SANE and configures the kiosk',
    async (ctx) => {
      if (skipReason) ctx.skip(skipReason);
      setup = await chroot(['/opt/Cabine/resources/linux/setup-kiosk.sh', '--config', '/tmp/config.yaml', '--hid', '16c0:05df', '--session-size', '1G']);
      expect(setup.code, setup.stderr.slice(-2000)).toBe(0);
      expect(setup.stdout).toMatch(/système en marche : non \(chroot ou sans systemd\)/);
      expect(setup.stdout).toMatch(/==> Terminé\./);
      for (const bin of ['usr/bin/cage', 'usr/sbin/cupsd', 'usr/bin/scanimage']) expect(existsSync(inTree(bin)), bin).toBe(true);
    },
    TEN_MINUTES,
  );

  it('apt went through the update gate, installed first: acquired and released around each dpkg run, nothing left', (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    expect(readFileSync(inTree('etc/apt/apt.conf.d/60cabine-update-gate'), 'utf8')).toBe(readFileSync(path.join(LINUX, 'update/60cabine-update-gate'), 'utf8'));
    expect(mode(inTree('usr/lib/cabine/cabine-update-gate'))).toBe(0o755);
    expect(readFileSync(inTree('usr/lib/tmpfiles.d/cabine.conf'), 'utf8')).toContain('d /run/cabine/cabin 0755 cabine cabine -');
    expect(mode(inTree('var/lib/cabine-update'))).toBe(0o755);
    // apt ran its hooks (the gate wrote update-pending, then removed it) and no cabin ran: nothing to wait for.
    expect(existsSync(inTree('run/cabine/update-pending'))).toBe(false);
    expect(readFileSync(inTree('var/lib/cabine-update/before'), 'utf8')).toMatch(/^version=\nout_of_service=\n$/);
    expect(setup!.stdout + setup!.stderr).not.toMatch(/cabine-update-gate: .*(attend|reportée)/);
    // unattended-upgrades and its config for Debian's security updates; no repository of Cabine without --apt-repo.
    expect(existsSync(inTree('usr/bin/unattended-upgrade'))).toBe(true);
    expect(readFileSync(inTree('etc/apt/apt.conf.d/52cabine-unattended-upgrades'), 'utf8')).toContain('"origin=Cabine,label=Cabine";');
    expect(existsSync(inTree('etc/apt/sources.list.d/cabine.sources'))).toBe(false);
  });

  it('runs Cabine alone on tty1 through cage, restarted, after a tmpfs for session data', (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    const unit = readFileSync(inTree('etc/systemd/system/cabine-kiosk.service'), 'utf8');
    expect(unit).toMatch(/^User=cabine$/m);
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/cage -d -- \/opt\/Cabine\/cabine/m);
    // Without -s, cage refuses VT switching.
    const cageArgs = /^ExecStart=\/usr\/bin\/cage (.*?) -- /m.exec(unit)![1]!.split(' ');
    expect(cageArgs).not.toContain('-s');
    expect(unit).toMatch(/^Restart=always$/m);
    // A core dump would put a resident's session on disk.
    expect(unit).toMatch(/^LimitCORE=0$/m);
    expect(readlinkSync(inTree('etc/systemd/system/graphical.target.wants/cabine-kiosk.service'))).toBe('/etc/systemd/system/cabine-kiosk.service');
    expect(readlinkSync(inTree('etc/systemd/system/default.target'))).toMatch(/graphical\.target$/);
    // The fleet's config on a timer (it does nothing while the config has no fleet section).
    expect(readFileSync(inTree('etc/systemd/system/cabine-fleet-pull.service'), 'utf8')).toMatch(/^ExecStart=\/usr\/bin\/cabine fleet pull$/m);
    expect(readlinkSync(inTree('etc/systemd/system/timers.target.wants/cabine-fleet-pull.timer'))).toBe('/etc/systemd/system/cabine-fleet-pull.timer');
    expect(existsSync(inTree('etc/systemd/system/getty.target.wants/getty@tty1.service'))).toBe(false);
    const uid = /^cabine:x:(\d+):(\d+):/.exec(
      readFileSync(inTree('etc/passwd'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('cabine:'))!,
    )!;
    expect(readFileSync(inTree('etc/systemd/system/var-lib-cabine-ram.mount'), 'utf8')).toContain(
      `Options=mode=0700,uid=${uid[1]},gid=${uid[2]},size=1G,nosuid,nodev,noexec`,
    );
    expect(readlinkSync(inTree('etc/systemd/system/local-fs.target.wants/var-lib-cabine-ram.mount'))).toBe('/etc/systemd/system/var-lib-cabine-ram.mount');
    expect(readlinkSync(inTree('etc/systemd/system/local-fs.target.wants/var-spool-cups.mount'))).toBe('/etc/systemd/system/var-spool-cups.mount');
  });

  it('systemd accepts the units (systemd-analyze verify inside the tree)', async (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    const r = await chroot([
      'systemd-analyze',
      'verify',
      '/etc/systemd/system/cabine-kiosk.service',
      '/etc/systemd/system/var-lib-cabine-ram.mount',
      '/etc/systemd/system/var-spool-cups.mount',
      '/etc/systemd/system/cabine-fleet-pull.service',
      '/etc/systemd/system/cabine-fleet-pull.timer',
      '/etc/systemd/system/cabine-update-check.service',
    ]);
    expect(r.stdout + r.stderr).not.toMatch(/cabine-kiosk|var-lib-cabine-ram|var-spool-cups|cabine-fleet-pull|cabine-update-check/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('disables VT switching, SysRq and Ctrl+Alt+Del', (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    expect(readFileSync(inTree('etc/systemd/logind.conf.d/90-cabine.conf'), 'utf8')).toMatch(/^NAutoVTs=0$/m);
    expect(readFileSync(inTree('etc/sysctl.d/90-cabine.conf'), 'utf8')).toMatch(/^kernel\.sysrq = 0$/m);
    expect(readFileSync(inTree('etc/sysctl.d/90-cabine.conf'), 'utf8')).toMatch(/^kernel\.core_pattern = \|\/bin\/false$/m);
    expect(readlinkSync(inTree('etc/systemd/system/ctrl-alt-del.target'))).toBe('/dev/null');
    expect(readlinkSync(inTree('etc/systemd/system/autovt@tty1.service'))).toBe('/dev/null');
    expect(readlinkSync(inTree('etc/systemd/system/swap.target'))).toBe('/dev/null');
  });

  it('installs the hardened CUPS config, keeping the original', (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    expect(sha(inTree('etc/cups/cupsd.conf'))).toBe(sha(path.join(LINUX, 'cups/cupsd.conf')));
    expect(mode(inTree('etc/cups/cupsd.conf'))).toBe(0o640);
    expect(readFileSync(inTree('etc/cups/cupsd.conf.cabine-orig'), 'utf8')).not.toMatch(/^PreserveJobFiles No/m);
    if (existsSync(path.join(LINUX, 'cups/cups-files.conf')))
      expect(sha(inTree('etc/cups/cups-files.conf'))).toBe(sha(path.join(LINUX, 'cups/cups-files.conf')));
  });

  it('keeps SANE local, and gives the cabine user the sensor and badge reader', async (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    expect(readFileSync(inTree('etc/sane.d/dll.conf'), 'utf8')).not.toMatch(/^net$/m);
    expect(readlinkSync(inTree('etc/systemd/system/saned.socket'))).toBe('/dev/null');
    expect((await chroot(['id', '-nG', 'cabine'])).stdout).toMatch(/\bscanner\b/);
    expect(readFileSync(inTree('etc/udev/rules.d/70-cabine.rules'), 'utf8')).toContain(
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="16c0", ATTRS{idProduct}=="05df", GROUP="cabine", MODE="0660"',
    );
    // udev itself parses the rules.
    const check = await chroot(['udevadm', 'verify', '/etc/udev/rules.d/70-cabine.rules']);
    if (!/Unknown command verb|unknown command/i.test(check.stderr)) expect(check.code, check.stderr).toBe(0);
  });

  it('installs the config readable by cabine only, and it validates', async (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    const config = inTree('etc/cabine/config.yaml');
    expect(mode(config)).toBe(0o600);
    const owner = (await chroot(['stat', '-c', '%U:%G', '/etc/cabine/config.yaml'])).stdout.trim();
    expect(owner).toBe('cabine:cabine');
    const { readConfigFile } = await import('../../../src/cabin/config-file');
    const result = await readConfigFile(config);
    expect(result.ok, result.ok ? '' : JSON.stringify(result.problems)).toBe(true);
  });

  it(
    'runs again without harm (idempotent)',
    async (ctx) => {
      if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
      const orig = sha(inTree('etc/cups/cupsd.conf.cabine-orig'));
      const again = await chroot(['/opt/Cabine/resources/linux/setup-kiosk.sh', '--no-packages', '--hid', '16c0:05df']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('existe déjà');
      expect(again.stdout).toContain('configuration existante gardée : /etc/cabine/config.yaml');
      expect(sha(inTree('etc/cups/cupsd.conf.cabine-orig'))).toBe(orig);
    },
    TEN_MINUTES,
  );

  it('the deb’s after-remove, on purge, removes the user and its files', async (ctx) => {
    if (skipReason || setup?.code !== 0) ctx.skip(skipReason ?? 'setup failed');
    const r = await chroot(['/bin/bash', '/tmp/after-remove.sh', 'purge']);
    expect(r.code, r.stderr).toBe(0);
    expect((await chroot(['getent', 'passwd', 'cabine'])).code).not.toBe(0);
    expect(existsSync(inTree('etc/cabine'))).toBe(false);
    expect(existsSync(inTree('usr/bin/cabine'))).toBe(false);
  });
});
