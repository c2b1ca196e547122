// Which config a cabin that follows a fleet starts on (issue 16), and when the running cabin asks to start again.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { followFleetConfig } from '../../../../src/cabin/fleet/follow';
import { keptConfigFile, type KeptFleetConfig } from '../../../../src/cabin/fleet/pull';
import { describeStartup, loadStartupConfig } from '../../../../src/cabin/startup-config';
import { defaultConfig, validateConfig } from '../../../../src/shared/config';
import { useScratchDir } from '../../../support/scratch';

const dir = useScratchDir('cabine-fleet-startup-');
const FLEET = { url: 'https://parc.example/fleet.yaml', signingKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFleetKeyForTests parc'] };

/** The cabin's own file (mode 0600, as the cabin requires), following the fleet, with its state directory. */
async function ownFile(): Promise<{ file: string; stateDir: string }> {
  const stateDir = path.join(dir(), 'state');
  const own = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { paths?: Record<string, unknown> };
  own.fleet = FLEET;
  own.paths = { ...own.paths, stateDir };
  const file = path.join(dir(), 'config.yaml');
  await writeFile(file, stringify(own), { mode: 0o600 });
  return { file, stateDir };
}

async function keep(
  stateDir: string,
  version: number,
  change: (c: Record<string, unknown> & { cabin: Record<string, unknown> }) => void = () => {},
  url = FLEET.url,
) {
  const config = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { cabin: Record<string, unknown> };
  config.fleet = FLEET;
  config.cabin.commune = { name: `Commune v${version}` };
  change(config);
  const kept: KeptFleetConfig = { version, fetchedAt: '2026-12-02T10:00:00.000Z', url, config };
  await mkdir(path.dirname(keptConfigFile(stateDir)), { recursive: true });
  await writeFile(keptConfigFile(stateDir), JSON.stringify(kept));
}

describe('loadStartupConfig, following a fleet', () => {
  it('no config kept yet: its own file, and why', async () => {
    const { file } = await ownFile();
    const s = await loadStartupConfig(file, {});
    expect(s.ok && s.config.cabin.commune.name).toBe('Commune de démonstration');
    expect(s.ok && s.fleet).toMatchObject({ following: false, why: 'aucune configuration du parc reçue pour l’instant' });
    expect(describeStartup(s)).toBe(`config: ${file}, its own (fleet: aucune configuration du parc reçue pour l’instant)`);
  });

  it('a kept config for this cabin and this fleet: runs it, with its own fleet section', async () => {
    const { file, stateDir } = await ownFile();
    await keep(stateDir, 4);
    const s = await loadStartupConfig(file, {});
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.config.cabin.commune.name).toBe('Commune v4');
    expect(s.config.fleet).toEqual(FLEET);
    expect(s.fleet).toMatchObject({ following: true, version: 4 });
    expect(describeStartup(s)).toBe(`config: ${file}, following the fleet: version 4 (fetched 2026-12-02T10:00:00.000Z)`);
  });

  it('a kept config of another fleet, of another cabin, or that no longer validates: its own file, and why', async () => {
    const { file, stateDir } = await ownFile();
    await keep(stateDir, 4, () => {}, 'https://ancien-parc.example/fleet.yaml');
    let s = await loadStartupConfig(file, {});
    expect(s.ok && s.fleet).toMatchObject({ following: false, why: 'la configuration gardée vient d’un autre parc (https://ancien-parc.example/fleet.yaml)' });

    await keep(stateDir, 4, (c) => (c.cabin.id = 'autre-cabine'));
    s = await loadStartupConfig(file, {});
    expect(s.ok && s.fleet).toMatchObject({ following: false, why: 'la configuration gardée est celle d’une autre cabine (autre-cabine)' });

    await keep(stateDir, 4, (c) => (c.catalog = []));
    s = await loadStartupConfig(file, {});
    expect(s.ok && s.config.cabin.commune.name).toBe('Commune de démonstration');
    expect(s.ok && s.fleet && !s.fleet.following && s.fleet.why).toMatch(/^la configuration du parc gardée \(version 4\) ne se valide plus : catalog/);
  });
});

describe('followFleetConfig', () => {
  it('asks once for a restart when a new valid version is kept; not for the one it runs, nor for an invalid one', async () => {
    const { stateDir } = await ownFile();
    const own = validateConfig({ ...structuredClone(defaultConfig), fleet: FLEET, paths: { stateDir } });
    if (!own.ok) throw new Error('own config');
    const asked: number[] = [];
    await keep(stateDir, 4);
    const f = followFleetConfig({ own: own.config, running: 4, onNewVersion: (v) => asked.push(v), everyMs: 3_600_000 });
    await f.check();
    expect(asked).toEqual([]);
    await keep(stateDir, 5, (c) => (c.catalog = []));
    await f.check();
    expect(asked).toEqual([]);
    await keep(stateDir, 5);
    await f.check();
    await f.check();
    expect(asked).toEqual([5]);
    f.stop();
  });
});
