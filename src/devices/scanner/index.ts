// Scanner driver: SANE through scanimage. See docs/printing-and-scanning.md.
export {
  CARD_AREA_MM,
  createScanner,
  type FinishedScan,
  type Scanner,
  type ScannerDiagnostics,
  type ScannerOptions,
  type ScanDocument,
  type ScanLayout,
  type ScanPageResult,
} from './scanner';
export { scannerFromConfig } from './from-config';
export { listScanners, parseScannerList, type ScannerInfo } from './list';
export { SCAN_FAULT_MESSAGES_FR, SANE_STATUS, scanFaultFromOutcome, isDiskFull, type ScanimageOutcome } from './faults';
export { parseSaneOptions, deviceArgs, type SaneOption, type ScanSettings } from './sane-options';
export { JpegDcDecoder, decodeJpegDc, readJpegInfo, JpegPreviewError, type PreviewImage } from './jpeg-preview';
export { encodePng } from './png';
