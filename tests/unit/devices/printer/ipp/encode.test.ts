// Building requests: the syntax table decides every tag, unknown names and wrong shapes are refused,
// the buffer grows past any fixed size.
import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  decodeMessage,
  encodeMessage,
  encodeRequest,
  IppEncodeError,
  operationId,
  operationName,
  plainGroup,
  statusName,
  STATUS_CODES,
  SYNTAX,
  ValueTag,
  isSuccessful,
  type IppInputValue,
} from '../../../../../src/devices/printer/ipp';

const SAMPLE_BY_TAG: Record<number, IppInputValue> = {
  [ValueTag.integer]: 7,
  [ValueTag.enum]: 3,
  [ValueTag.boolean]: true,
  [ValueTag.keyword]: 'none',
  [ValueTag.uri]: 'ipp://localhost/printers/Cabine',
  [ValueTag.charset]: 'utf-8',
  [ValueTag.naturalLanguage]: 'fr',
  [ValueTag.mimeMediaType]: 'application/pdf',
  [ValueTag.nameWithoutLanguage]: 'cabine',
  [ValueTag.textWithoutLanguage]: 'Accueil — mairie',
  [ValueTag.rangeOfInteger]: [1, 3],
  [ValueTag.resolution]: { x: 300, y: 300, units: 'dpi' },
  [ValueTag.begCollection]: {},
};

describe('operations and statuses', () => {
  it('knows the operations the driver sends, CUPS’s included', () => {
    expect(operationId('Print-Job')).toBe(0x0002);
    expect(operationId('Purge-Jobs')).toBe(0x0012);
    expect(operationId('Cancel-Jobs')).toBe(0x0038);
    expect(operationId('CUPS-Get-Default')).toBe(0x4001);
    expect(operationId('CUPS-Get-Printers')).toBe(0x4002);
    expect(operationId('CUPS-Add-Modify-Printer')).toBe(0x4003);
    expect(operationId('CUPS-Accept-Jobs')).toBe(0x4008);
    expect(operationId('CUPS-Get-PPD')).toBe(0x400f);
    expect(operationId('CUPS-Get-Document')).toBe(0x4027);
    expect(operationId('CUPS-Create-Local-Printer')).toBe(0x4028);
    expect(operationName(0x4027)).toBe('CUPS-Get-Document');
    expect(operationName(0x4010)).toBe('0x4010');
    expect(() => operationId('Print-Jobb')).toThrow(IppEncodeError);
    expect(() => operationId(0x10000)).toThrow(IppEncodeError);
  });

  it('names statuses as CUPS does; successful is 0x0000–0x00ff', () => {
    expect(statusName(0x0000)).toBe('successful-ok');
    expect(statusName(0x0403)).toBe('client-error-not-authorized');
    expect(statusName(0x0406)).toBe('client-error-not-found');
    expect(statusName(0x0407)).toBe('client-error-gone');
    expect(statusName(0x0502)).toBe('server-error-service-unavailable');
    expect(statusName(0x0506)).toBe('server-error-not-accepting-jobs');
    expect(statusName(0x04ff)).toBe('unknown-status-0x04ff');
    for (const [name, code] of STATUS_CODES) expect(statusName(code)).toBe(name);
    expect([0x0000, 0x0001, 0x0042, 0x0100, 0x0400].map(isSuccessful)).toEqual([true, true, true, false, false]);
  });
});

describe('building a request from plain attributes', () => {
  it('every attribute of the syntax table encodes with its tag and decodes back', () => {
    for (const [name, syntax] of Object.entries(SYNTAX)) {
      const sample = SAMPLE_BY_TAG[syntax.tag];
      expect(sample, `a sample for ${name}`).toBeDefined();
      const message = buildRequest({ operation: 'Get-Printer-Attributes', groups: { printer: { [name]: sample } } });
      const back = decodeMessage(encodeMessage(message));
      expect(back.groups[0]!.attributes[0]!.values[0]!.tag, name).toBe(syntax.tag);
    }
  });

  it('the driver’s values: page ranges as [first, last] pairs, sets as arrays, undefined left out', () => {
    const m = decodeMessage(
      encodeRequest({
        operation: 'Print-Job',
        groups: {
          operation: { 'attributes-charset': 'utf-8', 'printer-uri': 'ipp://localhost/printers/PDF', 'job-name': undefined },
          job: {
            copies: 2,
            'page-ranges': [
              [1, 3],
              [5, 5],
            ],
          },
        },
      }),
    );
    expect(plainGroup(m.groups[0]!)).toEqual({ 'attributes-charset': 'utf-8', 'printer-uri': 'ipp://localhost/printers/PDF' });
    expect(plainGroup(m.groups[1]!)).toEqual({
      copies: 2,
      'page-ranges': [
        { lower: 1, upper: 3 },
        { lower: 5, upper: 5 },
      ],
    });
    // One pair is one range.
    const single = decodeMessage(encodeRequest({ operation: 'Print-Job', groups: { job: { 'page-ranges': [2, 4] } } }));
    expect(plainGroup(single.groups[0]!)).toEqual({ 'page-ranges': { lower: 2, upper: 4 } });
  });

  it('collections through the members the table gives them', () => {
    const m = decodeMessage(
      encodeRequest({
        operation: 'Print-Job',
        groups: { job: { 'media-col': { 'media-size': { 'x-dimension': 21000, 'y-dimension': 29700 }, 'media-type': 'stationery' } } },
      }),
    );
    expect(plainGroup(m.groups[0]!)).toEqual({ 'media-col': { 'media-size': { 'x-dimension': 21000, 'y-dimension': 29700 }, 'media-type': 'stationery' } });
    expect(() => encodeRequest({ operation: 'Print-Job', groups: { job: { 'media-col': { 'media-colour': 'red' } } } })).toThrow(
      /unknown IPP member of "media-col" "media-colour"/,
    );
  });

  it('an unknown attribute is refused, never sent with a guessed tag', () => {
    const error = (() => {
      try {
        encodeRequest({ operation: 'Get-Jobs', groups: { operation: { 'which-jobz': 'all' } } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(IppEncodeError);
    expect((error as Error).message).toBe('unknown IPP attribute "which-jobz": its syntax is not in ipp/syntax.ts, so it cannot be encoded (add it there)');
    // Not even a name from Object.prototype.
    expect(() => encodeRequest({ operation: 'Get-Jobs', groups: { operation: { constructor: 'x' } } })).toThrow(IppEncodeError);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a string for an integer', { 'job-id': '12' }, /"job-id" \(integer\) needs a 32-bit integer, not string "12"/],
    ['a fraction', { copies: 1.5 }, /needs a 32-bit integer/],
    ['an integer out of range', { limit: 2 ** 31 }, /needs a 32-bit integer/],
    ['a number for a boolean', { 'purge-job': 1 }, /"purge-job" \(boolean\) needs a boolean/],
    ['several values for a single-valued attribute', { 'job-id': [1, 2] }, /"job-id" takes one value, not 2/],
    ['no value', { 'requested-attributes': [] }, /"requested-attributes" has no value/],
    ['null', { 'job-name': null }, /needs a string, not null/],
    ['a keyword that is not US-ASCII', { 'which-jobs': 'terminés' }, /must be printable US-ASCII/],
    ['a range the wrong way round', { 'page-ranges': [[5, 2]] }, /lower 5 is above upper 2/],
    ['a string longer than 32767 octets', { 'job-name': 'é'.repeat(20_000) }, /40000 octets long; IPP allows at most 32767/],
    ['a collection given as a string', { 'media-col': 'iso_a4' }, /"media-col" is a collection and needs an object/],
  ])('refuses %s', (_label, attributes, message) => {
    expect(() => encodeRequest({ operation: 'Print-Job', groups: { operation: attributes as never } })).toThrow(IppEncodeError);
    expect(() => encodeRequest({ operation: 'Print-Job', groups: { operation: attributes as never } })).toThrow(message);
  });

  it('grows its buffer: a request far beyond 10 KiB', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `attribute-number-${i}`);
    const encoded = encodeRequest({
      operation: 'Get-Printer-Attributes',
      groups: { operation: { 'requested-attributes': many, 'job-name': 'x'.repeat(32_767) } },
    });
    expect(encoded.length).toBeGreaterThan(150_000);
    expect(plainGroup(decodeMessage(encoded).groups[0]!)['requested-attributes']).toEqual(many);
  });

  it('the tagged encoder checks values against their tags too', () => {
    const m = (tag: number, value: unknown) => ({
      version: '2.0',
      code: 2,
      requestId: 1,
      groups: [{ tag: 1, attributes: [{ name: 'x', values: [{ tag, value: value as never }] }] }],
    });
    expect(() => encodeMessage(m(ValueTag.noValue, 'x'))).toThrow(/out-of-band and takes null/);
    expect(() => encodeMessage(m(ValueTag.dateTime, new Date('nope')))).toThrow(/needs a valid Date/);
    expect(() => encodeMessage(m(ValueTag.resolution, { x: 1, y: 1, units: 'ppi' }))).toThrow(/needs \{ x, y, units/);
    expect(() => encodeMessage(m(ValueTag.memberAttrName, 'x'))).toThrow(/written by begCollection/);
    expect(() => encodeMessage(m(0x2a, 'x'))).toThrow(/give its value as bytes/);
    expect(() => encodeMessage(m(0x05, null))).toThrow(/is not a value tag/);
    expect(() => encodeMessage({ ...m(ValueTag.integer, 1), version: '2' })).toThrow(/invalid IPP version/);
    expect(() => encodeMessage({ ...m(ValueTag.integer, 1), groups: [{ tag: 3, attributes: [] }] })).toThrow(/is not a group tag/);
  });
});
