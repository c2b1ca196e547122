// "Écouter": reads the screen's main text aloud where the platform has a voice for the language.
import { useEffect, useState } from 'react';
import type { Locale } from '../../shared/config/schema';

const LANGS: Record<Locale, string> = { fr: 'fr', en: 'en', ar: 'ar' };

function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

function voiceFor(locale: Locale): SpeechSynthesisVoice | null {
  const voices = synth()?.getVoices() ?? [];
  return voices.find((v) => v.lang.toLowerCase().startsWith(LANGS[locale])) ?? null;
}

/** Whether a voice exists for the language (voices may arrive after the page loads). */
export function useSpeechAvailable(locale: Locale): boolean {
  const [available, setAvailable] = useState(() => voiceFor(locale) !== null);
  useEffect(() => {
    const s = synth();
    if (!s) return;
    const update = () => setAvailable(voiceFor(locale) !== null);
    update();
    s.addEventListener('voiceschanged', update);
    return () => s.removeEventListener('voiceschanged', update);
  }, [locale]);
  return available;
}

export function speak(text: string, locale: Locale): void {
  const s = synth();
  const voice = voiceFor(locale);
  if (!s || !voice) return;
  s.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  // A little slower than the default: many residents are elderly.
  utterance.rate = 0.9;
  s.speak(utterance);
}

export function stopSpeaking(): void {
  synth()?.cancel();
}

/** What "Écouter" reads: the open dialog if any, else the screen (not the toolbar nor the keyboard). */
export function screenText(): string {
  const dialog = document.querySelector<HTMLElement>('[role="dialog"], [role="alertdialog"]');
  const root = dialog ?? document.querySelector<HTMLElement>('main');
  if (!root) return '';
  return root.innerText.replace(/\s+\n/g, '\n').trim();
}
