// A scan is named in the resident's language; a download keeps the site's name.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { documentLabel } from '../../../../src/renderer/components/documentLabel';
import ar from '../../../../src/renderer/i18n/ar.json';
import en from '../../../../src/renderer/i18n/en.json';
import fr from '../../../../src/renderer/i18n/fr.json';

describe('documentLabel', () => {
  it('names a scan in the resident’s language, a download by its own name', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', resources: { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } } });
    const scan = { kind: 'scan' as const, label: 'Document scanné 2', scanNumber: 2 };
    expect(documentLabel(scan, i18n.t)).toBe('Scanned document 2');
    await i18n.changeLanguage('ar');
    expect(documentLabel(scan, i18n.t)).toContain('2');
    expect(documentLabel(scan, i18n.t)).not.toContain('scanné');
    await i18n.changeLanguage('fr');
    expect(documentLabel(scan, i18n.t)).toBe('Document scanné 2');
    expect(documentLabel({ kind: 'download', label: 'avis-de-situation.pdf' }, i18n.t)).toBe('avis-de-situation.pdf');
    // A scan registered before numbering existed keeps its label.
    expect(documentLabel({ kind: 'scan', label: 'Document scanné 1' }, i18n.t)).toBe('Document scanné 1');
  });
});
