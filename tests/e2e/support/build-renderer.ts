// Builds the renderer alone (what electron-vite's renderer config builds: root src/renderer,
// the React plugin), with relative URLs so any static server can serve it.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.join(ROOT, 'src/renderer'),
    base: './',
    logLevel: 'error',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      // The cabin runs one known Chromium: no legacy transforms.
      target: 'chrome130',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 2000,
    },
  });
}
