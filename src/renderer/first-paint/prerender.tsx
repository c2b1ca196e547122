// The attract screen as static HTML, written into index.html when the renderer is built (issue 15):
// the cabin's first screen paints as soon as the HTML and the stylesheet are there, before the
// bundle runs and before the first state comes back from main.
//
// It is the app's own AttractScreen rendered once with react-dom/server, so the markup (classes,
// texts, the lock's icon) is the markup the app renders a moment later: no flash, no jump.
// Build-time only: the app never imports this module (the Vite plugin in scripts/build/first-paint.ts
// loads it through Vite's module runner).
//
// The pre-rendered screen is INERT (the `inert` attribute, no script needed), on purpose: a touch
// there cannot reach the session machine before the bundle runs, and queueing it would start a
// session in a cabin whose real state (booting, out of service, maintenance) nobody has seen yet.
// The app replaces it with the same screen, live, on the first state (src/renderer/first-paint/FirstPaint.tsx).
import { renderToStaticMarkup } from 'react-dom/server';
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig, ViewState } from '../../shared/ipc/contract';
import i18n, { RTL_LOCALES } from '../i18n';
import { AttractScreen } from '../screens/Attract';
import { FIRST_PAINT_ID } from './id';

/** The part of the public config the attract screen shows. */
export type FirstPaintConfig = Pick<PublicConfig, 'commune' | 'place' | 'locales'>;

/**
 * With no config (a build for any cabin, as electron-vite's): French, the default config's languages,
 * and no commune name, place or logo. The heading and the place keep their lines (a no-break space:
 * the default config and the template have a place) but say nothing rather than a wrong name, and the
 * heading carries no Element Timing id (the bench measures the real heading). A logo cannot be
 * guessed: with one, the app's attract is taller than this one (the Chromium shell, which knows the
 * config when it builds, pre-renders it exactly).
 */
const GENERIC: FirstPaintConfig = {
  commune: { name: '\u00a0', logo: null },
  place: '\u00a0',
  locales: { default: 'fr', available: ['fr', 'en', 'ar'] },
};

export interface FirstPaint {
  /** The `<div id="first-paint">` to put before #root. */
  html: string;
  locale: Locale;
  dir: 'ltr' | 'rtl';
}

export function prerenderAttract(config: FirstPaintConfig | null): FirstPaint {
  const shown = config ?? GENERIC;
  const locale = shown.locales.default;
  const previous = i18n.language;
  void i18n.changeLanguage(locale);
  try {
    // Only what AttractScreen reads is real: the screen takes the full props type.
    const props = {
      view: null as unknown as ViewState,
      config: shown as PublicConfig,
      locale,
      openUnlock: () => {},
      hideDemarche: false,
    };
    let screen = renderToStaticMarkup(<AttractScreen {...props} />);
    // data-first-paint, not data-screen: nothing (tests, bench) takes it for the app's screen.
    screen = screen.replace(' data-screen="attract"', ' data-first-paint="attract"');
    if (!config) screen = screen.replace(' elementtiming="attract"', '');
    const dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
    // The app's frame around a screen (App.tsx: .app > .app-content > main), so it lays out the same.
    return { html: `<div id="${FIRST_PAINT_ID}" class="app" inert><div class="app-content">${screen}</div></div>`, locale, dir };
  } finally {
    void i18n.changeLanguage(previous);
  }
}
