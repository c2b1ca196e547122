// The tags of RFC 8010 §3.5: delimiter tags (0x00–0x0f) open an attribute group or end the attributes,
// value tags (0x10–0xff) say how one value is encoded. Names are those of RFC 8010 / CUPS's ippTagString().

/** Delimiter tags: one per attribute group, and the end of the attributes. */
export const DelimiterTag = {
  operationAttributes: 0x01,
  jobAttributes: 0x02,
  endOfAttributes: 0x03,
  printerAttributes: 0x04,
  unsupportedAttributes: 0x05,
  subscriptionAttributes: 0x06, // RFC 3995
  eventNotificationAttributes: 0x07, // RFC 3995
  resourceAttributes: 0x08, // PWG 5100.22
  documentAttributes: 0x09, // PWG 5100.5
  systemAttributes: 0x0a, // PWG 5100.22
} as const;

/** The groups a request is built from, by the name the codec's callers use. */
export const GROUP_TAGS = {
  operation: DelimiterTag.operationAttributes,
  job: DelimiterTag.jobAttributes,
  printer: DelimiterTag.printerAttributes,
  unsupported: DelimiterTag.unsupportedAttributes,
  subscription: DelimiterTag.subscriptionAttributes,
  'event-notification': DelimiterTag.eventNotificationAttributes,
  resource: DelimiterTag.resourceAttributes,
  document: DelimiterTag.documentAttributes,
  system: DelimiterTag.systemAttributes,
} as const;
export type IppGroupName = keyof typeof GROUP_TAGS;

export const ValueTag = {
  // Out-of-band (RFC 8010 §3.5.2): no value, value-length 0.
  unsupported: 0x10,
  default: 0x11, // RFC 2910, reserved since
  unknown: 0x12,
  noValue: 0x13,
  notSettable: 0x15, // RFC 3380
  deleteAttribute: 0x16, // RFC 3380
  adminDefine: 0x17, // RFC 3380
  // Integer types.
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  // Octet-string types.
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  // Character-string types.
  textWithoutLanguage: 0x41,
  nameWithoutLanguage: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
  memberAttrName: 0x4a,
  /** The next four octets of the value hold the real (32-bit) tag: decoded as an unknown value. */
  extension: 0x7f,
} as const;
export type ValueTagName = keyof typeof ValueTag;

const OUT_OF_BAND: ReadonlySet<number> = new Set([
  ValueTag.unsupported,
  ValueTag.default,
  ValueTag.unknown,
  ValueTag.noValue,
  ValueTag.notSettable,
  ValueTag.deleteAttribute,
  ValueTag.adminDefine,
]);

/** The out-of-band tags this codec knows (other 0x1x tags are kept as unknown values). */
export const isOutOfBand = (tag: number): boolean => OUT_OF_BAND.has(tag);

/** Values whose octets are a string (UTF-8 for text and name, US-ASCII for the others). */
const CHARACTER_STRING: ReadonlySet<number> = new Set([
  ValueTag.textWithoutLanguage,
  ValueTag.nameWithoutLanguage,
  ValueTag.keyword,
  ValueTag.uri,
  ValueTag.uriScheme,
  ValueTag.charset,
  ValueTag.naturalLanguage,
  ValueTag.mimeMediaType,
]);
export const isCharacterString = (tag: number): boolean => CHARACTER_STRING.has(tag);

/** Character strings RFC 8010 defines as US-ASCII (keyword, uri, charset…); text and name are UTF-8. */
export const isAsciiString = (tag: number): boolean =>
  CHARACTER_STRING.has(tag) && tag !== ValueTag.textWithoutLanguage && tag !== ValueTag.nameWithoutLanguage;

const NAMES = new Map<number, string>(Object.entries(ValueTag).map(([name, tag]) => [tag, name]));
const GROUP_NAMES = new Map<number, string>(Object.entries(DelimiterTag).map(([name, tag]) => [tag, name]));

/** "keyword", "begCollection"…, or "0x2a" for a tag this codec does not know. */
export function tagName(tag: number): string {
  return NAMES.get(tag) ?? GROUP_NAMES.get(tag) ?? `0x${tag.toString(16).padStart(2, '0')}`;
}
