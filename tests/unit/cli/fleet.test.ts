// `cabine fleet`: what the technician runs before publishing the fleet file (issue 16), with the real ssh-keygen.
import { execFileSync } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { defaultConfig } from '../../../src/shared/config';
import { useScratchDir } from '../../support/scratch';
import { cli } from './memory-io';

const dir = useScratchDir('cabine-cli-fleet-', { per: 'file' });

function defaults(): Record<string, unknown> {
  const d = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { cabin: Record<string, unknown> };
  delete d.cabin.id;
  return d;
}

async function fleetFile(name: string, cabins: Record<string, unknown>, version = 4): Promise<string> {
  const file = path.join(dir(), name);
  await writeFile(file, stringify({ version, defaults: defaults(), cabins }));
  return file;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

beforeAll(() => {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'parc@test', '-f', path.join(dir(), 'parc')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'autre@test', '-f', path.join(dir(), 'autre')]);
});

describe('cabine fleet publish-check', () => {
  it('lists what each cabin will get, all valid: exit 0', async () => {
    const file = await fleetFile('ok.yaml', { 'lyon-3-mairie': { cabin: { commune: { name: 'Lyon 3e' } } }, 'bron-bib': null });
    const r = await cli(['fleet', 'publish-check', 'ok.yaml', '--cabin', 'vaulx-cc'], { cwd: dir() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file} : version 4, 3 cabine(s), toutes valides :`);
    expect(r.stdout).toContain(`  ✓ lyon-3-mairie — Lyon 3e, ${defaultConfig.catalog.length} démarche(s)`);
    expect(r.stdout).toContain(`  ✓ vaulx-cc — Commune de démonstration, ${defaultConfig.catalog.length} démarche(s) (valeurs par défaut seules)`);
  });

  it('names the cabin that would refuse its config, with the path and the hint: exit 1', async () => {
    await fleetFile('bad.yaml', {
      'lyon-3-mairie': {},
      'bron-bib': { timers: { inactivitySeconds: 'longtemps' } },
    });
    const r = await cli(['fleet', 'publish-check', 'bad.yaml'], { cwd: dir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 refuserai(en)t cette configuration et garderai(en)t la leur');
    expect(r.stderr).toContain('  ✓ lyon-3-mairie');
    expect(r.stderr).toMatch(/ {2}✗ bron-bib — 1 problème\(s\)\n {6}timers\.inactivitySeconds : /);
  });

  it('a file that is not a fleet file: its problems, exit 1; no file named: usage, exit 2', async () => {
    await writeFile(path.join(dir(), 'config.yaml'), stringify(defaultConfig));
    const r = await cli(['fleet', 'publish-check', 'config.yaml'], { cwd: dir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('le fichier du parc est invalide');
    expect(r.stderr).toContain('(racine) : c’est la configuration d’une cabine, pas un fichier de parc');
    expect((await cli(['fleet', 'publish-check'], { cwd: dir() })).code).toBe(2);
  });
});

describe('cabine fleet sign / verify', () => {
  it('checks, signs, and verifies the signature as a cabin will', async () => {
    const file = await fleetFile('to-sign.yaml', { 'lyon-3-mairie': {} });
    const r = await cli(['fleet', 'sign', 'to-sign.yaml', '--key', 'parc'], { cwd: dir() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/signature écrite et vérifiée \(ED25519 key SHA256:[\w+/]+\)\. Publiez to-sign\.yaml et to-sign\.yaml\.sig ensemble\./);
    const ok = await cli(['fleet', 'verify', 'to-sign.yaml', '--public-key', 'parc.pub'], { cwd: dir() });
    expect(ok.code).toBe(0);
    const other = await cli(['fleet', 'verify', 'to-sign.yaml', '--public-key', 'autre.pub'], { cwd: dir() });
    expect(other.code).toBe(1);
    expect(other.stderr).toBe(`${file} : signature refusée (elle ne correspond pas au fichier ou à cette clé) ; une cabine garderait sa configuration.\n`);
  });

  it('signs nothing when a cabin would refuse its config', async () => {
    const file = await fleetFile('no-sign.yaml', { 'bron-bib': { catalog: [] } });
    const r = await cli(['fleet', 'sign', 'no-sign.yaml', '--key', 'parc'], { cwd: dir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Rien n’a été signé.');
    expect(await exists(`${file}.sig`)).toBe(false);
  });

  it('a signature that does not match the public key given is written but said not to publish', async () => {
    await fleetFile('mismatch.yaml', { 'lyon-3-mairie': {} });
    const r = await cli(['fleet', 'sign', 'mismatch.yaml', '--key', 'parc', '--public-key', 'autre.pub'], { cwd: dir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ne la publiez pas');
  });
});
