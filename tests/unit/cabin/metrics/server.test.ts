// The Prometheus endpoint over real HTTP: off by default, bound where the config says, bearer
// token checked against its scrypt hash, exact metric names, wrong tokens limited.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../../../src/cabin/secrets';
import { CabineMetrics, METRIC_NAMES, parseListen, startMetricsFromConfig, startMetricsServer, type MetricsServer } from '../../../../src/cabin/metrics';
import { defaultConfig, validateConfig } from '../../../../src/shared/config';

const TOKEN = 'pR0m3theus-t0ken-for-tests_0123456789';

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(metrics: CabineMetrics, options: { maxFailuresPerMinute?: number } = {}) {
  const server = await startMetricsServer({ listen: '127.0.0.1:0', bearerTokenHash: await hashSecret(TOKEN), registry: metrics.registry, ...options });
  servers.push(server);
  return server;
}

describe('metrics endpoint', () => {
  it('is off by default: the embedded config starts no server', async () => {
    const r = validateConfig(defaultConfig);
    if (!r.ok) throw new Error('invalid');
    expect(r.config.metrics.enabled).toBe(false);
    expect(await startMetricsFromConfig(r.config, new CabineMetrics({ demarcheIds: [], processMetrics: false }))).toBeNull();
  });

  it('starts from a config that enables it, on the configured address only', async () => {
    const r = validateConfig({ ...defaultConfig, metrics: { enabled: true, listen: '127.0.0.1:0', bearerTokenHash: await hashSecret(TOKEN) } });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const server = await startMetricsFromConfig(r.config, new CabineMetrics({ demarcheIds: ['caf'], processMetrics: false }));
    expect(server).not.toBeNull();
    servers.push(server!);
    expect(server!.host).toBe('127.0.0.1');
    expect((await get(server!.url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('requires the bearer token', async () => {
    const server = await serve(new CabineMetrics({ demarcheIds: ['caf'], processMetrics: false }));
    const none = await get(server.url);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="cabine"');
    expect(none.body).not.toContain('cabine_');
    const wrong = await get(server.url, { Authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).not.toContain('cabine_');
    const basic = await get(server.url, { Authorization: `Basic ${Buffer.from('x:' + TOKEN).toString('base64')}` });
    expect(basic.status).toBe(401);
    const ok = await get(server.url, { Authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.headers['cache-control']).toBe('no-store');
    // Cached after the first success: still accepted.
    expect((await get(server.url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('serves /metrics only, GET or HEAD', async () => {
    const server = await serve(new CabineMetrics({ demarcheIds: [], processMetrics: false }));
    const base = server.url.replace(/\/metrics$/, '');
    expect((await get(`${base}/`, { Authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await get(`${base}/metrics/../config`, { Authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await get(server.url, { Authorization: `Bearer ${TOKEN}` }, 'POST')).status).toBe(405);
    const head = await get(server.url, { Authorization: `Bearer ${TOKEN}` }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('exposes the metric names of the issue, with process metrics', async () => {
    const metrics = new CabineMetrics({ demarcheIds: ['caf', 'impots'] });
    metrics.sessionEnded(['caf'], 'resident');
    metrics.sessionEnded(['caf', 'impots'], 'inactivity');
    metrics.sessionEnded([], 'cabin-empty');
    metrics.sessionEnded(['not-in-catalog'], 'resident');
    metrics.wipeFinished(true, 840);
    metrics.wipeFinished(true, 3200);
    metrics.wipeFinished(false, null);
    metrics.deviceUp('printer', true);
    metrics.deviceUp('scanner', false);
    metrics.deviceUp('occupancy', null);
    metrics.pagesPrinted(3);
    metrics.outOfService(true);
    metrics.screenRecovered('reload', 'crashed');
    const server = await serve(metrics);
    const { body } = await get(server.url, { Authorization: `Bearer ${TOKEN}` });
    for (const name of Object.values(METRIC_NAMES)) expect(body).toContain(`# TYPE ${name} `);
    expect(body).toContain('# TYPE cabine_sessions_total counter');
    expect(body).toContain('# TYPE cabine_wipe_duration_seconds histogram');
    expect(body).toContain('# TYPE cabine_device_up gauge');
    expect(body).toContain('cabine_sessions_total{demarche="caf",ending="resident"} 1');
    expect(body).toContain('cabine_sessions_total{demarche="caf",ending="inactivity"} 1');
    expect(body).toContain('cabine_sessions_total{demarche="impots",ending="inactivity"} 0'); // each session once, under its first démarche
    expect(body).toContain('cabine_sessions_total{demarche="none",ending="cabin-empty"} 1');
    expect(body).toContain('cabine_sessions_total{demarche="other",ending="resident"} 1');
    expect(body).toContain('cabine_sessions_total{demarche="impots",ending="resident"} 0');
    expect(body).toContain('cabine_wipe_duration_seconds_bucket{le="1"} 1');
    expect(body).toContain('cabine_wipe_duration_seconds_bucket{le="5"} 2');
    expect(body).toContain('cabine_wipe_duration_seconds_sum 4.04');
    expect(body).toContain('cabine_wipe_failures_total 1');
    expect(body).toContain('cabine_device_up{device="printer"} 1');
    expect(body).toContain('cabine_device_up{device="scanner"} 0');
    expect(body).not.toContain('cabine_device_up{device="occupancy"}');
    expect(body).toContain('cabine_printer_pages_total 3');
    expect(body).toContain('cabine_out_of_service 1');
    expect(body).toContain('cabine_screen_recoveries_total{action="reload",reason="crashed"} 1');
    expect(body).toContain('cabine_screen_recoveries_total{action="relaunch",reason="hung"} 0');
    expect(body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^process_resident_memory_bytes \d/m);
  });

  it('answers 429 after too many wrong tokens, even to the right one, for a minute', async () => {
    let now = 1_000_000;
    const metrics = new CabineMetrics({ demarcheIds: [], processMetrics: false });
    const server = await startMetricsServer({
      listen: '127.0.0.1:0',
      bearerTokenHash: await hashSecret(TOKEN),
      registry: metrics.registry,
      maxFailuresPerMinute: 3,
      now: () => now,
    });
    servers.push(server);
    for (let i = 0; i < 3; i++) expect((await get(server.url, { Authorization: `Bearer guess-${i}` })).status).toBe(403);
    const limited = await get(server.url, { Authorization: `Bearer ${TOKEN}` });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    now += 61_000;
    expect((await get(server.url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('parses listen addresses', () => {
    expect(parseListen('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(() => parseListen('localhost:9464')).toThrow(/adresse d’écoute invalide/);
    expect(() => parseListen('127.0.0.1:99999')).toThrow();
  });

  it('listens on IPv6 loopback when told', async () => {
    const metrics = new CabineMetrics({ demarcheIds: [], processMetrics: false });
    const server = await startMetricsServer({ listen: '[::1]:0', bearerTokenHash: await hashSecret(TOKEN), registry: metrics.registry });
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+\/metrics$/);
    expect((await get(server.url, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});
