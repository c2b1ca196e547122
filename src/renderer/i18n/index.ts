// i18next with the three locales bundled (no network): fr is the default and the fallback.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale, LocalizedText } from '../../shared/config/schema';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

export const RTL_LOCALES: readonly Locale[] = ['ar'];

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } },
  lng: 'fr',
  fallbackLng: 'fr',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the language and the page direction (Arabic mirrors the layout). */
export function applyLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  const html = document.documentElement;
  html.lang = locale;
  html.dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
}

/** Text from the config: French is required there, the other locales fall back to it. */
export function localized(text: LocalizedText, locale: Locale): string {
  return text[locale] ?? text.fr;
}

/** The name of each language, written in that language. */
export const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English', ar: 'العربية' };

export default i18n;
