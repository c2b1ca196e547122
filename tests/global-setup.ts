// Vitest global setup of the suites that need real CUPS and SANE: starts the private
// environment unless one is already named by CABINE_TEST_ENV, and stops what it started.
import { startTestEnv } from '../scripts/test-env/index';
import path from 'node:path';

export default async function setup() {
  const started = await startTestEnv();
  process.env.CABINE_TEST_ENV = path.join(started.env.base, 'env.json');
  process.env.CUPS_SERVER = started.env.cupsServer;
  process.env.SANE_CONFIG_DIR = started.env.saneConfigDir;
  return async () => {
    await started.stop();
  };
}
