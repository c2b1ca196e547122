// `cabine fleet`: what the technician runs before publishing the fleet file (issue 16), with the real ssh-keygen.
import { execFileSync } from 'node:child_process';
import { access, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { defaultConfig } from '../../../src/shared/config';
import { useScratchDir } from '../../support/scratch';
import { makeTestCa } from '../../../scripts/harness/test-ca';
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

describe('cabine fleet pull / status (on the cabin)', () => {
  let server: https.Server;
  let base: string;
  const served = new Map<string, Buffer>();
  let caFile: string;

  beforeAll(async () => {
    const ca = makeTestCa(dir(), 'pull');
    caFile = ca.caFile;
    server = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
      const body = served.get(req.url ?? '');
      if (body) res.writeHead(200).end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** The cabin's own file, following the fleet served here, state in the scratch directory. */
  async function ownFile(name: string, withFleet = true): Promise<string> {
    const own = structuredClone(defaultConfig) as unknown as Record<string, unknown>;
    own.cabin = { ...defaultConfig.cabin, id: 'lyon-3-mairie' };
    own.paths = { stateDir: path.join(dir(), `state-${name}`) };
    if (withFleet) own.fleet = { url: `${base}/fleet.yaml`, signingKeys: [(await readFile(path.join(dir(), 'parc.pub'), 'utf8')).trim()], caFile };
    const file = path.join(dir(), `${name}.yaml`);
    await writeFile(file, stringify(own), { mode: 0o600 });
    return file;
  }

  async function serve(name: string): Promise<void> {
    const file = path.join(dir(), name);
    served.set('/fleet.yaml', await readFile(file));
    served.set('/fleet.yaml.sig', await readFile(`${file}.sig`));
  }

  it('keeps a signed version; status says which; a tampered file changes nothing: exit 1', async () => {
    await fleetFile('served.yaml', { 'lyon-3-mairie': { cabin: { commune: { name: 'Lyon 3e' } } } }, 9);
    expect((await cli(['fleet', 'sign', 'served.yaml', '--key', 'parc'], { cwd: dir() })).code).toBe(0);
    await serve('served.yaml');
    const own = await ownFile('pull');
    const pulled = await cli(['fleet', 'pull', '--config', own], { cwd: dir() });
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/fleet\.yaml : version 9 gardée \(ED25519 key SHA256:.+\) ; appliquée entre deux sessions/);
    const status = await cli(['fleet', 'status', '--config', own], { cwd: dir() });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Parc : https:\/\/127\.0\.0\.1:\d+\/fleet\.yaml\nConfiguration gardée : version 9, reçue le /);

    served.set('/fleet.yaml', Buffer.from(served.get('/fleet.yaml')!.toString('utf8').replace('Lyon 3e', 'Lyon 4e')));
    const tampered = await cli(['fleet', 'pull', '--config', own], { cwd: dir() });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('signature refusée : le fichier du parc n’est pas pris');
    const after = await cli(['fleet', 'status', '--config', own], { cwd: dir() });
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('Configuration gardée : version 9');
  });

  it('a cabin that follows no fleet: nothing to do, exit 0', async () => {
    const r = await cli(['fleet', 'pull', '--config', await ownFile('none', false)], { cwd: dir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cette cabine ne suit pas de parc');
  });
});
