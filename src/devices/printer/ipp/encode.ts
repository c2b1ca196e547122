// RFC 8010 encoding of a message (§3.1), into a buffer that grows as needed.
// encodeMessage() writes tagged values as given; buildRequest() turns the plain attributes a caller
// writes ({ 'job-id': 12, 'requested-attributes': ['job-state'] }) into tagged ones through syntax.ts.
import { IppEncodeError } from './errors';
import { operationId } from './operations';
import { SYNTAX, syntaxOf, type IppSyntax } from './syntax';
import { DelimiterTag, GROUP_TAGS, isAsciiString, isCharacterString, isOutOfBand, tagName, ValueTag, type IppGroupName } from './tags';
import type { IppAttribute, IppInputAttributes, IppMessage, IppTypedScalar, IppTypedValue } from './types';

/** Name, value and value-length fields are two octets, signed (RFC 8010 §3.1.4–3.1.6). */
const MAX_FIELD = 0x7fff;
const MAX_DEPTH = 32;
/** What an error names, e.g. '"job-id" (integer)': built only when there is an error. */
const label = (what: string, tag: number): string => `${what} (${tagName(tag)})`;
/** The field an error is about: a value of `what` with this tag, or (tag null) the name of `what`. */
const subject = (what: string, tag: number | null): string => (tag === null ? `the name of ${what}` : label(what, tag));
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

class Writer {
  private buf = Buffer.alloc(256);
  private pos = 0;

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
  }

  i32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  /** A two-octet length, then the octets. */
  field(bytes: Uint8Array, what: string, tag: number | null): void {
    if (bytes.length > MAX_FIELD) throw new IppEncodeError(`${subject(what, tag)} is ${bytes.length} octets long; IPP allows at most ${MAX_FIELD}`);
    this.u16(bytes.length);
    this.bytes(bytes);
  }

  /** A two-octet length, then the string in UTF-8. */
  string(text: string, what: string, tag: number | null): void {
    // US-ASCII (every name, keyword and uri the driver sends) is copied here: cheaper than a call into Buffer.write.
    if (text.length <= MAX_FIELD) {
      this.ensure(2 + text.length);
      const at = this.pos + 2;
      let i = 0;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c > 0x7f) break;
        this.buf[at + i] = c;
      }
      if (i === text.length) {
        this.buf.writeUInt16BE(i, this.pos);
        this.pos = at + i;
        return;
      }
    }
    const length = Buffer.byteLength(text, 'utf8');
    if (length > MAX_FIELD) throw new IppEncodeError(`${subject(what, tag)} is ${length} octets long; IPP allows at most ${MAX_FIELD}`);
    this.u16(length);
    this.ensure(length);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  bytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : v instanceof Date
        ? 'a Date'
        : v instanceof Uint8Array
          ? 'bytes'
          : typeof v === 'object'
            ? 'an object'
            : `${typeof v} ${JSON.stringify(v)}`;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

function int32(v: unknown, what: string, tag: number, part = ''): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX)
    throw new IppEncodeError(`${label(what, tag)}${part} needs a 32-bit integer, not ${describe(v)}`);
  return v;
}

const ASCII = /^[\x20-\x7e]*$/;

function writeValue(w: Writer, name: string, typed: IppTypedValue, what: string, depth: number): void {
  const { tag, value } = typed;
  if (!Number.isInteger(tag) || tag < 0x10 || tag > 0xff) throw new IppEncodeError(`${what}: ${tag} is not a value tag`);
  if (tag === ValueTag.endCollection || tag === ValueTag.memberAttrName)
    throw new IppEncodeError(`${what}: ${tagName(tag)} is written by begCollection, not given as a value`);
  w.u8(tag);
  w.string(name, what, null);
  if (isOutOfBand(tag)) {
    if (value !== null) throw new IppEncodeError(`${label(what, tag)} is out-of-band and takes null, not ${describe(value)}`);
    w.u16(0);
    return;
  }
  switch (tag) {
    case ValueTag.integer:
    case ValueTag.enum:
      w.u16(4);
      w.i32(int32(value, what, tag));
      return;
    case ValueTag.boolean:
      if (typeof value !== 'boolean') throw new IppEncodeError(`${label(what, tag)} needs a boolean, not ${describe(value)}`);
      w.u16(1);
      w.u8(value ? 1 : 0);
      return;
    case ValueTag.dateTime: {
      if (!(value instanceof Date) || Number.isNaN(value.getTime()) || value.getUTCFullYear() < 0 || value.getUTCFullYear() > 0xffff)
        throw new IppEncodeError(`${label(what, tag)} needs a valid Date, not ${describe(value)}`);
      // RFC 2579 DateAndTime, written in UTC.
      w.u16(11);
      w.u8(value.getUTCFullYear() >> 8);
      w.u8(value.getUTCFullYear() & 0xff);
      for (const n of [
        value.getUTCMonth() + 1,
        value.getUTCDate(),
        value.getUTCHours(),
        value.getUTCMinutes(),
        value.getUTCSeconds(),
        Math.floor(value.getUTCMilliseconds() / 100),
      ])
        w.u8(n);
      w.u8(0x2b); // '+'
      w.u8(0);
      w.u8(0);
      return;
    }
    case ValueTag.resolution: {
      if (!isRecord(value) || (value.units !== 'dpi' && value.units !== 'dpcm'))
        throw new IppEncodeError(`${label(what, tag)} needs { x, y, units: 'dpi' | 'dpcm' }, not ${describe(value)}`);
      w.u16(9);
      w.i32(int32(value.x, what, tag, ' x'));
      w.i32(int32(value.y, what, tag, ' y'));
      w.u8(value.units === 'dpi' ? 3 : 4);
      return;
    }
    case ValueTag.rangeOfInteger: {
      if (!isRecord(value)) throw new IppEncodeError(`${label(what, tag)} needs { lower, upper }, not ${describe(value)}`);
      const lower = int32(value.lower, what, tag, ' lower');
      const upper = int32(value.upper, what, tag, ' upper');
      if (lower > upper) throw new IppEncodeError(`${label(what, tag)}: lower ${lower} is above upper ${upper}`);
      w.u16(8);
      w.i32(lower);
      w.i32(upper);
      return;
    }
    case ValueTag.textWithLanguage:
    case ValueTag.nameWithLanguage: {
      if (!isRecord(value) || typeof value.language !== 'string' || typeof value.text !== 'string')
        throw new IppEncodeError(`${label(what, tag)} needs { language, text }, not ${describe(value)}`);
      const language = Buffer.from(value.language, 'utf8');
      const text = Buffer.from(value.text, 'utf8');
      const length = 4 + language.length + text.length;
      if (length > MAX_FIELD) throw new IppEncodeError(`${label(what, tag)} is ${length} octets long; IPP allows at most ${MAX_FIELD}`);
      w.u16(length);
      w.field(language, what, tag);
      w.field(text, what, tag);
      return;
    }
    case ValueTag.begCollection: {
      if (!Array.isArray(value)) throw new IppEncodeError(`${label(what, tag)} needs its members, not ${describe(value)}`);
      if (depth >= MAX_DEPTH) throw new IppEncodeError(`${label(what, tag)}: collections nested deeper than ${MAX_DEPTH}`);
      w.u16(0);
      for (const member of value) {
        if (!member?.name || !member.values?.length) throw new IppEncodeError(`${label(what, tag)}: a member needs a name and at least one value`);
        w.u8(ValueTag.memberAttrName);
        w.u16(0);
        w.string(member.name, `${what}.${member.name}`, null);
        const memberWhat = `${what}.${member.name}`;
        for (const v of member.values) writeValue(w, '', v, memberWhat, depth + 1);
      }
      w.u8(ValueTag.endCollection);
      w.u16(0);
      w.u16(0);
      return;
    }
    case ValueTag.octetString:
      if (typeof value === 'string') w.string(value, what, tag);
      else if (value instanceof Uint8Array) w.field(value, what, tag);
      else throw new IppEncodeError(`${label(what, tag)} needs bytes or a string, not ${describe(value)}`);
      return;
    default:
      if (isCharacterString(tag)) {
        if (typeof value !== 'string') throw new IppEncodeError(`${label(what, tag)} needs a string, not ${describe(value)}`);
        if (isAsciiString(tag) && !ASCII.test(value)) throw new IppEncodeError(`${label(what, tag)} must be printable US-ASCII: ${JSON.stringify(value)}`);
        w.string(value, what, tag);
      } else if (value instanceof Uint8Array) {
        w.field(value, what, tag); // a tag this codec does not know: its octets as given
      } else throw new IppEncodeError(`${label(what, tag)} is not a tag this codec knows: give its value as bytes, not ${describe(value)}`);
  }
}

/** Encodes a tagged message (RFC 8010 §3.1), its data (if any) after the end-of-attributes tag. */
export function encodeMessage(message: IppMessage): Uint8Array {
  const w = new Writer();
  const version = /^(\d{1,3})\.(\d{1,3})$/.exec(message.version);
  if (!version || Number(version[1]) > 255 || Number(version[2]) > 255) throw new IppEncodeError(`invalid IPP version "${message.version}"`);
  w.u8(Number(version[1]));
  w.u8(Number(version[2]));
  if (!Number.isInteger(message.code) || message.code < 0 || message.code > 0xffff)
    throw new IppEncodeError(`invalid operation-id or status-code ${message.code}`);
  w.u16(message.code);
  if (!Number.isInteger(message.requestId) || message.requestId < 0 || message.requestId > INT32_MAX)
    throw new IppEncodeError(`invalid request-id ${message.requestId}`);
  w.i32(message.requestId);
  for (const group of message.groups) {
    if (!Number.isInteger(group.tag) || group.tag < 0x01 || group.tag > 0x0f || group.tag === DelimiterTag.endOfAttributes)
      throw new IppEncodeError(`${group.tag} is not a group tag`);
    w.u8(group.tag);
    for (const attribute of group.attributes) {
      if (!attribute.name) throw new IppEncodeError('an attribute needs a name');
      if (!attribute.values.length) throw new IppEncodeError(`attribute "${attribute.name}" has no value`);
      const what = `"${attribute.name}"`;
      attribute.values.forEach((v, i) => writeValue(w, i === 0 ? attribute.name : '', v, what, 0));
    }
  }
  w.u8(DelimiterTag.endOfAttributes);
  if (message.data) w.bytes(message.data);
  return w.result();
}

export interface IppRequest {
  /** "Get-Jobs", "CUPS-Get-Printers"… or an operation-id. */
  operation: string | number;
  /** Default 1. */
  requestId?: number;
  /** Default "2.0". */
  version?: string;
  /** Attribute groups by name: operation first, the others in the order given. */
  groups: Partial<Record<IppGroupName, IppInputAttributes>>;
  data?: Uint8Array;
}

const isRangeTuple = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number';

function toScalar(syntax: IppSyntax, value: unknown, what: string, depth: number): IppTypedScalar {
  if (syntax.tag === ValueTag.rangeOfInteger && isRangeTuple(value)) {
    const [lower, upper] = value as [number, number];
    return { lower, upper };
  }
  if (syntax.tag === ValueTag.begCollection) {
    if (!isRecord(value)) throw new IppEncodeError(`${what} is a collection and needs an object, not ${describe(value)}`);
    if (depth >= MAX_DEPTH) throw new IppEncodeError(`${what}: collections nested deeper than ${MAX_DEPTH}`);
    return toAttributes(value, syntax.members ?? {}, `member of ${what}`, depth + 1);
  }
  // encodeMessage() checks the value against its tag.
  return value as IppTypedScalar;
}

function toValues(name: string, syntax: IppSyntax, value: unknown, what: string, depth: number): IppTypedValue[] {
  // A page range may be written [first, last]: such a pair is one rangeOfInteger, not two values.
  const values: readonly unknown[] = syntax.tag === ValueTag.rangeOfInteger && isRangeTuple(value) ? [value] : Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new IppEncodeError(`"${name}" has no value`);
  if (values.length > 1 && !syntax.setOf) throw new IppEncodeError(`"${name}" takes one value, not ${values.length}`);
  return values.map((v) => ({ tag: syntax.tag, value: toScalar(syntax, v, `"${name}"`, depth) }));
}

function toAttributes(attributes: Record<string, unknown>, table: Readonly<Record<string, IppSyntax>>, where: string, depth: number): IppAttribute[] {
  const out: IppAttribute[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out.push({ name, values: toValues(name, syntaxOf(name, table, where), value, where, depth) });
  }
  return out;
}

/** RFC 8011 §4.1.4: attributes-charset, then attributes-natural-language, come first. */
const FIRST = ['attributes-charset', 'attributes-natural-language'];

/** The tagged message of a request written with plain values; throws IppEncodeError on an unknown name or a value of the wrong shape. */
export function buildRequest(request: IppRequest, syntax: Readonly<Record<string, IppSyntax>> = SYNTAX): IppMessage {
  const names = Object.keys(request.groups) as IppGroupName[];
  const ordered = names.includes('operation') ? ['operation' as const, ...names.filter((n) => n !== 'operation')] : names;
  const groups = ordered.map((group) => {
    const tag = GROUP_TAGS[group];
    if (tag === undefined) throw new IppEncodeError(`unknown attribute group "${group}"`);
    let attributes = toAttributes(request.groups[group] ?? {}, syntax, 'attribute', 0);
    if (group === 'operation')
      attributes = [...FIRST.flatMap((n) => attributes.filter((a) => a.name === n)), ...attributes.filter((a) => !FIRST.includes(a.name))];
    return { tag, attributes };
  });
  return {
    version: request.version ?? '2.0',
    code: operationId(request.operation),
    requestId: request.requestId ?? 1,
    groups,
    ...(request.data ? { data: request.data } : {}),
  };
}

/** buildRequest() then encodeMessage(). */
export const encodeRequest = (request: IppRequest, syntax?: Readonly<Record<string, IppSyntax>>): Uint8Array => encodeMessage(buildRequest(request, syntax));
