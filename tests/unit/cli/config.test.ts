// `cabine config …` run in-process: validate, hash-secret (stdin), init (0600, no overwrite,
// valid, codes that match their hashes), schema (the file shipped for editors is current).
import { readFile, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { verifySecret } from '../../../src/cabin/secrets';
import { defaultConfig, SECRET_HASH_PATTERN, validateConfig } from '../../../src/shared/config';
import { cli } from './memory-io';
import { useScratchDir } from '../../support/scratch';

const dir = useScratchDir('cabine-cli-config-');

async function file(name: string, text: string, mode = 0o600) {
  const p = path.join(dir(), name);
  await writeFile(p, text);
  await chmod(p, mode);
  return p;
}

describe('cabine config validate', () => {
  it('says a valid file is valid (exit 0)', async () => {
    await file('ok.json', JSON.stringify(defaultConfig));
    const r = await cli(['config', 'validate', 'ok.json'], { cwd: dir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${path.join(dir(), 'ok.json')} : configuration valide — cabine « cabine-demo » (Commune de démonstration), 7 démarche(s).\n`);
  });

  it('lists every problem with its path and hint (exit 1)', async () => {
    const bad = structuredClone(defaultConfig) as unknown as { catalog: { id: string; startUrl: string }[]; security: Record<string, unknown> };
    bad.catalog[1]!.startUrl = 'http://www.caf.fr/';
    bad.catalog[2]!.id = 'impots';
    bad.security.referentPinHash = 2468;
    await file('bad.json', JSON.stringify(bad, null, 2), 0o644);
    const r = await cli(['config', 'validate', 'bad.json'], { cwd: dir() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^.*bad\.json : 4 problèmes\n/);
    expect(r.stderr).toContain('- (fichier) : droits trop ouverts (0644)');
    expect(r.stderr).toMatch(
      /- catalog\[1\]\.startUrl \(ligne \d+\) : l’adresse doit être une URL complète en https:\/\/\n {2}→ Les démarches ne s’ouvrent qu’en https/,
    );
    expect(r.stderr).toMatch(/- catalog\[2\]\.id \(ligne \d+\) : cet identifiant de démarche est déjà utilisé/);
    expect(r.stderr).toMatch(/- security\.referentPinHash \(ligne \d+\) : un code écrit en clair/);
  });

  it('gives the problems as JSON with --json', async () => {
    await file('empty.yaml', 'version: 1\ncatalog: []\n');
    const r = await cli(['config', 'validate', '--json', 'empty.yaml'], { cwd: dir() });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: { path: string; message: string }[] };
    expect(out.ok).toBe(false);
    expect(out.problems).toContainEqual(expect.objectContaining({ path: 'catalog', message: 'le catalogue est vide' }));
  });

  it('needs exactly one file (exit 2, with the usage)', async () => {
    const r = await cli(['config', 'validate'], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cabine : donnez un fichier : cabine config validate FICHIER\n\nUsage :/);
  });
});

describe('cabine config hash-secret', () => {
  it('hashes the first line of stdin', async () => {
    const r = await cli(['config', 'hash-secret'], { cwd: dir(), stdin: '482913\n' });
    expect(r.code).toBe(0);
    const hash = r.stdout.trim();
    expect(hash).toMatch(SECRET_HASH_PATTERN);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(await verifySecret('482913', hash)).toBe(true);
  });

  it('refuses a too short code, and a code on the command line', async () => {
    expect((await cli(['config', 'hash-secret'], { cwd: dir(), stdin: '12\n' })).code).toBe(1);
    expect((await cli(['config', 'hash-secret', '--min-length', '8'], { cwd: dir(), stdin: '1234567\n' })).stderr).toMatch(/minimum 8/);
    const r = await cli(['config', 'hash-secret', '2468'], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/jamais sur la ligne de commande/);
  });

  it('--new-token writes a random token (0600) and prints its hash', async () => {
    const r = await cli(['config', 'hash-secret', '--new-token', 'token'], { cwd: dir() });
    expect(r.code).toBe(0);
    const token = (await readFile(path.join(dir(), 'token'), 'utf8')).trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(path.join(dir(), 'token'))).mode & 0o777).toBe(0o600);
    expect(await verifySecret(token, r.stdout.trim())).toBe(true);
    expect(r.stdout).not.toContain(token);
    // Never replaces an existing token.
    expect((await cli(['config', 'hash-secret', '--new-token', 'token'], { cwd: dir() })).code).toBe(2);
  });
});

describe('cabine config init', () => {
  it('writes a commented, valid starting file, 0600, with fresh codes shown once', async () => {
    const r = await cli(['config', 'init', 'cabine.yaml', '--cabin-id', 'villeurbanne-1', '--commune', 'Villeurbanne'], { cwd: dir() });
    expect(r.code).toBe(0);
    const p = path.join(dir(), 'cabine.yaml');
    expect((await stat(p)).mode & 0o777).toBe(0o600);
    const text = await readFile(p, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text.split('\n').filter((l) => l.trim().startsWith('#')).length).toBeGreaterThan(20);
    const result = validateConfig(parse(text));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.cabin).toMatchObject({ id: 'villeurbanne-1', commune: { name: 'Villeurbanne' } });
    expect(result.config.catalog.map((d) => d.id)).toEqual(defaultConfig.catalog.map((d) => d.id));
    // The codes printed are those whose hashes the file holds — and neither is the public demo one.
    const pin = /PIN de l’agent référent : (\d+)/.exec(r.stderr)![1]!;
    const code = /Code technicien {9}: (\d+)/.exec(r.stderr)![1]!;
    expect(pin).toMatch(/^\d{6}$/);
    expect(code).toMatch(/^\d{8}$/);
    expect(await verifySecret(pin, result.config.security.referentPinHash)).toBe(true);
    expect(await verifySecret(code, result.config.security.technicianCodeHash)).toBe(true);
    expect(text).not.toContain(pin);
    expect(text).not.toContain(code);
    // And the file passes `config validate` (permissions included).
    expect((await cli(['config', 'validate', 'cabine.yaml'], { cwd: dir() })).code).toBe(0);
  });

  it('refuses to overwrite', async () => {
    await file('cabine.yaml', 'mine\n');
    const r = await cli(['config', 'init'], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/existe déjà : il n’est pas remplacé/);
    expect(await readFile(path.join(dir(), 'cabine.yaml'), 'utf8')).toBe('mine\n');
  });

  it('refuses values that would not make a valid config', async () => {
    const r = await cli(['config', 'init', 'x.yaml', '--cabin-id', 'Mairie Centrale'], { cwd: dir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cabin\.id : identifiant invalide/);
  });
});

describe('cabine config schema', () => {
  it('prints the JSON Schema that build/config.schema.json holds', async () => {
    const r = await cli(['config', 'schema'], { cwd: dir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await readFile(path.resolve('build/config.schema.json'), 'utf8'));
    const schema = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'cabin', 'catalog', 'security']));
  });
});
