// Catalog search that forgives accents, case and word order: "impot", "Impôts", "carte grise".
import type { Locale } from '../../shared/config/schema';
import type { PublicConfig } from '../../shared/ipc/contract';

export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/[’'`-]/g, ' ');
}

type Entry = PublicConfig['catalog'][number];

export function searchCatalog(catalog: readonly Entry[], query: string, locale: Locale): Entry[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...catalog];
  return catalog.filter((d) => {
    const text = fold([d.name[locale], d.name.fr, d.description[locale], d.description.fr, d.id].filter(Boolean).join(' '));
    return words.every((w) => text.includes(w));
  });
}
