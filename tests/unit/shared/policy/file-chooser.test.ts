// One rule for "does this document fit the page's accept list": the screens' picker and the engine use it both.
import { describe, expect, it } from 'vitest';
import {
  extensionsOfMime,
  fileMatchesAccept,
  matchesAccept,
  mimeOfFilename,
  parseAccept,
  scanFitsAccept,
  sendAs,
} from '../../../../src/shared/policy/file-chooser';
import { accepts, sendAsOf } from '../../../../src/renderer/screens/accept';

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

describe('a scan for an input that takes images only (issue 15)', () => {
  const scan = { mime: 'application/pdf', name: 'scan-1.pdf', jpegImages: 2 };
  it('goes as its PDF when the input takes PDF (or anything), as its JPEG pages when it takes JPEG but no PDF', () => {
    expect(sendAs(scan, [])).toBe('file');
    expect(sendAs(scan, ['.pdf', 'image/*'])).toBe('file');
    expect(sendAs(scan, ['image/jpeg', 'image/png'])).toBe('jpeg');
    expect(sendAs(scan, ['image/*'])).toBe('jpeg');
    expect(sendAs(scan, ['.jpg'])).toBe('jpeg');
    expect(sendAs(scan, ['.jpeg', '.png'])).toBe('jpeg');
  });
  it('is not offered when the input takes neither, nor as JPEG when it has no JPEG pages (a downloaded PDF)', () => {
    expect(sendAs(scan, ['image/png'])).toBeNull();
    expect(sendAs(scan, ['.docx'])).toBeNull();
    expect(sendAs({ mime: 'application/pdf', name: 'avis.pdf' }, ['image/jpeg'])).toBeNull();
    expect(sendAs({ ...scan, jpegImages: 0 }, ['image/jpeg'])).toBeNull();
  });
  it('says whether scanning could help at all: a PNG-only input would make the resident loop', () => {
    expect(scanFitsAccept([])).toBe(true);
    expect(scanFitsAccept(['application/pdf'])).toBe(true);
    expect(scanFitsAccept(['image/jpeg', 'image/png'])).toBe(true);
    expect(scanFitsAccept(['image/png'])).toBe(false);
    expect(scanFitsAccept(['.docx', '.odt'])).toBe(false);
  });
  it('the picker asks the same rule', () => {
    const summary = { mime: 'application/pdf', label: 'Document scanné 1', jpegImages: 1 };
    for (const accept of [[], ['image/jpeg'], ['image/png'], ['.pdf'], ['image/*', '.pdf']])
      expect(sendAsOf(accept, summary), accept.join()).toBe(sendAs({ mime: summary.mime, name: summary.label, jpegImages: 1 }, accept));
  });
});
