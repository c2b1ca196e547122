// The packaging configuration, checked in CI where no Electron can be downloaded: the same
// check `npm run package` runs, on the real files and on broken copies (so it can fail), the
// icons it references, and the script's answer when no local Electron is given.
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkPackaging, findElectronDist, renderDebTemplate, REQUIRED_FUSES, ROOT } from '../../../scripts/package';
import { makeScratchDir } from '../../support/scratch';

/** A copy of what the check reads, to break. */
async function copyRoot(): Promise<string> {
  const { path: dir, remove } = await makeScratchDir('cabine-packaging-');
  onTestFinished(remove);
  await cp(path.join(ROOT, 'electron-builder.yml'), path.join(dir, 'electron-builder.yml'));
  await cp(path.join(ROOT, 'build'), path.join(dir, 'build'), { recursive: true });
  return dir;
}

async function edit(dir: string, from: string | RegExp, to: string) {
  const file = path.join(dir, 'electron-builder.yml');
  const text = await readFile(file, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  await writeFile(file, next);
}

describe('packaging configuration', { timeout: 60_000 }, () => {
  it('passes the check: schema, fuses, asar, npmRebuild, files, deb scripts, config schema', async () => {
    const check = await checkPackaging();
    expect(check.problems).toEqual([]);
    expect(check.config.electronFuses).toMatchObject(REQUIRED_FUSES);
    expect(check.config.productName).toBe('Cabine');
    expect(check.config.executableName).toBe('cabine');
  });

  it('fails on an option electron-builder does not know', async () => {
    const dir = await copyRoot();
    await edit(dir, 'npmRebuild: false', 'npmRebuild: false\nnpmRebuid: true');
    expect((await checkPackaging(dir)).problems.join('\n')).toMatch(/does not match electron-builder's schema/);
  });

  it('fails when a fuse or asar is not as required', async () => {
    const dir = await copyRoot();
    await edit(dir, 'runAsNode: false', 'runAsNode: true');
    await edit(dir, 'asar: true', 'asar: false');
    const problems = (await checkPackaging(dir)).problems;
    expect(problems).toContain('electronFuses.runAsNode must be false');
    expect(problems).toContain('asar must be true (onlyLoadAppFromAsar needs it)');
  });

  it('fails when a referenced file is missing, or the kiosk files use another app path', async () => {
    const dir = await copyRoot();
    await rm(path.join(dir, 'build/icons/256x256.png'));
    await rm(path.join(dir, 'build/icon.ico'));
    await edit(dir, 'executableName: cabine', 'executableName: cabine-app');
    const problems = (await checkPackaging(dir)).problems;
    expect(problems).toContain('missing build/icons/256x256.png (linux.icon)');
    expect(problems).toContain('missing build/icon.ico (win.icon)');
    expect(problems).toContain("build/linux/bin/cabine does not use the app's path /opt/Cabine/cabine-app");
  });

  it('fails on a deb script electron-builder would refuse (unknown macro) or shellcheck flags', async () => {
    const dir = await copyRoot();
    const tpl = path.join(dir, 'build/linux/deb/after-install.tpl');
    await writeFile(tpl, (await readFile(tpl, 'utf8')) + '\necho ${HOME}\n');
    const remove = path.join(dir, 'build/linux/deb/after-remove.tpl');
    await writeFile(remove, (await readFile(remove, 'utf8')) + '\nrm -rf $DIR/*\n');
    const problems = (await checkPackaging(dir)).problems.join('\n');
    expect(problems).toMatch(/after-install\.tpl: Macro HOME is not defined/);
    expect(problems).toMatch(/after-remove\.tpl \(rendered\) is not shellcheck-clean/);
  });

  it('fails when build/config.schema.json is stale', async () => {
    const dir = await copyRoot();
    await writeFile(path.join(dir, 'build/config.schema.json'), '{}\n');
    expect((await checkPackaging(dir)).problems).toContain('build/config.schema.json is out of date: npm run config-schema');
  });

  it('renders deb templates as electron-builder does', () => {
    expect(
      renderDebTemplate("APP='/opt/${sanitizedProductName}/${executable}' X=${A_B} Y=$HOME", { sanitizedProductName: 'Cabine', executable: 'cabine' }),
    ).toBe("APP='/opt/Cabine/cabine' X=${A_B} Y=$HOME");
  });
});

describe('icons', () => {
  /** Width and height from a PNG's IHDR chunk. */
  const pngSize = (b: Buffer) => ({ png: b.subarray(1, 4).toString('ascii'), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

  it('are real PNGs of the sizes their names say, plus an .ico for Windows', async () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(await readFile(path.join(ROOT, `build/icons/${size}x${size}.png`)))).toEqual({ png: 'PNG', width: size, height: size });
    }
    expect(pngSize(await readFile(path.join(ROOT, 'build/icon.png')))).toEqual({ png: 'PNG', width: 512, height: 512 });
    const ico = await readFile(path.join(ROOT, 'build/icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const lastOffset = ico.readUInt32LE(6 + 16 * (count - 1) + 12);
    expect(pngSize(ico.subarray(lastOffset))).toEqual({ png: 'PNG', width: 256, height: 256 });
  });
});

describe('npm run package without Electron', () => {
  it('finds no local Electron, or says what is wrong with the one given', async () => {
    expect(findElectronDist(undefined, {})).toEqual({ missing: expect.stringMatching(/^no local Electron given/) });
    const { path: dir, remove } = await makeScratchDir('cabine-electron-dist-');
    onTestFinished(remove);
    expect(findElectronDist(dir, {})).toEqual({ missing: expect.stringMatching(/electron does not exist: --electron-dist must be an unpacked Electron/) });
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'electron'), '');
    await chmod(path.join(dir, 'electron'), 0o755);
    expect(findElectronDist(undefined, { ELECTRON_OVERRIDE_DIST_PATH: dir })).toEqual({ dir });
  });

  it('checks the configuration and says clearly that no package was produced', () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/package.ts')], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Packaging configuration: OK/m);
    expect(r.stdout).toMatch(/^No package was produced: no local Electron given/m);
    const strict = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/package.ts'), '--require-package'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(strict.status).toBe(1);
  }, 60_000);
});
