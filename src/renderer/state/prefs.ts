// Text size, contrast and a language chosen during the session (« Affichage »): the resident's choice for this visit
// only (reset when the visit ends). The text size zooms our screens (--scale) and the démarche's site itself (its page
// is laid out again at that zoom: main's engine). The language chosen on the welcome screen is the machine's; one
// chosen later is the screens' own, so the session machine's states stay as they are.
import type { Locale } from '../../shared/config/schema';
import { cabine } from './cabine';

export const TEXT_SCALES = [1, 1.25, 1.5, 1.75] as const;

/** The largest text size. */
export const MAX_SCALE = TEXT_SCALES.length - 1;

export interface DisplayPrefs {
  scaleIndex: number;
  contrast: boolean;
  /** A language chosen in « Affichage » during the session; null: the one chosen on the welcome screen. */
  locale: Locale | null;
}

export const DEFAULT_PREFS: DisplayPrefs = { scaleIndex: 0, contrast: false, locale: null };

/** The zoom of a text size: the same factor for our screens and for the démarche. */
export function zoomOf(prefs: DisplayPrefs): number {
  return TEXT_SCALES[Math.min(Math.max(0, prefs.scaleIndex), MAX_SCALE)] ?? 1;
}

let zoomSent: number | null = null;

export function applyPrefs(prefs: DisplayPrefs): void {
  const html = document.documentElement;
  const zoom = zoomOf(prefs);
  html.style.setProperty('--scale', String(zoom));
  html.dataset.theme = prefs.contrast ? 'contrast' : 'default';
  // The démarche follows; the defaults at a visit's end bring it back to 100 % (the wipe forgets it as well).
  if (zoom !== zoomSent) {
    zoomSent = zoom;
    cabine().setDemarcheZoom(zoom);
  }
}
