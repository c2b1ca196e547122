// The protocol examples of RFC 8010, Appendix A, written out octet by octet as the RFC's tables lay them out:
// the encoder must produce exactly these octets, and the decoder must read them back.
import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  decodeMessage,
  DelimiterTag,
  encodeMessage,
  encodeRequest,
  plainGroup,
  statusName,
  ValueTag,
} from '../../../../../src/devices/printer/ipp';
import { ascii, attr, bytes, header, hex, u16, u32 } from './bytes';

const OPERATION = 0x01;
const JOB = 0x02;
const END = 0x03;
const UNSUPPORTED = 0x05;

/** A.1: Print-Job Request (its data, a PostScript document, after the end tag). */
const PRINT_JOB_REQUEST = bytes(
  header([1, 1], 0x0002, 1),
  OPERATION,
  attr(0x47, 'attributes-charset', ascii('utf-8')),
  attr(0x48, 'attributes-natural-language', ascii('en-us')),
  attr(0x45, 'printer-uri', ascii('ipp://printer.example.com/ipp/print/pinetree')),
  attr(0x42, 'job-name', ascii('foobar')),
  attr(0x22, 'ipp-attribute-fidelity', [0x01]),
  JOB,
  attr(0x21, 'copies', u32(20)),
  attr(0x44, 'sides', ascii('two-sided-long-edge')),
  END,
  ascii('%!PS...'),
);

/** A.2: Print-Job Response (Successful). */
const PRINT_JOB_RESPONSE = bytes(
  header([1, 1], 0x0000, 1),
  OPERATION,
  attr(0x47, 'attributes-charset', ascii('utf-8')),
  attr(0x48, 'attributes-natural-language', ascii('en-us')),
  attr(0x41, 'status-message', ascii('successful-ok')),
  JOB,
  attr(0x21, 'job-id', u32(147)),
  attr(0x45, 'job-uri', ascii('ipp://printer.example.com/ipp/print/pinetree/147')),
  attr(0x23, 'job-state', u32(3)),
  END,
);

/** A.3: Print-Job Response (Failure): an unsupported-attributes group, with an out-of-band "unsupported". */
const PRINT_JOB_FAILURE = bytes(
  header([1, 1], 0x040b, 1),
  OPERATION,
  attr(0x47, 'attributes-charset', ascii('utf-8')),
  attr(0x48, 'attributes-natural-language', ascii('en-us')),
  attr(0x41, 'status-message', ascii('client-error-attributes-or-values-not-supported')),
  UNSUPPORTED,
  attr(0x21, 'copies', u32(20)),
  attr(0x10, 'sides', []),
  END,
);

/** A.7: Get-Jobs Request: requested-attributes is a 1setOf keyword, its additional values without a name. */
const GET_JOBS_REQUEST = bytes(
  header([1, 1], 0x000a, 123),
  OPERATION,
  attr(0x47, 'attributes-charset', ascii('utf-8')),
  attr(0x48, 'attributes-natural-language', ascii('en-us')),
  attr(0x45, 'printer-uri', ascii('ipp://printer.example.com/ipp/print/pinetree')),
  attr(0x21, 'limit', u32(50)),
  attr(0x44, 'requested-attributes', ascii('job-id')),
  attr(0x44, '', ascii('job-name')),
  attr(0x44, '', ascii('document-format')),
  END,
);

/** A.8: Get-Jobs Response: one job group per job, job-name as nameWithLanguage. */
const withLanguage = (language: string, text: string): number[] => [
  ...u16(language.length),
  ...ascii(language),
  ...u16(Buffer.byteLength(text)),
  ...ascii(text),
];
const GET_JOBS_RESPONSE = bytes(
  header([1, 1], 0x0000, 123),
  OPERATION,
  attr(0x47, 'attributes-charset', ascii('utf-8')),
  attr(0x48, 'attributes-natural-language', ascii('en-us')),
  attr(0x41, 'status-message', ascii('successful-ok')),
  JOB,
  attr(0x21, 'job-id', u32(147)),
  attr(0x36, 'job-name', withLanguage('fr-ca', 'fou')),
  JOB,
  attr(0x21, 'job-id', u32(148)),
  attr(0x36, 'job-name', withLanguage('de-CH', 'isch guet')),
  END,
);

describe('RFC 8010 Appendix A, octet for octet', () => {
  it('A.1 Print-Job request, built from plain attributes through the syntax table', () => {
    const encoded = encodeRequest({
      operation: 'Print-Job',
      version: '1.1',
      requestId: 1,
      groups: {
        operation: {
          'attributes-charset': 'utf-8',
          'attributes-natural-language': 'en-us',
          'printer-uri': 'ipp://printer.example.com/ipp/print/pinetree',
          'job-name': 'foobar',
          'ipp-attribute-fidelity': true,
        },
        job: { copies: 20, sides: 'two-sided-long-edge' },
      },
      data: Uint8Array.from(Buffer.from('%!PS...')),
    });
    expect(hex(encoded)).toBe(hex(PRINT_JOB_REQUEST));
    // The lengths the RFC's table spells out.
    expect(hex(PRINT_JOB_REQUEST.subarray(9, 12))).toBe('470012');
    // Each attribute: tag 1 + name-length 2 + name + value-length 2 + value.
    expect(PRINT_JOB_REQUEST.length).toBe(
      8 + 1 + (5 + 18 + 5) + (5 + 27 + 5) + (5 + 11 + 44) + (5 + 8 + 6) + (5 + 22 + 1) + 1 + (5 + 6 + 4) + (5 + 5 + 19) + 1 + 7,
    );
  });

  it('A.1 read back', () => {
    const m = decodeMessage(PRINT_JOB_REQUEST);
    expect(m).toMatchObject({ version: '1.1', code: 0x0002, requestId: 1 });
    expect(Buffer.from(m.data!).toString()).toBe('%!PS...');
    expect(plainGroup(m.groups[0]!)).toEqual({
      'attributes-charset': 'utf-8',
      'attributes-natural-language': 'en-us',
      'printer-uri': 'ipp://printer.example.com/ipp/print/pinetree',
      'job-name': 'foobar',
      'ipp-attribute-fidelity': true,
    });
    expect(plainGroup(m.groups[1]!)).toEqual({ copies: 20, sides: 'two-sided-long-edge' });
    // And the tagged form writes it again unchanged.
    expect(hex(encodeMessage(m))).toBe(hex(PRINT_JOB_REQUEST));
  });

  it('A.2 Print-Job response, successful', () => {
    const m = decodeMessage(PRINT_JOB_RESPONSE);
    expect(statusName(m.code)).toBe('successful-ok');
    expect(m.groups.map((g) => g.tag)).toEqual([DelimiterTag.operationAttributes, DelimiterTag.jobAttributes]);
    expect(plainGroup(m.groups[1]!)).toEqual({ 'job-id': 147, 'job-uri': 'ipp://printer.example.com/ipp/print/pinetree/147', 'job-state': 3 });
    expect(m.data).toBeUndefined();
    expect(hex(encodeMessage(m))).toBe(hex(PRINT_JOB_RESPONSE));
  });

  it('A.3 Print-Job response, failure, with the unsupported attributes', () => {
    const m = decodeMessage(PRINT_JOB_FAILURE);
    expect(statusName(m.code)).toBe('client-error-attributes-or-values-not-supported');
    expect(m.groups[1]).toEqual({
      tag: DelimiterTag.unsupportedAttributes,
      attributes: [
        { name: 'copies', values: [{ tag: ValueTag.integer, value: 20 }] },
        { name: 'sides', values: [{ tag: ValueTag.unsupported, value: null }] },
      ],
    });
    expect(hex(encodeMessage(m))).toBe(hex(PRINT_JOB_FAILURE));
  });

  it('A.7 Get-Jobs request: a 1setOf keyword', () => {
    const message = buildRequest({
      operation: 'Get-Jobs',
      version: '1.1',
      requestId: 123,
      groups: {
        // Given out of order: charset and natural language are put first, as RFC 8011 §4.1.4 requires.
        operation: {
          'printer-uri': 'ipp://printer.example.com/ipp/print/pinetree',
          'attributes-natural-language': 'en-us',
          limit: 50,
          'attributes-charset': 'utf-8',
          'requested-attributes': ['job-id', 'job-name', 'document-format'],
        },
      },
    });
    expect(message.groups[0]!.attributes.map((a) => a.name)).toEqual([
      'attributes-charset',
      'attributes-natural-language',
      'printer-uri',
      'limit',
      'requested-attributes',
    ]);
    expect(hex(encodeMessage(message))).toBe(hex(GET_JOBS_REQUEST));
  });

  it('A.8 Get-Jobs response: one group per job, nameWithLanguage', () => {
    const m = decodeMessage(GET_JOBS_RESPONSE);
    expect(m.requestId).toBe(123);
    expect(m.groups.filter((g) => g.tag === DelimiterTag.jobAttributes).map(plainGroup)).toEqual([
      { 'job-id': 147, 'job-name': 'fou' },
      { 'job-id': 148, 'job-name': 'isch guet' },
    ]);
    expect(m.groups[2]!.attributes[1]!.values[0]).toEqual({ tag: ValueTag.nameWithLanguage, value: { language: 'de-CH', text: 'isch guet' } });
    expect(hex(encodeMessage(m))).toBe(hex(GET_JOBS_RESPONSE));
  });
});
