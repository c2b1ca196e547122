import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ELECTRON_TOOLING, packagesAboveNode, satisfiesRange, SYSTEM_PACKAGES } from '../../../scripts/ensure-system.mjs';
import { makeScratchDir } from '../../support/scratch';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('engines.node ranges', () => {
  it.each([
    ['20.19.0', '>=20.19', true],
    ['20.18.9', '>=20.19', false],
    ['20.20.2', '>=22.12.0', false],
    ['20.20.2', '>= 22.12.0', false],
    ['22.12.0', '>=22.12.0', true],
    ['20.20.2', '<4.0.0', false],
    ['20.20.2', '>=18 <21', true],
    ['21.0.0', '>=18 <21', false],
    ['20.20.2', '20 || >=22', true],
    ['20.20.2', '18 || 22', false],
    ['20.20.2', '>=12.20.55', true],
    ['20.20.2', '^20', null],
    ['20.20.2', '*', null],
  ] as const)('%s in "%s" → %s', (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });
});

describe('packages that declare a newer Node', () => {
  it('reads the installed tree, scoped and nested packages included', async () => {
    const scratch = await makeScratchDir('cabine-nm-');
    const nm = scratch.path;
    try {
      const pkg = async (dir: string, json: object) => {
        await mkdir(path.join(nm, dir), { recursive: true });
        await writeFile(path.join(nm, dir, 'package.json'), JSON.stringify(json));
      };
      await pkg('old', { name: 'old', version: '1.0.0', engines: { node: '<4.0.0' } });
      await pkg('fine', { name: 'fine', version: '1.0.0', engines: { node: '>=18' } });
      await pkg('@scope/new', { name: '@scope/new', version: '2.0.0', engines: { node: '>=22.12.0' } });
      await pkg('fine/node_modules/nested', { name: 'nested', version: '3.0.0', engines: { node: '>=24' } });
      await pkg('caret', { name: 'caret', version: '1.0.0', engines: { node: '^18' } });
      expect(packagesAboveNode(nm, '20.20.2').map((p) => p.name)).toEqual(['@scope/new', 'nested', 'old']);
    } finally {
      await scratch.remove();
    }
  });

  it('on the lowest Node Cabine supports, only Electron’s download and packaging tools ask for more (what npm ci warns about, and ensure-system explains)', () => {
    const above = packagesAboveNode(path.join(ROOT, 'node_modules'), '20.19.0');
    expect(above.filter((p) => !ELECTRON_TOOLING.includes(p.name))).toEqual([]);
  });

  it('package.json states the same Node, and npm enforces it (devEngines)', async () => {
    const { default: pkg } = (await import('../../../package.json', { with: { type: 'json' } })) as {
      default: { engines: { node: string }; devEngines: { runtime: { name: string; version: string; onFail: string } } };
    };
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.devEngines.runtime).toEqual({ name: 'node', version: pkg.engines.node, onFail: 'error' });
  });

  it('the test prerequisites include debootstrap (the kiosk setup test runs in a Debian tree it makes)', () => {
    expect(SYSTEM_PACKAGES.test).toContain('debootstrap');
  });
});
