import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../src/shared/config/default-config';
import { validateConfig } from '../../../../src/shared/config/validate';
import { toPublicConfig } from '../../../../src/shared/ipc/contract';
import { accepts } from '../../../../src/renderer/screens/accept';
import { fold, searchCatalog } from '../../../../src/renderer/screens/search';

const result = validateConfig(defaultConfig);
if (!result.ok) throw new Error('default config must validate');
const catalog = toPublicConfig(result.config).catalog;
const ids = (q: string, l: 'fr' | 'en' | 'ar' = 'fr') => searchCatalog(catalog, q, l).map((d) => d.id);

describe('catalog search', () => {
  it('ignores accents, case and apostrophes', () => {
    expect(fold('Impôts D’État')).toBe('impots d etat');
    expect(ids('IMPOT')).toEqual(['impots']);
    expect(ids('carte grise')).toEqual(['titres']);
    expect(ids('identite')).toEqual(['titres']);
  });
  it('finds by the description and in the resident’s language, French still works', () => {
    expect(ids('allocataire')).toEqual([]);
    expect(ids('logement')).toContain('caf');
    expect(ids('taxes', 'en')).toEqual(['impots']);
    expect(ids('impots', 'en')).toEqual(['impots']);
    expect(ids('الضرائب', 'ar')).toEqual(['impots']);
  });
  it('shows everything for an empty search and nothing for nonsense', () => {
    expect(ids('  ')).toHaveLength(catalog.length);
    expect(ids('zzzz')).toEqual([]);
  });
});

describe('accepts (the page’s accept="…" against our documents)', () => {
  const pdf = { mime: 'application/pdf', label: 'Document numérisé 1' };
  const jpg = { mime: 'image/jpeg', label: 'photo.JPG' };
  it('takes everything when the page says nothing', () => {
    expect(accepts([], pdf)).toBe(true);
  });
  it('matches MIME types, wildcards and extensions (by name or by type)', () => {
    expect(accepts(['application/pdf'], pdf)).toBe(true);
    expect(accepts(['image/*'], pdf)).toBe(false);
    expect(accepts(['image/*'], jpg)).toBe(true);
    expect(accepts(['.pdf'], pdf)).toBe(true);
    expect(accepts(['.jpg'], jpg)).toBe(true);
    expect(accepts(['.png', '.gif'], jpg)).toBe(false);
    expect(accepts([' .PDF '], pdf)).toBe(true);
  });
});
