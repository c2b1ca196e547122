// A private certificate authority and a server certificate for 127.0.0.1 and localhost, made with
// the real openssl, for tests that need real HTTPS (the fleet's web server, issue 16).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestCa {
  /** PEM of the CA certificate (what a cabin's fleet.caFile holds). */
  caFile: string;
  ca: string;
  key: string;
  cert: string;
  /** A client certificate from the same CA (files), for a client that must show one. */
  clientKeyFile: string;
  clientCertFile: string;
  /** The server's key and certificate as files. */
  keyFile: string;
  certFile: string;
}

/** Writes a CA and a server certificate into `dir` (openssl, P-256, valid two days). */
export function makeTestCa(dir: string, name = 'cabine-test'): TestCa {
  const f = (n: string) => path.join(dir, `${name}-${n}`);
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', `/CN=${name} CA`]);
  openssl(['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(f('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  const sign = (csr: string, out: string, ext?: string) =>
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      out,
      '-days',
      '2',
      ...(ext ? ['-extfile', ext] : []),
    ]);
  openssl(['req', ...ec, '-keyout', f('client.key'), '-out', f('client.csr'), '-subj', '/CN=cabine-client']);
  sign(f('server.csr'), f('server.pem'), f('ext.cnf'));
  sign(f('client.csr'), f('client.pem'));
  return {
    caFile: f('ca.pem'),
    ca: readFileSync(f('ca.pem'), 'utf8'),
    key: readFileSync(f('server.key'), 'utf8'),
    cert: readFileSync(f('server.pem'), 'utf8'),
    keyFile: f('server.key'),
    certFile: f('server.pem'),
    clientKeyFile: f('client.key'),
    clientCertFile: f('client.pem'),
  };
}
