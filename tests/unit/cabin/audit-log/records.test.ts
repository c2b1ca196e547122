// The audit log's whitelist: anything but ids, counts, reasons and timestamps is refused.
import { describe, expect, it } from 'vitest';
import { AuditRecordRejected, checkRecordFields, minuteStamp, parseAuditLine } from '../../../../src/cabin/audit-log';

const end = {
  demarches: ['caf'],
  durationS: 600,
  ending: 'resident',
  assisted: false,
  pagesPrinted: 2,
  printJobs: 1,
  pagesScanned: 0,
  scans: 0,
  downloads: 1,
} as const;

describe('audit record whitelist', () => {
  it('accepts the listed fields', () => {
    expect(checkRecordFields('session-end', end)).toEqual(end);
    expect(checkRecordFields('wipe', { ok: true, attempt: 1, durationMs: 840, files: 12, bytes: 20480 })).toBeTruthy();
    expect(checkRecordFields('out-of-service', { reason: 'wipe-failed' })).toEqual({ reason: 'wipe-failed' });
    expect(checkRecordFields('device-fault', { device: 'printer', fault: 'paper-jam' })).toBeTruthy();
  });

  it.each([
    ['a URL', { url: 'https://www.caf.fr/allocataires/mon-compte' }],
    ['a file name', { fileName: 'avis-impot-2026-DUPONT.pdf' }],
    ['a page title', { title: 'Mon compte - Jean Dupont' }],
    ['the session id', { sessionId: 'a1b2c3' }],
  ])('refuses a record carrying %s', (_what, extra) => {
    expect(() => checkRecordFields('session-end', { ...end, ...extra })).toThrow(AuditRecordRejected);
    expect(() => checkRecordFields('session-start', { assisted: false, ...extra })).toThrow(/field\(s\) not allowed/);
  });

  it('refuses personal data slipped into an allowed field', () => {
    // A URL or a name where a démarche id belongs.
    expect(() => checkRecordFields('session-end', { ...end, demarches: ['https://www.caf.fr/'] })).toThrow(AuditRecordRejected);
    expect(() => checkRecordFields('session-end', { ...end, demarches: ['Jean Dupont'] })).toThrow(AuditRecordRejected);
    // A slug that is not in the catalog (could be anything shaped like one).
    expect(() => checkRecordFields('session-end', { ...end, demarches: ['jean-dupont'] }, new Set(['caf', 'impots']))).toThrow(/not in the catalog/);
    // Free text where an enum belongs.
    expect(() => checkRecordFields('session-end', { ...end, ending: 'Jean a fini' })).toThrow(AuditRecordRejected);
    expect(() => checkRecordFields('device-fault', { device: 'printer', fault: 'bourrage chez M. Dupont' })).toThrow(AuditRecordRejected);
    // Counts are counts.
    expect(() => checkRecordFields('session-end', { ...end, pagesPrinted: '2 pages: avis.pdf' })).toThrow(AuditRecordRejected);
    expect(() => checkRecordFields('session-end', { ...end, durationS: -1 })).toThrow(AuditRecordRejected);
  });

  it('does not echo the refused values in its error (it may end up in a log)', () => {
    try {
      checkRecordFields('session-end', { ...end, demarches: ['Jean Dupont'], fileName: 'DUPONT.pdf' });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toMatch(/Dupont|DUPONT/);
    }
  });

  it('keeps time to the minute', () => {
    expect(minuteStamp(new Date('2026-11-03T14:07:59.999Z'))).toBe('2026-11-03T14:07Z');
  });

  it('reads back only whitelisted lines', () => {
    const line = JSON.stringify({ v: 1, type: 'session-end', at: '2026-11-03T14:07Z', ...end });
    expect(parseAuditLine(line)).toMatchObject({ type: 'session-end', demarches: ['caf'] });
    expect(parseAuditLine(line.slice(0, 40))).toBeNull(); // torn by a power cut
    expect(parseAuditLine(JSON.stringify({ v: 1, type: 'session-end', at: '2026-11-03T14:07Z', ...end, url: 'https://x' }))).toBeNull();
    expect(parseAuditLine(JSON.stringify({ v: 2, type: 'session-start', at: '2026-11-03T14:07Z', assisted: false }))).toBeNull();
  });
});
