// The Prometheus endpoint: off unless `metrics.enabled`, bound to `metrics.listen` only,
// GET /metrics with `Authorization: Bearer <token>` checked against `metrics.bearerTokenHash`.
// Prometheus pulls; the cabin never calls out (no heartbeat to configure, nothing to leak).
// scrypt makes a wrong token cost a fraction of a second of CPU: wrong tokens are checked one at a time and
// limited per minute, so that guessing cannot slow a resident's session down.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { CachedSecretVerifier } from '../secrets';

export interface MetricsServerOptions {
  /** `host:port`, as in the config: `127.0.0.1:9464`, `[::1]:9464`, `10.0.0.12:9464`. */
  listen: string;
  bearerTokenHash: string;
  registry: Registry;
  /** Wrong tokens accepted per minute before answering 429. Default 10. */
  maxFailuresPerMinute?: number;
  now?: () => number;
}

export interface MetricsServer {
  host: string;
  port: number;
  /** http://host:port/metrics */
  url: string;
  close(): Promise<void>;
}

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(listen);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`adresse d’écoute invalide : ${listen} (attendu : 127.0.0.1:9464 ou [::1]:9464)`);
  return { host: (m[1] ?? m[2])!, port };
}

function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const m = header ? /^Bearer ([\x21-\x7e]{1,512})$/.exec(header) : null;
  return m ? m[1]! : null;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { host, port } = parseListen(options.listen);
  const verifier = new CachedSecretVerifier(options.bearerTokenHash);
  const maxFailures = options.maxFailuresPerMinute ?? 10;
  const now = options.now ?? Date.now;
  let failures: number[] = [];
  // One scrypt at a time for unknown tokens.
  let checking: Promise<unknown> = Promise.resolve();

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://metrics');
    if (url.pathname !== '/metrics') return send(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    const token = bearerOf(req);
    if (token === null) return send(res, 401, 'bearer token required\n', { 'WWW-Authenticate': 'Bearer realm="cabine"' });
    failures = failures.filter((t) => now() - t < 60_000);
    const attempt = checking.then((): Promise<'limited' | boolean> => (failures.length >= maxFailures ? Promise.resolve('limited') : verifier.verify(token)));
    checking = attempt.catch(() => undefined);
    const verdict = await attempt;
    if (verdict === 'limited') return send(res, 429, 'too many wrong tokens, retry later\n', { 'Retry-After': '60' });
    if (!verdict) {
      failures.push(now());
      return send(res, 403, 'wrong token\n');
    }
    const body = await options.registry.metrics();
    res.writeHead(200, { 'Content-Type': options.registry.contentType, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
