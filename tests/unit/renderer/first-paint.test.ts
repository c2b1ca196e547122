// The pre-rendered attract (issue 15): src/renderer/first-paint/prerender.tsx and the build step
// that writes it into index.html (scripts/build/first-paint.ts).
import { createHash } from 'node:crypto';
import type { Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { injectFirstPaint, inlineStylesheet, renderFirstPaint, type PrerenderModule } from '../../../scripts/build/first-paint';
import { prerenderAttract } from '../../../src/renderer/first-paint/prerender';
import fr from '../../../src/renderer/i18n/fr.json';
import ar from '../../../src/renderer/i18n/ar.json';

// The build loads the module by path: its shape is checked here.
prerenderAttract satisfies PrerenderModule['prerenderAttract'];

const CABIN = {
  commune: { name: 'Mairie de Saint-Lô', logo: 'data:image/png;base64,AAAA' },
  place: 'Hall d’accueil',
  locales: { default: 'fr' as const, available: ['fr' as const, 'ar' as const] },
};

const TEMPLATE = `<!doctype html>
<html lang="fr" dir="ltr">
  <head>
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:"
    />
    <link rel="stylesheet" crossorigin href="./assets/index-abc.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

describe('prerenderAttract', () => {
  it('without a config: the French attract, inert, no commune name, not taken for the app’s screen', () => {
    const { html, locale, dir } = prerenderAttract(null);
    expect(locale).toBe('fr');
    expect(dir).toBe('ltr');
    expect(html).toMatch(/^<div id="first-paint" class="app" inert><div class="app-content"><main class="screen screen-attract screen-centered"/);
    expect(html).toContain(`<span class="attract-title">${fr.attract.touch}</span>`);
    expect(html).toContain(fr.attract.privacy);
    expect(html).toContain(`aria-label="${fr.staff.open}"`);
    // The heading keeps its line but names nobody, and the bench does not take it for the real one.
    expect(html).toContain('<h1 id="screen-title" tabindex="-1">\u00a0</h1>');
    expect(html).toContain('<p class="place">\u00a0</p>');
    expect(html).not.toContain('elementtiming');
    expect(html).not.toContain('data-screen=');
    expect(html).toContain('data-first-paint="attract"');
    // The other languages of the default config, each in its own language.
    expect(html).toContain('>English</button>');
    expect(html).toContain('>العربية</button>');
  });

  it('with the cabin’s config: its name (timed for the bench), place, logo and languages', () => {
    const { html } = prerenderAttract(CABIN);
    expect(html).toContain('<h1 id="screen-title" tabindex="-1" elementtiming="attract">Mairie de Saint-Lô</h1>');
    expect(html).toContain('<img class="commune-logo" src="data:image/png;base64,AAAA" alt=""/>');
    expect(html).toContain('<p class="place">Hall d’accueil</p>');
    expect(html).toContain('>العربية</button>');
    expect(html).not.toContain('>English</button>');
  });

  it('in the config’s default language, right to left for Arabic; French again afterwards', () => {
    const arabic = prerenderAttract({ ...CABIN, locales: { default: 'ar', available: ['fr', 'ar'] } });
    expect(arabic.locale).toBe('ar');
    expect(arabic.dir).toBe('rtl');
    expect(arabic.html).toContain(ar.attract.touch);
    expect(arabic.html).toContain('>Français</button>');
    expect(prerenderAttract(null).html).toContain(fr.attract.touch);
  });
});

describe('injectFirstPaint', () => {
  it('puts the screen before #root and the page in its language', () => {
    const out = injectFirstPaint(TEMPLATE, { html: '<div id="first-paint">x</div>', locale: 'ar', dir: 'rtl' });
    expect(out).toContain('<html lang="ar" dir="rtl">');
    expect(out).toContain('<div id="first-paint">x</div><div id="root"></div>');
  });

  it('refuses a template it does not understand rather than building without the first paint', () => {
    const fp = { html: '<div id="first-paint"></div>', locale: 'fr', dir: 'ltr' as const };
    expect(() => injectFirstPaint(TEMPLATE.replace('<div id="root"></div>', '<div id="app"></div>'), fp)).toThrow(/id="root"/);
    expect(() => injectFirstPaint(TEMPLATE.replace('<div id="root"></div>', '<div id="root"></div><div id="root"></div>'), fp)).toThrow(/exactly one/);
  });
});

const asset = (fileName: string, source: string) => ({ type: 'asset', fileName, source }) as unknown as Rollup.OutputAsset;

describe('inlineStylesheet', () => {
  it('writes the stylesheet into the page and allows exactly it by its hash', () => {
    const css = '.app{height:100%}';
    const bundle: Rollup.OutputBundle = { 'assets/index-abc.css': asset('assets/index-abc.css', css) };
    const out = inlineStylesheet(TEMPLATE, bundle);
    const hash = createHash('sha256').update(css).digest('base64');
    expect(out).toContain(`style-src 'self' 'sha256-${hash}'; img-src`);
    expect(out).toContain(`<style>${css}</style>`);
    expect(out).not.toContain('<link rel="stylesheet"');
    expect(bundle['assets/index-abc.css']).toBeUndefined();
  });

  it('refuses without a CSP to extend, or a stylesheet that could close the tag', () => {
    const bundle = () => ({ 'assets/index-abc.css': asset('assets/index-abc.css', 'a{}') });
    expect(() => inlineStylesheet(TEMPLATE.replace("style-src 'self'", "style-src 'none'"), bundle())).toThrow(/style-src/);
    expect(() => inlineStylesheet(TEMPLATE, { 'assets/index-abc.css': asset('assets/index-abc.css', 'a{}</style><script>') })).toThrow(/cannot be inlined/);
    expect(() => inlineStylesheet(TEMPLATE, {})).toThrow(/not in the bundle/);
  });
});

describe('renderFirstPaint (what the build runs)', () => {
  it('loads the pre-render through Vite and renders the app’s attract', async () => {
    const { html, locale } = await renderFirstPaint(CABIN);
    expect(locale).toBe('fr');
    expect(html).toContain('Mairie de Saint-Lô');
    expect(html).toContain(fr.attract.touch);
  }, 60_000);
});
