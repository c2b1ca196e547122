// The decoder's defences: every malformed message is an IppDecodeError that says what and where.
import { describe, expect, it } from 'vitest';
import { decodeMessage, IppCodecError, IppDecodeError, plainGroup, ValueTag } from '../../../../../src/devices/printer/ipp';
import { ascii, attr, bytes, header, u16, u32 } from './bytes';

const HEAD = header([2, 0], 0, 1);
/** A response: header, a printer group with the given octets, end tag. */
const inPrinterGroup = (...parts: (number | number[])[]): Uint8Array => bytes(HEAD, 0x04, ...parts, 0x03);

function decodeError(input: Uint8Array, options?: Parameters<typeof decodeMessage>[1]): IppDecodeError {
  try {
    decodeMessage(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(IppDecodeError);
    expect(error).toBeInstanceOf(IppCodecError);
    return error as IppDecodeError;
  }
  throw new Error('decoded without error');
}

describe('malformed messages', () => {
  it.each<[string, Uint8Array, RegExp]>([
    ['empty', new Uint8Array(0), /byte 0: truncated: the header .* needs 8 octet\(s\), 0 left/],
    ['a header cut short', Uint8Array.from([2, 0, 0, 0, 0]), /truncated: the header/],
    ['no end-of-attributes tag', bytes(HEAD), /byte 8: truncated: no end-of-attributes tag/],
    ['a group but no end tag', bytes(HEAD, 0x04, attr(0x21, 'copies', u32(1))), /no end-of-attributes tag/],
    [
      'a name length running past the end',
      bytes(HEAD, 0x04, 0x44, ...u16(500), ...ascii('abc')),
      /the length of .* or an attribute name .* needs 500 octet|an attribute name \(length 500\) needs 500 octet/,
    ],
    [
      'a value length running past the end',
      bytes(HEAD, 0x04, 0x44, ...u16(1), ...ascii('x'), ...u16(0xffff), ...ascii('abc')),
      /the value of "x" \(length 65535\) needs 65535 octet\(s\), 3 left/,
    ],
    ['a value length cut in half', bytes(HEAD, 0x04, 0x44, ...u16(1), ...ascii('x'), 0x00), /the length of the value of "x" needs 2 octet/],
    ['an integer of 2 octets', inPrinterGroup(attr(0x21, 'copies', [0, 1])), /"copies": integer values are 4 octet\(s\), not 2/],
    ['an enum of 8 octets', inPrinterGroup(attr(0x23, 'printer-state', [...u32(3), ...u32(3)])), /enum values are 4 octet\(s\), not 8/],
    ['a boolean of 4 octets', inPrinterGroup(attr(0x22, 'printer-is-shared', u32(1))), /boolean values are 1 octet\(s\), not 4/],
    ['a boolean of 2', inPrinterGroup(attr(0x22, 'printer-is-shared', [2])), /a boolean is 0 or 1, not 2/],
    ['a dateTime of 8 octets', inPrinterGroup(attr(0x31, 'printer-current-time', [0, 0, 0, 0, 0, 0, 0, 0])), /dateTime values are 11 octet/],
    ['a dateTime in month 13', inPrinterGroup(attr(0x31, 'printer-current-time', [0x07, 0xe8, 13, 1, 0, 0, 0, 0, 0x2b, 0, 0])), /invalid dateTime/],
    ['a dateTime without direction', inPrinterGroup(attr(0x31, 'printer-current-time', [0x07, 0xe8, 1, 1, 0, 0, 0, 0, 0x20, 0, 0])), /invalid dateTime/],
    [
      'a resolution in unknown units',
      inPrinterGroup(attr(0x32, 'printer-resolution-default', [...u32(300), ...u32(300), 5])),
      /units are 3 \(dpi\) or 4 \(dpcm\), not 5/,
    ],
    ['a range of 4 octets', inPrinterGroup(attr(0x33, 'copies-supported', u32(1))), /rangeOfInteger values are 8 octet/],
    ['a textWithLanguage too short', inPrinterGroup(attr(0x35, 'printer-info', [0, 1])), /at least 4 octets, not 2/],
    ['a language running past its value', inPrinterGroup(attr(0x35, 'printer-info', [...u16(9), ...ascii('fr'), 0, 0])), /its language runs past the value/],
    [
      'language and text not filling the value',
      inPrinterGroup(attr(0x36, 'printer-name', [...u16(2), ...ascii('fr'), ...u16(1), ...ascii('ab')])),
      /do not fill the value/,
    ],
    ['a value before any group', bytes(HEAD, attr(0x21, 'copies', u32(1)), 0x03), /byte 8: integer value before any attribute group/],
    ['an additional value first in a group', inPrinterGroup(attr(0x21, '', u32(1))), /without a name, and no attribute before it/],
    ['the reserved delimiter 0x00', bytes(HEAD, 0x00, 0x03), /0x00 is not a delimiter tag/],
    ['endCollection outside a collection', inPrinterGroup(attr(0x37, 'x', [])), /endCollection outside a collection/],
    ['memberAttrName outside a collection', inPrinterGroup(attr(0x4a, 'x', ascii('y'))), /memberAttrName outside a collection/],
  ])('%s', (_label, input, message) => {
    expect(decodeError(input).message).toMatch(message);
  });

  describe('collections', () => {
    const beg = (name: string) => attr(ValueTag.begCollection, name, []);
    const member = (name: string) => attr(ValueTag.memberAttrName, '', ascii(name));
    const end = attr(ValueTag.endCollection, '', []);
    it.each<[string, Uint8Array, RegExp]>([
      [
        'not closed: the message ends',
        bytes(HEAD, 0x04, beg('media-col'), member('media-type'), attr(0x44, '', ascii('plain'))),
        /"media-col": collection not closed \(the message ends inside it\)/,
      ],
      [
        'not closed before the end tag',
        inPrinterGroup(beg('media-col'), member('media-type'), attr(0x44, '', ascii('plain'))),
        /collection not closed before endOfAttributes/,
      ],
      ['not closed before another group', bytes(HEAD, 0x04, beg('media-col'), 0x02, 0x03), /collection not closed before jobAttributes/],
      ['a value before any member name', inPrinterGroup(beg('media-col'), attr(0x44, '', ascii('plain')), end), /a value before any memberAttrName/],
      ['a member without a value', inPrinterGroup(beg('media-col'), member('media-type'), end), /member "media-type" has no value/],
      [
        'a named value inside',
        inPrinterGroup(beg('media-col'), member('media-type'), attr(0x44, 'media-type', ascii('plain')), end),
        /has no name, this one has "media-type"/,
      ],
      ['an empty member name', inPrinterGroup(beg('media-col'), attr(ValueTag.memberAttrName, '', []), end), /empty member name/],
      [
        'a wrong length inside',
        inPrinterGroup(beg('media-col'), member('media-size'), attr(0x21, '', [1]), end),
        /"media-col".media-size: integer values are 4 octet/,
      ],
    ])('%s', (_label, input, message) => {
      expect(decodeError(input).message).toMatch(message);
    });

    it('nested deeper than the limit', () => {
      const depth = 40;
      const parts: number[][] = [beg('deep')];
      for (let i = 0; i < depth; i++) parts.push(member('in'), beg(''));
      for (let i = 0; i <= depth; i++) parts.push(end);
      expect(decodeError(inPrinterGroup(...parts)).message).toMatch(/nested deeper than 32/);
      // …and a depth within it decodes.
      expect(() => decodeMessage(inPrinterGroup(...parts), { maxDepth: 64 })).not.toThrow();
    });
  });

  it('a message larger than the limit is refused before it is read', () => {
    const big = new Uint8Array(17 * 1024 * 1024);
    expect(decodeError(big).message).toMatch(/message of 17825792 octets is larger than the 16777216 allowed/);
    expect(decodeError(inPrinterGroup(attr(0x21, 'copies', u32(1))), { maxBytes: 16 }).message).toMatch(/larger than the 16 allowed/);
  });

  it('says where: the offset of the bad value', () => {
    const input = inPrinterGroup(attr(0x21, 'copies', u32(1)), attr(0x21, 'job-priority', [0, 50]));
    const error = decodeError(input);
    // header 8, group tag 1, copies 1+2+6+2+4 = 15, then job-priority's tag, name length and name: 1+2+12.
    expect(error.offset).toBe(8 + 1 + 15 + 15);
    expect(error.message).toMatch(/^invalid IPP message at byte 39: /);
  });
});

describe('what it accepts', () => {
  it('tags it does not know, as their raw octets; out-of-band values with stray octets, as null', () => {
    const m = decodeMessage(
      inPrinterGroup(
        attr(0x2a, 'x-future', [1, 2]),
        attr(0x20, '', []),
        attr(0x7f, 'x-extension', [0, 0, 0x40, 0, 9]),
        attr(0x13, 'printer-info', [1, 2, 3]),
        attr(0x14, 'x-oob', []),
      ),
    );
    expect(m.groups[0]!.attributes).toEqual([
      {
        name: 'x-future',
        values: [
          { tag: 0x2a, value: Uint8Array.from([1, 2]) },
          { tag: 0x20, value: new Uint8Array(0) },
        ],
      },
      { name: 'x-extension', values: [{ tag: 0x7f, value: Uint8Array.from([0, 0, 0x40, 0, 9]) }] },
      { name: 'printer-info', values: [{ tag: 0x13, value: null }] },
      { name: 'x-oob', values: [{ tag: 0x14, value: new Uint8Array(0) }] },
    ]);
  });

  it('strings that are not valid UTF-8 become replacement characters, not errors', () => {
    const m = decodeMessage(inPrinterGroup(attr(0x41, 'printer-info', [0x41, 0xff, 0x42])));
    expect(plainGroup(m.groups[0]!)).toEqual({ 'printer-info': 'A\uFFFDB' });
  });

  it('a value copied out of the input: the caller may reuse its buffer', () => {
    const input = inPrinterGroup(attr(0x30, 'x-bytes', [1, 2, 3]));
    const m = decodeMessage(input);
    input.fill(0);
    expect(m.groups[0]!.attributes[0]!.values[0]!.value).toEqual(Uint8Array.from([1, 2, 3]));
  });

  it('decodes from a view into a larger buffer (byteOffset ≠ 0)', () => {
    const inner = inPrinterGroup(attr(0x21, 'copies', u32(3)));
    const outer = new Uint8Array(inner.length + 10);
    outer.set(inner, 5);
    expect(plainGroup(decodeMessage(outer.subarray(5, 5 + inner.length)).groups[0]!)).toEqual({ copies: 3 });
  });
});
