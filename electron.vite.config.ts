import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { firstPaintPlugin } from './scripts/build/first-paint';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { main: resolve(__dirname, 'src/main/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot be an ES module: force CommonJS whatever package.json says.
      rollupOptions: {
        input: { preload: resolve(__dirname, 'src/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    // The attract screen pre-rendered into index.html (issue 15); one build for every cabin, so the generic one.
    plugins: [react(), firstPaintPlugin()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default; the cabin loads it cold at each boot.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
