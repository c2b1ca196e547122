// Builds the renderer once and serves it for every test (CABINE_UI_URL).
import path from 'node:path';
import { buildRenderer, ROOT } from './build-renderer';
import { serveDirectory } from './static-server';

export default async function globalSetup() {
  const outDir = path.join(ROOT, 'out', 'e2e-renderer');
  if (!process.env.CABINE_UI_URL) {
    await buildRenderer(outDir);
    const served = await serveDirectory(outDir);
    process.env.CABINE_UI_URL = served.url;
    return async () => {
      await served.close();
    };
  }
  return undefined;
}
