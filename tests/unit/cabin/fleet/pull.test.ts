// One pull of the fleet's config (issue 16) from a real HTTPS server (Node's, with a private CA made by openssl),
// signed with the real ssh-keygen: what is kept, what is refused, and what status the metrics and the doctor read.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { pullFleetConfig, readFleetStatus, readKeptConfig } from '../../../../src/cabin/fleet/pull';
import { signFleetFile } from '../../../../src/cabin/fleet/signature';
import { defaultConfig, validateConfig, type CabinConfig } from '../../../../src/shared/config';
import { useScratchDir } from '../../../support/scratch';
import { makeTestCa, type TestCa } from '../../../../scripts/harness/test-ca';

const dir = useScratchDir('cabine-fleet-pull-', { per: 'file' });
let ca: TestCa;
let server: https.Server;
let base: string;
/** What the server answers: path → body (absent: 404). */
const served = new Map<string, Buffer>();
/** What the server was asked. */
const requests: { url: string; ifNoneMatch: string | string[] | null }[] = [];

function defaults(): Record<string, unknown> {
  const d = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { cabin: Record<string, unknown> };
  delete d.cabin.id;
  return d;
}

/** Publishes a fleet file signed with the fleet's key (or the given one) at /fleet.yaml. */
async function publish(fleet: unknown, key = 'parc'): Promise<Buffer> {
  const file = path.join(dir(), 'fleet.yaml');
  await writeFile(file, typeof fleet === 'string' ? fleet : stringify(fleet));
  await signFleetFile(file, path.join(dir(), key));
  const data = await readFile(file);
  served.set('/fleet.yaml', data);
  served.set('/fleet.yaml.sig', await readFile(`${file}.sig`));
  return data;
}

async function own(cabinId = 'lyon-3-mairie', overrides: Partial<{ url: string; caFile: string | undefined }> = {}): Promise<CabinConfig> {
  const input = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { cabin: Record<string, unknown> };
  input.cabin.id = cabinId;
  input.fleet = {
    url: overrides.url ?? `${base}/fleet.yaml`,
    signingKeys: [(await readFile(path.join(dir(), 'parc.pub'), 'utf8')).trim()],
    ...('caFile' in overrides ? (overrides.caFile ? { caFile: overrides.caFile } : {}) : { caFile: ca.caFile }),
  };
  const r = validateConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

beforeAll(async () => {
  ca = makeTestCa(dir());
  for (const k of ['parc', 'autre']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${k}@test`, '-f', path.join(dir(), k)]);
  server = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    requests.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] ?? null });
    const body = served.get(req.url ?? '');
    if (!body) return res.writeHead(404).end('not found');
    // As nginx does for a static file: an ETag, and 304 when If-None-Match names it.
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', etag }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('pullFleetConfig', () => {
  it('keeps a signed, valid version: the defaults with this cabin’s section, its own id and fleet section', async () => {
    const stateDir = path.join(dir(), 'state-applied');
    await publish({
      version: 3,
      defaults: defaults(),
      cabins: { 'lyon-3-mairie': { cabin: { commune: { name: 'Lyon 3e' } }, timers: { inactivitySeconds: 300 } } },
    });
    const me = await own();
    const status = await pullFleetConfig({ own: me, stateDir });
    expect(status).toMatchObject({ outcome: 'applied', keptVersion: 3, offeredVersion: 3, problems: [] });
    expect(status.detail).toMatch(/^version 3 gardée \(ED25519 key SHA256:/);
    const kept = await readKeptConfig(stateDir);
    const config = validateConfig(kept!.config);
    expect(config.ok).toBe(true);
    if (config.ok) {
      expect(config.config.cabin).toMatchObject({ id: 'lyon-3-mairie', commune: { name: 'Lyon 3e' } });
      expect(config.config.timers.inactivitySeconds).toBe(300);
      expect(config.config.fleet).toEqual(me.fleet);
    }
    expect(await readFleetStatus(stateDir)).toEqual(status);
    // The same version again: nothing to do.
    expect(await pullFleetConfig({ own: me, stateDir })).toMatchObject({ outcome: 'unchanged', keptVersion: 3 });
  });

  it('an unchanged file costs one conditional request: 304, no signature fetched, nothing verified', async () => {
    const stateDir = path.join(dir(), 'state-304');
    const me = await own();
    await publish({ version: 11, defaults: defaults(), cabins: {} });
    expect((await pullFleetConfig({ own: me, stateDir })).outcome).toBe('applied');
    requests.length = 0;
    const again = await pullFleetConfig({ own: me, stateDir });
    expect(again).toMatchObject({ outcome: 'unchanged', keptVersion: 11, detail: 'version 11 déjà gardée (fichier inchangé)' });
    expect(requests).toEqual([{ url: '/fleet.yaml', ifNoneMatch: again.goodEtag }]);
    // A new publication: a full fetch again, its signature too.
    await publish({ version: 12, defaults: defaults(), cabins: {} });
    requests.length = 0;
    expect((await pullFleetConfig({ own: me, stateDir })).outcome).toBe('applied');
    expect(requests.map((r) => r.url)).toEqual(['/fleet.yaml', '/fleet.yaml.sig']);
  });

  it('a file changed after signing, or signed by another key: refused, the kept config unchanged', async () => {
    const stateDir = path.join(dir(), 'state-tampered');
    const me = await own();
    await publish({ version: 1, defaults: defaults(), cabins: {} });
    await pullFleetConfig({ own: me, stateDir });
    const before = await readFile(path.join(stateDir, 'fleet', 'config.json'), 'utf8');

    const data = await publish({ version: 2, defaults: defaults(), cabins: {} });
    served.set('/fleet.yaml', Buffer.from(data.toString('utf8').replace('Commune de démonstration', 'Commune piratée')));
    expect(await pullFleetConfig({ own: me, stateDir })).toMatchObject({ outcome: 'bad-signature', keptVersion: 1 });

    await publish({ version: 2, defaults: defaults(), cabins: {} }, 'autre');
    expect(await pullFleetConfig({ own: me, stateDir })).toMatchObject({ outcome: 'bad-signature', keptVersion: 1 });
    expect(await readFile(path.join(stateDir, 'fleet', 'config.json'), 'utf8')).toBe(before);
  });

  it('a version that would give this cabin an invalid config: refused with the problems, the previous one kept', async () => {
    const stateDir = path.join(dir(), 'state-invalid');
    const me = await own();
    await publish({ version: 5, defaults: defaults(), cabins: {} });
    await pullFleetConfig({ own: me, stateDir });
    await publish({ version: 6, defaults: defaults(), cabins: { 'lyon-3-mairie': { timers: { inactivitySeconds: 'longtemps' } } } });
    const status = await pullFleetConfig({ own: me, stateDir });
    expect(status).toMatchObject({ outcome: 'invalid-config', keptVersion: 5, offeredVersion: 6 });
    expect(status.problems.map((p) => p.path)).toEqual(['timers.inactivitySeconds']);
    expect((await readKeptConfig(stateDir))!.version).toBe(5);
  });

  it('an older version, signed as it is (a replay): ignored', async () => {
    const stateDir = path.join(dir(), 'state-older');
    const me = await own();
    await publish({ version: 8, defaults: defaults(), cabins: {} });
    await pullFleetConfig({ own: me, stateDir });
    await publish({ version: 7, defaults: defaults(), cabins: {} });
    expect(await pullFleetConfig({ own: me, stateDir })).toMatchObject({ outcome: 'older-version', keptVersion: 8, offeredVersion: 7 });
  });

  it('a malformed fleet file, even signed: refused, with its problems', async () => {
    const stateDir = path.join(dir(), 'state-malformed');
    await publish('version: 1\ndefaults: {}\ncabins: []\n');
    const status = await pullFleetConfig({ own: await own(), stateDir });
    expect(status).toMatchObject({ outcome: 'invalid-fleet-file', keptVersion: null });
    expect(status.problems.length).toBeGreaterThan(0);
  });

  it('unreachable (no server, 404, a certificate not from the fleet’s CA): nothing changes, the last success is remembered', async () => {
    const stateDir = path.join(dir(), 'state-unreachable');
    await publish({ version: 1, defaults: defaults(), cabins: {} });
    const first = await pullFleetConfig({ own: await own(), stateDir });
    expect(first.outcome).toBe('applied');

    const notFound = await pullFleetConfig({ own: await own('lyon-3-mairie', { url: `${base}/absent.yaml` }), stateDir });
    expect(notFound).toMatchObject({ outcome: 'unreachable', keptVersion: 1, lastSuccessAt: first.lastSuccessAt });
    expect(notFound.detail).toContain('HTTP 404');

    const untrusted = await pullFleetConfig({ own: await own('lyon-3-mairie', { caFile: undefined }), stateDir });
    expect(untrusted).toMatchObject({ outcome: 'unreachable', keptVersion: 1 });
    expect(untrusted.detail).toMatch(/certificate/i);

    const closedPort = await pullFleetConfig({ own: await own('lyon-3-mairie', { url: 'https://127.0.0.1:9/fleet.yaml' }), stateDir, timeoutMs: 2000 });
    expect(closedPort).toMatchObject({ outcome: 'unreachable', keptVersion: 1, lastSuccessAt: first.lastSuccessAt });
    expect((await readKeptConfig(stateDir))!.version).toBe(1);
  });
});
