// Three cabins following one fleet (issue 16), each a whole cabin under Node on Debian's Chromium with its own
// per-session storage: a real HTTPS server (Node's, with a private CA made by openssl) serves the fleet file signed
// with the real ssh-keygen; each cabin pulls it as its timer does (`cabine fleet pull`) and applies what it kept
// the way both shells do (src/cabin/fleet/apply.ts), restarting on it between sessions.
//   a: a new démarche arrives while a resident is in a session: applied only after that session's wipe;
//   b: the file is tampered with: refused, b keeps its config;
//   c: the file would give c an invalid config: refused, c keeps its config;
// and each says so in its metrics.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { assembleCabin, type AssembledCabin } from '../../src/cabin/assemble';
import { applyFleetConfigBetweenSessions } from '../../src/cabin/fleet/apply';
import { signFleetFile } from '../../src/cabin/fleet/signature';
import { fleetRunning, loadStartupConfig } from '../../src/cabin/startup-config';
import { createChromiumEngine } from '../../src/engine/chromium/engine';
import { defaultConfig } from '../../src/shared/config';
import { at, until } from '../support/cabin-state';
import { makeTestCa, type TestCa } from '../../scripts/harness/test-ca';
import { cli } from '../unit/cli/memory-io';

let work: string;
let ca: TestCa;
let server: https.Server;
let fleetUrl: string;
const served = new Map<string, Buffer>();
const cabins: FollowingCabin[] = [];

/** The fleet's defaults: the demo config without devices (this test is about config), nor the cabin's id. */
function defaults(): Record<string, unknown> {
  const d = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { cabin: Record<string, unknown> };
  delete d.cabin.id;
  d.devices = { printer: { enabled: false, essential: false }, scanner: { enabled: false, essential: false } };
  return d;
}

const NEW_DEMARCHE = {
  id: 'mairie-rdv',
  name: { fr: 'Rendez-vous en mairie' },
  description: { fr: 'Prendre rendez-vous pour une carte d’identité' },
  startUrl: 'https://rdv.mairie.example/',
  allow: ['rdv.mairie.example'],
};

/** Writes, signs (with the fleet's key, or another) and serves a fleet file. */
async function publish(fleet: { version: number; defaults: Record<string, unknown>; cabins: Record<string, unknown> }, key = 'parc'): Promise<void> {
  const file = path.join(work, 'fleet.yaml');
  await writeFile(file, stringify(fleet));
  await signFleetFile(file, path.join(work, key));
  served.set('/fleet.yaml', await readFile(file));
  served.set('/fleet.yaml.sig', await readFile(`${file}.sig`));
}

interface FollowingCabin {
  id: string;
  file: string;
  stateDir: string;
  cabin: AssembledCabin;
  restarts: number;
  fleet: ReturnType<typeof applyFleetConfigBetweenSessions>;
  /** What the timer runs. */
  pull(): Promise<{ code: number; stdout: string; stderr: string }>;
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** A cabin started as a shell starts it: its own file, the config it kept from the fleet if any, and the follower. */
async function startCabin(id: string): Promise<FollowingCabin> {
  const dir = await mkdtemp(path.join(work, `${id}-`));
  const stateDir = path.join(dir, 'state');
  // Short: Chromium's socket path under it is limited (src/cabin/storage/ram-root.ts).
  const ramRoot = await mkdtemp(`/dev/shm/cf${id}-`);
  await mkdir(path.join(dir, 'tmp'));
  const own = { ...defaults(), cabin: { ...defaultConfig.cabin, id }, paths: { stateDir, ramRoot: path.join(ramRoot, 'root') } } as Record<string, unknown>;
  own.fleet = { url: fleetUrl, signingKeys: [(await readFile(path.join(work, 'parc.pub'), 'utf8')).trim()], caFile: ca.caFile };
  const file = path.join(dir, 'config.yaml');
  await writeFile(file, stringify(own), { mode: 0o600 });

  const c: FollowingCabin = {
    id,
    file,
    stateDir,
    cabin: undefined as unknown as AssembledCabin,
    restarts: 0,
    fleet: { stop() {}, check: async () => {} },
    pull: () => cli(['fleet', 'pull', '--config', file], { cwd: dir }),
    metrics: () => c.cabin.metrics!.registry.metrics(),
    async stop() {
      c.fleet.stop();
      await c.cabin.stop();
      await rm(ramRoot, { recursive: true, force: true });
    },
  };
  const boot = async () => {
    const startup = await loadStartupConfig(file, {});
    if (!startup.ok) throw new Error(`${id}: ${JSON.stringify(startup.problems)}`);
    c.cabin = assembleCabin({
      config: startup.config,
      engine: createChromiumEngine(),
      tempDir: path.join(dir, 'tmp'),
      allowLoopback: true,
      usb: null,
      fleet: fleetRunning(startup),
      log: (m) => process.env.CABINE_TEST_VERBOSE && console.log(`${id}: ${m}`),
    });
    await c.cabin.start();
    await c.cabin.runtime.waitFor('attract');
    // As the shells do; the restart here is what the kiosk unit does after the shell stops: start it again.
    c.fleet = applyFleetConfigBetweenSessions({
      startup,
      runtime: c.cabin.runtime,
      everyMs: 3_600_000,
      restart: () => {
        c.restarts++;
        c.fleet.stop();
        restarting = c.cabin.stop().then(boot);
      },
    });
  };
  let restarting: Promise<void> = Promise.resolve();
  await boot();
  Object.defineProperty(c, 'restarted', { get: () => restarting });
  cabins.push(c);
  return c;
}

const restarted = (c: FollowingCabin) => (c as unknown as { restarted: Promise<void> }).restarted;

beforeAll(async () => {
  work = await mkdtemp('/tmp/cabine-fleet-');
  ca = makeTestCa(work);
  for (const k of ['parc', 'autre']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${k}@test`, '-f', path.join(work, k)]);
  server = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const body = served.get(req.url ?? '');
    if (body) res.writeHead(200).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fleetUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/fleet.yaml`;
});

afterAll(async () => {
  for (const c of cabins) await c.stop().catch(() => undefined);
  await new Promise<void>((r) => server.close(() => r()));
  await rm(work, { recursive: true, force: true });
});

describe('three cabins following one fleet', () => {
  it('a: a new démarche kept during a session is applied only after that session’s verified wipe', async () => {
    await publish({ version: 1, defaults: defaults(), cabins: { a: { cabin: { commune: { name: 'Commune A' } } } } });
    const a = await startCabin('a');
    expect((await a.pull()).code).toBe(0);
    await a.fleet.check();
    await restarted(a);
    expect(a.restarts).toBe(1); // it ran its own file; now the fleet's version 1
    expect(a.cabin.runtime.publicConfig.commune.name).toBe('Commune A');
    expect(await a.metrics()).toContain('cabine_fleet_config_version{cabin="a"} 1\n');

    // A resident starts a session; meanwhile the fleet publishes a new démarche and the timer pulls it.
    const r = a.cabin.runtime;
    r.send({ type: 'TOUCH' });
    r.send({ type: 'ACCEPT' });
    await until(r, at('session', 'catalog'), 'a session', { timeoutMs: 20_000, everyMs: 50 });
    const catalog = [...(defaults().catalog as unknown[]), NEW_DEMARCHE];
    await publish({ version: 2, defaults: { ...defaults(), catalog }, cabins: { a: { cabin: { commune: { name: 'Commune A' } } } } });
    const pulled = await a.pull();
    expect(pulled.stdout).toContain('version 2 gardée');
    await a.fleet.check();
    // Kept, not applied: the session goes on, on the old catalog.
    expect(a.restarts).toBe(1);
    expect(r.getState().path[0]).toBe('session');
    expect(a.cabin.runtime.publicConfig.catalog.map((d) => d.id)).not.toContain('mairie-rdv');
    const during = await a.metrics();
    expect(during).toContain('cabine_fleet_config_version{cabin="a"} 1\n');
    expect(during).toContain('cabine_fleet_config_kept_version{cabin="a"} 2\n');

    // The resident ends: wipe, receipt, attract — and only then the new version.
    r.send({ type: 'END_REQUEST' });
    await until(r, (s) => s.path[0] === 'goodbye', 'the wipe receipt', { timeoutMs: 30_000, everyMs: 50 });
    expect(r.getState().context.receipt?.verified).toBe(true);
    expect(a.restarts).toBe(1);
    r.send({ type: 'TOUCH' });
    await expect.poll(() => a.restarts, { timeout: 20_000 }).toBe(2);
    await restarted(a);
    expect(a.cabin.runtime.publicConfig.catalog.map((d) => d.id)).toContain('mairie-rdv');
    const after = await a.metrics();
    expect(after).toContain('cabine_fleet_config_version{cabin="a"} 2\n');
    expect(after).toContain('cabine_sessions_total{demarche="mairie-rdv",ending="resident",cabin="a"} 0\n');
    expect(after).toContain('cabine_fleet_pull_outcome{outcome="applied",cabin="a"} 1\n');
  }, 180_000);

  it('b: a tampered file is refused; b keeps its config and says so', async () => {
    await publish({ version: 3, defaults: defaults(), cabins: { b: { cabin: { commune: { name: 'Commune B' } } } } });
    const b = await startCabin('b');
    expect((await b.pull()).code).toBe(0);
    await b.fleet.check();
    await restarted(b);
    expect(b.cabin.runtime.publicConfig.commune.name).toBe('Commune B');

    await publish({ version: 4, defaults: defaults(), cabins: { b: { cabin: { commune: { name: 'Commune B' } } } } });
    served.set('/fleet.yaml', Buffer.from(served.get('/fleet.yaml')!.toString('utf8').replace('Commune B', 'Commune piratée')));
    const pulled = await b.pull();
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain('signature refusée');
    await b.fleet.check();
    expect(b.restarts).toBe(1);
    expect(b.cabin.runtime.publicConfig.commune.name).toBe('Commune B');
    const m = await b.metrics();
    expect(m).toContain('cabine_fleet_pull_outcome{outcome="bad-signature",cabin="b"} 1\n');
    expect(m).toContain('cabine_fleet_config_kept_version{cabin="b"} 3\n');
    expect(m).toContain('cabine_fleet_config_version{cabin="b"} 3\n');
  }, 120_000);

  it('c: a version that would give c an invalid config is refused; c keeps its config and says so', async () => {
    await publish({ version: 5, defaults: defaults(), cabins: { c: { cabin: { commune: { name: 'Commune C' } } } } });
    const c = await startCabin('c');
    expect((await c.pull()).code).toBe(0);
    await c.fleet.check();
    await restarted(c);

    await publish({
      version: 6,
      defaults: defaults(),
      cabins: { c: { cabin: { commune: { name: 'Commune C' } }, catalog: [{ ...NEW_DEMARCHE, startUrl: 'https://ailleurs.example/' }] } },
    });
    const pulled = await c.pull();
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain('la version 6 donnerait à cette cabine une configuration invalide');
    expect(pulled.stderr).toContain('catalog[0].startUrl');
    await c.fleet.check();
    expect(c.restarts).toBe(1);
    expect(c.cabin.runtime.publicConfig.catalog.map((d) => d.id)).not.toContain('mairie-rdv');
    const m = await c.metrics();
    expect(m).toContain('cabine_fleet_pull_outcome{outcome="invalid-config",cabin="c"} 1\n');
    expect(m).toContain('cabine_fleet_config_kept_version{cabin="c"} 5\n');
  }, 120_000);
});
