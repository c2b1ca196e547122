// One rule for "does this document fit the page's accept list": the screens' picker and the engine use it both.
import { describe, expect, it } from 'vitest';
import { extensionsOfMime, fileMatchesAccept, matchesAccept, mimeOfFilename, parseAccept } from '../../../../src/shared/policy/file-chooser';
import { accepts } from '../../../../src/renderer/screens/accept';

describe('file chooser policy', () => {
  it('knows every extension a type goes by', () => {
    expect(extensionsOfMime('image/jpeg').sort()).toEqual(['.jpeg', '.jpg']);
    expect(extensionsOfMime('APPLICATION/PDF')).toEqual(['.pdf']);
    expect(extensionsOfMime('application/x-unknown')).toEqual([]);
  });

  it('matches types, wildcards and extensions, by type or by name; * and */* take anything', () => {
    const scan = { mime: 'application/pdf', name: 'Document numérisé 1' };
    expect(matchesAccept(scan, parseAccept('.pdf'))).toBe(true);
    expect(matchesAccept(scan, parseAccept('image/*'))).toBe(false);
    expect(matchesAccept(scan, parseAccept('*/*'))).toBe(true);
    expect(matchesAccept({ mime: 'application/vnd.oasis.opendocument.text', name: 'lettre' }, parseAccept('.odt'))).toBe(true);
    expect(matchesAccept({ mime: 'image/jpeg', name: 'photo' }, parseAccept('.jpeg'))).toBe(true);
  });

  it('the picker and the engine agree on every type the session can hold (they used to differ on 10 of 17)', () => {
    const accepts_ = ['.pdf', '.odt', '.docx', '.xlsx', '.csv', '.zip', '.jpg', 'image/*', 'application/pdf', 'text/*', '.tiff'];
    for (const ext of ['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'tif', 'tiff', 'txt', 'csv', 'odt', 'ods', 'doc', 'docx', 'xls', 'xlsx', 'zip']) {
      const filename = `piece.${ext}`;
      const doc = { mime: mimeOfFilename(filename), label: `Pièce (${ext})` };
      for (const a of accepts_) expect(accepts([a], doc), `${ext} vs ${a}`).toBe(fileMatchesAccept(filename, [a]));
    }
  });
});
