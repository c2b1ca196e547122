// The renderer's locale files, read as the tests' source of expected sentences.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './build-renderer';

export function locale(name: 'fr' | 'en' | 'ar'): (key: string) => string {
  const data = JSON.parse(readFileSync(path.join(ROOT, 'src/renderer/i18n', `${name}.json`), 'utf8')) as Record<string, unknown>;
  return (key) => {
    const value = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), data);
    if (typeof value !== 'string') throw new Error(`no ${name} text for ${key}`);
    return value;
  };
}
