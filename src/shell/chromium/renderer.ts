// The screens for the Chromium shell: the renderer built by Vite (what electron-vite's renderer
// config builds: root src/renderer, the React plugin) with relative URLs, served over
// http://127.0.0.1 (module scripts and workers need an origin). With `watch`, every change of the
// sources rebuilds it and calls onRebuilt (the shell reloads the page). index.html holds the attract
// screen pre-rendered (scripts/build/first-paint.ts), with the cabin's name when `firstPaint` gives it.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { firstPaintPlugin, type FirstPaintConfig } from '../../../scripts/build/first-paint';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface BuildOptions {
  /** Rebuild on every change of the sources; onRebuilt after each rebuild (not the first build). */
  watch?: { onRebuilt(): void };
  /** The cabin's public config, for the pre-rendered attract (its name, place, logo, languages); none: a generic French one. */
  firstPaint?: FirstPaintConfig | null;
}

export interface RendererBuild {
  outDir: string;
  close(): Promise<void>;
}

interface WatcherEvent {
  code: string;
  error?: unknown;
}

/** What is used here of Vite's (Rolldown's) watcher. */
interface Watcher {
  on(event: 'event', listener: (e: WatcherEvent) => void): unknown;
  off(event: 'event', listener: (e: WatcherEvent) => void): unknown;
  close(): Promise<void>;
}

const isWatcher = (value: unknown): value is Watcher => typeof value === 'object' && value !== null && 'on' in value && 'close' in value;

export async function buildRenderer(outDir: string, options: BuildOptions = {}): Promise<RendererBuild> {
  let built = false;
  const result: unknown = await build({
    configFile: false,
    root: path.join(ROOT, 'src/renderer'),
    base: './',
    logLevel: 'error',
    plugins: [
      react(),
      firstPaintPlugin({ config: options.firstPaint ?? null }),
      {
        name: 'cabine-rebuilt',
        writeBundle: () => {
          if (built) options.watch?.onRebuilt();
          built = true;
        },
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      // The cabin runs one known Chromium: no legacy transforms.
      target: 'chrome130',
      reportCompressedSize: false,
      chunkSizeWarningLimit: 2000,
      watch: options.watch ? {} : null,
    },
  });
  if (isWatcher(result)) {
    // Watch mode answers at once: wait for the first build.
    const watcher = result;
    await new Promise<void>((resolve, reject) => {
      const onEvent = (e: WatcherEvent) => {
        if (e.code === 'END') {
          watcher.off('event', onEvent);
          resolve();
        } else if (e.code === 'ERROR') {
          watcher.off('event', onEvent);
          reject(e.error);
        }
      };
      watcher.on('event', onEvent);
    });
    return { outDir, close: () => watcher.close() };
  }
  return { outDir, close: async () => {} };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export interface Served {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves a directory on 127.0.0.1 (a free port), nothing outside it. */
export async function serveDirectory(dir: string): Promise<Served> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch (_error) {
      res.writeHead(400).end();
      return;
    }
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
