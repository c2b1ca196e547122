// How a failed scan becomes one of the session's ScanFault codes, and the sentence a technician reads in
// the logs / diagnostics (the resident-facing sentences live in the renderer's locale files).
import type { ScanFault } from '../../shared/session/types';

/** SANE_Status values (sane.h); scanimage exits with the status of the call that failed. */
export const SANE_STATUS = {
  GOOD: 0,
  UNSUPPORTED: 1,
  CANCELLED: 2,
  DEVICE_BUSY: 3,
  INVAL: 4,
  EOF: 5,
  JAMMED: 6,
  NO_DOCS: 7,
  COVER_OPEN: 8,
  IO_ERROR: 9,
  NO_MEM: 10,
  ACCESS_DENIED: 11,
} as const;

export const SCAN_FAULT_MESSAGES_FR: Record<ScanFault, string> = {
  jammed: 'Bourrage papier dans le chargeur du scanner.',
  'no-document': 'Aucun document dans le chargeur du scanner.',
  'cover-open': 'Le capot du scanner est ouvert.',
  'device-gone': 'Le scanner ne répond plus (débranché, éteint ou en erreur) pendant la numérisation.',
  timeout: 'La numérisation a dépassé le délai autorisé ; le scanner est peut-être bloqué.',
  'disk-full': 'Plus de place dans le dossier de la session pour enregistrer la numérisation.',
  busy: 'Le scanner est occupé par un autre programme.',
  'no-scanner': 'Aucun scanner détecté.',
  unknown: 'Erreur inconnue du scanner.',
};

export interface ScanimageOutcome {
  /** Exit code, or null when the process ended on a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

// scanimage's messages (sane_strstatus) for when the exit code says less than the text, e.g. failures at
// open time, which exit with 1.
const STDERR_FAULTS: [RegExp, ScanFault][] = [
  [/no SANE devices found/i, 'no-scanner'],
  [/feeder jammed/i, 'jammed'],
  [/out of documents/i, 'no-document'],
  [/cover is open/i, 'cover-open'],
  [/device busy/i, 'busy'],
  [/error during device i\/o/i, 'device-gone'],
  [/open of device .* failed/i, 'device-gone'],
  // libjpeg in scanimage, when the output file cannot be written: "Output file write error --- out of disk space?"
  [/no space left on device|out of disk space/i, 'disk-full'],
];

/** Maps a failed scanimage run to a fault. A run killed by a signal we did not send counts as the device dying. */
export function scanFaultFromOutcome(outcome: ScanimageOutcome): ScanFault {
  switch (outcome.code) {
    case SANE_STATUS.DEVICE_BUSY:
      return 'busy';
    case SANE_STATUS.JAMMED:
      return 'jammed';
    case SANE_STATUS.NO_DOCS:
      return 'no-document';
    case SANE_STATUS.COVER_OPEN:
      return 'cover-open';
    case SANE_STATUS.IO_ERROR:
      // What a USB or network backend returns when the scanner disappears mid-transfer.
      return 'device-gone';
  }
  for (const [pattern, fault] of STDERR_FAULTS) if (pattern.test(outcome.stderr)) return fault;
  if (outcome.code === null) return 'device-gone';
  return 'unknown';
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** True for a file-system error meaning "no room left" in the session folder. */
export function isDiskFull(error: unknown): boolean {
  return !!error && typeof error === 'object' && 'code' in error && DISK_FULL_CODES.has(String((error as { code: unknown }).code));
}
