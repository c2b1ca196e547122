// `npm run package`'s command line (node:util's parseArgs, strict): its three flags, and anything
// else refused with node's message and the usage, exit 2, before any check runs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePackageArgs, ROOT } from '../../../scripts/package';

describe('package arguments', () => {
  it('reads its flags, in both forms', () => {
    expect(parsePackageArgs([])).toEqual({ electronDist: undefined, requirePackage: false, win: false });
    expect(parsePackageArgs(['--electron-dist', '/opt/electron', '--win', '--require-package'])).toEqual({
      electronDist: '/opt/electron',
      requirePackage: true,
      win: true,
    });
    expect(parsePackageArgs(['--electron-dist=/opt/electron'])).toEqual({ electronDist: '/opt/electron', requirePackage: false, win: false });
  });

  it.each([[['--bogus']], [['stray']], [['--electron-dist']], [['--win=yes']]])('refuses %j', (argv) => {
    expect(() => parsePackageArgs(argv)).toThrow();
  });

  it('the command prints why and the usage, and exits 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/package.ts'), '--bogus'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Unknown option '--bogus'.*\nusage: npm run package \[-- --electron-dist DIR\] \[--win\] \[--require-package\]\n$/s);
  });
});
