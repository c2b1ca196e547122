// Operation ids (RFC 8011 and the PWG extensions, and CUPS's own 0x4001–0x4028) and status codes
// (RFC 8011 §B, PWG, CUPS) with the names CUPS's ippOpString() / ippErrorString() give them.
import { IppEncodeError } from './errors';

const STANDARD_OPERATIONS: [number, string][] = [
  // RFC 8011 (IPP/1.1)
  [0x0002, 'Print-Job'], [0x0003, 'Print-URI'], [0x0004, 'Validate-Job'], [0x0005, 'Create-Job'],
  [0x0006, 'Send-Document'], [0x0007, 'Send-URI'], [0x0008, 'Cancel-Job'], [0x0009, 'Get-Job-Attributes'],
  [0x000a, 'Get-Jobs'], [0x000b, 'Get-Printer-Attributes'], [0x000c, 'Hold-Job'], [0x000d, 'Release-Job'],
  [0x000e, 'Restart-Job'], [0x0010, 'Pause-Printer'], [0x0011, 'Resume-Printer'], [0x0012, 'Purge-Jobs'],
  // RFC 3380, 3995, 3996
  [0x0013, 'Set-Printer-Attributes'], [0x0014, 'Set-Job-Attributes'], [0x0015, 'Get-Printer-Supported-Values'],
  [0x0016, 'Create-Printer-Subscriptions'], [0x0017, 'Create-Job-Subscriptions'], [0x0018, 'Get-Subscription-Attributes'],
  [0x0019, 'Get-Subscriptions'], [0x001a, 'Renew-Subscription'], [0x001b, 'Cancel-Subscription'], [0x001c, 'Get-Notifications'],
  [0x001e, 'Get-Resource-Attributes'], [0x0020, 'Get-Resources'],
  // RFC 3998
  [0x0022, 'Enable-Printer'], [0x0023, 'Disable-Printer'], [0x0024, 'Pause-Printer-After-Current-Job'], [0x0025, 'Hold-New-Jobs'],
  [0x0026, 'Release-Held-New-Jobs'], [0x0027, 'Deactivate-Printer'], [0x0028, 'Activate-Printer'], [0x0029, 'Restart-Printer'],
  [0x002a, 'Shutdown-Printer'], [0x002b, 'Startup-Printer'], [0x002c, 'Reprocess-Job'], [0x002d, 'Cancel-Current-Job'],
  [0x002e, 'Suspend-Current-Job'], [0x002f, 'Resume-Job'], [0x0030, 'Promote-Job'], [0x0031, 'Schedule-Job-After'],
  // PWG 5100.5 (Document object), 5100.11 (Job extensions), 5100.13, 5100.17, 5100.18 (INFRA), 5100.22 (System)
  [0x0033, 'Cancel-Document'], [0x0034, 'Get-Document-Attributes'], [0x0035, 'Get-Documents'], [0x0036, 'Delete-Document'],
  [0x0037, 'Set-Document-Attributes'], [0x0038, 'Cancel-Jobs'], [0x0039, 'Cancel-My-Jobs'], [0x003a, 'Resubmit-Job'],
  [0x003b, 'Close-Job'], [0x003c, 'Identify-Printer'], [0x003d, 'Validate-Document'], [0x003e, 'Add-Document-Images'],
  [0x003f, 'Acknowledge-Document'], [0x0040, 'Acknowledge-Identify-Printer'], [0x0041, 'Acknowledge-Job'], [0x0042, 'Fetch-Document'],
  [0x0043, 'Fetch-Job'], [0x0044, 'Get-Output-Device-Attributes'], [0x0045, 'Update-Active-Jobs'], [0x0046, 'Deregister-Output-Device'],
  [0x0047, 'Update-Document-Status'], [0x0048, 'Update-Job-Status'], [0x0049, 'Update-Output-Device-Attributes'], [0x004a, 'Get-Next-Document-Data'],
  [0x004b, 'Allocate-Printer-Resources'], [0x004c, 'Create-Printer'], [0x004d, 'Deallocate-Printer-Resources'], [0x004e, 'Delete-Printer'],
  [0x004f, 'Get-Printers'], [0x0050, 'Shutdown-One-Printer'], [0x0051, 'Startup-One-Printer'], [0x0052, 'Cancel-Resource'],
  [0x0053, 'Create-Resource'], [0x0054, 'Install-Resource'], [0x0055, 'Send-Resource-Data'], [0x0056, 'Set-Resource-Attributes'],
  [0x0057, 'Create-Resource-Subscriptions'], [0x0058, 'Create-System-Subscriptions'], [0x0059, 'Disable-All-Printers'], [0x005a, 'Enable-All-Printers'],
  [0x005b, 'Get-System-Attributes'], [0x005c, 'Get-System-Supported-Values'], [0x005d, 'Pause-All-Printers'],
  [0x005e, 'Pause-All-Printers-After-Current-Job'], [0x005f, 'Register-Output-Device'], [0x0060, 'Restart-System'],
  [0x0061, 'Resume-All-Printers'], [0x0062, 'Set-System-Attributes'], [0x0063, 'Shutdown-All-Printers'], [0x0064, 'Startup-All-Printers'],
  [0x0065, 'Get-Printer-Resources'], [0x0066, 'Get-User-Printer-Attributes'], [0x0067, 'Restart-One-Printer'],
  [0x0068, 'Acknowledge-Encrypted-Job-Attributes'], [0x0069, 'Fetch-Encrypted-Job-Attributes'], [0x006a, 'Get-Encrypted-Job-Attributes'],
];

/** CUPS's operations: 0x4001–0x400f, then 0x4027–0x4028 (0x4010–0x4026 are not assigned). */
const CUPS_OPERATIONS: [number, string][] = [
  [0x4001, 'CUPS-Get-Default'], [0x4002, 'CUPS-Get-Printers'], [0x4003, 'CUPS-Add-Modify-Printer'], [0x4004, 'CUPS-Delete-Printer'],
  [0x4005, 'CUPS-Get-Classes'], [0x4006, 'CUPS-Add-Modify-Class'], [0x4007, 'CUPS-Delete-Class'], [0x4008, 'CUPS-Accept-Jobs'],
  [0x4009, 'CUPS-Reject-Jobs'], [0x400a, 'CUPS-Set-Default'], [0x400b, 'CUPS-Get-Devices'], [0x400c, 'CUPS-Get-PPDs'],
  [0x400d, 'CUPS-Move-Job'], [0x400e, 'CUPS-Authenticate-Job'], [0x400f, 'CUPS-Get-PPD'],
  [0x4027, 'CUPS-Get-Document'], [0x4028, 'CUPS-Create-Local-Printer'],
];

export const OPERATIONS: ReadonlyMap<string, number> = new Map([...STANDARD_OPERATIONS, ...CUPS_OPERATIONS].map(([id, name]) => [name, id]));
const OPERATION_NAMES: ReadonlyMap<number, string> = new Map([...STANDARD_OPERATIONS, ...CUPS_OPERATIONS]);

/** The operation-id of a name ("Print-Job", "CUPS-Get-Printers"…), or of a number 0x0001–0xffff; throws IppEncodeError otherwise. */
export function operationId(operation: string | number): number {
  if (typeof operation === 'number') {
    if (Number.isInteger(operation) && operation > 0 && operation <= 0xffff) return operation;
    throw new IppEncodeError(`invalid operation-id: ${operation}`);
  }
  const id = OPERATIONS.get(operation);
  if (id === undefined) throw new IppEncodeError(`unknown IPP operation "${operation}" (known: RFC 8011, PWG and CUPS operations; see ipp/operations.ts)`);
  return id;
}

/** "Print-Job", or "0x4010" for an id without a name. */
export const operationName = (id: number): string => OPERATION_NAMES.get(id) ?? `0x${id.toString(16).padStart(4, '0')}`;

const STATUS: [number, string][] = [
  [0x0000, 'successful-ok'], [0x0001, 'successful-ok-ignored-or-substituted-attributes'], [0x0002, 'successful-ok-conflicting-attributes'],
  [0x0003, 'successful-ok-ignored-subscriptions'], [0x0004, 'successful-ok-ignored-notifications'], [0x0005, 'successful-ok-too-many-events'],
  [0x0006, 'successful-ok-but-cancel-subscription'], [0x0007, 'successful-ok-events-complete'],
  [0x0200, 'redirection-other-site'], [0x0280, 'cups-see-other'],
  [0x0400, 'client-error-bad-request'], [0x0401, 'client-error-forbidden'], [0x0402, 'client-error-not-authenticated'],
  [0x0403, 'client-error-not-authorized'], [0x0404, 'client-error-not-possible'], [0x0405, 'client-error-timeout'],
  [0x0406, 'client-error-not-found'], [0x0407, 'client-error-gone'], [0x0408, 'client-error-request-entity-too-large'],
  [0x0409, 'client-error-request-value-too-long'], [0x040a, 'client-error-document-format-not-supported'],
  [0x040b, 'client-error-attributes-or-values-not-supported'], [0x040c, 'client-error-uri-scheme-not-supported'],
  [0x040d, 'client-error-charset-not-supported'], [0x040e, 'client-error-conflicting-attributes'],
  [0x040f, 'client-error-compression-not-supported'], [0x0410, 'client-error-compression-error'],
  [0x0411, 'client-error-document-format-error'], [0x0412, 'client-error-document-access-error'],
  [0x0413, 'client-error-attributes-not-settable'], [0x0414, 'client-error-ignored-all-subscriptions'],
  [0x0415, 'client-error-too-many-subscriptions'], [0x0416, 'client-error-ignored-all-notifications'],
  [0x0417, 'client-error-client-print-support-file-not-found'], [0x0418, 'client-error-document-password-error'],
  [0x0419, 'client-error-document-permission-error'], [0x041a, 'client-error-document-security-error'],
  [0x041b, 'client-error-document-unprintable-error'], [0x041c, 'client-error-account-info-needed'],
  [0x041d, 'client-error-account-closed'], [0x041e, 'client-error-account-limit-reached'],
  [0x041f, 'client-error-account-authorization-failed'], [0x0420, 'client-error-not-fetchable'],
  [0x049c, 'cups-error-account-info-needed'], [0x049d, 'cups-error-account-closed'],
  [0x049e, 'cups-error-account-limit-reached'], [0x049f, 'cups-error-account-authorization-failed'],
  [0x0500, 'server-error-internal-error'], [0x0501, 'server-error-operation-not-supported'], [0x0502, 'server-error-service-unavailable'],
  [0x0503, 'server-error-version-not-supported'], [0x0504, 'server-error-device-error'], [0x0505, 'server-error-temporary-error'],
  [0x0506, 'server-error-not-accepting-jobs'], [0x0507, 'server-error-busy'], [0x0508, 'server-error-job-canceled'],
  [0x0509, 'server-error-multiple-document-jobs-not-supported'], [0x050a, 'server-error-printer-is-deactivated'],
  [0x050b, 'server-error-too-many-jobs'], [0x050c, 'server-error-too-many-documents'],
  [0x1000, 'cups-authentication-canceled'], [0x1001, 'cups-pki-error'], [0x1002, 'cups-upgrade-required'], [0x1003, 'cups-oauth'],
];

export const STATUS_CODES: ReadonlyMap<string, number> = new Map(STATUS.map(([code, name]) => [name, code]));
const STATUS_NAMES: ReadonlyMap<number, string> = new Map(STATUS);

/** "client-error-not-found", or "unknown-status-0x04ff" for a code without a name. */
export const statusName = (code: number): string => STATUS_NAMES.get(code) ?? `unknown-status-0x${code.toString(16).padStart(4, '0')}`;

/** RFC 8011 §B.1.2: 0x0000–0x00ff are the successful status codes, named or not. */
export const isSuccessful = (code: number): boolean => code >= 0 && code <= 0x00ff;
