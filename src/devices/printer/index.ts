// Printer driver: CUPS over IPP. See docs/printing-and-scanning.md.
export {
  createPrinter,
  listQueues,
  NEUTRAL_JOB_NAME,
  REQUESTING_USER,
  type Printer,
  type PrinterDiagnostics,
  type PrinterOptions,
  type PrintOptions,
  type PrinterStatus,
  type PurgeResult,
} from './printer';
export { printerFromConfig } from './from-config';
export {
  PRINT_FAULT_MESSAGES_FR,
  printerFault,
  faultOfReason,
  parseReason,
  printerStateOf,
  jobStateOf,
  faultOfIppStatus,
  blocksPrinting,
  type PrinterState,
  type JobState,
} from './faults';
export { parsePageRanges, pagesInRanges, type PageRange } from './page-ranges';
export { resolveServer, IppClient, IppError, IppConnectionError } from './ipp-client';
export { spoolFilesOf, spoolNamesOf, jobIdOfSpoolFile, DEFAULT_SPOOL_DIR } from './spool';
export { testPagePdf } from './test-page';
export { countPdfPages } from '../pdf';
