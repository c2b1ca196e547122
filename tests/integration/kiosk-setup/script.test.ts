// setup-kiosk.sh on this machine: shellcheck-clean, and its --dry-run shows every step while
// changing nothing (checked on the files it would touch). The real run is in debootstrap.test.ts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINUX, missingCupsConfig, run, SCRIPT } from './helpers';
import { useScratchDir } from '../../support/scratch';

const WATCHED = ['/etc/cups/cupsd.conf', '/etc/sane.d/dll.conf', '/etc/fstab', '/etc/passwd', '/etc/group'];
const MUST_NOT_APPEAR = [
  '/etc/systemd/system/cabine-kiosk.service',
  '/etc/systemd/system/var-lib-cabine-ram.mount',
  '/etc/cabine',
  '/var/lib/cabine',
  '/etc/udev/rules.d/70-cabine.rules',
  '/etc/sysctl.d/90-cabine.conf',
  '/etc/systemd/logind.conf.d/90-cabine.conf',
];
const digest = (f: string) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : null);

const dir = useScratchDir('cabine-kiosk-script-', { per: 'file' });

describe('setup-kiosk.sh', () => {
  it('is shellcheck-clean, with the files it ships', async () => {
    const r = await run('shellcheck', ['-x', SCRIPT, path.join(LINUX, 'bin', 'cabine')]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('--dry-run shows every step and changes nothing', async (ctx) => {
    const missing = missingCupsConfig();
    if (missing) ctx.skip(missing);
    for (const f of MUST_NOT_APPEAR) expect(existsSync(f), `${f} exists before the test`).toBe(false);
    const before = WATCHED.map(digest);
    const config = path.join(dir(), 'config.yaml');
    await writeFile(config, 'version: 1\n');
    await chmod(config, 0o600);
    const r = await run('bash', [SCRIPT, '--dry-run', '--config', config, '--hid', '16C0:05DF', '--hid', '0c2e:0b61', '--session-size', '1G']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    for (let step = 1; step <= 11; step++) expect(out).toMatch(new RegExp(`^==> ${step}\\. `, 'm'));
    expect(out).toMatch(/simulation, rien ne change/);
    expect(out).toMatch(/\[dry-run\] env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends cage cups /);
    expect(out).toMatch(/\[dry-run\] adduser --system --group --home \/var\/lib\/cabine --shell \/usr\/sbin\/nologin --gecos Cabine\\ kiosk cabine/);
    expect(out).toContain(`[dry-run] install -m 0600 -o cabine -g cabine ${config} /etc/cabine/config.yaml`);
    expect(out).toMatch(/Options=mode=0700,uid=[^,]+,gid=[^,]+,size=1G,nosuid,nodev,noexec/);
    expect(out).toContain('[dry-run] systemctl enable var-lib-cabine-ram.mount var-spool-cups.mount cabine-kiosk.service');
    expect(out).toContain('| ExecStart=/usr/bin/cage -d -- /opt/Cabine/cabine --ozone-platform=wayland');
    expect(out).toContain('| kernel.sysrq = 0');
    expect(out).toContain('| NAutoVTs=0');
    expect(out).toContain('[dry-run] systemctl mask ctrl-alt-del.target');
    expect(out).toContain('[dry-run] écrire /etc/cups/cupsd.conf (0640, root:lp) :');
    expect(out).toContain('| SUBSYSTEM=="hidraw", ATTRS{idVendor}=="16c0", ATTRS{idProduct}=="05df", GROUP="cabine", MODE="0660"');
    expect(out).toContain('| SUBSYSTEM=="usb", ATTR{idVendor}=="0c2e", ATTR{idProduct}=="0b61", GROUP="cabine", MODE="0660"');
    expect(out).toContain('[dry-run] systemctl mask swap.target');
    // The update gate goes in before apt installs anything (its hook keeps the cabine package: the first rollback
    // target); unattended-upgrades follows Debian's security updates, and no repository of Cabine without one given.
    expect(out.indexOf('écrire /etc/apt/apt.conf.d/60cabine-update-gate')).toBeGreaterThan(0);
    expect(out.indexOf('écrire /etc/apt/apt.conf.d/60cabine-update-gate')).toBeLessThan(out.indexOf('apt-get install -y -q --no-install-recommends'));
    expect(out).toContain('| DPkg::Pre-Invoke { "/usr/lib/cabine/cabine-update-gate acquire"; };');
    expect(out).toContain('[dry-run] écrire /usr/lib/cabine/cabine-update-gate (0755, root:root) :');
    expect(out).toContain('| d /run/cabine/cabin 0755 cabine cabine -');
    expect(out).toContain('[dry-run] écrire /etc/apt/apt.conf.d/52cabine-unattended-upgrades (0644, root:root) :');
    expect(out).toMatch(/pas de --apt-repo : le paquet cabine ne se met à jour qu'à la main/);
    expect(out).not.toContain('écrire /etc/apt/sources.list.d/cabine.sources');
    // No systemd as PID 1 here: nothing is done to the running system, and it says so.
    expect(out).toMatch(/non fait : sysctl -q -p \/etc\/sysctl\.d\/90-cabine\.conf/);
    // Nothing changed.
    expect(WATCHED.map(digest)).toEqual(before);
    for (const f of MUST_NOT_APPEAR) expect(existsSync(f), `${f} appeared`).toBe(false);
  });

  it('--apt-repo: the repository, its key and the pilot suite for unattended-upgrades; refused without its key', async (ctx) => {
    const missing = missingCupsConfig();
    if (missing) ctx.skip(missing);
    const before = WATCHED.map(digest);
    const key = path.join(dir(), 'cabine-archive-keyring.gpg');
    await writeFile(key, Buffer.from([0x98, 0x33, 0x04, 0x00]));
    const r = await run('bash', [
      SCRIPT,
      '--dry-run',
      '--apt-repo',
      'https://depot.metropole.example/cabine',
      '--apt-key',
      key,
      '--apt-suite',
      'cabine-pilote',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`[dry-run] install -D -m 0644 -o root -g root ${key} /usr/share/keyrings/cabine-archive-keyring.gpg`);
    expect(r.stdout).toContain('[dry-run] écrire /etc/apt/sources.list.d/cabine.sources (0644, root:root) :');
    expect(r.stdout).toContain('| URIs: https://depot.metropole.example/cabine');
    expect(r.stdout).toContain('| Suites: cabine-pilote');
    expect(r.stdout).toContain('| Signed-By: /usr/share/keyrings/cabine-archive-keyring.gpg');
    expect(WATCHED.map(digest)).toEqual(before);
    const noKey = await run('bash', [SCRIPT, '--dry-run', '--apt-repo', 'https://depot.metropole.example/cabine']);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('--apt-repo attend aussi --apt-key');
  });

  it('--shell chromium: Xorg with no window manager, the shell from the source tree, no VT switch, and nothing changed', async (ctx) => {
    const missing = missingCupsConfig();
    if (missing) ctx.skip(missing);
    const before = WATCHED.map(digest);
    const source = path.resolve(LINUX, '..', '..');
    const r = await run('bash', [SCRIPT, '--dry-run', '--shell', 'chromium', '--source', source, '--node', process.execPath]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    for (let step = 1; step <= 11; step++) expect(out).toMatch(new RegExp(`^==> ${step}\\. `, 'm'));
    expect(out).toMatch(
      /apt-get install -y -q --no-install-recommends xserver-xorg-core xserver-xorg-input-libinput xinit x11-xserver-utils chromium chromium-l10n cups /,
    );
    expect(out).not.toMatch(/--no-install-recommends cage /);
    expect(out).toContain('[dry-run] écrire /usr/lib/cabine/cabine-chromium-session (0755, root:root) :');
    expect(out).toContain('[dry-run] écrire /etc/X11/xorg.conf.d/90-cabine-kiosk.conf (0644, root:root) :');
    for (const flag of ['DontVTSwitch', 'DontZap', 'DontZoom']) expect(out).toContain(`|     Option "${flag}" "true"`);
    expect(out).toContain(
      '| ExecStart=/usr/bin/xinit /usr/lib/cabine/cabine-chromium-session -- /usr/lib/xorg/Xorg :0 vt1 -keeptty -novtswitch -nolisten tcp -nocursor',
    );
    expect(out).toContain(`| Environment=CABINE_SOURCE=${source}`);
    expect(out).toContain(`| Environment=CABINE_NODE=${process.execPath}`);
    expect(out).toContain('[dry-run] systemctl enable var-lib-cabine-ram.mount var-spool-cups.mount cabine-chromium-kiosk.service');
    // The fleet's config on a timer, through the shell's own CLI from the source tree.
    expect(out).toContain(`| ExecStart=${process.execPath} ${source}/node_modules/tsx/dist/cli.mjs ${source}/src/cli/main.ts fleet pull`);
    expect(out).toContain('[dry-run] systemctl enable cabine-fleet-pull.timer');
    expect(out).not.toContain('ExecStart=/usr/bin/cage');
    // The same lockdown as the Electron kiosk: no SysRq, no other VTs, CUPS keeps nothing, no swap.
    expect(out).toContain('| kernel.sysrq = 0');
    expect(out).toContain('| NAutoVTs=0');
    expect(out).toContain('[dry-run] systemctl mask swap.target');
    expect(WATCHED.map(digest)).toEqual(before);
    for (const f of [
      ...MUST_NOT_APPEAR,
      '/etc/X11/xorg.conf.d/90-cabine-kiosk.conf',
      '/usr/lib/cabine/cabine-chromium-session',
      '/etc/systemd/system/cabine-chromium-kiosk.service',
    ]) {
      expect(existsSync(f), `${f} appeared`).toBe(false);
    }
  });

  it('--shell chromium refuses what cannot run: no source tree, a Node older than 20.19', async () => {
    const noSource = await run('bash', [SCRIPT, '--dry-run', '--shell', 'chromium']);
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toMatch(/--shell chromium attend --source DOSSIER/);
    const notCabine = await run('bash', [SCRIPT, '--dry-run', '--shell', 'chromium', '--source', dir()]);
    expect(notCabine.stderr).toMatch(/pas les sources de Cabine prêtes/);
    const oldNode = path.join(dir(), 'node18');
    await writeFile(oldNode, '#!/bin/sh\necho 18.19.0\n');
    await chmod(oldNode, 0o755);
    const old = await run('bash', [SCRIPT, '--dry-run', '--shell', 'chromium', '--source', path.resolve(LINUX, '..', '..'), '--node', oldNode]);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/Node 18\.19\.0 .* est trop ancien pour le shell Chromium : il faut Node 20\.19/);
    const shell = await run('bash', [SCRIPT, '--dry-run', '--shell', 'firefox']);
    expect(shell.stderr).toMatch(/--shell attend electron ou chromium/);
  });

  it('needs root for a real run (dry-run works without)', async (ctx) => {
    const missing = missingCupsConfig();
    if (missing) ctx.skip(missing);
    const asNobody = { uid: 65534, gid: 65534 };
    // A copy of build/linux that "nobody" can read: the checkout itself may not be (a clone under /root, 0700).
    const copy = path.join(dir(), 'linux');
    expect((await run('cp', ['-a', LINUX, copy])).code).toBe(0);
    await chmod(dir(), 0o755);
    expect((await run('chmod', ['-R', 'a+rX', copy])).code).toBe(0);
    const script = path.join(copy, path.basename(SCRIPT));
    const real = await run('bash', [script, '--no-packages'], asNobody);
    expect(real.code, real.stderr).toBe(1);
    expect(real.stderr).toMatch(/^setup-kiosk : erreur : à lancer en root : sudo /);
    const dry = await run('bash', [script, '--dry-run', '--no-packages'], asNobody);
    expect(dry.code, dry.stderr).toBe(0);
  });

  it('refuses bad options in French', async () => {
    const hid = await run('bash', [SCRIPT, '--dry-run', '--hid', '12345']);
    expect(hid.code).toBe(1);
    expect(hid.stderr).toBe('setup-kiosk : erreur : --hid attend VID:PID en hexadécimal, par exemple 16c0:05df\n');
    const unknown = await run('bash', [SCRIPT, '--frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/setup-kiosk : erreur : option inconnue : --frobnicate\n$/);
    const config = await run('bash', [SCRIPT, '--dry-run', '--config', path.join(dir(), 'nope.yaml')]);
    expect(config.stderr).toMatch(/configuration illisible/);
    const help = await run('bash', [SCRIPT, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage : setup-kiosk\.sh \[options\]/);
  });
});
