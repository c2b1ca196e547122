// Every fault code the machine can carry gets a plain sentence and what to do, in each locale.
// The Records are exhaustive: a new fault code does not compile until it has its sentence.
import type { DownloadRefusal, OutOfServiceReason, PrintFault, ScanFault } from '../../shared/session/types';

export interface FaultText {
  /** What happened, in one short sentence. */
  what: string;
  /** What to do now. */
  todo: string;
  /** Whether "Appeler un référent" is the advice (the button is then put first). */
  callReferent: boolean;
}

export const PRINT_FAULT_TEXT: Record<PrintFault, FaultText> = {
  'paper-jam': { what: 'print.fault.paperJam.what', todo: 'print.fault.paperJam.todo', callReferent: true },
  'out-of-paper': { what: 'print.fault.outOfPaper.what', todo: 'print.fault.outOfPaper.todo', callReferent: true },
  offline: { what: 'print.fault.offline.what', todo: 'print.fault.offline.todo', callReferent: true },
  'door-open': { what: 'print.fault.doorOpen.what', todo: 'print.fault.doorOpen.todo', callReferent: true },
  'toner-low': { what: 'print.fault.tonerLow.what', todo: 'print.fault.tonerLow.todo', callReferent: false },
  'job-aborted': { what: 'print.fault.jobAborted.what', todo: 'print.fault.jobAborted.todo', callReferent: false },
  'page-limit': { what: 'print.fault.pageLimit.what', todo: 'print.fault.pageLimit.todo', callReferent: true },
  'no-printer': { what: 'print.fault.noPrinter.what', todo: 'print.fault.noPrinter.todo', callReferent: true },
  unknown: { what: 'print.fault.unknown.what', todo: 'print.fault.unknown.todo', callReferent: true },
};

export const SCAN_FAULT_TEXT: Record<ScanFault, FaultText> = {
  jammed: { what: 'scan.fault.jammed.what', todo: 'scan.fault.jammed.todo', callReferent: true },
  'no-document': { what: 'scan.fault.noDocument.what', todo: 'scan.fault.noDocument.todo', callReferent: false },
  'cover-open': { what: 'scan.fault.coverOpen.what', todo: 'scan.fault.coverOpen.todo', callReferent: false },
  'device-gone': { what: 'scan.fault.deviceGone.what', todo: 'scan.fault.deviceGone.todo', callReferent: true },
  timeout: { what: 'scan.fault.timeout.what', todo: 'scan.fault.timeout.todo', callReferent: false },
  'disk-full': { what: 'scan.fault.diskFull.what', todo: 'scan.fault.diskFull.todo', callReferent: true },
  busy: { what: 'scan.fault.busy.what', todo: 'scan.fault.busy.todo', callReferent: false },
  'no-scanner': { what: 'scan.fault.noScanner.what', todo: 'scan.fault.noScanner.todo', callReferent: true },
  unknown: { what: 'scan.fault.unknown.what', todo: 'scan.fault.unknown.todo', callReferent: true },
};

export const DOWNLOAD_REFUSAL_TEXT: Record<DownloadRefusal, { what: string; todo: string }> = {
  'dangerous-type': { what: 'download.refused.dangerousType.what', todo: 'download.refused.dangerousType.todo' },
  'too-large': { what: 'download.refused.tooLarge.what', todo: 'download.refused.tooLarge.todo' },
  'disk-full': { what: 'download.refused.diskFull.what', todo: 'download.refused.diskFull.todo' },
  failed: { what: 'download.refused.failed.what', todo: 'download.refused.failed.todo' },
  'during-payment': { what: 'payment.download.what', todo: 'payment.download.todo' },
};

/** For technicians only: the resident's screen stays calm. */
export const OUT_OF_SERVICE_TEXT: Record<OutOfServiceReason, string> = {
  'invalid-config': 'outOfService.reason.invalidConfig',
  'wipe-failed': 'outOfService.reason.wipeFailed',
  'device-missing': 'outOfService.reason.deviceMissing',
  'boot-failed': 'outOfService.reason.bootFailed',
  'storage-not-ram': 'outOfService.reason.storageNotRam',
};
