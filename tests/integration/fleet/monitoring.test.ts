// Monitoring that works behind a box (issue 16), with Debian's real Prometheus: three cabins' metrics endpoints
// (the cabin's own server and registry, bearer token), one Prometheus in agent mode per cabin running the shipped
// build/prometheus/cabine-agent.yml, remote-writing to a second Prometheus started with
// --web.enable-remote-write-receiver; PromQL on the receiver sees the three cabins' series.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freePort } from '../../../src/base/node/ports';
import { CabineMetrics, startMetricsServer, type MetricsServer } from '../../../src/cabin/metrics';
import { hashSecret } from '../../../src/cabin/secrets';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PROMETHEUS = '/usr/bin/prometheus';
let work: string;
const processes: { name: string; child: ChildProcess; log: string[] }[] = [];
const servers: MetricsServer[] = [];
let receiver: string;

const CABINS = [
  { id: 'villeurbanne-mairie', commune: 'Villeurbanne' },
  { id: 'bron-mediatheque', commune: 'Bron' },
  { id: 'vaulx-centre', commune: 'Vaulx-en-Velin' },
];

function startPrometheus(name: string, args: string[]): void {
  const log: string[] = [];
  const child = spawn(PROMETHEUS, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
  processes.push({ name, child, log });
}

async function ready(base: string, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${base}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    const p = processes.find((x) => x.name === name)!;
    if (p.child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${p.log.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const r = await fetch(`${receiver}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await r.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
  return body.data.result;
}

beforeAll(async () => {
  // npm test installs it (scripts/ensure-system.mjs): in CI a missing Prometheus is a failure to see.
  if (!existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing: apt-get install prometheus (npm test installs it)`);
  work = await mkdtemp(path.join(tmpdir(), 'cabine-monitoring-'));

  // The Métropole's Prometheus: receives what the agents push, scrapes nothing itself.
  const receiverPort = await freePort();
  receiver = `http://127.0.0.1:${receiverPort}`;
  await writeFile(path.join(work, 'receiver.yml'), 'global:\n  scrape_interval: 1m\n');
  startPrometheus('receiver', [
    `--config.file=${path.join(work, 'receiver.yml')}`,
    `--storage.tsdb.path=${path.join(work, 'receiver-data')}`,
    `--web.listen-address=127.0.0.1:${receiverPort}`,
    '--web.enable-remote-write-receiver',
  ]);

  const template = parse(await readFile(path.join(ROOT, 'build/prometheus/cabine-agent.yml'), 'utf8')) as {
    global: { scrape_interval: string; scrape_timeout: string; external_labels: Record<string, string> };
    scrape_configs: { authorization: { credentials_file: string }; static_configs: { targets: string[] }[] }[];
    remote_write: { url: string; authorization: { credentials_file: string }; queue_config?: Record<string, unknown> }[];
  };
  for (const [i, cabin] of CABINS.entries()) {
    // The cabin: its registry with its series, its endpoint behind its token.
    const token = `jeton-${cabin.id}`;
    const metrics = new CabineMetrics({ demarcheIds: ['caf', 'impots'], defaultLabels: { cabin: cabin.id }, processMetrics: false });
    if (i === 0) metrics.sessionEnded(['caf'], 'resident');
    if (i === 2) metrics.outOfService(true);
    else metrics.outOfService(false);
    const server = await startMetricsServer({ listen: '127.0.0.1:0', bearerTokenHash: await hashSecret(token, { N: 1024 }), registry: metrics.registry });
    servers.push(server);

    // Its agent: the shipped file, its placeholders filled, scraping every second for the test.
    const tokenFile = path.join(work, `${cabin.id}.token`);
    await writeFile(tokenFile, token, { mode: 0o600 });
    const config = structuredClone(template);
    config.global.scrape_interval = '1s';
    config.global.scrape_timeout = '1s';
    expect(config.global.external_labels).toEqual({ commune: '@COMMUNE@', cabin: '@CABIN@' });
    config.global.external_labels = { commune: cabin.commune, cabin: cabin.id };
    config.scrape_configs[0]!.authorization.credentials_file = tokenFile;
    expect(config.scrape_configs[0]!.static_configs[0]!.targets).toEqual(['127.0.0.1:9464']);
    config.scrape_configs[0]!.static_configs[0]!.targets = [`127.0.0.1:${server.port}`];
    expect(config.remote_write[0]!.url).toBe('@REMOTE_WRITE_URL@');
    config.remote_write[0]!.url = `${receiver}/api/v1/write`;
    config.remote_write[0]!.authorization.credentials_file = tokenFile;
    config.remote_write[0]!.queue_config = { ...config.remote_write[0]!.queue_config, batch_send_deadline: '1s' };
    const file = path.join(work, `${cabin.id}-agent.yml`);
    await writeFile(file, stringify(config));
    const port = await freePort();
    startPrometheus(cabin.id, [
      '--enable-feature=agent',
      `--config.file=${file}`,
      `--storage.agent.path=${path.join(work, `${cabin.id}-wal`)}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    await ready(`http://127.0.0.1:${port}`, cabin.id);
  }
  await ready(receiver, 'receiver');
}, 120_000);

/** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => (clearTimeout(kill), resolve()));
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  // The agents first, while the receiver still takes what they flush on the way out; then the receiver.
  await Promise.all(processes.filter((p) => p.name !== 'receiver').map((p) => stopProcess(p.child)));
  await Promise.all(processes.filter((p) => p.name === 'receiver').map((p) => stopProcess(p.child)));
  await Promise.all(servers.map((s) => s.close()));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('Prometheus agents on the cabins, remote-writing to the Métropole', () => {
  it('a PromQL query on the receiver returns the three cabins’ cabine_sessions_total and cabine_out_of_service', async () => {
    await expect.poll(async () => (await query('count by (cabin) (cabine_out_of_service)')).length, { timeout: 60_000, interval: 1000 }).toBe(3);
    const out = await query('cabine_out_of_service');
    expect(Object.fromEntries(out.map((r) => [r.metric.cabin, r.value[1]]))).toEqual({
      'villeurbanne-mairie': '0',
      'bron-mediatheque': '0',
      'vaulx-centre': '1',
    });
    // Each series carries the agent's commune label and the job it was scraped under.
    expect(Object.fromEntries(out.map((r) => [r.metric.cabin, r.metric.commune]))).toEqual({
      'villeurbanne-mairie': 'Villeurbanne',
      'bron-mediatheque': 'Bron',
      'vaulx-centre': 'Vaulx-en-Velin',
    });
    expect(new Set(out.map((r) => r.metric.job))).toEqual(new Set(['cabine']));

    await expect.poll(async () => (await query('sum by (cabin) (cabine_sessions_total)')).length, { timeout: 30_000, interval: 1000 }).toBe(3);
    const sessions = await query('sum by (cabin) (cabine_sessions_total)');
    expect(Object.fromEntries(sessions.map((r) => [r.metric.cabin, r.value[1]]))).toEqual({
      'villeurbanne-mairie': '1',
      'bron-mediatheque': '0',
      'vaulx-centre': '0',
    });
    // The alert rule's expression, on what the agents pushed: the cabin out of service.
    expect((await query('cabine_out_of_service == 1')).map((r) => r.metric.cabin)).toEqual(['vaulx-centre']);
  }, 120_000);

  it('each agent scrapes its cabin with the token (up == 1 on the receiver); without it, the cabin answers 401, with a wrong one 403', async () => {
    await expect.poll(async () => (await query('up{job="cabine"} == 1')).length, { timeout: 30_000, interval: 1000 }).toBe(3);
    expect((await fetch(servers[0]!.url)).status).toBe(401);
    expect((await fetch(servers[0]!.url, { headers: { authorization: 'Bearer pas-le-bon-jeton' } })).status).toBe(403);
  });
});
