// The démarche's zoom (A+ / A−): the factors the screens may ask for and an engine accepts. The screens zoom the
// démarche by the resident's text size (src/renderer/state/prefs.ts); main checks every factor against these limits.
import { z } from 'zod';

/** Chromium's own browser zoom goes from 0.25 to 5; the cabin's text sizes go from 1 to 1.75. */
export const ZOOM_LIMITS = { min: 0.5, max: 3 } as const;

/** Whether `factor` is a zoom an engine accepts. */
export function isZoomFactor(factor: number): boolean {
  return Number.isFinite(factor) && factor >= ZOOM_LIMITS.min && factor <= ZOOM_LIMITS.max;
}

/** A zoom factor from the screens (NaN and infinities are refused by zod's number). */
export const demarcheZoomSchema = z.number().min(ZOOM_LIMITS.min).max(ZOOM_LIMITS.max);
