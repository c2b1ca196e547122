// Responses of a real cupsd (tests/fixtures/ipp/): decoded into the values the printer driver reads, and
// written again octet for octet by the encoder.
import { describe, expect, it } from 'vitest';
import { jobStateOf, printerStateOf } from '../../../../../src/devices/printer/faults';
import {
  decodeMessage,
  DelimiterTag,
  encodeMessage,
  plainGroup,
  statusName,
  ValueTag,
  type IppMessage,
  type IppPlainGroup,
} from '../../../../../src/devices/printer/ipp';
import { FIXTURES, fixture, hex } from './bytes';

const groups = (m: IppMessage, tag: number): IppPlainGroup[] => m.groups.filter((g) => g.tag === tag).map(plainGroup);

describe('responses of a real CUPS', () => {
  it.each(FIXTURES)('%s: re-encoded octet for octet', (name) => {
    const raw = fixture(name);
    expect(hex(encodeMessage(decodeMessage(raw)))).toBe(hex(raw));
  });

  it('Print-Job: the job id, state and uri', () => {
    const m = decodeMessage(fixture('print-job.bin'));
    expect(statusName(m.code)).toBe('successful-ok');
    const [job] = groups(m, DelimiterTag.jobAttributes);
    expect(job).toMatchObject({ 'job-id': 27, 'job-state': 3, 'job-state-reasons': 'none', 'job-uri': 'ipp://localhost:23631/jobs/27' });
    expect(jobStateOf(job!['job-state'])).toBe('pending');
  });

  it('Get-Printer-Attributes: enums, booleans, ranges, resolutions, dates, no-value, and collections', () => {
    const m = decodeMessage(fixture('get-printer-attributes.bin'));
    const [p] = groups(m, DelimiterTag.printerAttributes);
    expect(p).toMatchObject({
      'printer-name': 'FAULT',
      'printer-state': 4,
      'printer-state-reasons': 'none',
      'printer-is-accepting-jobs': true,
      'copies-supported': { lower: 1, upper: 9999 },
      'printer-resolution-default': { x: 600, y: 600, units: 'dpi' },
      'printer-current-time': new Date('2026-12-01T23:21:08.000Z'),
      'printer-geo-location': null,
      'media-col-default': {
        'media-size': { 'x-dimension': 21590, 'y-dimension': 27940 },
        'media-bottom-margin': 1270,
        'media-left-margin': 635,
        'media-right-margin': 635,
        'media-top-margin': 1270,
      },
    });
    expect(printerStateOf(p!['printer-state'])).toBe('printing');
    expect(p!['document-format-supported']).toContain('application/pdf');
    const database = p!['media-col-database'] as IppPlainGroup[];
    expect(database.length).toBeGreaterThan(10);
    expect(database).toContainEqual(expect.objectContaining({ 'media-size': { 'x-dimension': 20990, 'y-dimension': 29704 }, 'media-top-margin': 0 }));
    // The tagged form tells keywords from names, and enums from integers.
    const tagged = m.groups[1]!.attributes;
    expect(tagged.find((a) => a.name === 'printer-state')!.values[0]!.tag).toBe(ValueTag.enum);
    expect(tagged.find((a) => a.name === 'printer-name')!.values[0]!.tag).toBe(ValueTag.nameWithoutLanguage);
  });

  it('Get-Jobs: one group per job', () => {
    const jobs = groups(decodeMessage(fixture('get-jobs.bin')), DelimiterTag.jobAttributes);
    expect(jobs.map((j) => [j['job-id'], jobStateOf(j['job-state'])])).toEqual([
      [27, 'processing'],
      [28, 'pending'],
    ]);
    expect(jobs[0]).toMatchObject({ copies: 2, 'page-ranges': { lower: 1, upper: 1 }, 'job-sheets': ['none', 'none'], 'date-time-at-completed': null });
  });

  it('Get-Job-Attributes', () => {
    const [job] = groups(decodeMessage(fixture('get-job-attributes.bin')), DelimiterTag.jobAttributes);
    expect(job).toMatchObject({ 'job-id': 27, 'job-state': 5, 'job-impressions-completed': expect.any(Number), 'job-state-reasons': 'job-printing' });
  });

  it('CUPS-Get-Printers: one group per queue', () => {
    const printers = groups(decodeMessage(fixture('cups-get-printers.bin')), DelimiterTag.printerAttributes);
    expect(printers.map((p) => [p['printer-name'], printerStateOf(p['printer-state']), p['device-uri']])).toEqual([
      ['FAULT', 'printing', 'fault:/tmp/ippenv/cups/fault'],
      ['PDF', 'idle', 'cups-pdf:/cabine534c1326'],
    ]);
  });

  it('errors: the status and CUPS’s message', () => {
    for (const name of ['error-not-found.bin', 'error-bad-job.bin']) {
      const m = decodeMessage(fixture(name));
      expect(statusName(m.code), name).toBe('client-error-not-found');
      expect(groups(m, DelimiterTag.operationAttributes)[0]!['status-message'], name).toEqual(expect.any(String));
    }
  });
});
