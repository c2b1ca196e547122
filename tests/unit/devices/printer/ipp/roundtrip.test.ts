// Every value tag through encodeMessage() and back through decodeMessage(), alone, as a 1setOf and inside
// collections; and the plain view the printer driver reads.
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  DelimiterTag,
  encodeMessage,
  plainGroup,
  ValueTag,
  type IppAttribute,
  type IppMessage,
  type IppTypedValue,
} from '../../../../../src/devices/printer/ipp';

const message = (attributes: IppAttribute[], data?: Uint8Array): IppMessage => ({
  version: '2.0',
  code: 0x0000,
  requestId: 42,
  groups: [{ tag: DelimiterTag.printerAttributes, attributes }],
  ...(data ? { data } : {}),
});
const roundTrip = (m: IppMessage): IppMessage => decodeMessage(encodeMessage(m));

// One value per tag the codec knows, and a tag it does not (kept as raw octets).
const SAMPLES: [string, IppTypedValue][] = [
  ['unsupported', { tag: ValueTag.unsupported, value: null }],
  ['default', { tag: ValueTag.default, value: null }],
  ['unknown', { tag: ValueTag.unknown, value: null }],
  ['no-value', { tag: ValueTag.noValue, value: null }],
  ['not-settable', { tag: ValueTag.notSettable, value: null }],
  ['delete-attribute', { tag: ValueTag.deleteAttribute, value: null }],
  ['admin-define', { tag: ValueTag.adminDefine, value: null }],
  ['integer', { tag: ValueTag.integer, value: -2147483648 }],
  ['integer max', { tag: ValueTag.integer, value: 2147483647 }],
  ['boolean true', { tag: ValueTag.boolean, value: true }],
  ['boolean false', { tag: ValueTag.boolean, value: false }],
  ['enum', { tag: ValueTag.enum, value: 5 }],
  ['octetString', { tag: ValueTag.octetString, value: Uint8Array.from([0, 1, 0xfe, 0xff]) }],
  ['dateTime', { tag: ValueTag.dateTime, value: new Date('2024-02-29T23:59:58.700Z') }],
  ['resolution dpi', { tag: ValueTag.resolution, value: { x: 600, y: 1200, units: 'dpi' } }],
  ['resolution dpcm', { tag: ValueTag.resolution, value: { x: 118, y: 118, units: 'dpcm' } }],
  ['rangeOfInteger', { tag: ValueTag.rangeOfInteger, value: { lower: -5, upper: 2147483647 } }],
  ['textWithLanguage', { tag: ValueTag.textWithLanguage, value: { language: 'fr-fr', text: 'Bourrage papier — bac 2' } }],
  ['nameWithLanguage', { tag: ValueTag.nameWithLanguage, value: { language: 'ar', text: 'طابعة' } }],
  ['textWithoutLanguage', { tag: ValueTag.textWithoutLanguage, value: 'Prête à imprimer' }],
  ['nameWithoutLanguage', { tag: ValueTag.nameWithoutLanguage, value: 'Accueil mairie' }],
  ['keyword', { tag: ValueTag.keyword, value: 'media-jam-error' }],
  ['uri', { tag: ValueTag.uri, value: 'ipp://localhost/printers/Cabine' }],
  ['uriScheme', { tag: ValueTag.uriScheme, value: 'ipps' }],
  ['charset', { tag: ValueTag.charset, value: 'utf-8' }],
  ['naturalLanguage', { tag: ValueTag.naturalLanguage, value: 'fr-fr' }],
  ['mimeMediaType', { tag: ValueTag.mimeMediaType, value: 'application/pdf' }],
  ['empty keyword', { tag: ValueTag.keyword, value: '' }],
  ['unknown tag 0x2a', { tag: 0x2a, value: Uint8Array.from([1, 2, 3]) }],
  ['reserved string 0x43', { tag: 0x43, value: Uint8Array.from(Buffer.from('abc')) }],
  ['extension 0x7f', { tag: ValueTag.extension, value: Uint8Array.from([0, 0, 0x12, 0x34, 9]) }],
  [
    'collection',
    {
      tag: ValueTag.begCollection,
      value: [
        { name: 'media-size', values: [{ tag: ValueTag.begCollection, value: [{ name: 'x-dimension', values: [{ tag: ValueTag.integer, value: 21000 }] }] }] },
      ],
    },
  ],
  ['empty collection', { tag: ValueTag.begCollection, value: [] }],
];

describe('round trip of every tag', () => {
  it.each(SAMPLES)('%s', (_label, value) => {
    const attributes = [{ name: 'x', values: [value] }];
    expect(roundTrip(message(attributes))).toEqual(message(attributes));
  });

  it('all of them in one message, each as a 1setOf of itself twice, with data after the attributes', () => {
    const attributes = SAMPLES.map(([label, value]) => ({ name: label.replace(/ /g, '-'), values: [value, value] }));
    const m = message(attributes, Uint8Array.from(Buffer.from('%PDF-1.7 …')));
    expect(roundTrip(m)).toEqual(m);
  });

  it('collections hold every tag too, members with several values, nested', () => {
    const members = SAMPLES.map(([label, value]) => ({ name: label.replace(/ /g, '-'), values: [value, value] }));
    let nested: IppTypedValue = { tag: ValueTag.begCollection, value: members };
    for (let i = 0; i < 5; i++)
      nested = { tag: ValueTag.begCollection, value: [{ name: `level-${i}`, values: [nested, { tag: ValueTag.integer, value: i }] }] };
    const m = message([{ name: 'deep', values: [nested, nested] }]);
    expect(roundTrip(m)).toEqual(m);
  });

  it('several groups, repeated groups (one per job), empty groups, and the version, code and request-id', () => {
    const m: IppMessage = {
      version: '1.1',
      code: 0x0406,
      requestId: 0x7fffffff,
      groups: [
        { tag: DelimiterTag.operationAttributes, attributes: [{ name: 'attributes-charset', values: [{ tag: ValueTag.charset, value: 'utf-8' }] }] },
        { tag: DelimiterTag.jobAttributes, attributes: [{ name: 'job-id', values: [{ tag: ValueTag.integer, value: 1 }] }] },
        { tag: DelimiterTag.jobAttributes, attributes: [{ name: 'job-id', values: [{ tag: ValueTag.integer, value: 2 }] }] },
        { tag: DelimiterTag.unsupportedAttributes, attributes: [] },
        { tag: DelimiterTag.systemAttributes, attributes: [] },
        { tag: 0x0f, attributes: [{ name: 'future-group', values: [{ tag: ValueTag.keyword, value: 'x' }] }] },
      ],
    };
    expect(roundTrip(m)).toEqual(m);
  });

  it('a dateTime keeps its instant, to the tenth of a second, whatever the offset it was written with', () => {
    const at = new Date('2031-07-14T10:00:00.999Z');
    const back = roundTrip(message([{ name: 'd', values: [{ tag: ValueTag.dateTime, value: at }] }]));
    expect(back.groups[0]!.attributes[0]!.values[0]!.value).toEqual(new Date('2031-07-14T10:00:00.900Z'));
    // 12:30:00.5 at +02:30 is 10:00:00.5 UTC (RFC 2579 DateAndTime, direction '+').
    const local = Uint8Array.from([0x07, 0xef, 7, 14, 12, 30, 0, 5, 0x2b, 2, 30]);
    const decoded = decodeMessage(Uint8Array.from([2, 0, 0, 0, 0, 0, 0, 1, 4, 0x31, 0, 1, 0x64, 0, 11, ...local, 3]));
    expect(decoded.groups[0]!.attributes[0]!.values[0]!.value).toEqual(new Date('2031-07-14T10:00:00.500Z'));
    // Years below 100 are years, not 19xx.
    const early = roundTrip(message([{ name: 'd', values: [{ tag: ValueTag.dateTime, value: new Date('0042-01-01T00:00:00Z') }] }]));
    expect((early.groups[0]!.attributes[0]!.values[0]!.value as Date).toISOString()).toBe('0042-01-01T00:00:00.000Z');
  });
});

describe('the plain view', () => {
  it('single values as themselves, several as arrays, out-of-band as null, languages dropped, collections as objects', () => {
    const m = roundTrip(
      message([
        { name: 'printer-state', values: [{ tag: ValueTag.enum, value: 3 }] },
        {
          name: 'printer-state-reasons',
          values: [
            { tag: ValueTag.keyword, value: 'media-jam-error' },
            { tag: ValueTag.keyword, value: 'toner-low-warning' },
          ],
        },
        { name: 'printer-is-accepting-jobs', values: [{ tag: ValueTag.boolean, value: false }] },
        { name: 'printer-geo-location', values: [{ tag: ValueTag.unknown, value: null }] },
        { name: 'printer-info', values: [{ tag: ValueTag.textWithLanguage, value: { language: 'fr', text: 'Cabine' } }] },
        { name: 'printer-alert', values: [{ tag: ValueTag.octetString, value: Uint8Array.from(Buffer.from('code=jam')) }] },
        { name: 'copies-supported', values: [{ tag: ValueTag.rangeOfInteger, value: { lower: 1, upper: 99 } }] },
        {
          name: 'media-col-default',
          values: [{ tag: ValueTag.begCollection, value: [{ name: 'media-type', values: [{ tag: ValueTag.keyword, value: 'stationery' }] }] }],
        },
        { name: '__proto__', values: [{ tag: ValueTag.keyword, value: 'harmless' }] },
        { name: 'x-raw', values: [{ tag: 0x2a, value: Uint8Array.from([7]) }] },
      ]),
    );
    const plain = plainGroup(m.groups[0]!);
    expect(plain).toEqual({
      'printer-state': 3,
      'printer-state-reasons': ['media-jam-error', 'toner-low-warning'],
      'printer-is-accepting-jobs': false,
      'printer-geo-location': null,
      'printer-info': 'Cabine',
      'printer-alert': 'code=jam',
      'copies-supported': { lower: 1, upper: 99 },
      'media-col-default': { 'media-type': 'stationery' },
      'x-raw': Uint8Array.from([7]),
      ['__proto__']: 'harmless',
    });
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.hasOwn(plain, '__proto__')).toBe(true);
  });
});
