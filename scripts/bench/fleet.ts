// npm run bench:fleet — a fleet of simulated cabins polling one real web server (Debian's nginx, HTTPS,
// a private CA), as JSON. Each simulated cabin is what a cabin runs for the fleet and nothing more: the
// pull of the timer (src/cabin/fleet/pull.ts: conditional GET, signature by ssh-keygen, merge, schema)
// and its metrics endpoint with the fleet's metrics, which is also how the bench sees a change arrive.
// For 50, 100 and 200 cabins (BENCH_FLEET_SIZES):
//   steady   the file does not change: requests, bytes sent and the server's CPU per poll (nginx's own
//            processes, from /proc), and this process's CPU per poll (the cabins' side);
//   change   a new version is published: time until every cabin's cabine_fleet_config_kept_version is the
//            new one (scraping all the endpoints), bytes and server CPU per poll meanwhile.
// Time is compressed: each cabin polls every POLL_S seconds at its own fixed offset in [0, JITTER_S), as
// the timer does every 15 min at a fixed random delay of up to 10 min; time_to_all_over_period_plus_jitter
// is the measured time over POLL_S + JITTER_S, so the real worst case is that ratio × 25 min.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { stringify } from 'yaml';
import { freePort, untilListening } from '../../src/base/node/ports';
import { pullFleetConfig } from '../../src/cabin/fleet/pull';
import { signFleetFile } from '../../src/cabin/fleet/signature';
import { registerFleetMetrics, startMetricsServer, type MetricsServer } from '../../src/cabin/metrics';
import { hashSecret } from '../../src/cabin/secrets';
import { defaultConfig, validateConfig, type CabinConfig } from '../../src/shared/config';
import { ensurePackages } from '../ensure-system.mjs';
import { makeTestCa } from '../harness/test-ca';

const SIZES = (process.env.BENCH_FLEET_SIZES ?? '50,100,200').split(',').map(Number);
const POLL_S = Number(process.env.BENCH_FLEET_POLL_S ?? 5);
const JITTER_S = Number(process.env.BENCH_FLEET_JITTER_S ?? 5);
const TOKEN = 'jeton-du-banc';
const CLK_TCK = 100;

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU time (ms) of a process and its children (nginx's master and workers). */
function cpuMsOfTree(pid: number): number {
  const pids = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  let ticks = 0;
  for (const p of pids) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8');
      const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      ticks += Number(after[11]) + Number(after[12]); // utime, stime
    } catch {
      // Gone meanwhile.
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

/** nginx's access log lines since `from` (byte offset): status and bytes sent. */
function accessSince(file: string, from: number): { lines: { status: number; bytes: number }[]; size: number } {
  const text = readFileSync(file);
  const lines = text
    .subarray(from)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [status, bytes] = l.split(' ');
      return { status: Number(status), bytes: Number(bytes) };
    });
  return { lines, size: text.length };
}

interface SimulatedCabin {
  id: string;
  metrics: MetricsServer;
  stop(): void;
}

async function main() {
  ensurePackages(['nginx-light', 'openssh-client', 'openssl']);
  const work = await mkdtemp(path.join(tmpdir(), 'cabine-bench-fleet-'));
  const www = path.join(work, 'www');
  await mkdir(www);
  // nginx's workers run as www-data: they must be able to reach the published files.
  await chmod(work, 0o755);
  await chmod(www, 0o755);
  const ca = makeTestCa(work, 'bench');
  await writeFile(path.join(work, 'server.key'), ca.key, { mode: 0o600 });
  await writeFile(path.join(work, 'server.pem'), ca.cert);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'parc@bench', '-f', path.join(work, 'parc')]);
  const signingKey = readFileSync(path.join(work, 'parc.pub'), 'utf8').trim();

  // nginx, as a Métropole would serve the fleet file: static files over HTTPS, ETags on.
  const port = await freePort();
  const conf = path.join(work, 'nginx.conf');
  await writeFile(
    conf,
    `daemon off;
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 4096; }
http {
  log_format bench '$status $bytes_sent';
  access_log ${work}/access.log bench;
  client_body_temp_path ${work}/tmp-body;
  proxy_temp_path ${work}/tmp-proxy;
  fastcgi_temp_path ${work}/tmp-fastcgi;
  uwsgi_temp_path ${work}/tmp-uwsgi;
  scgi_temp_path ${work}/tmp-scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${work}/server.pem;
    ssl_certificate_key ${work}/server.key;
    root ${www};
    etag on;
  }
}
`,
  );
  // Through a small shell that stops nginx when this process's end closes its stdin, however this process ends
  // (a kill -9 from outside included): no nginx is left behind listening.
  const nginx: ChildProcess = spawn('sh', ['-c', 'nginx -c "$1" -p "$2" & cat >/dev/null; kill $!; wait', 'bench-nginx', conf, work], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let nginxErr = '';
  nginx.stderr!.on('data', (d: Buffer) => (nginxErr += d.toString()));
  await Promise.race([
    untilListening(port, 10_000),
    new Promise((_, reject) => nginx.once('exit', () => reject(new Error(`nginx did not start: ${nginxErr}`)))),
  ]);
  // nginx's master (the shell's child): its CPU and its workers' are the server's.
  const nginxPid = Number(readFileSync(path.join(work, 'nginx.pid'), 'utf8').trim());
  // nginx -v writes to stderr.
  const nginxVersion = spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim() || 'nginx';
  const accessLog = path.join(work, 'access.log');

  const defaults = structuredClone(defaultConfig) as unknown as Record<string, unknown> & { cabin: Record<string, unknown> };
  delete defaults.cabin.id;
  let version = 0;
  let fileBytes = 0;
  /** Publishes a new version as a technician would: the file, then its signature. */
  const publish = async (cabins: string[]) => {
    version++;
    const text = stringify({ version, defaults, cabins: Object.fromEntries(cabins.map((id) => [id, { cabin: { commune: { name: `Commune ${id}` } } }])) });
    const staged = path.join(work, 'staged.yaml');
    await writeFile(staged, text);
    await signFleetFile(staged, path.join(work, 'parc'));
    await chmod(staged, 0o644);
    await chmod(`${staged}.sig`, 0o644);
    await rename(staged, path.join(www, 'parc.yaml'));
    await rename(`${staged}.sig`, path.join(www, 'parc.yaml.sig'));
    fileBytes = Buffer.byteLength(text);
  };

  const tokenHash = await hashSecret(TOKEN, { N: 1024 });
  const results = [];
  try {
    for (const size of SIZES) {
      const ids = Array.from({ length: size }, (_, i) => `cabine-${String(i + 1).padStart(3, '0')}`);
      await publish(ids);
      const cabins: SimulatedCabin[] = [];
      let refused = 0;
      let pulls = 0;
      for (const id of ids) {
        const stateDir = path.join(work, `n${size}`, id);
        const own = validateConfig({
          ...defaultConfig,
          cabin: { ...defaultConfig.cabin, id },
          fleet: { url: `https://127.0.0.1:${port}/parc.yaml`, signingKeys: [signingKey], caFile: ca.caFile },
          paths: { stateDir },
        });
        if (!own.ok) throw new Error(JSON.stringify(own.problems));
        const config: CabinConfig = own.config;
        const registry = new Registry();
        registerFleetMetrics(registry, { stateDir, running: null });
        const metrics = await startMetricsServer({ listen: '127.0.0.1:0', bearerTokenHash: tokenHash, registry });
        let stopped = false;
        const offset = Math.random() * JITTER_S * 1000;
        let timer: NodeJS.Timeout | undefined;
        const poll = async () => {
          if (stopped) return;
          const status = await pullFleetConfig({ own: config, stateDir }).catch((e: unknown) => (console.error(`${id}: ${String(e)}`), null));
          if (process.env.BENCH_VERBOSE && status) console.error(id, status.outcome, status.detail);
          pulls++;
          if (status && status.outcome !== 'applied' && status.outcome !== 'unchanged') refused++;
          if (!stopped) timer = setTimeout(poll, POLL_S * 1000);
        };
        timer = setTimeout(poll, offset);
        cabins.push({ id, metrics, stop: () => ((stopped = true), clearTimeout(timer)) });
      }

      /** How many cabins keep version `v`, from their metrics endpoints. */
      const keeping = async (v: number) => {
        const texts = await Promise.all(
          cabins.map((c) =>
            fetch(c.metrics.url, { headers: { authorization: `Bearer ${TOKEN}` } })
              .then((r) => r.text())
              .catch(() => ''),
          ),
        );
        return texts.filter((t) => new RegExp(`^cabine_fleet_config_kept_version ${v}$`, 'm').test(t)).length;
      };
      const waitAll = async (v: number) => {
        const began = performance.now();
        while ((await keeping(v)) < size) {
          if (performance.now() - began > (POLL_S + JITTER_S) * 4000) throw new Error(`version ${v} did not reach all ${size} cabins`);
          await sleep(250);
        }
        return performance.now() - began;
      };

      // Every cabin has the first version.
      await waitAll(version);

      // Steady: nothing changes.
      let log = accessSince(accessLog, 0);
      let cpu0 = cpuMsOfTree(nginxPid);
      let own0 = process.cpuUsage();
      refused = 0;
      pulls = 0;
      await sleep((POLL_S * 2 + 0.5) * 1000);
      let seen = accessSince(accessLog, log.size);
      const steadyPolls = pulls;
      const steady = {
        polls: steadyPolls,
        requests: seen.lines.length,
        not_modified_share: round(seen.lines.filter((l) => l.status === 304).length / Math.max(1, seen.lines.length), 3),
        bytes_per_poll: round(seen.lines.reduce((a, l) => a + l.bytes, 0) / Math.max(1, steadyPolls)),
        server_cpu_ms_per_poll: round((cpuMsOfTree(nginxPid) - cpu0) / Math.max(1, steadyPolls), 3),
        cabins_cpu_ms_per_poll: round((process.cpuUsage(own0).user + process.cpuUsage(own0).system) / 1000 / Math.max(1, steadyPolls), 2),
      };

      // A change: a new version, until every cabin keeps it.
      log = accessSince(accessLog, seen.size);
      cpu0 = cpuMsOfTree(nginxPid);
      own0 = process.cpuUsage();
      refused = 0;
      pulls = 0;
      await publish(ids);
      const toAll = await waitAll(version);
      seen = accessSince(accessLog, log.size);
      const changePolls = pulls;
      const change = {
        time_to_all_ms: Math.round(toAll),
        time_to_all_over_period_plus_jitter: round(toAll / ((POLL_S + JITTER_S) * 1000), 2),
        polls: changePolls,
        requests: seen.lines.length,
        bytes_per_poll: round(seen.lines.reduce((a, l) => a + l.bytes, 0) / Math.max(1, changePolls)),
        server_cpu_ms_per_poll: round((cpuMsOfTree(nginxPid) - cpu0) / Math.max(1, changePolls), 3),
        cabins_cpu_ms_per_poll: round((process.cpuUsage(own0).user + process.cpuUsage(own0).system) / 1000 / Math.max(1, changePolls), 2),
        // A poll between the file and its signature being copied: refused once, taken at the next poll.
        refused_polls: refused,
      };
      for (const c of cabins) c.stop();
      await Promise.all(cabins.map((c) => c.metrics.close()));
      results.push({ cabins: size, polls_per_second: round(size / POLL_S, 1), steady, change });
    }
  } finally {
    nginx.stdin!.end();
    await new Promise((r) => (nginx.exitCode !== null ? r(null) : nginx.once('exit', r)));
    await rm(work, { recursive: true, force: true });
  }

  const first = results[0]!;
  const last = results[results.length - 1]!;
  console.log(
    JSON.stringify(
      {
        server: nginxVersion.replace(/^nginx version: /, ''),
        fleet_file_bytes: fileBytes,
        poll_period_s: POLL_S,
        jitter_s: JITTER_S,
        sizes: results,
        // How the server's cost per poll grows from the smallest to the largest fleet (1: it does not).
        server_cpu_per_poll_growth: round(last.steady.server_cpu_ms_per_poll / Math.max(0.001, first.steady.server_cpu_ms_per_poll), 2),
        // At the real timer's settings (every 15 min, a fixed random delay of up to 10 min).
        at_timer_settings: {
          period_s: 900,
          jitter_s: 600,
          worst_case_time_to_all_s: 1500,
          polls_per_second_for_200: round(200 / 900, 3),
          server_cpu_ms_per_second_for_200: round((200 / 900) * last.steady.server_cpu_ms_per_poll, 3),
        },
        load_average_1m: round(loadavg()[0]!),
      },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
