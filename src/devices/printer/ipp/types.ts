// The shapes the codec reads and writes.
//
// Two views of a message:
// - tagged (IppMessage): every value with its value tag, collections as member lists: what decodeMessage()
//   returns and encodeMessage() writes, nothing lost but a dateTime's UTC offset (the instant is kept);
// - plain (IppPlainGroup): one object per group, name → value or array of values, as the printer driver reads
//   them (see plainGroup() in decode.ts); requests are built from plain objects and syntax.ts (encode.ts).

export interface IppRange {
  lower: number;
  upper: number;
}

export interface IppResolution {
  x: number;
  y: number;
  units: 'dpi' | 'dpcm';
}

/** textWithLanguage / nameWithLanguage. */
export interface IppStringWithLanguage {
  language: string;
  text: string;
}

/**
 * One value:
 * - out-of-band tags: null;
 * - integer, enum: number; boolean: boolean; dateTime: Date; resolution, rangeOfInteger: objects above;
 * - text, name, keyword, uri, charset…: string; textWithLanguage, nameWithLanguage: IppStringWithLanguage;
 * - octetString: Uint8Array;
 * - begCollection: the members, as attributes;
 * - a tag the codec does not know: its raw octets (Uint8Array).
 */
export type IppTypedScalar = null | number | boolean | string | Date | IppRange | IppResolution | IppStringWithLanguage | Uint8Array | IppAttribute[];

export interface IppTypedValue {
  tag: number;
  value: IppTypedScalar;
}

export interface IppAttribute {
  name: string;
  /** At least one. */
  values: IppTypedValue[];
}

export interface IppGroup {
  /** Delimiter tag (DelimiterTag). */
  tag: number;
  attributes: IppAttribute[];
}

export interface IppMessage {
  /** "1.1", "2.0"… */
  version: string;
  /** operation-id in a request, status-code in a response. */
  code: number;
  requestId: number;
  groups: IppGroup[];
  /** What follows the end-of-attributes tag (the document of a Print-Job, CUPS-Get-Document's answer). */
  data?: Uint8Array;
}

/**
 * A value as the printer driver reads it: out-of-band → null, text/name with a language → the text alone,
 * octetString → its UTF-8 text, collection → object, unknown tag → raw octets.
 */
export type IppPlainValue = null | number | boolean | string | Date | IppRange | IppResolution | Uint8Array | IppPlainCollection;
export interface IppPlainCollection {
  [member: string]: IppPlainValue | IppPlainValue[];
}
/** One attribute group: a single value as itself, several as an array. */
export type IppPlainGroup = Record<string, IppPlainValue | IppPlainValue[]>;

/** What a request's attributes may be given as (syntax.ts says which tag each name takes). */
export type IppInputValue =
  | number
  | boolean
  | string
  | Date
  | IppRange
  | readonly [lower: number, upper: number]
  | IppResolution
  | IppStringWithLanguage
  | Uint8Array
  | IppInputCollection;
export interface IppInputCollection {
  [member: string]: IppInputValue | readonly IppInputValue[] | undefined;
}
/** name → value(s); undefined leaves the attribute out. */
export type IppInputAttributes = Record<string, IppInputValue | readonly IppInputValue[] | undefined>;
