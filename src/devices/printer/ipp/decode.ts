// RFC 8010 decoding, defensive: whatever the input, decodeMessage() returns a message or throws
// IppDecodeError (never a RangeError from a read past the end, a hang, or unbounded recursion).
// Every read is bounds-checked, every length checked against what its tag allows, and the work is
// linear in the input (each attribute consumes at least its tag and two lengths).
import { IppDecodeError } from './errors';
import { DelimiterTag, isOutOfBand, tagName, ValueTag } from './tags';
import type { IppAttribute, IppGroup, IppMessage, IppPlainCollection, IppPlainGroup, IppPlainValue, IppTypedScalar, IppTypedValue } from './types';

/** A response larger than this is refused before it is read (CUPS's largest answers are far below). */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Collections nested deeper than this are refused (RFC 8010 sets no limit; real ones nest two or three levels). */
export const DEFAULT_MAX_DEPTH = 32;

export interface DecodeOptions {
  maxBytes?: number;
  maxDepth?: number;
}

class Reader {
  pos = 0;
  readonly buf: Buffer;
  constructor(input: Uint8Array) {
    this.buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  }

  fail(message: string, at = this.pos): never {
    throw new IppDecodeError(message, at);
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) this.fail(`truncated: ${what} needs ${n} octet(s), ${this.buf.length - this.pos} left`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  /** A two-octet length and that many octets; returns where they start. What it reads is named `${prefix}${what}`, only on error. */
  field(prefix: string, what = ''): { start: number; length: number } {
    if (this.pos + 2 > this.buf.length) this.fail(`truncated: the length of ${prefix}${what} needs 2 octet(s), ${this.buf.length - this.pos} left`);
    const length = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    if (this.pos + length > this.buf.length)
      this.fail(`truncated: ${prefix}${what} (length ${length}) needs ${length} octet(s), ${this.buf.length - this.pos} left`);
    const start = this.pos;
    this.pos += length;
    return { start, length };
  }

  text(start: number, length: number): string {
    return this.buf.toString('utf8', start, start + length);
  }

  /** A copy: the caller's buffer may be reused once decoding returns. */
  bytes(start: number, length: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(start, start + length));
  }
}

function fixedLength(r: Reader, tag: number, length: number, expected: number, what: string, at: number): void {
  if (length !== expected) r.fail(`${what}: ${tagName(tag)} values are ${expected} octet(s), not ${length}`, at);
}

/** RFC 2579 DateAndTime: 11 octets, local time and its offset from UTC. */
function dateTime(r: Reader, start: number, what: string): Date {
  const b = r.buf;
  const year = b.readUInt16BE(start);
  const [month, day, hour, minute, second, deci, direction, offsetHours, offsetMinutes] = [...b.subarray(start + 2, start + 11)] as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    deci <= 9 &&
    (direction === 0x2b || direction === 0x2d) &&
    offsetHours <= 14 &&
    offsetMinutes <= 59;
  if (!valid) r.fail(`${what}: invalid dateTime`, start);
  const sign = direction === 0x2b ? 1 : -1;
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, deci * 100);
  return new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}

function readValue(r: Reader, tag: number, what: string, depth: number, maxDepth: number): IppTypedValue {
  const at = r.pos;
  const { start, length } = r.field('the value of ', what);
  let value: IppTypedScalar;
  if (isOutOfBand(tag)) {
    value = null; // RFC 8010 §3.8: no value; octets sent anyway are ignored.
  } else {
    switch (tag) {
      case ValueTag.integer:
      case ValueTag.enum:
        fixedLength(r, tag, length, 4, what, at);
        value = r.buf.readInt32BE(start);
        break;
      case ValueTag.boolean: {
        fixedLength(r, tag, length, 1, what, at);
        const b = r.buf[start]!;
        if (b > 1) r.fail(`${what}: a boolean is 0 or 1, not ${b}`, start);
        value = b === 1;
        break;
      }
      case ValueTag.dateTime:
        fixedLength(r, tag, length, 11, what, at);
        value = dateTime(r, start, what);
        break;
      case ValueTag.resolution: {
        fixedLength(r, tag, length, 9, what, at);
        const units = r.buf[start + 8]!;
        if (units !== 3 && units !== 4) r.fail(`${what}: resolution units are 3 (dpi) or 4 (dpcm), not ${units}`, start + 8);
        value = { x: r.buf.readInt32BE(start), y: r.buf.readInt32BE(start + 4), units: units === 3 ? 'dpi' : 'dpcm' };
        break;
      }
      case ValueTag.rangeOfInteger:
        fixedLength(r, tag, length, 8, what, at);
        value = { lower: r.buf.readInt32BE(start), upper: r.buf.readInt32BE(start + 4) };
        break;
      case ValueTag.textWithLanguage:
      case ValueTag.nameWithLanguage: {
        // Two length-prefixed strings that must fill the value exactly.
        const end = start + length;
        if (length < 4) r.fail(`${what}: ${tagName(tag)} values are at least 4 octets, not ${length}`, at);
        const languageLength = r.buf.readUInt16BE(start);
        if (start + 2 + languageLength + 2 > end) r.fail(`${what}: its language runs past the value`, start);
        const textLength = r.buf.readUInt16BE(start + 2 + languageLength);
        if (start + 4 + languageLength + textLength !== end)
          r.fail(`${what}: language and text (${languageLength} + ${textLength} octets) do not fill the value (${length})`, start);
        value = { language: r.text(start + 2, languageLength), text: r.text(start + 4 + languageLength, textLength) };
        break;
      }
      case ValueTag.begCollection:
        // The value field is empty (RFC 8010 §3.1.6); the members follow.
        value = readCollection(r, what, depth + 1, maxDepth);
        break;
      case ValueTag.endCollection:
      case ValueTag.memberAttrName:
        r.fail(`${what}: ${tagName(tag)} outside a collection`, at);
        break;
      case ValueTag.textWithoutLanguage:
      case ValueTag.nameWithoutLanguage:
      case ValueTag.keyword:
      case ValueTag.uri:
      case ValueTag.uriScheme:
      case ValueTag.charset:
      case ValueTag.naturalLanguage:
      case ValueTag.mimeMediaType:
        value = r.text(start, length);
        break;
      default:
        // octetString, and any tag this codec does not know (0x7f extension included): the octets as they are.
        value = r.bytes(start, length);
    }
  }
  return { tag, value };
}

/** Members of a collection, up to and including its endCollection (RFC 8010 §3.1.6). */
function readCollection(r: Reader, what: string, depth: number, maxDepth: number): IppAttribute[] {
  if (depth > maxDepth) r.fail(`${what}: collections nested deeper than ${maxDepth}`);
  const members: IppAttribute[] = [];
  let member: IppAttribute | null = null;
  let memberWhat = '';
  for (;;) {
    if (r.pos >= r.buf.length) r.fail(`${what}: collection not closed (the message ends inside it)`);
    const at = r.pos;
    const tag = r.u8('a value tag');
    if (tag < 0x10) r.fail(`${what}: collection not closed before ${tagName(tag)}`, at);
    const name = r.field('the name field in collection ', what);
    if (name.length !== 0) r.fail(`${what}: a value inside a collection has no name, this one has "${r.text(name.start, name.length)}"`, at);
    if (member && member.values.length === 0 && (tag === ValueTag.endCollection || tag === ValueTag.memberAttrName))
      r.fail(`${what}: member "${member.name}" has no value`, at);
    if (tag === ValueTag.endCollection) {
      r.field('the value of endCollection in ', what);
      return members;
    }
    if (tag === ValueTag.memberAttrName) {
      const { start, length } = r.field('a member name in ', what);
      if (length === 0) r.fail(`${what}: empty member name`, at);
      member = { name: r.text(start, length), values: [] };
      memberWhat = `${what}.${member.name}`;
      members.push(member);
      continue;
    }
    if (!member) r.fail(`${what}: a value before any memberAttrName`, at);
    member.values.push(readValue(r, tag, memberWhat, depth, maxDepth));
  }
}

/** Decodes a whole message (request or response). Throws IppDecodeError on anything that is not valid RFC 8010 encoding. */
export function decodeMessage(input: Uint8Array, options: DecodeOptions = {}): IppMessage {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (input.byteLength > maxBytes) throw new IppDecodeError(`message of ${input.byteLength} octets is larger than the ${maxBytes} allowed`, 0);
  const r: Reader = new Reader(input);
  r.need(8, 'the header (version, operation-id or status-code, request-id)');
  const version = `${r.buf[0]}.${r.buf[1]}`;
  const code = r.buf.readUInt16BE(2);
  const requestId = r.buf.readInt32BE(4);
  r.pos = 8;
  const groups: IppGroup[] = [];
  let group: IppGroup | null = null;
  let attribute: IppAttribute | null = null;
  for (;;) {
    const at = r.pos;
    if (at >= r.buf.length) r.fail('truncated: no end-of-attributes tag');
    const tag = r.u8('a tag');
    if (tag === DelimiterTag.endOfAttributes) break;
    if (tag < 0x10) {
      if (tag === 0x00) r.fail('0x00 is not a delimiter tag', at);
      group = { tag, attributes: [] };
      groups.push(group);
      attribute = null;
      continue;
    }
    if (!group) r.fail(`${tagName(tag)} value before any attribute group`, at);
    const name = r.field('an attribute name');
    if (name.length === 0) {
      // An additional value of the attribute before (1setOf).
      if (!attribute) r.fail(`${tagName(tag)} value without a name, and no attribute before it in the group`, at);
      attribute.values.push(readValue(r, tag, `"${attribute.name}"`, 0, maxDepth));
    } else {
      const attributeName = r.text(name.start, name.length);
      attribute = { name: attributeName, values: [readValue(r, tag, `"${attributeName}"`, 0, maxDepth)] };
      group.attributes.push(attribute);
    }
  }
  const message: IppMessage = { version, code, requestId, groups };
  if (r.pos < r.buf.length) message.data = r.bytes(r.pos, r.buf.length - r.pos);
  return message;
}

/** Sets a property even when it is named "__proto__". */
function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/** A value as the printer driver reads it (see IppPlainValue). */
export function plainValue({ tag, value }: IppTypedValue): IppPlainValue {
  if (value === null) return null;
  if (Array.isArray(value)) return plainAttributes(value) as IppPlainCollection;
  if (tag === ValueTag.textWithLanguage || tag === ValueTag.nameWithLanguage) return (value as { text: string }).text;
  if (tag === ValueTag.octetString && value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return value as IppPlainValue;
}

/** name → value, or → array of values for an attribute that has several; a name given twice keeps its last. */
export function plainAttributes(attributes: readonly IppAttribute[]): IppPlainGroup {
  const out: IppPlainGroup = {};
  for (const a of attributes) setOwn(out, a.name, a.values.length === 1 ? plainValue(a.values[0]!) : a.values.map(plainValue));
  return out;
}

/** The plain view of one group. */
export const plainGroup = (group: IppGroup): IppPlainGroup => plainAttributes(group.attributes);
