// The deb's own after-install replaces electron-builder's, so it must do what that one did for Chromium's sandbox
// on Ubuntu ≥ 24.04: install the AppArmor profile electron-builder ships in resources/apparmor-profile (`userns`).
// The AppArmor blocks of the rendered scripts run here with stand-in apparmor tools, the target folder moved into
// a temporary directory.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderDebTemplate } from '../../../scripts/package';
import { useScratchDir } from '../../support/scratch';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MACROS = { executable: 'cabine', sanitizedProductName: 'Cabine' };

/** The `if apparmor_status …` / `if [ -f "$APPARMOR_PROFILE_TARGET" ]` block of a rendered script. */
async function block(script: 'after-install' | 'after-remove', start: RegExp): Promise<string> {
  const text = renderDebTemplate(await readFile(path.join(ROOT, 'build/linux/deb', `${script}.tpl`), 'utf8'), MACROS);
  const lines = text.split('\n');
  const from = lines.findIndex((l) => start.test(l));
  expect(from, `${script} has an AppArmor block`).toBeGreaterThan(-1);
  const to = lines.findIndex((l, i) => i > from && l === 'fi');
  return lines.slice(from, to + 1).join('\n');
}

const dir = useScratchDir('cabine-apparmor-');
let log = '';
beforeEach(async () => {
  log = path.join(dir(), 'calls.log');
  await mkdir(path.join(dir(), 'bin'));
  await mkdir(path.join(dir(), 'etc/apparmor.d'), { recursive: true });
  await mkdir(path.join(dir(), 'opt/Cabine/resources'), { recursive: true });
  // Not in a chroot, whatever the machine running the tests is (ci:fresh runs them in one).
  await writeFile(path.join(dir(), 'bin/ischroot'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  await writeFile(path.join(dir(), 'opt/Cabine/resources/apparmor-profile'), 'abi <abi/4.0>,\nprofile "cabine" flags=(unconfined) { userns, }\n');
});

async function stub(name: string, body: string): Promise<void> {
  await writeFile(path.join(dir(), 'bin', name), `#!/bin/sh\necho "${name} $*" >> ${log}\n${body}\n`);
  await chmod(path.join(dir(), 'bin', name), 0o755);
}

function run(code: string): { stdout: string; calls: string[] } {
  const script = `APP_DIR='${dir()}/opt/Cabine'\n${code.replaceAll('/etc/apparmor.d/', `${dir()}/etc/apparmor.d/`).replaceAll('/usr/bin/ischroot', `${dir()}/bin/ischroot`)}`;
  const r = spawnSync('bash', ['-e', '-c', script], { encoding: 'utf8', env: { PATH: `${path.join(dir(), 'bin')}:/usr/bin:/bin` } });
  expect(r.status, r.stderr).toBe(0);
  const calls = existsSync(log) ? spawnSync('cat', [log], { encoding: 'utf8' }).stdout.trim().split('\n') : [];
  return { stdout: r.stdout, calls };
}

describe('AppArmor profile of the deb', () => {
  it('after-install copies the shipped profile to /etc/apparmor.d/cabine and loads it when AppArmor supports it', async () => {
    await stub('apparmor_status', 'exit 0');
    await stub('apparmor_parser', 'exit 0');
    const r = run(await block('after-install', /^if apparmor_status --enabled/));
    expect(await readFile(path.join(dir(), 'etc/apparmor.d/cabine'), 'utf8')).toContain('userns');
    expect(r.calls).toEqual([
      'apparmor_status --enabled',
      `apparmor_parser --skip-kernel-load --debug ${dir()}/opt/Cabine/resources/apparmor-profile`,
      `apparmor_parser --replace --write-cache --skip-read-cache ${dir()}/etc/apparmor.d/cabine`,
    ]);
  });

  it('in a chroot (an image being built), after-install copies the profile but loads nothing', async () => {
    await stub('apparmor_status', 'exit 0');
    await stub('apparmor_parser', 'exit 0');
    await stub('ischroot', 'exit 0');
    const r = run(await block('after-install', /^if apparmor_status --enabled/));
    expect(existsSync(path.join(dir(), 'etc/apparmor.d/cabine'))).toBe(true);
    expect(r.calls.filter((c) => c.startsWith('apparmor_parser --replace'))).toEqual([]);
  });

  it('after-install skips the profile where AppArmor is off, or too old for it', async () => {
    await stub('apparmor_status', 'exit 1');
    await stub('apparmor_parser', 'exit 0');
    expect(run(await block('after-install', /^if apparmor_status --enabled/)).calls).toEqual(['apparmor_status --enabled']);
    expect(existsSync(path.join(dir(), 'etc/apparmor.d/cabine'))).toBe(false);
    await rm(log);
    await stub('apparmor_status', 'exit 0');
    await stub('apparmor_parser', 'exit 1');
    const old = run(await block('after-install', /^if apparmor_status --enabled/));
    expect(old.stdout).toMatch(/Profil AppArmor non installé/);
    expect(existsSync(path.join(dir(), 'etc/apparmor.d/cabine'))).toBe(false);
  });

  it('after-remove unloads and deletes it', async () => {
    await stub('apparmor_status', 'exit 0');
    await stub('apparmor_parser', 'exit 0');
    await writeFile(path.join(dir(), 'etc/apparmor.d/cabine'), 'profile');
    const r = run(await block('after-remove', /^APPARMOR_PROFILE_TARGET=/));
    expect(existsSync(path.join(dir(), 'etc/apparmor.d/cabine'))).toBe(false);
    expect(r.calls).toEqual(['apparmor_status --enabled', `apparmor_parser --remove ${dir()}/etc/apparmor.d/cabine`]);
  });
});
