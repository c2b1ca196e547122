// Which value tag each attribute a request may carry is encoded with (RFC 8011 §5, PWG 5100.x, CUPS's
// extensions). A name that is not here is refused with a clear error rather than sent with a guessed tag:
// add it here, with the syntax its specification gives it.
import { IppEncodeError } from './errors';
import { ValueTag } from './tags';

export interface IppSyntax {
  /** Value tag (ValueTag). */
  tag: number;
  /** 1setOf: may carry several values (an array). */
  setOf?: boolean;
  /** Members of a collection (tag begCollection). */
  members?: Readonly<Record<string, IppSyntax>>;
}

const one = (tag: number): IppSyntax => ({ tag });
const setOf = (tag: number): IppSyntax => ({ tag, setOf: true });
const {
  integer,
  boolean,
  enum: enumTag,
  keyword,
  uri,
  charset,
  naturalLanguage,
  mimeMediaType,
  nameWithoutLanguage: name,
  textWithoutLanguage: text,
} = ValueTag;

const MEDIA_COL: Readonly<Record<string, IppSyntax>> = {
  'media-size': { tag: ValueTag.begCollection, members: { 'x-dimension': one(integer), 'y-dimension': one(integer) } },
  'media-type': one(keyword),
  'media-source': one(keyword),
  'media-top-margin': one(integer),
  'media-bottom-margin': one(integer),
  'media-left-margin': one(integer),
  'media-right-margin': one(integer),
};

export const SYNTAX: Readonly<Record<string, IppSyntax>> = {
  // Operation attributes (RFC 8011 §4, CUPS).
  'attributes-charset': one(charset),
  'attributes-natural-language': one(naturalLanguage),
  'printer-uri': one(uri),
  'job-uri': one(uri),
  'job-id': one(integer),
  'job-ids': setOf(integer), // Cancel-Jobs, PWG 5100.11
  'requesting-user-name': one(name),
  'job-name': one(name),
  'document-name': one(name),
  'document-format': one(mimeMediaType),
  'document-natural-language': one(naturalLanguage),
  'document-number': one(integer), // CUPS-Get-Document
  compression: one(keyword),
  'ipp-attribute-fidelity': one(boolean),
  'last-document': one(boolean),
  'requested-attributes': setOf(keyword),
  'which-jobs': one(keyword),
  'my-jobs': one(boolean),
  limit: one(integer),
  'first-index': one(integer), // PWG 5100.13
  'first-job-id': one(integer), // CUPS
  'job-k-octets': one(integer),
  'job-impressions': one(integer),
  'job-media-sheets': one(integer),
  message: one(text),
  'purge-job': one(boolean), // CUPS: Cancel-Job also deletes the job's files and history
  'purge-jobs': one(boolean), // CUPS: Purge-Jobs / Cancel-Jobs
  'printer-type': one(enumTag), // CUPS-Get-Printers filters
  'printer-type-mask': one(enumTag),
  // Job template attributes (RFC 8011 §5.2, PWG 5100.x).
  copies: one(integer),
  'page-ranges': setOf(ValueTag.rangeOfInteger),
  sides: one(keyword),
  media: one(keyword),
  'media-col': { tag: ValueTag.begCollection, members: MEDIA_COL },
  'number-up': one(integer),
  'orientation-requested': one(enumTag),
  'print-quality': one(enumTag),
  'print-color-mode': one(keyword),
  'printer-resolution': one(ValueTag.resolution),
  'output-bin': one(keyword),
  'job-priority': one(integer),
  'job-hold-until': one(keyword),
  'job-sheets': setOf(keyword),
  'multiple-document-handling': one(keyword),
  // Printer attributes a client sets (CUPS-Add-Modify-Printer, Set-Printer-Attributes).
  'printer-state': one(enumTag),
  'printer-state-reasons': setOf(keyword),
  'printer-state-message': one(text),
  'printer-is-accepting-jobs': one(boolean),
  'printer-is-shared': one(boolean),
  'printer-info': one(text),
  'printer-location': one(text),
  'device-uri': one(uri),
  'ppd-name': one(name),
  'printer-error-policy': one(name),
  'printer-op-policy': one(name),
};

/** The syntax of an attribute (or of a collection member, given the collection's members); throws IppEncodeError when unknown. */
export function syntaxOf(name: string, table: Readonly<Record<string, IppSyntax>> = SYNTAX, where = 'attribute'): IppSyntax {
  const syntax = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!syntax) throw new IppEncodeError(`unknown IPP ${where} "${name}": its syntax is not in ipp/syntax.ts, so it cannot be encoded (add it there)`);
  return syntax;
}
