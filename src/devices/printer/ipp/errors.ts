// The codec's errors. Kept apart from ipp-client's IppError, which is a status CUPS answered.

/** Something the IPP codec refused to read or write. */
export class IppCodecError extends Error {
  override name = 'IppCodecError';
}

/** A message that is not valid RFC 8010 encoding (truncated, inconsistent lengths, unclosed collection, too large…). */
export class IppDecodeError extends IppCodecError {
  override name = 'IppDecodeError';
  constructor(
    message: string,
    /** Offset in the message where the problem was found. */
    readonly offset: number,
  ) {
    super(`invalid IPP message at byte ${offset}: ${message}`);
  }
}

/** A request this codec will not encode (unknown attribute or operation, value of the wrong type or too long). */
export class IppEncodeError extends IppCodecError {
  override name = 'IppEncodeError';
}
