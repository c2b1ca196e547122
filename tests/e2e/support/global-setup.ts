// Builds the renderer once and serves it for every test (CABINE_UI_URL).
import path from 'node:path';
import { buildRenderer, ROOT } from './build-renderer';
import { createMachineHost } from './machine-host';
import { serveDirectory } from './static-server';

export default async function globalSetup() {
  const outDir = path.join(ROOT, 'out', 'e2e-renderer');
  if (!process.env.CABINE_UI_URL) {
    // The pre-rendered attract with the tests' config, as the Chromium shell builds it with the cabin's (issue 15).
    const probe = createMachineHost();
    const firstPaint = probe.publicConfig;
    probe.stop();
    await buildRenderer(outDir, { firstPaint });
    const served = await serveDirectory(outDir);
    process.env.CABINE_UI_URL = served.url;
    return async () => {
      await served.close();
    };
  }
  return undefined;
}
