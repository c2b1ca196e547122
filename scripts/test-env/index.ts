// Starts (or reuses) the private test environment: the Chromium shell's private devices
// (src/shell/chromium/private-devices.sh): a cupsd of its own with a cups-pdf queue and a fault-simulating
// queue, and SANE's test backend. Used by the test suites' global setup, the audits and the benches, so
// each of them works alone on a fresh machine.
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPrivateDevices, type PrivateDevices } from '../../src/shell/chromium/devices';

/** The environment of src/shell/chromium/private-devices.sh (the Chromium shell's private devices). */
export type TestEnv = PrivateDevices;

export type FaultMode = 'ok' | 'fail' | `slow:${number}` | 'stop:media-jam-error' | 'stop:media-empty-error' | 'stop:offline-report' | 'stop:door-open-error';

/** Makes the FAULT queue behave like a printer in trouble (or healthy again). */
export async function setFaultMode(env: TestEnv, mode: FaultMode): Promise<void> {
  await writeFile(path.join(env.faultDir, 'MODE'), `${mode}\n`);
}

/** Environment variables for child processes (lp, lpstat, scanimage) aimed at this environment. */
export function envVars(env: TestEnv): Record<string, string> {
  return { CUPS_SERVER: env.cupsServer, SANE_CONFIG_DIR: env.saneConfigDir, CABINE_TEST_ENV: path.join(env.base, 'env.json') };
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
  const started = await startPrivateDevices({ parent: tmpdir(), prefix: 'cabine-env-' });
  return { env: started.env, owned: true, stop: started.stop };
}

/** Reads the environment started by the global setup of the current test run. */
export async function currentTestEnv(): Promise<TestEnv> {
  const file = process.env.CABINE_TEST_ENV;
  if (!file) throw new Error('CABINE_TEST_ENV is not set: run the suite through its config (npm run test:integration), which starts the test environment.');
  return JSON.parse(await readFile(file, 'utf8')) as TestEnv;
}
