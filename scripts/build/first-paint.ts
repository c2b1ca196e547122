// The renderer's first paint (issue 15): a Vite plugin that writes the attract screen, pre-rendered
// (src/renderer/first-paint/prerender.tsx), into the built index.html. Both builds use it: the
// Chromium shell's (src/shell/chromium/renderer.ts, which knows the cabin's config when it builds)
// and electron-vite's (electron.vite.config.ts: built once for every cabin, so no config).
//
// The pre-render is loaded through Vite's module runner, as a path string: it is a React (TSX,
// DOM) module and the Node programs that import this file (tsconfig.node.json) must not compile it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport, type Plugin, type Rollup } from 'vite';
import type { PublicConfig } from '../../src/shared/ipc/contract';

const PRERENDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/renderer/first-paint/prerender.tsx');

/** What the attract screen shows of the config (src/renderer/first-paint/prerender.tsx). */
export type FirstPaintConfig = Pick<PublicConfig, 'commune' | 'place' | 'locales'>;

export interface FirstPaint {
  html: string;
  locale: string;
  dir: 'ltr' | 'rtl';
}

/** The module's shape; tests/unit/renderer/first-paint.test.ts checks that the real one has it. */
export interface PrerenderModule {
  prerenderAttract(config: FirstPaintConfig | null): FirstPaint;
}

/** Renders the attract screen with the app's own components (a fresh module runner each time: watch rebuilds see changes). */
export async function renderFirstPaint(config: FirstPaintConfig | null): Promise<FirstPaint> {
  const { module } = await runnerImport<PrerenderModule>(PRERENDER, { configFile: false, logLevel: 'error' });
  return module.prerenderAttract(config);
}

const ROOT_DIV = '<div id="root"></div>';

/**
 * index.html with the pre-rendered screen before the app's #root, and the page's language and
 * direction those of the pre-render. Throws if the template changed shape (no silent no-op).
 */
export function injectFirstPaint(indexHtml: string, firstPaint: FirstPaint): string {
  if (indexHtml.split(ROOT_DIV).length !== 2) throw new Error(`index.html must hold exactly one ${ROOT_DIV}`);
  if (!/<html[^>]*>/.test(indexHtml)) throw new Error('index.html has no <html> tag');
  return indexHtml.replace(/<html[^>]*>/, `<html lang="${firstPaint.locale}" dir="${firstPaint.dir}">`).replace(ROOT_DIV, `${firstPaint.html}${ROOT_DIV}`);
}

const STYLESHEET = /<link rel="stylesheet"(?: crossorigin)? href="\.\/([^"]+\.css)">/g;

/**
 * The page's stylesheet written into it (one request less before the first paint), and its hash
 * added to the CSP's style-src: that exact <style> and nothing else (style attributes stay refused).
 */
export function inlineStylesheet(html: string, bundle: Rollup.OutputBundle): string {
  const links = [...html.matchAll(STYLESHEET)];
  if (links.length !== 1) throw new Error(`index.html should link one stylesheet, not ${links.length}`);
  const file = links[0]![1]!;
  const asset = bundle[file];
  if (!asset || asset.type !== 'asset') throw new Error(`${file} is not in the bundle`);
  const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
  if (css.includes('</style')) throw new Error(`${file} cannot be inlined`);
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  const csp = /(http-equiv="Content-Security-Policy"\s+content="[^"]*style-src 'self')/;
  if (!csp.test(html)) throw new Error("index.html's CSP has no style-src 'self' to add the stylesheet's hash to");
  // The file is no longer used by the page.
  delete bundle[file];
  return html.replace(csp, `$1 'sha256-${hash}'`).replace(links[0]![0], () => `<style>${css}</style>`);
}

/**
 * The plugin. `config`: the cabin's public config when the build knows it (the Chromium shell, the
 * bench), so the heading is the commune's name; without it a generic French attract. It also writes
 * the stylesheet into the page (its hash in the CSP): with the stylesheet a file, the first paint
 * waited for a second request. The app's chunks are not preloaded: main.tsx imports them once the
 * first paint is on screen, and fetched earlier they competed with it (measured: 25–35 ms later).
 */
export function firstPaintPlugin(options: { config?: FirstPaintConfig | null } = {}): Plugin {
  return {
    name: 'cabine-first-paint',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        if (ctx.bundle) html = inlineStylesheet(html, ctx.bundle);
        return injectFirstPaint(html, await renderFirstPaint(options.config ?? null));
      },
    },
  };
}
