// Text size and contrast: the resident's choice for this visit only (reset when the visit ends).
export const TEXT_SCALES = [1, 1.25, 1.5, 1.75] as const;

export interface DisplayPrefs {
  scaleIndex: number;
  contrast: boolean;
}

export const DEFAULT_PREFS: DisplayPrefs = { scaleIndex: 0, contrast: false };

export function applyPrefs(prefs: DisplayPrefs): void {
  const html = document.documentElement;
  html.style.setProperty('--scale', String(TEXT_SCALES[prefs.scaleIndex] ?? 1));
  html.dataset.theme = prefs.contrast ? 'contrast' : 'default';
}
