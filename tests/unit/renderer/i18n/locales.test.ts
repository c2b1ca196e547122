// Every string of the screens lives in the locale files: a key used but missing from a locale,
// or present but used nowhere, fails here. Plural keys need every form the language has
// (Arabic has six), and every translation keeps the same {{placeholders}}.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ar from '../../../../src/renderer/i18n/ar.json';
import en from '../../../../src/renderer/i18n/en.json';
import fr from '../../../../src/renderer/i18n/fr.json';

const LOCALES = { fr, en, ar } as const;
type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Base keys: `print.pages_one` and `print.pages_other` are the one key `print.pages`. */
function baseKeys(flat: Map<string, string>): Map<string, { plural: boolean; forms: Set<string> }> {
  const out = new Map<string, { plural: boolean; forms: Set<string> }>();
  for (const key of flat.keys()) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, -m[0].length) : key;
    const entry = out.get(base) ?? { plural: false, forms: new Set<string>() };
    if (m) {
      entry.plural = true;
      entry.forms.add(m[1]!);
    }
    out.set(base, entry);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const rendererDir = path.resolve(__dirname, '../../../../src/renderer');
const sources = sourceFiles(rendererDir).map((f) => readFileSync(f, 'utf8'));
/** Every string literal of the renderer's code that looks like a key (`a.b`, `a.b.c`). */
const literals = new Set(sources.flatMap((s) => [...s.matchAll(/['"`]([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)['"`]/g)].map((m) => m[1]!)));
/** Keys passed to t() / i18nKey directly. */
const calls = new Set(sources.flatMap((s) => [...s.matchAll(/\bt\(\s*['"`]([^'"`]+)['"`]/g)].map((m) => m[1]!)));

const flat = Object.fromEntries(Object.entries(LOCALES).map(([l, tree]) => [l, flatten(tree as Tree)])) as Record<keyof typeof LOCALES, Map<string, string>>;
const frKeys = baseKeys(flat.fr);

describe('locale files', () => {
  it('has no dynamic t() keys (each key is written out, so this test can see it)', () => {
    const dynamic = sources.flatMap((s) => [...s.matchAll(/\bt\(\s*`[^`]*\$\{/g)].map((m) => m[0]));
    expect(dynamic).toEqual([]);
  });

  it('every key the code uses exists in French', () => {
    const missing = [...calls].filter((k) => !frKeys.has(k));
    expect(missing).toEqual([]);
  });

  it('every French key is used by the code', () => {
    const unused = [...frKeys.keys()].filter((k) => !literals.has(k));
    expect(unused).toEqual([]);
  });

  for (const locale of ['fr', 'en', 'ar'] as const) {
    describe(locale, () => {
      const keys = baseKeys(flat[locale]);
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];

      it('has exactly the French keys', () => {
        expect([...keys.keys()].sort()).toEqual([...frKeys.keys()].sort());
      });

      it('gives every plural key all the forms of the language', () => {
        for (const [key, entry] of keys) {
          expect(entry.plural, `${key} is plural in fr`).toBe(frKeys.get(key)!.plural);
          if (entry.plural) expect([...entry.forms].sort(), key).toEqual([...categories].sort());
        }
      });

      it('has no empty text and the same placeholders as French', () => {
        const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        for (const [key, value] of flat[locale]) {
          expect(value.trim(), key).not.toBe('');
          const base = key.replace(PLURAL, '');
          const frValue = flat.fr.get(key) ?? flat.fr.get(`${base}_other`)!;
          // A plural form may leave out {{count}} ("صفحة واحدة": one page).
          const want = placeholders(frValue).filter((p) => !(PLURAL.test(key) && p === 'count'));
          const got = placeholders(value).filter((p) => !(PLURAL.test(key) && p === 'count'));
          expect(got, key).toEqual(want);
        }
      });
    });
  }

  it('French stays short: no sentence over 25 words (FALC spirit)', () => {
    const long = [...flat.fr].filter(([, v]) => v.split(/[.!?]\s/).some((sentence) => sentence.split(/\s+/).length > 25));
    expect(long).toEqual([]);
  });
});
