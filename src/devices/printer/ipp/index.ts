// Cabine's IPP codec: RFC 8010 encoding and decoding of IPP messages, with CUPS's operations and
// attributes. No transport: ipp-client.ts posts the bytes to CUPS.
export { IppCodecError, IppDecodeError, IppEncodeError } from './errors';
export { DelimiterTag, GROUP_TAGS, ValueTag, isOutOfBand, tagName, type IppGroupName, type ValueTagName } from './tags';
export { OPERATIONS, STATUS_CODES, operationId, operationName, statusName, isSuccessful } from './operations';
export { SYNTAX, syntaxOf, type IppSyntax } from './syntax';
export { encodeMessage, buildRequest, encodeRequest, type IppRequest } from './encode';
export { decodeMessage, plainGroup, plainAttributes, plainValue, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type DecodeOptions } from './decode';
export type {
  IppAttribute,
  IppGroup,
  IppMessage,
  IppTypedValue,
  IppTypedScalar,
  IppRange,
  IppResolution,
  IppStringWithLanguage,
  IppPlainValue,
  IppPlainCollection,
  IppPlainGroup,
  IppInputValue,
  IppInputCollection,
  IppInputAttributes,
} from './types';
