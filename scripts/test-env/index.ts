// Starts (or reuses) the private test environment of test-env.sh: a cupsd of its own with a
// cups-pdf queue and a fault-simulating queue, and SANE's test backend. Used by the test suites'
// global setup, the audits and the benches, so each of them works alone on a fresh machine.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-env.sh');

export interface TestEnv {
  base: string;
  /** Unix socket of the private cupsd (use as CUPS_SERVER). */
  cupsServer: string;
  cupsPort: number;
  cupsSpool: string;
  cupsLogDir: string;
  queues: { pdf: string; fault: string };
  ippUrl: { pdf: string; fault: string };
  /** Where the PDF queue (cups-pdf) writes what it prints. */
  pdfOutDir: string;
  /** The FAULT queue's backend reads `MODE` here and writes job-<id>.pdf here. */
  faultDir: string;
  saneConfigDir: string;
  saneDevice: string;
  chromium: string;
  cupsdPid: number;
}

export type FaultMode = 'ok' | 'fail' | `slow:${number}` | 'stop:media-jam-error' | 'stop:media-empty-error' | 'stop:offline-report' | 'stop:door-open-error';

/** Makes the FAULT queue behave like a printer in trouble (or healthy again). */
export async function setFaultMode(env: TestEnv, mode: FaultMode): Promise<void> {
  await writeFile(path.join(env.faultDir, 'MODE'), `${mode}\n`);
}

/** Environment variables for child processes (lp, lpstat, scanimage) aimed at this environment. */
export function envVars(env: TestEnv): Record<string, string> {
  return { CUPS_SERVER: env.cupsServer, SANE_CONFIG_DIR: env.saneConfigDir, CABINE_TEST_ENV: path.join(env.base, 'env.json') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface StartedTestEnv {
  env: TestEnv;
  /** True when this call started it (and stop() will stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** Reuses the environment named by CABINE_TEST_ENV, or starts a fresh one. */
export async function startTestEnv(): Promise<StartedTestEnv> {
  const existing = process.env.CABINE_TEST_ENV;
  if (existing) {
    const env = JSON.parse(await readFile(existing, 'utf8')) as TestEnv;
    return { env, owned: false, stop: async () => {} };
  }
  const base = await mkdtemp(path.join(tmpdir(), 'cabine-env-'));
  const port = await freePort();
  await run('bash', [SCRIPT, 'start', base, String(port)], { timeout: 60_000 });
  const env = JSON.parse(await readFile(path.join(base, 'env.json'), 'utf8')) as TestEnv;
  return {
    env,
    owned: true,
    stop: async () => {
      await run('bash', [SCRIPT, 'stop', base], { timeout: 30_000 });
    },
  };
}

/** Reads the environment started by the global setup of the current test run. */
export async function currentTestEnv(): Promise<TestEnv> {
  const file = process.env.CABINE_TEST_ENV;
  if (!file) throw new Error('CABINE_TEST_ENV is not set: run the suite through its config (npm run test:integration), which starts the test environment.');
  return JSON.parse(await readFile(file, 'utf8')) as TestEnv;
}
